"""Factories for test data (factory_boy)."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from coprogetta.accounts.models import Membership, Organization
from coprogetta.agreements import models as m

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organizzazione {n}")
    kind = Organization.Kind.COOPERATIVE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.OFFICER


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Agreement

    title = factory.Sequence(lambda n: f"Accordo {n}")
    kind = m.Agreement.Kind.CODESIGN
    status = m.Agreement.Status.ACTIVE
    start_date = date(2016, 1, 1)
    end_date = date(2016, 12, 31)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Party

    agreement = factory.SubFactory(AgreementFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = m.Party.Role.PUBLIC_BODY


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Area

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Ambito {n + 1}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Action

    area = factory.SubFactory(AreaFactory)
    kind = m.Action.Kind.DEVELOPMENT
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Azione {n + 1}")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.BudgetLine

    agreement = factory.SubFactory(AgreementFactory)
    description = "Corrispettivo mensile"
    unit_amount = Decimal("1000.00")
    quantity = Decimal("12")
    unit = m.BudgetLine.Unit.MONTH
    vat_rate = m.VatRate.FOUR


class FeeTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.FeeTier

    budget_line = factory.SubFactory(BudgetLineFactory)
    min_count = 21
    max_count = 26
    unit_amount = Decimal("900.00")


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Contribution

    agreement = factory.SubFactory(AgreementFactory)
    description = "Risorse del Consorzio"
    amount = Decimal("500.00")


class PaymentTrancheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PaymentTranche

    agreement = factory.SubFactory(AgreementFactory)
    due_date = date(2016, 6, 30)
    percent = Decimal("50")


class StaffCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.StaffCost

    agreement = factory.SubFactory(AgreementFactory)
    role = "Educatore"
    hourly_rate = Decimal("26.25")
    vat_included = True
    vat_rate = m.VatRate.FIVE
    hours = Decimal("76")


def assigned_operator(organization, agreement, *, area=None, action=None, user=None):
    """An operator of ``organization`` (or ``user`` made one) assigned to ``area`` or ``action``
    of ``agreement`` (``agreements.Assignment``: operators write only on what they are assigned)."""
    if user is None:
        user = MembershipFactory(organization=organization, role=Membership.Role.OPERATOR).user
    m.Assignment.objects.create(agreement=agreement, user=user, area=area, action=action)
    return user
