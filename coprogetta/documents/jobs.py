"""Long work in the background, with progress the user can watch.

A runner is registered under a kind (``@job_runner("monitoring_report")``) and called with the
job and a ``progress(percent, step)`` callback; it returns the URL the user goes to when it is
done. ``job_start`` records the job and runs it on a small thread pool (or at once, when
``settings.COPROGETTA_JOBS_SYNC`` is true, as in the tests), so the page that started it can
answer straight away and show the job's page, which follows the progress.

A failing runner marks the job failed with a sentence for the user (a ``ValidationError``'s
own message, or a generic one); the details go to the log. Nothing here knows what a report
or an import is.
"""

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.models import Agreement

from .models import Job

logger = logging.getLogger(__name__)


class Progress(Protocol):
    def __call__(self, percent: int, step: str = "") -> None: ...


Runner = Callable[[Job, Progress], str]
RUNNERS: dict[str, Runner] = {}
_pool: ThreadPoolExecutor | None = None


def job_runner(kind: str) -> Callable[[Runner], Runner]:
    """Register ``runner`` as the code that does jobs of ``kind``."""

    def register(runner: Runner) -> Runner:
        RUNNERS[kind] = runner
        return runner

    return register


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(
            max_workers=getattr(settings, "COPROGETTA_JOB_WORKERS", 2), thread_name_prefix="job"
        )
    return _pool


def job_start(
    *,
    user: AnyUser,
    kind: str,
    title: str,
    agreement: Agreement | None = None,
    params: dict[str, Any] | None = None,
) -> Job:
    """Record a job of a registered ``kind`` and start it; the caller shows the job's page."""
    if kind not in RUNNERS:
        raise ValueError(f"No runner for jobs of kind {kind!r}")
    job = Job.objects.create(
        kind=kind, title=title[:300], agreement=agreement, user=user, params=params or {},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if getattr(settings, "COPROGETTA_JOBS_SYNC", False):
        job_run(job.pk)
        job.refresh_from_db()
    else:
        _executor().submit(_run_in_thread, job.pk)
    return job


def _run_in_thread(job_id: object) -> None:
    close_old_connections()
    try:
        job_run(job_id)
    finally:
        connections.close_all()


def job_run(job_id: object) -> None:
    """Do a queued job now, recording its progress, its result or its failure."""
    job = Job.objects.get(pk=job_id)
    if job.status != Job.Status.QUEUED:
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, step="")

    def progress(percent: int, step: str = "") -> None:
        percent = max(0, min(99, int(percent)))
        Job.objects.filter(pk=job.pk).update(progress=percent, step=str(step)[:300])

    with translation.override(job.language):
        try:
            url = RUNNERS[job.kind](job, progress)
        except ValidationError as error:
            _finish(job, status=Job.Status.FAILED, error=" ".join(error.messages))
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            _finish(job, status=Job.Status.FAILED, error=_(
                "Something went wrong while doing this. The error has been recorded; try again, "
                "and if it happens again tell the administrator."
            ))
        else:
            _finish(job, status=Job.Status.DONE, result_url=url)


def _finish(job: Job, *, status: str, error: str = "", result_url: str = "") -> None:
    done = {"progress": 100} if status == Job.Status.DONE else {}
    Job.objects.filter(pk=job.pk).update(
        status=status, error=error, result_url=result_url, finished_at=timezone.now(), **done
    )


def job_get(user: AnyUser, job_id: object) -> Job:
    """The user's own job; ``Job.DoesNotExist`` for anybody else's."""
    if not user.is_authenticated:
        raise Job.DoesNotExist
    return Job.objects.select_related("agreement").get(pk=job_id, user=user)
