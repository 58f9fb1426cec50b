"""Background jobs: progress, result, failure, and who may see them."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from coprogetta.documents import jobs
from coprogetta.documents.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def runners():
    seen = []

    @jobs.job_runner("test_ok")
    def ok(job, progress):
        progress(40, "halfway")
        seen.append(Job.objects.get(pk=job.pk).progress)
        return f"/done/{job.params['n']}/"

    @jobs.job_runner("test_refused")
    def refused(job, progress):
        raise ValidationError("The file is not a document.")

    @jobs.job_runner("test_broken")
    def broken(job, progress):
        raise RuntimeError("secret detail")

    yield seen
    for kind in ("test_ok", "test_refused", "test_broken"):
        jobs.RUNNERS.pop(kind)


def test_a_job_records_its_progress_and_result(world, runners):
    job = jobs.job_start(user=world.owner, kind="test_ok", title="Relazione", params={"n": 3})
    assert runners == [40]
    assert (job.status, job.progress, job.result_url) == (Job.Status.DONE, 100, "/done/3/")
    assert job.finished_at is not None


def test_a_refusal_becomes_the_users_message(world, runners):
    job = jobs.job_start(user=world.owner, kind="test_refused", title="Import")
    assert (job.status, job.error) == (Job.Status.FAILED, "The file is not a document.")


def test_a_crash_is_logged_not_shown(world, runners, caplog):
    job = jobs.job_start(user=world.owner, kind="test_broken", title="Import")
    assert job.status == Job.Status.FAILED
    assert "secret detail" not in job.error and job.error
    assert "secret detail" in caplog.text


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValueError):
        jobs.job_start(user=world.owner, kind="nothing", title="x")
    assert not Job.objects.exists()


@override_settings(COPROGETTA_JOBS_SYNC=False)
def test_a_job_runs_in_the_background(world, runners, transactional_db):
    job = jobs.job_start(user=world.owner, kind="test_ok", title="Relazione", params={"n": 1})
    jobs._executor().shutdown(wait=True)
    jobs._pool = None
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


def test_only_its_owner_sees_a_job(world, runners):
    job = jobs.job_start(user=world.owner, kind="test_ok", title="Relazione", params={"n": 1})
    page = reverse("jobs:detail", args=[job.pk])
    status = reverse("jobs:status", args=[job.pk])
    owner = world.client_for(world.owner)
    response = owner.get(page)
    assert response.status_code == 200
    assert 'aria-valuenow="100"' in response.content.decode()
    assert owner.get(status).json()["result_url"] == "/done/1/"
    for user in (world.member, world.outsider):
        other = world.client_for(user)
        assert other.get(page).status_code == 404
        assert other.get(status).status_code == 404
    assert owner.get(reverse("jobs:detail", args=[uuid.uuid4()])).status_code == 404


def test_a_running_job_page_refreshes_itself_without_script(world):
    job = Job.objects.create(user=world.owner, kind="x", title="Relazione", progress=30, step="Ore")
    page = world.client_for(world.owner).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and 'aria-valuenow="30"' in page and "Ore" in page
