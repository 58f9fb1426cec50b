"""The summary economic table page: the sample's figures to the cent, access, structure, queries."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from coprogetta.agreements.models import Agreement, Contribution, VatRate

from .. import factories as f
from .conftest import SHOWN, add_crema_economics, quota_label

FORMATS = ["xlsx", "ods", "csv", "pdf"]


def summary_url(agreement) -> str:
    return reverse("documents:summary", args=[agreement.pk])


def export_url(agreement, fmt: str) -> str:
    return reverse("documents:summary_export", args=[agreement.pk, fmt])


def rows_of(html: str, css_class: str) -> list[str]:
    return re.findall(rf'<tr class="{css_class}">(.*?)</tr>', html, re.S)


def amounts_in(fragment: str) -> list[str]:
    return re.findall(r'<td class="amount">(€ [\d.,]+)</td>', fragment)


def test_urls():
    assert summary_url(Agreement(pk=7)) == "/accordi/7/scheda-economica/"
    assert export_url(Agreement(pk=7), "xlsx") == "/accordi/7/scheda-economica.xlsx"


@pytest.mark.django_db
def test_page_reproduces_the_sample_to_the_cent(crema):
    response = crema.client_for(crema.owner, language=None).get(summary_url(crema.agreement))
    assert response.status_code == 200
    html = response.content.decode()
    for figure in ("€ 294.105,57", "€ 11.764,22", "€ 305.869,79", "€ 21.413,10", "€ 856,52",
                   "€ 62.280,00", "€ 2.491,20", "€ 42.479,93", "€ 1.699,20", "€ 44.179,13",
                   "€ 426.842,00", "€ 93.905,24", "€ 520.747,24", "€ 16.550,00", "€ 3.641,00",
                   "€ 167.962,11", "€ 36.951,66", "€ 204.913,77"):
        assert f'<td class="amount">{figure}</td>' in html, figure
    [grand_total] = [r for r in rows_of(html, "grand-total") if SHOWN["gross"] in r]
    assert amounts_in(grand_total) == [SHOWN["net"], SHOWN["vat"], SHOWN["gross"]]
    subtotals = {re.search(r"<th[^>]*>(.*?)</th>", r).group(1): amounts_in(r)
                 for r in rows_of(html, "subtotal")}
    with translation.override("it"):
        area3 = translation.gettext("Total area %(number)s") % {"number": 3}
        year = translation.gettext("Year %(year)s") % {"year": 2016}
    assert subtotals[area3] == list(SHOWN["area3"])
    assert len(subtotals) == 3  # areas 2, 3 and 5 have several lines; 1 and 4 have one
    assert year in html
    assert "Comune di Crema" in html and "Consorzio Sul Serio" in html


@pytest.mark.django_db
def test_page_shows_the_consortium_resources(crema):
    html = crema.client_for(crema.member, language=None).get(summary_url(crema.agreement)).content.decode()
    resources = html[html.index('id="resources-table"'):]
    [total] = [r for r in rows_of(resources, "grand-total")]
    assert amounts_in(total) == [SHOWN["items"], SHOWN["quota"], SHOWN["resources"]]
    assert resources.count(f"<td>{quota_label()}</td>") == 2
    assert re.search(r'<tr class="resources-share">.*?<td class="amount">7,56 %</td>', resources, re.S)
    area5 = re.search(r"Area 5|Ambito 5", resources)
    row5 = resources[area5.start():resources.index("</tr>", area5.start())]
    assert amounts_in(row5) == ["€ 39.500,00", "€ 1.550,49", "€ 41.050,49"]


@pytest.mark.django_db
def test_page_structure_is_accessible(crema):
    html = crema.client_for(crema.owner, language=None).get(summary_url(crema.agreement)).content.decode()
    assert html.count("<h1") == 1
    assert html.count("<caption>") == 2
    assert html.count("<table") == 2
    assert 'scope="col"' in html and 'scope="row"' in html and 'scope="rowgroup"' in html
    # every amount is in a right-aligned amount cell
    assert len(re.findall(r"€ [\d.]+,\d\d(?! ×)", html)) == len(
        re.findall(r'<td class="amount">€ [\d.]+,\d\d</td>', html)
    )
    for fmt in FORMATS:
        assert f'href="{export_url(crema.agreement, fmt)}"' in html
    assert "coprogetta/print.css" in html


@pytest.mark.django_db
def test_period_that_is_not_a_calendar_year(world):
    agreement = world.agreement
    agreement.start_date, agreement.end_date = agreement.start_date.replace(month=7), \
        agreement.end_date.replace(year=2017, month=6, day=30)
    agreement.save()
    html = world.client_for(world.owner, language=None).get(summary_url(agreement)).content.decode()
    assert "01/07/2016" in html and "30/06/2017" in html


@pytest.mark.django_db
def test_empty_agreement_renders(world):
    response = world.client_for(world.reader, language=None).get(summary_url(world.agreement))
    assert response.status_code == 200
    assert "€ 0,00" in response.content.decode()


@pytest.mark.django_db
def test_contribution_regime_shows_the_public_contribution(world):
    agreement = world.agreement
    agreement.financial_regime = Agreement.Regime.CONTRIBUTION
    agreement.save()
    area = f.AreaFactory(agreement=agreement, number=1)
    f.BudgetLineFactory(agreement=agreement, area=area, unit_amount=Decimal("1000.00"),
                        quantity=Decimal("10"), vat_rate=VatRate.OUT_OF_SCOPE)
    f.ContributionFactory(agreement=agreement, area=area, kind=Contribution.Kind.COFINANCING,
                          amount=Decimal("2000.00"), percent=Decimal("20"))
    html = world.client_for(world.owner, language=None).get(summary_url(agreement)).content.decode()
    figures = html[html.index('id="contribution-table"'):]
    figures = figures[:figures.index("</table>")]
    assert amounts_in(figures) == ["€ 10.000,00", "€ 2.000,00", "€ 8.000,00"]
    assert "20 %" in figures and "80 %" in figures
    assert str(VatRate.OUT_OF_SCOPE.label) in html or "VAT" in html


@pytest.mark.django_db
def test_labels_name_the_parties_or_their_roles_in_whole_sentences(world):
    from coprogetta.agreements.selectors import agreement_detail, economic_summary
    from coprogetta.documents.exports_table import summary_table

    agreement = world.agreement
    agreement.financial_regime = Agreement.Regime.CONTRIBUTION
    agreement.save()
    admin = f.UserFactory(is_superuser=True)  # still sees the agreement once it has no parties

    def labels(language):
        with translation.override(language):
            table = summary_table(economic_summary(agreement_detail(admin, agreement.pk)))
            return [table.budget_caption.split(" — ")[0], table.resources_caption.split(" — ")[0],
                    table.ratio_label, table.contribution[1].label]

    assert labels("it") == [
        "Risorse economiche Comune di Crema", "Risorse/valorizzazioni Consorzio Sul Serio",
        "Incidenza delle risorse di Consorzio Sul Serio sulle risorse nette di Comune di Crema",
        "Quota di cofinanziamento di Consorzio Sul Serio",
    ]
    agreement.parties.filter(organization=world.consortium).delete()
    assert labels("en")[1:] == [
        "Resources and in-kind contributions of the Third-Sector party",
        "Resources of the Third-Sector party as a share of the net resources of Comune di Crema",
        "Co-financing share of the Third-Sector party",
    ]
    assert labels("it") == [
        "Risorse economiche Comune di Crema", "Risorse/valorizzazioni dell'ente del Terzo settore",
        "Incidenza delle risorse dell'ente del Terzo settore sulle risorse nette di Comune di Crema",
        "Quota di cofinanziamento dell'ente del Terzo settore",
    ]
    agreement.parties.all().delete()
    assert labels("en")[0] == "Economic resources of the public body"
    assert labels("it")[:3] == [
        "Risorse economiche dell'ente pubblico", "Risorse/valorizzazioni dell'ente del Terzo settore",
        "Incidenza delle risorse dell'ente del Terzo settore sulle risorse nette dell'ente pubblico",
    ]


@pytest.mark.django_db
def test_fee_regime_has_no_contribution_block(crema):
    html = crema.client_for(crema.owner, language=None).get(summary_url(crema.agreement)).content.decode()
    assert 'id="contribution-table"' not in html


@pytest.mark.django_db
def test_english_page_has_the_same_figures(crema):
    client = crema.client_for(crema.owner, language=None)
    english = client.get(summary_url(crema.agreement), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    italian = client.get(summary_url(crema.agreement), HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert 'lang="en"' in english and 'lang="it"' in italian
    assert "Summary economic table" in english
    pattern = r"€ [\d.]+,\d\d|\d+(?:,\d+)? %"
    assert re.findall(pattern, english) == re.findall(pattern, italian)


# -- refusals --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_outsider_gets_404_on_the_page_and_every_export(crema):
    outsider = crema.client_for(crema.outsider, language=None)
    assert outsider.get(summary_url(crema.agreement)).status_code == 404
    for fmt in FORMATS:
        assert outsider.get(export_url(crema.agreement, fmt)).status_code == 404, fmt


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(crema, client):
    for url in [summary_url(crema.agreement)] + [export_url(crema.agreement, fmt) for fmt in FORMATS]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "XLSX", "json", "pdf.exe", "xls"])
def test_unknown_format_is_404(crema, fmt):
    owner = crema.client_for(crema.owner, language=None)
    assert owner.get(f"/accordi/{crema.agreement.pk}/scheda-economica.{fmt}").status_code == 404


@pytest.mark.django_db
def test_unknown_agreement_is_404(crema):
    owner = crema.client_for(crema.owner, language=None)
    assert owner.get(reverse("documents:summary", args=[999999])).status_code == 404
    assert owner.get(reverse("documents:summary_export", args=[999999, "csv"])).status_code == 404


@pytest.mark.django_db
def test_post_is_refused(crema):
    owner = crema.client_for(crema.owner, language=None)
    assert owner.post(summary_url(crema.agreement)).status_code == 405
    assert owner.post(export_url(crema.agreement, "csv")).status_code == 405


# -- queries ---------------------------------------------------------------------------------

MAX_QUERIES = 15


@pytest.mark.django_db
def test_query_count_is_bounded_and_does_not_grow(crema, django_assert_max_num_queries,
                                                  django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = crema.client_for(crema.owner, language=None)
    client.get(summary_url(crema.agreement))  # warm the session
    with django_assert_max_num_queries(MAX_QUERIES), CaptureQueriesContext(connection) as sample:
        assert client.get(summary_url(crema.agreement)).status_code == 200
    second = f.AgreementFactory()
    f.PartyFactory(agreement=second, organization=crema.municipality)
    add_crema_economics(second)
    area = second.areas.get(number=5)
    for n in range(30):
        f.BudgetLineFactory(agreement=second, area=area, description=f"Riga {n}")
        f.ContributionFactory(agreement=second, area=area, description=f"Risorsa {n}")
    with django_assert_num_queries(len(sample.captured_queries)):
        assert client.get(summary_url(second)).status_code == 200


# -- labels ----------------------------------------------------------------------------------


def test_period_label():
    from datetime import date

    from coprogetta.documents.exports_table import period_label

    with translation.override("en"):
        assert period_label(date(2016, 1, 1), date(2016, 12, 31)) == "Year 2016"
        assert period_label(date(2016, 1, 1), date(2017, 12, 31)) == "From 01/01/2016 to 31/12/2017"
        assert period_label(date(2016, 9, 1), date(2017, 8, 31)) == "From 01/09/2016 to 31/08/2017"


def test_line_detail():
    from coprogetta.agreements.models import BudgetLine
    from coprogetta.documents.exports_table import line_detail

    with translation.override("en"):
        assert line_detail(BudgetLine(unit_amount=Decimal("26736.87"), quantity=Decimal("11"),
                                      unit="month")) == "€ 26.736,87 × 11 months"
        assert line_detail(BudgetLine(unit_amount=Decimal("26.25"), quantity=Decimal("1"),
                                      unit="hour", vat_included=True)) == "€ 26,25 × 1 hour, VAT included"
        assert line_detail(BudgetLine(unit_amount=Decimal("9.50"), quantity=Decimal("7.5"),
                                      unit="hour")) == "€ 9,50 × 7,50 hours"
        assert line_detail(BudgetLine(unit_amount=Decimal("100"), quantity=Decimal("1.5"),
                                      unit="month")) == "€ 100,00 × 1,50 months"
        assert line_detail(BudgetLine(unit_amount=Decimal("62280"), quantity=Decimal("1"),
                                      unit="lump_sum")) == "lump sum"
    with translation.override("it"):
        assert line_detail(BudgetLine(unit_amount=Decimal("100"), quantity=Decimal("1.5"),
                                      unit="month")) == "€ 100,00 × 1,50 mesi"
        assert line_detail(BudgetLine(unit_amount=Decimal("100"), quantity=Decimal("1"),
                                      unit="month")) == "€ 100,00 × 1 mese"
        assert line_detail(BudgetLine(unit_amount=Decimal("100"), quantity=Decimal("0.5"),
                                      unit="week")) == "€ 100,00 × 0,50 settimane"
