"""The "Storico" pages: an agreement's history, one object's (also once deleted), an
organisation's, and the administrators' security events."""

import re
from datetime import UTC, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.accounts.services import organization_update
from coprogetta.agreements.models import BudgetLine
from coprogetta.agreements.services import area_create, area_delete, area_update
from tests import factories as f

pytestmark = pytest.mark.django_db


def _history(world):
    return reverse("history:agreement", args=[world.agreement.pk])


def _rows(page: str) -> list[str]:
    body = page.split('<table class="table table-sm" id="history">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>\s*<td.*?</tr>", body, re.S)


@pytest.fixture
def area(world):
    with mock.patch("django.utils.timezone.now", return_value=datetime(2016, 1, 10, 8, 30, tzinfo=UTC)):
        area = area_create(user=world.owner, agreement=world.agreement, number=1, title="Prima infanzia")
    with mock.patch("django.utils.timezone.now", return_value=datetime(2016, 1, 11, 16, 5, tzinfo=UTC)):
        area_update(user=world.member, area=area, title="Prima infanzia e famiglie")
    return area


def test_the_agreement_history_shows_each_change_newest_first(world, area):
    page = world.client_for(world.reader).get(_history(world))
    assert page.status_code == 200
    rows = _rows(page.content.decode())
    assert len(rows) == 2
    changed, created = rows
    # when: local time (Rome, UTC+1 in January), UTC in the title and the datetime attribute
    assert ('<time datetime="2016-01-11T16:05:00Z" title="11/01/2016 16:05:00 UTC">'
            "11/01/2016 17:05:00</time>") in changed
    assert world.member.username in changed and "Consorzio Sul Serio" in changed
    assert "changed" in changed and "Area: " in changed
    # the field's label, the old and the new value
    assert "<dt>Title</dt><dd><del>Prima infanzia</del> → <ins>Prima infanzia e famiglie</ins>" in changed
    assert world.owner.username in created and "Comune di Crema" in created and "created" in created
    assert "<dt>Number</dt><dd>1</dd>" in created
    object_url = reverse("history:object", args=[world.agreement.pk, "agreements.area", area.pk])
    assert object_url in changed


def test_the_navigation_marks_the_history(world, area):
    page = world.client_for(world.owner).get(_history(world)).content.decode()
    assert f'aria-current="page" href="{_history(world)}">History</a>' in page


def test_values_are_shown_as_the_pages_show_them(world):
    from coprogetta.accounts.services import audit_record

    line = f.BudgetLineFactory(agreement=world.agreement)
    audit_record(
        user=world.owner, action="update", obj=line, agreement_id=world.agreement.pk,
        before={"unit_amount": "1200.50", "unit": "month", "vat_included": False},
        after={"unit_amount": "26736.87", "unit": "lump_sum", "vat_included": True},
    )
    page = world.client_for(world.owner).get(_history(world)).content.decode()
    unit = BudgetLine._meta.get_field("unit")
    assert "<del>1.200,50</del> → <ins>26.736,87</ins>" in page
    assert f"<del>{dict(unit.flatchoices)['month']}</del>" in page
    assert "<del>no</del> → <ins>yes</ins>" in page


def test_the_history_is_filtered_by_kind_of_object(world, area):
    f.BudgetLineFactory(agreement=world.agreement)
    organization_update(user=world.owner, organization=world.municipality, name="Comune di Crema (CR)")
    client = world.client_for(world.owner)
    page = client.get(_history(world)).content.decode()
    assert '<option value="agreements.area">Area</option>' in page
    filtered = client.get(_history(world), {"tipo": "agreements.area"}).content.decode()
    assert '<option value="agreements.area" selected>' in filtered and len(_rows(filtered)) == 2
    # an unknown kind shows everything (the agreement's rows only: not the organisation's)
    everything = client.get(_history(world), {"tipo": "nonsense"}).content.decode()
    assert len(_rows(everything)) == 2 and "Comune di Crema (CR)" not in everything


def test_a_deleted_objects_history_stays(world, area):
    area_id = area.pk
    area_delete(user=world.owner, area=area)
    url = reverse("history:object", args=[world.agreement.pk, "agreements.area", area_id])
    page = world.client_for(world.reader).get(url)
    assert page.status_code == 200
    rows = _rows(page.content.decode())
    assert [("deleted" in r, "changed" in r, "created" in r) for r in rows] == [
        (True, False, False), (False, True, False), (False, False, True)]
    assert "<del>Prima infanzia e famiglie</del>" in rows[0]
    assert "Prima infanzia e famiglie" in page.content.decode().split("<h1", 1)[1].split("</h1>")[0]


def test_an_object_of_another_agreement_is_not_shown_through_this_one(world):
    other = f.AgreementFactory(title="Altro accordo")
    f.PartyFactory(agreement=other, organization=world.municipality)
    area = area_create(user=world.owner, agreement=other, number=1, title="Segreto altrove")
    url = reverse("history:object", args=[world.agreement.pk, "agreements.area", area.pk])
    page = world.client_for(world.owner).get(url)
    assert page.status_code == 200 and "Segreto altrove" not in page.content.decode()
    assert 'id="no-history"' in page.content.decode()


def test_an_unknown_kind_is_404(world):
    url = reverse("history:object", args=[world.agreement.pk, "nothing.here", 1])
    assert world.client_for(world.owner).get(url).status_code == 404


def test_another_organisation_gets_404(world, area):
    client = world.client_for(world.outsider)
    assert client.get(_history(world)).status_code == 404
    url = reverse("history:object", args=[world.agreement.pk, "agreements.area", area.pk])
    assert client.get(url).status_code == 404


def test_the_history_is_paginated_by_50(world):
    from coprogetta.accounts.services import audit_record

    AuditEntry.objects.bulk_create([
        AuditEntry(action="update", object_type="agreements.agreement", object_id=str(world.agreement.pk),
                   object_repr=f"modifica {n}", agreement_id=world.agreement.pk, username="tester")
        for n in range(120)
    ])
    audit_record(user=world.owner, action="update", obj=world.agreement, agreement_id=world.agreement.pk)
    client = world.client_for(world.owner)
    first = client.get(_history(world)).content.decode()
    assert len(_rows(first)) == 50 and "Page 1 of 3" in first
    last = client.get(_history(world), {"pagina": 3}).content.decode()
    assert len(_rows(last)) == 21


def test_the_query_count_does_not_grow_with_the_rows(world, django_assert_max_num_queries):
    client = world.client_for(world.reader)

    def add(count):
        AuditEntry.objects.bulk_create([
            AuditEntry(action="update", object_type="agreements.area", object_id=str(n),
                       object_repr=f"ambito {n}", agreement_id=world.agreement.pk,
                       changes={"title": ["a", "b"], "number": [1, 2]})
            for n in range(count)
        ])

    add(3)
    client.get(_history(world))  # the session and the language are read once
    with django_assert_max_num_queries(8):
        assert client.get(_history(world)).status_code == 200
    add(200)
    with django_assert_max_num_queries(8):
        assert client.get(_history(world)).status_code == 200
    with django_assert_max_num_queries(8):
        url = reverse("history:object", args=[world.agreement.pk, "agreements.area", 1])
        assert client.get(url).status_code == 200


def test_the_edit_pages_link_to_the_objects_history(world, area):
    client = world.client_for(world.owner)
    page = client.get(reverse("agreements:area_edit", args=[world.agreement.pk, area.pk])).content.decode()
    assert reverse("history:object", args=[world.agreement.pk, "agreements.area", area.pk]) in page
    page = client.get(reverse("agreements:edit", args=[world.agreement.pk])).content.decode()
    pk = world.agreement.pk
    assert reverse("history:object", args=[pk, "agreements.agreement", pk]) in page
    page = client.get(reverse("agreements:area_create", args=[world.agreement.pk])).content.decode()
    assert "/storico/" not in page.split('<main', 1)[1].split("agreement-subnav", 1)[0]


def test_the_organisation_history(world):
    organization_update(user=world.owner, organization=world.municipality, tax_code="00743110157")
    client = world.client_for(world.member)  # a partner of the agreement sees the organisation
    url = reverse("accounts:organization_history", args=[world.municipality.pk])
    page = client.get(url)
    assert page.status_code == 200
    [row] = _rows(page.content.decode())
    assert "Tax code or VAT number" in row and "<ins>00743110157</ins>" in row
    assert world.client_for(world.outsider).get(url).status_code == 404
    listing = world.client_for(world.owner).get(reverse("accounts:organization_list")).content.decode()
    assert url in listing


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("amministratore", "a@example.org", "x")


def test_the_security_page_is_for_superusers(world, superuser, django_assert_max_num_queries):
    Client().post("/accesso/", {"username": "someone", "password": "wrong"})
    refused = world.client_for(world.owner)
    assert refused.get(reverse("history:security")).status_code == 403
    client = Client()
    client.force_login(superuser)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("history:security"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "failed login" in text and "someone" in text
    assert "refused (not allowed)" in text and f"GET {reverse('history:security')}" in text
    only = client.get(reverse("history:security"), {"azione": "login_failed"}).content.decode()
    assert len(_rows(only)) == 1
    AuditEntry.objects.bulk_create([
        AuditEntry(action="login_failed", object_type="auth.user", object_id="", object_repr=f"u{n}",
                   username=f"u{n}", client_address="192.0.2.1")
        for n in range(100)
    ])
    with django_assert_max_num_queries(6):
        assert len(_rows(client.get(reverse("history:security")).content.decode())) == 50
    assert reverse("history:security") in client.get(reverse("accounts:organization_list")).content.decode()


def test_amounts_in_the_changes_are_decimal_strings(world):
    line = f.BudgetLineFactory(agreement=world.agreement, unit_amount=Decimal("10.5"))
    from coprogetta.accounts.services import model_update

    model_update(line, {"unit_amount": Decimal("11")}, fields=["unit_amount"], user=world.owner,
                 agreement_id=world.agreement.pk)
    assert AuditEntry.objects.get(action="update").changes["unit_amount"] == ["10.50", "11.00"]
