"""``coprogetta generate``: the synthetic dataset written to the database."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from coprogetta.accounts.models import Organization
from coprogetta.agreements.access import access_for
from coprogetta.agreements.models import Action, Agreement, Area, BudgetLine, PaymentTranche
from coprogetta.agreements.selectors import economic_summary
from coprogetta.lib import money, synthetic
from coprogetta.monitoring.models import ActionProgress, EnrolmentCount, TimeEntry
from coprogetta.territory.models import Activity, Resource
from tests import factories as f

pytestmark = pytest.mark.django_db


def generate(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("generate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot() -> list[tuple]:
    return list(Action.objects.order_by("area__agreement__title", "area__number", "kind", "number")
                .values_list("area__agreement__title", "area__number", "kind", "number", "title",
                             "status", "progress", "schedule"))

@pytest.fixture(autouse=True)
def english():
    """The services' and the command's messages are read by their English ids."""
    with translation.override("en"):
        yield



def test_scale_one_is_one_district_of_the_demo_shape():
    out, err = generate("--scale", "1", "--seed", "1")
    plan = synthetic.district(1, 0)
    size = synthetic.sizes(plan)
    assert Agreement.objects.count() == 10
    assert Area.objects.count() == 50
    assert Action.objects.count() == size.actions
    assert TimeEntry.objects.count() == size.time_entries
    assert Resource.objects.count() == size.resources
    assert Organization.objects.count() == size.organizations
    assert EnrolmentCount.objects.exists() and ActionProgress.objects.exists()
    assert Activity.resources.through.objects.exists()
    assert "time entries" in err and "100.0%" in err and "rows/s" in err
    for role in synthetic.ROLES:
        assert synthetic.username(0, role) in out


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    generate("--scale", "1", "--seed", "5")
    first = snapshot()
    generate("--scale", "1", "--seed", "5", "--force")
    assert snapshot() == first
    generate("--scale", "1", "--seed", "6", "--force")
    assert snapshot() != first


def test_generated_data_keeps_the_invariants():
    generate("--scale", "1", "--seed", "2")
    for agreement in Agreement.objects.all():
        summary = economic_summary(agreement)
        rows = summary.tranche_rows
        assert rows and sum(row.amount for row in rows) == summary.payable
        assert not TimeEntry.objects.filter(agreement=agreement, date__lt=agreement.start_date).exists()
        assert not TimeEntry.objects.filter(agreement=agreement, date__gt=agreement.end_date).exists()
    for line in BudgetLine.objects.filter(unit="month"):
        money.check_tiers([t.as_tier() for t in line.fee_tiers.all()])
    assert PaymentTranche.objects.filter(status="paid").exists()
    for obj in Action.objects.all()[:20]:
        obj.full_clean()


def test_each_role_sees_its_district():
    generate("--scale", "2", "--seed", "3")
    lead = synthetic.district(3, 0).lead
    agreement = Agreement.objects.filter(parties__organization__tax_code=lead.tax_code).first()
    User = get_user_model()
    officer = User.objects.get(username=synthetic.username(0, "officer"))
    other = User.objects.get(username=synthetic.username(1, "officer"))
    assert access_for(officer, agreement).can_approve
    assert access_for(User.objects.get(username=synthetic.username(0, "coordinator")), agreement).can_edit
    operator = User.objects.get(username=synthetic.username(0, "operator"))
    assert access_for(operator, agreement).is_operator and access_for(operator, agreement).has_assignments
    assert not access_for(User.objects.get(username=synthetic.username(0, "reader")), agreement).can_edit
    assert not access_for(other, agreement).can_read
    assert not officer.has_usable_password()


def test_pages_open_on_generated_data(client):
    generate("--scale", "1", "--seed", "4", "--password", "segreta-lunga-2026")
    officer = get_user_model().objects.get(username=synthetic.username(0, "officer"))
    assert officer.check_password("segreta-lunga-2026")
    client.force_login(officer)
    agreement = Agreement.objects.first()
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 200
    assert client.get(reverse("agreements:list")).status_code == 200


def test_a_database_with_generated_data_is_refused_unless_append_or_force():
    generate("--scale", "1")
    with pytest.raises(CommandError, match="--append.*--force"):
        generate("--scale", "1")
    out, _ = generate("--scale", "2", "--append")
    assert Agreement.objects.count() == 30
    assert synthetic.username(1, "officer") in out
    _, err = generate("--scale", "1", "--force")
    assert "Deleting" in err
    assert Agreement.objects.count() == 10


def test_force_leaves_data_that_was_not_generated():
    kept = f.AgreementFactory()
    generate("--scale", "1")
    generate("--scale", "1", "--force")
    assert Agreement.objects.filter(pk=kept.pk).exists()
    assert Agreement.objects.count() == 11


@pytest.mark.parametrize("args", [("--scale", "0"), ("--scale", "1", "--batch", "0")])
def test_bad_arguments_are_refused(args):
    with pytest.raises(CommandError):
        generate(*args)
