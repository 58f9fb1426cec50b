"""Pages of negotiation versions: who sees and does what, the side-by-side diff, the download."""

import hashlib
from decimal import Decimal

import pytest
from django.urls import reverse

from coprogetta.agreements import version_services as services
from coprogetta.agreements.models import NegotiationVersion
from coprogetta.documents.demo import demo_load
from coprogetta.documents.demo.monitoring_2016 import demo_monitoring_load
from coprogetta.documents.demo.versions import LABEL_2015, LABEL_2016, demo_versions_load
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


@pytest.fixture
def versioned(world):
    """The world's agreement with one area and one approved version."""
    area = f.AreaFactory(agreement=world.agreement, number=1, title="Infanzia")
    f.ActionFactory(area=area, kind="consolidation", number=1, title="Asilo nido",
                    schedule_text="Gennaio-Dicembre 2016")
    f.BudgetLineFactory(agreement=world.agreement, area=area, description="Nido: corrispettivo mensile",
                        unit_amount=Decimal("26736.87"), quantity=Decimal("11"), unit="month", vat_rate="4")
    version = services.version_freeze(user=world.owner, agreement=world.agreement, label="Negoziazione 2015")
    services.version_approve(user=world.owner, version=version)
    world.version = version
    return world


def pages(world):
    pk, item = world.agreement.pk, world.version.pk
    return [
        url("version_list", pk), url("version_freeze", pk), url("version_detail", pk, item),
        url("version_approve", pk, item), url("version_diff", pk), url("version_download", pk, item),
    ]


def test_anonymous_and_outsiders_see_nothing(versioned, client):
    outsider = versioned.client_for(versioned.outsider)
    for page in pages(versioned):
        assert client.get(page).status_code == 302
        assert outsider.get(page).status_code == 404, page
        assert outsider.post(page, {"label": "x"}).status_code in {404, 405}, page
    assert NegotiationVersion.objects.count() == 1


def test_the_owner_reaches_every_page(versioned):
    owner = versioned.client_for(versioned.owner)
    for page in pages(versioned):
        assert owner.get(page).status_code == 200, page


def test_readers_read_but_neither_freeze_nor_approve(versioned):
    reader = versioned.client_for(versioned.reader)
    pk, item = versioned.agreement.pk, versioned.version.pk
    for name, args in (("version_list", [pk]), ("version_detail", [pk, item]), ("version_diff", [pk]),
                       ("version_download", [pk, item])):
        assert reader.get(url(name, *args)).status_code == 200
    page = reader.get(url("version_list", pk)).content.decode()
    assert 'id="freeze-link"' not in page
    assert reader.get(url("version_freeze", pk)).status_code == 403
    assert reader.post(url("version_freeze", pk), {"label": "x"}).status_code == 403
    assert reader.post(url("version_approve", pk, item)).status_code == 403
    assert NegotiationVersion.objects.count() == 1


def test_the_consortium_freezes_and_only_the_municipality_approves(versioned):
    member = versioned.client_for(versioned.member)
    pk = versioned.agreement.pk
    versioned.agreement.areas.get().actions.update(title="Asilo nido comunale")
    response = member.post(url("version_freeze", pk), {"label": "Aggiornamento 2016", "note": "Nuovo titolo"})
    second = NegotiationVersion.objects.get(number=2)
    assert response.status_code == 302
    assert member.get(url("version_approve", pk, second.pk)).status_code == 403
    assert member.post(url("version_approve", pk, second.pk)).status_code == 403

    owner = versioned.client_for(versioned.owner)
    page = owner.get(url("version_approve", pk, second.pk)).content.decode()
    assert "Approve this version as the negotiated text" in page
    response = owner.post(url("version_approve", pk, second.pk))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == NegotiationVersion.Status.APPROVED
    page = owner.get(url("version_approve", pk, second.pk)).content.decode()
    assert 'id="already-approved"' in page


def test_freeze_form_errors_keep_the_input(versioned):
    owner = versioned.client_for(versioned.owner)
    pk = versioned.agreement.pk
    response = owner.post(url("version_freeze", pk), {"label": "", "note": "da rivedere"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="form-errors"' in html and "da rivedere" in html
    response = owner.post(url("version_freeze", pk), {"label": "Di nuovo"})
    assert response.status_code == 200
    assert "Nothing has changed since version 1" in response.content.decode()
    assert NegotiationVersion.objects.count() == 1


def test_detail_shows_the_hash_and_the_integrity(versioned):
    owner = versioned.client_for(versioned.owner)
    html = owner.get(url("version_detail", versioned.agreement.pk, versioned.version.pk)).content.decode()
    assert versioned.version.sha256 in html
    assert 'id="integrity-ok"' in html and "Integrity verified:" in html
    assert "read-only: an amendment is frozen as a new version" in html
    assert "€ 305.869,79" in html  # the nursery line, gross


def test_download_is_the_canonical_json_with_the_versions_hash(versioned):
    owner = versioned.client_for(versioned.owner)
    response = owner.get(url("version_download", versioned.agreement.pk, versioned.version.pk))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="accordo-{versioned.agreement.pk}-versione-1.json"'
    )
    assert hashlib.sha256(response.content).hexdigest() == versioned.version.sha256


def test_a_version_of_another_agreement_is_404(versioned):
    other = f.AgreementFactory()
    f.PartyFactory(agreement=other, organization=versioned.municipality, role="public_body")
    owner = versioned.client_for(versioned.owner)
    item = versioned.version.pk
    assert owner.get(url("version_detail", other.pk, item)).status_code == 404
    assert owner.get(url("version_download", other.pk, item)).status_code == 404
    assert owner.get(url("version_diff", other.pk) + f"?da={item}&a=live").status_code == 404
    assert owner.get(url("version_diff", versioned.agreement.pk) + "?da=x&a=live").status_code == 404


def test_without_versions_the_compare_page_says_so(world):
    owner = world.client_for(world.owner)
    html = owner.get(url("version_diff", world.agreement.pk)).content.decode()
    assert 'id="no-versions"' in html
    html = owner.get(url("version_list", world.agreement.pk)).content.decode()
    assert 'id="no-versions"' in html and "Freeze the first version" in html


def test_the_diff_with_the_live_data(versioned):
    pk = versioned.agreement.pk
    line = versioned.agreement.budget_lines.get()
    line.unit_amount = Decimal("27000.00")
    line.save()
    owner = versioned.client_for(versioned.owner)

    html = owner.get(url("version_diff", pk)).content.decode()  # default: approved → live

    assert "Version 1 – Negoziazione 2015 (approved)" in html and "Current data" in html
    assert "1 difference" in html
    assert "€ 26.736,87" in html and "€ 27.000,00" in html
    assert "+ € 263,13" in html  # the unit amount
    assert "+ € 3.010,21" in html  # gross: 308.880,00 (297.000,00 + 4 % VAT) − 305.869,79
    page = owner.get(url("version_list", pk)).content.decode()
    assert 'id="live-differs"' in page


def _add_versions(world, numbers):
    for number in numbers:
        NegotiationVersion.objects.create(
            agreement=world.agreement, number=number, label=f"V{number}", document={"n": number},
            sha256="0" * 64, frozen_by=world.owner, frozen_at="2016-01-01T10:00:00Z",
            status="approved" if number == 1 else "frozen",
            approved_at="2016-01-02T10:00:00Z" if number == 1 else None, approved_by=world.owner,
        )


def test_list_and_compare_queries_stay_the_same_with_2_and_30_versions(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    f.ActionFactory(area=f.AreaFactory(agreement=world.agreement, number=1))
    owner = world.client_for(world.owner)
    pages = [url("version_list", world.agreement.pk), url("version_diff", world.agreement.pk)]

    def queries():
        counts = []
        for page in pages:
            with CaptureQueriesContext(connection) as captured:
                assert owner.get(page).status_code == 200
            counts.append(len(captured))
        return counts

    _add_versions(world, range(1, 3))
    with django_assert_max_num_queries(40):
        with_two = queries()
    _add_versions(world, range(3, 31))
    with_thirty = queries()
    assert with_two == with_thirty
    assert owner.get(pages[0]).content.decode().count("<tr>") == 30 + 1


def test_the_demo_versions_and_their_diff():
    agreement = demo_load(password="demo-password").agreement
    demo_monitoring_load(agreement)

    result = demo_versions_load(agreement)

    assert result.created
    first, second = result.versions
    assert (first.number, first.label, first.status) == (1, LABEL_2015, "approved")
    assert (second.number, second.label, second.status) == (2, LABEL_2016, "approved")
    assert first.frozen_by.username == "funzionario" and second.approved_by.username == "funzionario"
    again = demo_versions_load(agreement)
    assert not again.created and [v.pk for v in again.versions] == [first.pk, second.pk]

    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="consigliere"))  # a reader
    client.cookies["django_language"] = "en"
    html = client.get(url("version_diff", agreement.pk) + f"?da={first.pk}&a={second.pk}").content.decode()

    assert "7 differences" in html  # the title, 2 actions in and out, a schedule, a fee, 2 contributions
    assert "Progetti condivisi di continuità Nido-Materna" in html  # added in 2016
    assert "Censimento delle imprese del territorio disponibili ad accogliere tirocini" in html  # removed
    assert "<strong>Added</strong>" in html and "<strong>Removed</strong>" in html
    assert "<strong>Changed</strong>" in html
    assert "nel mese di luglio" in html and "nel mese di giugno" in html
    assert "01/07/2016–31/07/2016" in html and "01/06/2016–30/06/2016" in html
    assert "€ 26.120,00" in html and "€ 26.736,87" in html and "+ € 616,87" in html
    assert "+ € 7.056,99" in html  # the nursery line, gross
    assert "€ 1.200,00" in html and "+ € 300,00" in html  # the gambling-help desk
    assert "Tranches" not in html or "Payment tranches" in html
    html = client.get(url("version_diff", agreement.pk) + f"?da={second.pk}&a=live").content.decode()
    assert 'id="no-differences"' in html
