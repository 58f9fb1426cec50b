"""The page of a background job: its progress while it runs, then where to go next.

Only the user who started a job sees it; anybody else gets 404.
"""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .jobs import job_get
from .models import Job


def _job(request: HttpRequest, job: object) -> Job:
    try:
        return job_get(request.user, job)
    except Job.DoesNotExist:
        raise Http404 from None


@require_GET
def job_detail(request: HttpRequest, job: object) -> HttpResponse:
    item = _job(request, job)
    return render(request, "documents/job.html", {"job": item})


@require_GET
def job_status(request: HttpRequest, job: object) -> JsonResponse:
    item = _job(request, job)
    return JsonResponse({
        "status": item.status, "status_label": item.get_status_display(), "progress": item.progress,
        "step": item.step, "finished": item.finished, "error": item.error,
        "result_url": item.result_url,
    })
