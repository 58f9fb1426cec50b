"""The Italian catalogue: complete, placeholders kept, and served by default (English on request)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(__file__).resolve().parent.parent / "coprogetta/locale/it/LC_MESSAGES/django.po"

#: A printf-style placeholder: ``%(name)s``, ``%s``, ``%d``... (``%%`` is a literal percent sign).
PRINTF = re.compile(r"%(?:\((?P<name>\w+)\))?[-#0 +]*\d*(?:\.\d+)?(?P<conversion>[sdifrxXeEgGc%])")
#: A str.format placeholder: ``{name}``, ``{0}``, ``{}``.
BRACE = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def placeholders(text: str) -> set[str]:
    found = {m.group(0) for m in PRINTF.finditer(text) if m.group("conversion") != "%"}
    return found | {"{" + m.group(1) + "}" for m in BRACE.finditer(text)}


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def label(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def test_catalogue_is_complete(catalogue):
    entries = [e for e in catalogue if not e.obsolete]
    assert entries
    assert [label(e) for e in catalogue.untranslated_entries()] == []
    assert [label(e) for e in catalogue.fuzzy_entries()] == []
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata.get("Language") == "it"
    for entry in entries:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], label(entry)
            assert all(entry.msgstr_plural.values()), label(entry)


def test_translations_keep_the_placeholders(catalogue):
    wrong = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            translations = list(entry.msgstr_plural.values())
        else:
            expected = placeholders(entry.msgid)
            translations = [entry.msgstr]
        for text in translations:
            if placeholders(text) != expected:
                wrong.append((label(entry), sorted(expected), text))
    assert wrong == []


def test_placeholder_parser():
    assert placeholders("Area %(number)s – %(title)s") == {"%(number)s", "%(title)s"}
    assert placeholders("22 % of %s, {name} and {{literal}}") == {"%s", "{name}"}
    assert placeholders("VAT rate (%)") == set()


@pytest.mark.django_db
def test_pages_are_italian_by_default_and_english_on_request(world):
    client = world.client_for(world.owner, language=None)
    italian = client.get("/accordi/")
    assert italian.status_code == 200
    html = italian.content.decode()
    assert '<html lang="it">' in html
    assert '<h1 class="h2 mb-0">Accordi</h1>' in html

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/accordi/")
    assert english.status_code == 200
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert '<h1 class="h2 mb-0">Agreements</h1>' in html
    assert "Accordi" not in html


@pytest.mark.django_db
def test_summary_page_speaks_the_language_of_italian_administrations(world):
    from decimal import Decimal

    from . import factories as f

    area = f.AreaFactory(agreement=world.agreement, number=1, title="Infanzia")
    f.BudgetLineFactory(agreement=world.agreement, area=area, unit_amount=Decimal("26736.87"),
                        quantity=Decimal("11"))
    html = world.client_for(world.owner, language=None).get(
        f"/accordi/{world.agreement.pk}/scheda-economica/"
    ).content.decode()
    for label in ("Scheda economica di sintesi", "Imponibile", "Aliquota IVA", "Ambito 1",
                  "€ 294.105,57", "€ 11.764,22", "€ 305.869,79"):
        assert label in html, label
