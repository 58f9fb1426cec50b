"""Audit rows are append-only: the ORM refuses to change or delete them, and so does the
database (a trigger: UPDATE and DELETE on PostgreSQL, UPDATE on SQLite, where Django's flush
needs DELETE). On PostgreSQL these tests run in the suite's second pass (TEST_DATABASE_URL)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from coprogetta.accounts.models import APPEND_ONLY_MESSAGE, AuditEntry, AuditEntryImmutable
from coprogetta.accounts.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    return audit_record(
        user=world.owner, action="update", obj=world.agreement, agreement_id=world.agreement.pk,
        before={"title": "Prima"}, after={"title": "Dopo"},
    )


def _unchanged(entry):
    stored = AuditEntry.all_entries.get(pk=entry.pk)
    assert (stored.action, stored.changes, stored.username) == (
        "update", {"title": ["Prima", "Dopo"]}, entry.username)


def test_a_row_records_the_snapshots(world, entry):
    assert entry.user_id == world.owner.pk
    assert entry.username == world.owner.get_username()
    # the owner acts on the agreement through the municipality, a party to it
    assert (entry.organization_id, entry.organization_name) == (
        world.municipality.pk, "Comune di Crema")
    assert entry.client_address is None  # not written within a request
    assert entry.created_at.utcoffset().total_seconds() == 0


def test_the_orm_refuses_to_save_a_stored_row_again(entry):
    entry.action = "delete"
    with pytest.raises(AuditEntryImmutable, match="append-only"):
        entry.save()
    fresh = AuditEntry.all_entries.get(pk=entry.pk)
    with pytest.raises(AuditEntryImmutable):
        fresh.save(update_fields=["action"])
    with pytest.raises(AuditEntryImmutable):
        AuditEntry(pk=entry.pk, action="create").save(force_update=True)
    _unchanged(entry)


def test_the_orm_refuses_to_delete_a_row(entry):
    with pytest.raises(AuditEntryImmutable) as refused:
        entry.delete()
    assert str(refused.value) == APPEND_ONLY_MESSAGE
    _unchanged(entry)


@pytest.mark.parametrize("manager", ["objects", "all_entries"])
def test_querysets_refuse_update_delete_and_bulk_update(entry, manager):
    rows = getattr(AuditEntry, manager)
    with pytest.raises(AuditEntryImmutable):
        rows.filter(pk=entry.pk).update(action="delete")
    with pytest.raises(AuditEntryImmutable):
        rows.all().delete()
    entry.action = "delete"
    with pytest.raises(AuditEntryImmutable):
        rows.bulk_update([entry], ["action"])
    _unchanged(entry)


def test_the_database_refuses_a_raw_update(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE accounts_auditentry SET action = 'delete' WHERE id = %s", [entry.pk])
    _unchanged(entry)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="""SQLite keeps DELETE for Django's
flush (between transactional tests and before a restore); the ORM refuses it (tested above)""")
def test_the_database_refuses_a_raw_delete(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_auditentry")
    _unchanged(entry)


def test_the_trigger_is_in_the_database():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'accounts_auditentry'::regclass "
                "AND NOT tgisinternal"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'accounts_auditentry'"
            )
        assert [row[0] for row in cursor.fetchall()] == ["accounts_auditentry_append_only"]


def test_deleting_a_user_leaves_their_rows_untouched(world, entry):
    username = world.owner.get_username()
    world.owner.memberships.all().delete()
    get_user_model().objects.filter(pk=world.owner.pk).delete()  # would fail if it UPDATEd the rows
    stored = AuditEntry.all_entries.get(pk=entry.pk)
    assert (stored.user_id, stored.username, stored.organization_name) == (
        world.owner.pk, username, "Comune di Crema")
    assert AuditEntry.all_entries.select_related("user").get(pk=entry.pk).user is None


def test_deleting_an_organisation_leaves_the_rows_untouched(world, entry):
    organization_id = world.municipality.pk
    world.municipality.memberships.all().delete()
    world.agreement.parties.filter(organization=world.municipality).delete()
    world.municipality.delete()
    stored = AuditEntry.all_entries.get(pk=entry.pk)
    assert (stored.organization_id, stored.organization_name) == (organization_id, "Comune di Crema")


def test_the_admin_cannot_add_change_or_delete(world, rf):
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEntry]
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    request = rf.get("/admin/")
    request.user = superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.get_actions(request) == {}


def test_the_admin_lists_the_rows_read_only(world, entry):
    from django.test import Client

    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(superuser)
    listing = client.get("/admin/accounts/auditentry/")
    assert listing.status_code == 200 and "Comune di Crema" in listing.content.decode()
    page = client.get(f"/admin/accounts/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="action"' not in page.content.decode()
    assert client.post(f"/admin/accounts/auditentry/{entry.pk}/change/", {"action": "x"}).status_code == 403
    assert client.post(f"/admin/accounts/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    _unchanged(entry)
