"""Read the schedule of actions saved before schedules were parsed (their ``schedule`` is null)."""

from django.db import migrations


def read_schedules(apps, schema_editor):
    from coprogetta.lib.schedules import Interval
    from coprogetta.planning.workplan_schedules import parsed

    Action = apps.get_model("agreements", "Action")
    pending = Action.objects.filter(schedule__isnull=True, schedule_manual=False).exclude(schedule_text="")
    for action in pending.select_related("area__agreement").iterator():
        agreement = action.area.agreement
        action.schedule = parsed(action.schedule_text, Interval(agreement.start_date, agreement.end_date))
        action.save(update_fields=["schedule"])


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_schedules_and_rhythms")]

    operations = [migrations.RunPython(read_schedules, migrations.RunPython.noop)]
