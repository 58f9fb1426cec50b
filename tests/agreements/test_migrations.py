"""The data migration that reads schedules saved before the parser existed."""

import importlib

import pytest
from django.apps import apps

from tests import factories as f

migration = importlib.import_module("coprogetta.agreements.migrations.0003_read_existing_schedules")


@pytest.mark.django_db
def test_actions_without_a_stored_schedule_get_one_and_manual_ones_are_kept():
    plain = f.ActionFactory(schedule_text="da aprile", schedule=None)
    manual = f.ActionFactory(schedule_text="da aprile", schedule=None, schedule_manual=True)
    empty = f.ActionFactory(schedule_text="", schedule=None)
    migration.read_schedules(apps, None)
    plain.refresh_from_db()
    assert plain.schedule["status"] == "resolved"
    assert plain.schedule["intervals"] == [{"start": "2016-04-01", "end": "2016-12-31"}]
    manual.refresh_from_db()
    empty.refresh_from_db()
    assert manual.schedule is None and empty.schedule is None
