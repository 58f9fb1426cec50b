"""The glossary and ``{% term %}``: each domain word explained on the page it appears in, for a
keyboard or screen-reader user and without JavaScript."""

import re

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from coprogetta.glossary import TERMS, term_get, vat_term_key

REQUIRED = {  # the words the issue names, by the Italian word agreements use
    "ambito", "consolidamento", "sviluppo e innovazione", "quota parte", "tranche", "IVA 4 %",
    "IVA 5 %", "IVA 22 %", "co-finanziamento", "saldo", "cronoprogramma", "monitoraggio",
}


def render(source: str, **context) -> str:
    """``source`` rendered as a web page is (with a request)."""
    context.setdefault("request", RequestFactory().get("/"))
    return Template(source).render(Context(context))


def test_the_glossary_has_every_domain_word_once():
    assert {term.italian for term in TERMS} >= REQUIRED
    keys = [term.key for term in TERMS]
    assert len(keys) == len(set(keys))
    for term in TERMS:
        assert re.fullmatch(r"[a-z0-9-]+", term.key), term.key
        assert 20 < len(str(term.definition)) < 300, term.key


def test_the_glossary_page_is_public_with_an_anchor_per_word(db):
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get(reverse("home:glossary"))
    assert response.status_code == 200
    text = response.content.decode()
    for term in TERMS:
        assert f'<dt id="{term.key}">' in text
        assert str(term.definition) in text
    assert '<span lang="it">quota parte</span>' in text  # the documents' word, beside English


def test_the_italian_glossary_does_not_repeat_the_word(db):
    text = Client().get(reverse("home:glossary")).content.decode()
    assert 'lang="it"' not in text.split("<main", 1)[1]


def test_a_term_links_its_entry_and_is_described_by_its_definition():
    with translation.override("en"):
        html = render('{% term "tranche" %}')
        definition = str(term_get("tranche").definition)
    assert html.startswith('<span class="cp-term">Tranche<a class="cp-term-help" href="/glossario/#tranche"')
    described = re.search(r'aria-describedby="([^"]+)"', html).group(1)
    tip = re.search(rf'<span class="cp-term-tip" id="{described}" role="tooltip">([^<]+)</span>', html)
    assert tip.group(1) == definition
    assert '<span class="visually-hidden">(glossary: Tranche)</span>' in html
    assert 'aria-hidden="true"' in html  # the icon is not read


def test_a_term_keeps_the_wording_it_is_given():
    with translation.override("en"):
        html = render('{% term "tranche" _("Tranches") %}')
    assert html.startswith('<span class="cp-term">Tranches<a')
    assert "(glossary: Tranche)" in html


def test_terms_on_one_page_have_different_ids():
    html = render('{% term "area" %} {% term "area" %} {% term "balance" %}')
    ids = re.findall(r'id="(term-tip-[^"]+)"', html)
    assert len(ids) == 3 == len(set(ids))


def test_a_term_escapes_its_label():
    html = render('{% term "area" label %}', label="<b>x</b>")
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_document_gets_the_word_alone():
    """The PDFs render the same tables without a request: no link, no tooltip text in print."""
    with translation.override("en"):
        assert render('{% term "tranche" _("Tranches") %}', request=None) == "Tranches"
        assert render('{% term "area" label %}', request=None, label="<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_an_unknown_term_is_an_error():
    with pytest.raises(KeyError):
        render('{% term "nonsense" %}')


@pytest.mark.parametrize(("rate", "key"), [
    ("4", "vat-4"), ("4.00", "vat-4"), ("5", "vat-5"), ("22", "vat-22"), ("22 %", "vat-22"),
    ("10", None), ("0", None), ("4.5", None), ("", None), ("abc", None), (None, None),
])
def test_vat_rates_with_a_glossary_entry(rate, key):
    assert vat_term_key(rate) == key


def test_a_vat_rate_without_an_entry_is_shown_plain():
    assert render('{% vat_term "10" "10 %" %}') == "10 %"
    assert 'href="/glossario/#vat-4"' in render('{% vat_term "4" "4 %" %}')


@pytest.fixture
def furnished(world):
    from .. import factories as f

    area = f.AreaFactory(agreement=world.agreement)
    f.ActionFactory(area=area, kind="consolidation")
    f.ActionFactory(area=area, kind="development")
    f.BudgetLineFactory(agreement=world.agreement, area=area, vat_rate="4")
    f.PaymentTrancheFactory(agreement=world.agreement, percent=None, is_balance=True)
    return world, area


def glossary_links(html: str) -> set[str]:
    return set(re.findall(r'class="cp-term-help" href="/glossario/#([a-z0-9-]+)"', html))


def test_the_agreements_pages_explain_their_terms(furnished):
    world, area = furnished
    client = world.client_for(world.owner)
    pages = {
        reverse("agreements:detail", args=[world.agreement.pk]):
            {"area", "consolidation", "development", "monitoring", "vat-4", "balance"},
        reverse("agreements:area_detail", args=[world.agreement.pk, area.pk]):
            {"consolidation", "development", "vat-4"},
        reverse("documents:summary", args=[world.agreement.pk]): {"area", "vat-4"},
        reverse("planning:workplan", args=[world.agreement.pk]): {"schedule"},
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert glossary_links(response.content.decode()) >= expected, url


def test_the_summary_pdf_has_the_words_without_the_help(furnished):
    from django.template.loader import render_to_string

    from coprogetta.agreements.selectors import economic_summary
    from coprogetta.documents.exports_table import summary_table

    world, _area = furnished
    table = summary_table(economic_summary(world.agreement))
    html = render_to_string("documents/summary_pdf.html", {
        "table": table, "generated_on": world.agreement.end_date,
    })
    assert "cp-term" not in html
    assert "4 %" in html
