"""publiccode.yml, the file the Developers Italia catalogue of software for reuse reads, is valid:
the keys of the standard (0.4) and of its Italian extension, and the facts it shares with the
project (licence, languages)."""

import copy
import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((Path(__file__).parent / "publiccode-0.4.schema.json").read_text(encoding="utf-8"))


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def publiccode() -> dict:
    text = (ROOT / "publiccode.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def errors(document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(document)]


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_publiccode_yml_is_valid(publiccode):
    assert errors(publiccode) == []


def test_it_says_the_projects_licence_and_the_licence_is_there(publiccode):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert publiccode["legal"]["license"] == project["license"]["text"] == "AGPL-3.0-or-later"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007")
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in licence
    assert "END OF TERMS AND CONDITIONS" in licence


def test_it_lists_the_languages_of_the_interface(publiccode):
    assert publiccode["localisation"]["availableLanguages"] == [code for code, _name in settings.LANGUAGES]
    assert set(publiccode["description"]) == {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize(("change", "where"), [
    (lambda d: d.pop("legal"), ""),
    (lambda d: d["description"]["it"].update(longDescription="Troppo breve."),
     "description/it/longDescription"),
    (lambda d: d["description"]["it"].update(shortDescription="x" * 151), "description/it/shortDescription"),
    (lambda d: d.update(developmentStatus="finished"), "developmentStatus"),
    (lambda d: d.update(categories=["social-services"]), "categories/0"),
    (lambda d: d["maintenance"].pop("contacts"), "maintenance"),
    (lambda d: d["IT"].update(countryExtensionVersion="2.0"), "IT/countryExtensionVersion"),
    (lambda d: d["IT"]["piattaforme"].update(spid="no"), "IT/piattaforme/spid"),
    (lambda d: d.update(releaseDate="15/04/2017"), "releaseDate"),
    (lambda d: d.update(unknownKey=True), ""),
])
def test_the_check_refuses_what_the_standard_refuses(publiccode, change, where):
    broken = copy.deepcopy(publiccode)
    change(broken)
    found = errors(broken)
    assert found, where
    assert any(message.startswith(f"{where}:") for message in found), found
