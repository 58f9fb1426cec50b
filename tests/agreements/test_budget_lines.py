"""Budget lines through their pages, and the money partials that show them."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements.models import BudgetLine
from coprogetta.agreements.selectors import agreement_detail, economic_summary
from tests import factories as f

pytestmark = pytest.mark.django_db

NURSERY = {
    "description": "Asilo Nido di Via Dante/Pesadori",
    "unit_amount": "26.736,87",
    "quantity": "11",
    "unit": "month",
    "vat_rate": "4",
}


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


def render_partials(world, user=None):
    """The agreement's and each area's money partials, as the agreement page includes them."""
    agreement = agreement_detail(user or world.owner, world.agreement.pk)
    summary = economic_summary(agreement)
    html = render_to_string(
        "agreements/budget/_agreement_money.html",
        {"summary": summary, "agreement": agreement, "can_edit": True},
    )
    for area_summary in summary.areas:
        html += render_to_string(
            "agreements/budget/_area_money.html",
            {"area_summary": area_summary, "agreement": agreement, "can_edit": True},
        )
    return html


@pytest.fixture
def area(world):
    return f.AreaFactory(agreement=world.agreement, number=1, title="Servizi prima infanzia")


def test_nursery_line_of_the_sample(world, area):
    client = world.client_for(world.owner)
    response = client.post(url("budgetline_create", world.agreement.pk), {**NURSERY, "area": area.pk})

    assert response.status_code == 302
    assert response["Location"] == url("area_detail", world.agreement.pk, area.pk)
    line = BudgetLine.objects.get()
    assert (line.unit_amount, line.quantity, line.vat_rate, line.area) == (
        Decimal("26736.87"), Decimal("11"), "4", area,
    )
    entry = AuditEntry.objects.get(object_type="agreements.budgetline")
    assert (entry.action, entry.user, entry.agreement_id) == ("create", world.owner, world.agreement.pk)
    assert entry.changes["unit_amount"] == [None, "26736.87"]

    agreement_html = render_to_string(
        "agreements/budget/_agreement_money.html",
        {
            "summary": economic_summary(agreement_detail(world.owner, world.agreement.pk)),
            "agreement": world.agreement,
            "can_edit": False,
        },
    )
    for figure in ("€ 294.105,57", "€ 11.764,22", "€ 305.869,79"):
        assert figure in agreement_html
    area_html = render_partials(world)
    assert "€ 26.736,87 / month × 11" in area_html
    assert "4 %" in area_html

    page = client.get(response["Location"]).content.decode()
    assert "€ 26.736,87 / month × 11" in page and "€ 305.869,79" in page
    page = client.get(url("detail", world.agreement.pk)).content.decode()
    assert "€ 294.105,57" in page and "€ 11.764,22" in page and "€ 305.869,79" in page


def test_owner_sees_the_form_with_the_area_preselected(world, area, django_assert_max_num_queries):
    client = world.client_for(world.owner)
    with django_assert_max_num_queries(8):
        response = client.get(url("budgetline_create", world.agreement.pk) + f"?area={area.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{area.pk}" selected>' in html
    assert 'for="id_unit_amount"' in html
    assert 'aria-describedby="id_unit_amount_helptext"' in html


def test_consortium_coordinator_may_add_a_line(world):
    response = world.client_for(world.member).post(url("budgetline_create", world.agreement.pk), NURSERY)
    assert response.status_code == 302
    assert response["Location"] == url("detail", world.agreement.pk)
    assert BudgetLine.objects.get().area is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"quantity": "0"}, "quantity", "months greater than zero (0 is not possible)"),
        ({"quantity": "0", "unit": "week"}, "quantity", "weeks greater than zero"),
        ({"quantity": "-2"}, "quantity", "greater than zero"),
        ({"vat_rate": "7"}, "vat_rate", "Choose one of the VAT rates offered."),
        ({"unit_amount": "-5"}, "unit_amount", ""),
        ({"unit_amount": "1.000.000.000.000"}, "unit_amount", ""),
        ({"unit_amount": "99.999.999.999", "quantity": "11"}, "unit_amount", "non-negative amount up to"),
        ({"unit_amount": "12,345"}, "unit_amount", ""),
        ({"unit_amount": "ventisei"}, "unit_amount", "Enter a number"),
        ({"unit_amount": ""}, "unit_amount", ""),
        ({"description": ""}, "description", ""),
        ({"unit": "year"}, "unit", ""),
    ],
)
def test_bad_input_is_refused_with_a_message(world, change, field, message):
    client = world.client_for(world.owner)
    response = client.post(url("budgetline_create", world.agreement.pk), {**NURSERY, **change})

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'class="alert alert-danger"' in html
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert BudgetLine.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_another_agreements_area_is_refused(world):
    foreign_area = f.AreaFactory()
    client = world.client_for(world.owner)
    response = client.post(
        url("budgetline_create", world.agreement.pk), {**NURSERY, "area": foreign_area.pk}
    )
    assert response.status_code == 200
    assert "Choose one of this agreement's areas." in response.context["form"].errors["area"]
    assert BudgetLine.objects.count() == 0


def test_edit_prefills_italian_amounts_and_records_the_change(world, area):
    line = f.BudgetLineFactory(
        agreement=world.agreement, area=area, unit_amount=Decimal("26736.87"), quantity=Decimal("11")
    )
    client = world.client_for(world.owner)
    page = client.get(url("budgetline_edit", world.agreement.pk, line.pk)).content.decode()
    assert 'value="26.736,87"' in page

    response = client.post(
        url("budgetline_edit", world.agreement.pk, line.pk),
        {**NURSERY, "area": area.pk, "unit_amount": "22.909,58", "vat_included": "on"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.unit_amount, line.vat_included) == (Decimal("22909.58"), True)
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes["unit_amount"] == ["26736.87", "22909.58"]
    assert "VAT included" in render_partials(world)


def test_refused_edit_changes_nothing(world):
    line = f.BudgetLineFactory(agreement=world.agreement)
    client = world.client_for(world.owner)
    response = client.post(
        url("budgetline_edit", world.agreement.pk, line.pk), {**NURSERY, "quantity": "0"}
    )
    assert response.status_code == 200
    line.refresh_from_db()
    assert (line.unit_amount, line.quantity, line.description) == (
        Decimal("1000.00"), Decimal("12"), "Corrispettivo mensile",
    )
    assert AuditEntry.objects.count() == 0


def test_delete_asks_then_removes_and_records(world):
    line = f.BudgetLineFactory(agreement=world.agreement)
    tier = f.FeeTierFactory(budget_line=line)
    client = world.client_for(world.owner)
    page = client.get(url("budgetline_delete", world.agreement.pk, line.pk))
    assert page.status_code == 200
    assert "Corrispettivo mensile" in page.content.decode()
    assert BudgetLine.objects.count() == 1

    response = client.post(url("budgetline_delete", world.agreement.pk, line.pk))
    assert response.status_code == 302
    assert not BudgetLine.objects.exists()
    assert not type(tier).objects.exists()
    entry = AuditEntry.objects.get(action="delete")
    assert entry.object_type == "agreements.budgetline"
    assert entry.changes["description"] == ["Corrispettivo mensile", None]


def test_partials_show_edit_links_only_to_editors(world):
    line = f.BudgetLineFactory(agreement=world.agreement)
    agreement = agreement_detail(world.reader, world.agreement.pk)
    summary = economic_summary(agreement)
    context = {"summary": summary, "agreement": agreement, "area_summary": summary.areas[-1]}
    for template in ("_agreement_money.html", "_area_money.html"):
        reader_html = render_to_string(f"agreements/budget/{template}", {**context, "can_edit": False})
        editor_html = render_to_string(f"agreements/budget/{template}", {**context, "can_edit": True})
        assert "/modifica/" not in reader_html and "/nuov" not in reader_html
        assert "/nuov" in editor_html
    assert url("budgetline_edit", world.agreement.pk, line.pk) in editor_html
