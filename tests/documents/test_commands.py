"""The commands export-json, import-json and load_demo, through Django and the ``coprogetta`` CLI."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import translation

from coprogetta import cli
from coprogetta.accounts.models import AuditEntry, Membership
from coprogetta.agreements.models import Agreement, BudgetLine
from coprogetta.documents import demo
from coprogetta.documents.interchange import agreement_to_document, dumps
from tests import factories as f

pytestmark = pytest.mark.django_db

DEMO_TEXT = demo.DEMO_FILE.read_text(encoding="utf-8")


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def bad_file(tmp_path):
    document = json.loads(DEMO_TEXT)
    document["areas"][0]["budget_lines"][0]["vat"] = "11764.23"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "crema.json"
    path.write_text(DEMO_TEXT, encoding="utf-8")
    return path


# -- export-json -------------------------------------------------------------------------------


def test_export_json_writes_the_document_to_stdout():
    agreement = f.AgreementFactory()
    f.BudgetLineFactory(agreement=agreement)
    assert run("export_json", str(agreement.pk)) == dumps(agreement_to_document(agreement))


def test_export_json_writes_a_file(tmp_path):
    agreement = f.AgreementFactory(title="Accordo – àèìòù")
    target = tmp_path / "out.json"
    assert run("export_json", str(agreement.pk), "-o", str(target)) == ""
    assert target.read_bytes() == dumps(agreement_to_document(agreement)).encode("utf-8")


def test_export_json_of_an_unknown_agreement_is_an_error():
    with pytest.raises(CommandError, match="There is no agreement with id 999"):
        run("export_json", "999")


# -- import-json -------------------------------------------------------------------------------


def test_import_json_prints_the_new_id_and_records_the_user(demo_file):
    user = f.UserFactory(username="funzionaria")
    output = run("import_json", str(demo_file), "--user", "funzionaria")
    agreement = Agreement.objects.get()
    assert output == f"{agreement.pk}\n"
    assert AuditEntry.objects.get(action="import").user == user
    assert run("export_json", str(agreement.pk)) == DEMO_TEXT


def test_import_json_refuses_a_bad_document_and_saves_nothing(bad_file):
    with pytest.raises(CommandError) as caught:
        run("import_json", str(bad_file))
    assert "nothing was saved" in str(caught.value)
    assert (
        "  - $.areas[0].budget_lines[0].vat: the document states a VAT of 11764.23, "
        "but the computation gives 11764.22"
    ) in str(caught.value)
    assert not Agreement.objects.exists() and not BudgetLine.objects.exists()


def test_import_json_refuses_amounts_written_as_numbers(tmp_path):
    path = tmp_path / "float.json"
    path.write_text(DEMO_TEXT.replace('"26736.87"', "26736.87"), encoding="utf-8")
    with pytest.raises(CommandError, match="26736.87 is a floating-point number"):
        run("import_json", str(path))
    assert not Agreement.objects.exists()


def test_import_json_refuses_text_that_is_not_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        run("import_json", str(path))


def test_import_json_of_a_missing_file_or_user_is_an_error(demo_file, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_json", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="There is no user 'nessuno'"):
        run("import_json", str(demo_file), "--user", "nessuno")
    assert not Agreement.objects.exists()


# -- the coprogetta command line ---------------------------------------------------------------


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """``run_from_argv`` closes every connection when a command ends; on PostgreSQL that would
    close the connection holding the test's transaction (SQLite's in-memory one survives)."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_cli_import_then_export_round_trips(demo_file, tmp_path, capsys):
    cli.main(["coprogetta", "import-json", str(demo_file)])
    agreement_id = capsys.readouterr().out.strip()
    assert Agreement.objects.get().pk == int(agreement_id)
    cli.main(["coprogetta", "export-json", agreement_id])
    assert capsys.readouterr().out == DEMO_TEXT
    target = tmp_path / "again.json"
    cli.main(["coprogetta", "export-json", agreement_id, "-o", str(target)])
    assert target.read_text(encoding="utf-8") == DEMO_TEXT


def test_cli_import_of_a_bad_document_prints_the_problems_and_exits_non_zero(bad_file, capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["coprogetta", "import-json", str(bad_file)])
    assert caught.value.code != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "$.areas[0].budget_lines[0].vat: the document states a VAT of 11764.23" in captured.err
    assert not Agreement.objects.exists()


# -- load_demo ---------------------------------------------------------------------------------


def test_load_demo_twice_is_idempotent_and_prints_the_logins(monkeypatch):
    monkeypatch.delenv(demo.PASSWORD_VARIABLE, raising=False)
    with translation.override("en"):
        first = run("load_demo")
        counts = (Agreement.objects.count(), get_user_model().objects.count(), BudgetLine.objects.count())
        second = run("load_demo")
        coordinator = str(Membership.Role.COORDINATOR.label)
    assert "Demo agreement loaded" in first
    assert "already loaded" in second
    assert (Agreement.objects.count(), get_user_model().objects.count(), BudgetLine.objects.count()) == counts
    assert counts[0] == 1
    for output in (first, second):
        for username in ("funzionario", "referente", "operatore", "consigliere", "esterno", "admin"):
            assert username in output
        assert coordinator in output and "superuser" in output  # in the active language
        assert "Password of the users the demo created: coprogetta-demo" in output
    assert get_user_model().objects.get(username="referente").check_password("coprogetta-demo")


def test_load_demo_speaks_the_active_language_italian_by_default(monkeypatch):
    """What ``make run`` prints: every sentence and label in Italian, none left in English."""
    monkeypatch.delenv(demo.PASSWORD_VARIABLE, raising=False)
    with translation.override("it"):
        first = run("load_demo")
        second = run("load_demo")
        coordinator = str(Membership.Role.COORDINATOR.label)
    assert first.startswith("Accordo dimostrativo caricato: ")
    assert second.startswith("L'accordo dimostrativo è già caricato (id ")
    for output in (first, second):
        header = output.splitlines()[2]
        assert header.split() == ["Utente", "Organizzazione", "Ruolo"]
        assert coordinator in output and "superutente" in output
        assert "Password degli utenti creati dalla demo: coprogetta-demo" in output
        assert "Demo" not in output and "User" not in output and "superuser" not in output


def test_load_demo_through_the_cli_uses_the_password_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv(demo.PASSWORD_VARIABLE, "s3gret0-demo")
    with translation.override("en"):
        cli.main(["coprogetta", "load_demo"])
        out = capsys.readouterr().out
        assert "funzionario" in out and "s3gret0-demo" not in out
        assert "Password of the users the demo created: the value of $COPROGETTA_DEMO_PASSWORD" in out
        assert get_user_model().objects.get(username="esterno").check_password("s3gret0-demo")
        cli.main(["coprogetta", "load-demo"])
        assert "already loaded" in capsys.readouterr().out
    assert Agreement.objects.count() == 1
