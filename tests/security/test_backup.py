"""Backup and restore: the round trip into an empty database gives the same rows (row counts
and checksums per table) and the same uploaded files; what must be refused is refused."""

import io
import json
import tarfile
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from coprogetta import backup
from coprogetta.accounts.models import AuditEntry, Organization
from coprogetta.agreements.models import Agreement
from coprogetta.backup import archive
from coprogetta.monitoring.expense_services import expense_create
from coprogetta.monitoring.models import Expense

pytestmark = pytest.mark.django_db(transaction=True)


def _files() -> dict[str, bytes]:
    return {name: archive._read(default_storage, name) for name in archive._walk(default_storage)}


def _empty_storage() -> None:
    for name in list(archive._walk(default_storage)):
        default_storage.delete(name)


@pytest.fixture
def site():
    """The demo (agreement, users, monitoring), an expense with its receipt, audit rows."""
    _empty_storage()
    call_command("load_demo", stdout=io.StringIO())
    agreement = Agreement.objects.order_by("pk").first()
    officer = get_user_model().objects.get(username="funzionario")
    expense = expense_create(
        user=officer, agreement=agreement, line=agreement.budget_lines.order_by("pk").first(),
        date=date(2016, 3, 10),
        amount=Decimal("123.45"), description="Materiale didattico — ricevuta n° 7",
        document=ContentFile(b"%PDF-1.4 receipt\x00\xff", name="ricevuta.pdf"),
    )
    assert default_storage.exists(expense.document.name)
    assert AuditEntry.objects.exists()
    yield
    _empty_storage()


def test_round_trip_into_an_empty_database(site, tmp_path):
    before = backup.table_digests()
    files_before = _files()
    path = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(path), stdout=out)
    assert "files" in out.getvalue()

    with tarfile.open(path, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["format"] == "coprogetta-backup@1"
    assert "accounts" in manifest["migrations"]
    tables = {t["model"]: t for t in manifest["tables"]}
    assert tables["agreements.agreement"]["rows"] == Agreement.objects.count() >= 1
    assert tables["monitoring.expense"]["rows"] == Expense.objects.count() > 1
    assert "contenttypes.contenttype" not in tables
    assert {f["path"] for f in manifest["files"]} == set(files_before)

    # An empty database: migrated, with its own content types (in another order).
    call_command("flush", interactive=False, verbosity=0)
    _empty_storage()
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    ContentType.objects.create(app_label="zzz", model="first")
    call_command("migrate", verbosity=0)  # recreates the content types, with other ids
    assert backup.database_is_empty()

    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    assert "checksums verified" in out.getvalue()
    after = backup.table_digests()
    assert {k: (v["rows"], v["sha256"], v["m2m"]) for k, v in after.items()} == {
        k: (v["rows"], v["sha256"], v["m2m"]) for k, v in before.items()
    }
    assert _files() == files_before
    # The restored rows work: a password hash logs in, a file field opens its file.
    assert authenticate(username="funzionario", password="coprogetta-demo") is not None
    expense = Expense.objects.exclude(document="").get()
    assert expense.document.read() == b"%PDF-1.4 receipt\x00\xff"
    # New rows get new ids (the sequences follow the restored rows).
    created = Organization.objects.create(name="Nuovo ente", kind=Organization.Kind.PUBLIC_BODY)
    assert created.pk > max(Organization.objects.exclude(pk=created.pk).values_list("pk", flat=True))


def test_a_database_with_data_is_refused_unless_forced(site, tmp_path):
    path = tmp_path / "b.tar.gz"
    backup.backup_write(path)
    before = backup.table_digests()
    Organization.objects.create(name="Aggiunto dopo", kind=Organization.Kind.PUBLIC_BODY)
    _empty_storage()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path), stdout=io.StringIO())
    assert Organization.objects.filter(name="Aggiunto dopo").exists()
    assert _files() == {}

    call_command("restore", str(path), "--force", stdout=io.StringIO())
    assert not Organization.objects.filter(name="Aggiunto dopo").exists()
    assert {k: v["sha256"] for k, v in backup.table_digests().items()} == {
        k: v["sha256"] for k, v in before.items()}


def test_existing_uploaded_files_are_refused_unless_forced(site, tmp_path):
    path = tmp_path / "b.tar.gz"
    manifest = backup.backup_write(path)
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="already exist"):
        call_command("restore", str(path), stdout=io.StringIO())
    assert backup.database_is_empty()
    call_command("restore", str(path), "--force", stdout=io.StringIO())
    assert set(_files()) == {f["path"] for f in manifest["files"]}


def _rewrite(path, target, change):
    """A copy of the archive with one member changed by ``change(bytes) -> bytes``."""
    copy = path.with_name("damaged.tar.gz")
    with tarfile.open(path, "r:gz") as source, tarfile.open(copy, "w:gz") as tar:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == target:
                data = change(data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return copy


def test_a_damaged_archive_is_refused_before_anything_is_written(site, tmp_path):
    path = tmp_path / "b.tar.gz"
    manifest = backup.backup_write(path)
    call_command("flush", interactive=False, verbosity=0)
    _empty_storage()
    damaged = _rewrite(path, "data/agreements.agreement.json", lambda d: d.replace(b"2016", b"2017", 1))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), stdout=io.StringIO())
    name = manifest["files"][0]["path"]
    damaged = _rewrite(path, f"media/{name}", lambda d: d + b"x")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), stdout=io.StringIO())
    assert backup.database_is_empty()
    assert _files() == {}


def test_a_difference_after_loading_undoes_the_whole_restore(site, tmp_path, monkeypatch):
    path = tmp_path / "b.tar.gz"
    backup.backup_write(path)
    call_command("flush", interactive=False, verbosity=0)
    _empty_storage()
    real = archive.table_digests

    def one_row_lost():
        digests = real()
        digests["agreements.agreement"]["rows"] -= 1
        return digests

    monkeypatch.setattr(archive, "table_digests", one_row_lost)
    with pytest.raises(CommandError, match="differs from the backup"):
        call_command("restore", str(path), stdout=io.StringIO())
    assert backup.database_is_empty()
    assert _files() == {}


def test_an_archive_naming_a_file_outside_the_uploads_is_refused(site, tmp_path):
    path = tmp_path / "b.tar.gz"
    backup.backup_write(path)

    def escape(data):
        manifest = json.loads(data)
        manifest["files"][0]["path"] = "../../etc/cron.d/x"
        return json.dumps(manifest).encode()

    with pytest.raises(CommandError, match="outside the uploads"):
        call_command("restore", str(_rewrite(path, "manifest.json", escape)), "--force",
                     stdout=io.StringIO())


def test_an_archive_of_other_migrations_is_refused(site, tmp_path):
    path = tmp_path / "b.tar.gz"
    backup.backup_write(path)

    def older(data):
        manifest = json.loads(data)
        manifest["migrations"]["agreements"].append("9999_future")
        return json.dumps(manifest).encode()

    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="9999_future"):
        call_command("restore", str(_rewrite(path, "manifest.json", older)), stdout=io.StringIO())


def test_the_backup_does_not_overwrite_a_file(tmp_path):
    path = tmp_path / "exists.tar.gz"
    path.write_bytes(b"keep")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=str(path), stdout=io.StringIO())
    assert path.read_bytes() == b"keep"
