"""The audit trail keeps who and which organisation as snapshots, the client's address, and
becomes append-only in the database too.

The user and organisation columns stop being foreign-key constraints (deleting a user must not
UPDATE the rows that name them). Existing rows get their username and organisation snapshot
filled in, then a trigger refuses every UPDATE and DELETE of a row:

- PostgreSQL: ``BEFORE UPDATE OR DELETE ... FOR EACH ROW`` raising an exception (``TRUNCATE``,
  which fires no row trigger, still empties the table: the test runner's flush and
  ``coprogetta restore --force`` use it);
- SQLite: ``BEFORE UPDATE`` only: Django's flush on SQLite (between transactional tests, before
  a restore) empties tables with ``DELETE``, so a delete trigger would stop it. The ORM refuses
  deletes on both (``AuditQuerySet``).
"""

import django.db.models.deletion
import django.db.models.manager
from django.conf import settings
from django.db import migrations, models


TRIGGER = "accounts_auditentry_append_only"
MESSAGE = "accounts_auditentry is append-only: a recorded audit entry can be neither changed nor deleted"

POSTGRESQL_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
    END;
    $$""",
    f"""CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON accounts_auditentry
    FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()""",
]
POSTGRESQL_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON accounts_auditentry",
    f"DROP FUNCTION IF EXISTS {TRIGGER}()",
]
SQLITE_FORWARD = [
    f"""CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON accounts_auditentry
    BEGIN SELECT RAISE(ABORT, '{MESSAGE} (UPDATE refused)'); END""",
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {TRIGGER}"]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)  # no placeholders: "%" is PL/pgSQL's
    return run


def fill_snapshots(apps, schema_editor):
    """Username and organisation (the user's first membership) of the rows written so far."""
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    Membership = apps.get_model("accounts", "Membership")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    names = dict(User.objects.values_list("pk", "username"))  # django.contrib.auth's User
    first: dict[int, tuple[int, str]] = {}
    for user_id, org_id, org_name in Membership.objects.order_by("pk").values_list(
        "user_id", "organization_id", "organization__name"
    ):
        first.setdefault(user_id, (org_id, org_name))
    for entry in AuditEntry.all_entries.exclude(user_id=None).only("pk", "user_id"):
        org_id, org_name = first.get(entry.user_id, (None, ""))
        AuditEntry.all_entries.filter(pk=entry.pk).update(
            username=names.get(entry.user_id, ""), organization_id=org_id,
            organization_name=org_name,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='auditentry',
            options={'default_manager_name': 'all_entries', 'ordering': ['-created_at', '-id'], 'verbose_name': 'audit entry', 'verbose_name_plural': 'audit entries'},
        ),
        migrations.AlterModelManagers(
            name='auditentry',
            managers=[
                ('all_entries', django.db.models.manager.Manager()),
            ],
        ),
        migrations.AddField(
            model_name='auditentry',
            name='client_address',
            field=models.GenericIPAddressField(blank=True, null=True, verbose_name='client address'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='organization',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organization', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='organization_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='organisation name'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='username',
            field=models.CharField(blank=True, max_length=150, verbose_name='username'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(max_length=40, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='agreement_id',
            field=models.BigIntegerField(db_index=True, null=True, verbose_name='agreement id'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='changes',
            field=models.JSONField(default=dict, verbose_name='changes'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='time (UTC)'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='object_id',
            field=models.CharField(max_length=40, verbose_name='object id'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='object_repr',
            field=models.CharField(max_length=200, verbose_name='object'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='object_type',
            field=models.CharField(max_length=60, verbose_name='kind of object'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='user',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
        migrations.AddIndex(
            model_name='auditentry',
            index=models.Index(fields=['object_type', 'object_id'], name='audit_object'),
        ),
        migrations.AddIndex(
            model_name='auditentry',
            index=models.Index(fields=['action', '-id'], name='audit_action'),
        ),
        migrations.RunPython(fill_snapshots, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
