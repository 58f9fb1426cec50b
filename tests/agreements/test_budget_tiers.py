"""Fee tiers by number of enrolled children: "21–26: € 22.909,58 a month", "below 20: renegotiate"."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements.budget_services import fee_tier_create
from coprogetta.agreements.models import FeeTier
from coprogetta.agreements.selectors import agreement_detail, economic_summary
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


@pytest.fixture
def line(world):
    area = f.AreaFactory(agreement=world.agreement, number=1)
    return f.BudgetLineFactory(
        agreement=world.agreement, area=area, unit_amount=Decimal("26736.87"), quantity=Decimal("11")
    )


def area_html(world):
    agreement = agreement_detail(world.owner, world.agreement.pk)
    area_summary = economic_summary(agreement).areas[0]
    return render_to_string(
        "agreements/budget/_area_money.html",
        {"area_summary": area_summary, "agreement": agreement, "can_edit": False},
    )


def test_tiers_of_the_sample(world, line):
    client = world.client_for(world.owner)
    create = url("feetier_create", world.agreement.pk, line.pk)
    for data in (
        {"min_count": "21", "max_count": "26", "consequence": "amount", "unit_amount": "22.909,58"},
        {"min_count": "20", "max_count": "20", "consequence": "amount", "unit_amount": "19.304,08"},
        {"min_count": "0", "max_count": "19", "consequence": "renegotiate"},
    ):
        response = client.post(create, data)
        assert response.status_code == 302, response.context["form"].errors
        assert response["Location"] == url("area_detail", world.agreement.pk, line.area_id)

    assert FeeTier.objects.filter(budget_line=line).count() == 3
    assert AuditEntry.objects.filter(object_type="agreements.feetier", action="create").count() == 3
    html = area_html(world)
    assert "21–26 enrolled: € 22.909,58 / month" in html
    assert "20 enrolled: € 19.304,08 / month" in html
    assert "below 20 enrolled: to be renegotiated" in html


def test_tier_labels_agree_with_their_count_and_links_say_what_they_act_on(world, line):
    f.FeeTierFactory(budget_line=line, min_count=1, max_count=1, unit_amount=Decimal("10.00"))
    f.FeeTierFactory(budget_line=line, min_count=2, max_count=2, unit_amount=Decimal("20.00"))
    f.FeeTierFactory(budget_line=line, min_count=3, max_count=None, unit_amount=None, renegotiate=True)
    agreement = agreement_detail(world.owner, world.agreement.pk)
    context = {"area_summary": economic_summary(agreement).areas[0], "agreement": agreement, "can_edit": True}
    with translation.override("en"):
        html = render_to_string("agreements/budget/_area_money.html", context)
    assert "1 enrolled: € 10,00 / month" in html and "2 enrolled: € 20,00 / month" in html
    assert f'<span class="visually-hidden">Add a fee tier to {line.description}</span>' in html
    assert '<span class="visually-hidden">Edit the fee tier 1</span>' in html
    assert '<span class="visually-hidden">Delete the fee tier ≥ 3</span>' in html
    with translation.override("it"):
        html = render_to_string("agreements/budget/_area_money.html", context)
    assert "1 iscritto: € 10,00 / mese" in html and "2 iscritti: € 20,00 / mese" in html
    assert "3 o più iscritti: da rimodulare" in html
    assert '<span class="visually-hidden">Modifica la fascia di corrispettivo 2</span>' in html


def test_form_page_names_the_line(world, line):
    response = world.client_for(world.owner).get(url("feetier_create", world.agreement.pk, line.pk))
    html = response.content.decode()
    assert "Corrispettivo mensile" in html
    assert "<fieldset" in html and "<legend" in html


def test_overlapping_tiers_are_refused_naming_both_ranges(world, line):
    f.FeeTierFactory(budget_line=line, min_count=21, max_count=26, unit_amount=Decimal("22909.58"))
    client = world.client_for(world.owner)
    response = client.post(
        url("feetier_create", world.agreement.pk, line.pk),
        {"min_count": "25", "max_count": "", "consequence": "amount", "unit_amount": "25.000"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The range ≥ 25 overlaps the range 21–26 already set on this line." in html
    assert FeeTier.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_the_same_tier_on_another_line_does_not_overlap(world, line):
    other_line = f.BudgetLineFactory(agreement=world.agreement)
    f.FeeTierFactory(budget_line=other_line, min_count=21, max_count=26)
    response = world.client_for(world.owner).post(
        url("feetier_create", world.agreement.pk, line.pk),
        {"min_count": "21", "max_count": "26", "consequence": "amount", "unit_amount": "900"},
    )
    assert response.status_code == 302


def test_a_tier_does_not_overlap_itself_when_edited(world, line):
    tier = f.FeeTierFactory(budget_line=line, min_count=21, max_count=26, unit_amount=Decimal("22909.58"))
    f.FeeTierFactory(budget_line=line, min_count=0, max_count=19, unit_amount=None, renegotiate=True)
    client = world.client_for(world.owner)
    page = client.get(url("feetier_edit", world.agreement.pk, tier.pk)).content.decode()
    assert 'value="22.909,58"' in page
    assert 'value="amount" id="id_consequence_0" required checked' in page

    response = client.post(
        url("feetier_edit", world.agreement.pk, tier.pk),
        {"min_count": "20", "max_count": "26", "consequence": "amount", "unit_amount": "22.909,58"},
    )
    assert response.status_code == 302
    tier.refresh_from_db()
    assert tier.min_count == 20
    assert AuditEntry.objects.get(action="update").changes == {"min_count": [21, 20], "version": [1, 2]}

    response = client.post(
        url("feetier_edit", world.agreement.pk, tier.pk),
        {"min_count": "15", "max_count": "26", "consequence": "amount", "unit_amount": "22.909,58"},
    )
    assert "The range 15–26 overlaps the range 0–19" in response.content.decode()
    tier.refresh_from_db()
    assert tier.min_count == 20


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"min_count": "21", "max_count": "26", "consequence": "amount"}, "unit_amount",
         "Enter the unit amount that applies in this range."),
        ({"min_count": "0", "max_count": "19", "consequence": "renegotiate", "unit_amount": "10"},
         "unit_amount", "Leave the amount empty"),
        ({"min_count": "26", "max_count": "21", "consequence": "amount", "unit_amount": "10"},
         "max_count", "below its lower end"),
        ({"min_count": "-1", "consequence": "renegotiate"}, "min_count", ""),
        ({"min_count": "21", "consequence": "perhaps"}, "consequence", ""),
        ({"min_count": "21", "consequence": "amount", "unit_amount": "-3"}, "unit_amount", ""),
        ({"min_count": "tanti", "consequence": "renegotiate"}, "min_count", ""),
    ],
)
def test_bad_tiers_are_refused(world, line, data, field, message):
    response = world.client_for(world.owner).post(url("feetier_create", world.agreement.pk, line.pk), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not FeeTier.objects.exists()


def test_tiers_already_wrong_on_the_line_are_named(world, line):
    """Tiers saved before the checks (or by hand) that overlap, or a bad amount, are named in words."""
    f.FeeTierFactory(budget_line=line, min_count=0, max_count=10)
    f.FeeTierFactory(budget_line=line, min_count=5, max_count=12)
    tier = {"user": world.owner, "line": line, "min_count": 30, "max_count": None, "renegotiate": False}
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        fee_tier_create(**tier, unit_amount=Decimal("10.00"))
    assert caught.value.messages == [
        "The ranges 0–10 and 5–12 already set on this line overlap: correct one of them."
    ]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        fee_tier_create(**tier, unit_amount=Decimal("10.001"))
    assert caught.value.message_dict == {"unit_amount": [
        "Enter an amount of zero or more, with at most two decimals, up to € 99.999.999.999,99."
    ]}
    assert FeeTier.objects.count() == 2


def test_delete_removes_the_tier(world, line):
    tier = f.FeeTierFactory(budget_line=line)
    client = world.client_for(world.owner)
    assert client.get(url("feetier_delete", world.agreement.pk, tier.pk)).status_code == 200
    response = client.post(url("feetier_delete", world.agreement.pk, tier.pk))
    assert response.status_code == 302
    assert not FeeTier.objects.exists()
    assert AuditEntry.objects.get(action="delete").object_type == "agreements.feetier"


def test_another_agreements_line_is_not_found(world):
    foreign_line = f.BudgetLineFactory()
    response = world.client_for(world.owner).post(
        url("feetier_create", world.agreement.pk, foreign_line.pk),
        {"min_count": "21", "consequence": "renegotiate"},
    )
    assert response.status_code == 404
    assert not FeeTier.objects.exists()
