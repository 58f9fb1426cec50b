"""The work plan pages: an agreement's or an area's Gantt chart and table, and its PDF."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .workplan_chart import area_label, workplan_charts
from .workplan_pdf import workplan_pdf_render
from .workplan_selectors import WorkPlan, workplan_get


def _paged(request: HttpRequest) -> dict[str, Any]:
    """The page of the Gantt asked for, of ``COPROGETTA_GANTT_ROWS`` actions (default 50)."""
    return {"page": request.GET.get("pagina"),
            "per_page": max(1, int(getattr(settings, "COPROGETTA_GANTT_ROWS", 50)))}


def _page(request: HttpRequest, plan: WorkPlan) -> HttpResponse:
    agreement = plan.agreement
    crumbs = [
        (_("Agreements"), reverse("agreements:list")),
        (agreement.title, reverse("agreements:detail", args=[agreement.pk])),
    ]
    pdf_url = reverse("planning:workplan_pdf", args=[agreement.pk])
    if plan.area is not None:
        crumbs.append((str(plan.area), reverse("agreements:area_detail", args=[agreement.pk, plan.area.pk])))
        pdf_url += f"?ambito={plan.area.pk}"
    crumbs.append((_("Work plan"), None))
    return render(request, "planning/workplan.html", {
        "plan": plan,
        "area_title": area_label(plan.groups[0]) if plan.area is not None else "",
        "charts": workplan_charts(plan, timezone.localdate()),
        "crumbs": crumbs,
        "pdf_url": pdf_url,
    })


@require_safe
def workplan(request: HttpRequest, pk: int) -> HttpResponse:
    """The work plan of the whole agreement."""
    return _page(request, workplan_get(request.user, pk, **_paged(request)))


@require_safe
def workplan_area(request: HttpRequest, pk: int, area: int) -> HttpResponse:
    """The work plan of one area."""
    return _page(request, workplan_get(request.user, pk, area_pk=area, **_paged(request)))


@require_safe
def workplan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The work plan as a PDF attachment; ``?ambito=<id>`` for one area."""
    area = request.GET.get("ambito")
    if area is not None and not area.isdigit():
        raise Http404
    plan = workplan_get(request.user, pk, area_pk=int(area) if area else None)
    response = HttpResponse(workplan_pdf_render(plan, timezone.localdate()), content_type="application/pdf")
    name = f"piano-di-lavoro-{pk}" + (f"-ambito-{plan.area.number}" if plan.area else "")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
