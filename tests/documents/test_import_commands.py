"""``coprogetta import`` and ``coprogetta verify`` on the sample in its three formats, and on
copies with planted errors: each error is reported at the line that holds it."""

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from coprogetta.agreements.models import Agreement
from coprogetta.documents.import_report import totals
from coprogetta.documents.reading import read_document

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
SAMPLE = "crema-2016-negoziazione"



@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (Italian is the default language)."""
    with translation.override("en"):
        yield

def sample_path(extension: str) -> Path:
    path = SAMPLES / f"{SAMPLE}.{extension}"
    if not path.exists():
        pytest.fail(f"the sample {path} is missing from the repository")
    return path


def run(*args: str) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return out.getvalue(), int(exit_.code or 0)
    return out.getvalue(), 0


def actions_of(document):
    return [(area["number"], a["kind"], a["number"], a["title"]) for area in document["areas"]
            for a in area["actions"]]


@pytest.fixture(scope="module")
def drafts():
    result = {}
    for extension in ("txt", "docx", "pdf"):
        text, status = run("import", str(sample_path(extension)), "--json")
        assert status == 0
        result[extension] = json.loads(text)
    return result


@pytest.mark.parametrize("extension", ["txt", "docx", "pdf"])
def test_import_json_finds_the_sample_in_every_format(drafts, extension):
    document = drafts[extension]
    assert document["format"] == "coprogetta/agreement@1"
    assert [area["number"] for area in document["areas"]] == [1, 2, 3, 4, 5]
    assert all(area["actions"] for area in document["areas"])
    sums = totals(document)
    assert sums["net"] == Decimal("1146628.71")
    assert sums["gross"] == Decimal("1302537.59")
    assert sums["items"] == Decimal("76120.00")
    assert sums["quotas"] == Decimal("10550.49")
    kinds = [f["kind"] for f in document["verification"]["findings"]]
    assert "mismatch" not in kinds


def test_every_format_gives_the_same_areas_actions_and_lines(drafts):
    for extension in ("docx", "pdf"):
        assert actions_of(drafts[extension]) == actions_of(drafts["txt"])
        for key in ("budget_lines", "contributions"):
            assert [area.get(key) for area in drafts[extension]["areas"]] == \
                [area.get(key) for area in drafts["txt"]["areas"]]


@pytest.mark.django_db
def test_import_prints_a_summary_and_saves_nothing():
    count = Agreement.objects.count()
    text, status = run("import", str(sample_path("docx")))
    assert status == 0
    assert "Budget:  net € 1.146.628,71" in text and "gross € 1.302.537,59" in text
    assert "Area 5:" in text
    assert Agreement.objects.count() == count


@pytest.mark.django_db
def test_import_save_creates_the_agreement(world):
    count = Agreement.objects.count()
    text, status = run("import", str(sample_path("txt")), "--save", "--user", world.owner.username)
    assert status == 0
    assert Agreement.objects.count() == count + 1
    agreement = Agreement.objects.latest("pk")
    assert f"Agreement {agreement.pk} created." in text
    assert agreement.areas.count() == 5


def test_import_of_a_hostile_file_is_a_clean_command_error(tmp_path):
    from .hostile import zip_bomb_docx

    bomb = tmp_path / "bomba.docx"
    bomb.write_bytes(zip_bomb_docx())
    with pytest.raises(CommandError, match="zip bomb"):
        call_command("import", str(bomb), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import", str(tmp_path / "missing.pdf"), stdout=io.StringIO())


@pytest.mark.parametrize("extension", ["txt", "pdf"])
def test_verify_the_sample(extension):
    text, status = run("verify", str(sample_path(extension)))
    assert status == 0
    assert ": 0 mismatch, 0 inconsistency" in text
    assert "7,50" in text and "7,56" in text
    report, status = run("verify", str(sample_path(extension)), "--json")
    data = json.loads(report)
    assert data["counts"]["mismatch"] == 0
    approximate = [f for f in data["findings"] if f["kind"] == "approximate"]
    assert any(f["stated"].startswith("7.5") and f["computed"].startswith("7.56") for f in approximate)


# -- planted errors ------------------------------------------------------------------------------

PLANTED = {
    "a wrong VAT amount": ("+ iva 4% = €. 305.869,79", "+ iva 4% = €. 305.896,79", "305.896,79", "mismatch"),
    "a wrong sum": ("€ 400 per incontri rivolti", "€ 450 per incontri rivolti", "5.540,00", "mismatch"),
    "a changed line in the summary table": (
        "Ambito 4\t€ 42.479,93", "Ambito 4\t€ 42.497,93", "42.497,93", "inconsistency"
    ),
}


def planted_copy(tmp_path: Path, extension: str, old: str, new: str) -> Path:
    path = tmp_path / f"planted.{extension}"
    data = sample_path(extension).read_bytes()
    if extension == "txt":
        text = data.decode()
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path
    old_xml, new_xml = (value.split("\t")[-1].encode() for value in (old, new))
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info)
            if info.filename == "word/document.xml":
                assert member.count(old_xml) == 1, old_xml
                member = member.replace(old_xml, new_xml)
            target.writestr(info, member)
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("extension", ["txt", "docx"])
@pytest.mark.parametrize("error", list(PLANTED))
def test_a_planted_error_is_caught_at_its_line(tmp_path, extension, error):
    old, new, shown, kind = PLANTED[error]
    path = planted_copy(tmp_path, extension, old, new)
    report, status = run("verify", str(path), "--json")
    assert status == 1
    findings = [f for f in json.loads(report)["findings"] if f["kind"] == kind]
    lines = read_document(path.read_bytes(), path.name).lines
    located = [f for f in findings if f["location"]["line"] and shown in lines[f["location"]["line"] - 1]]
    assert located, findings
    assert all(f["location"]["text"] for f in located)
    text, status = run("verify", str(path))
    assert status == 1
    line = located[0]["location"]["line"]
    assert f"  line {line}: " in text
