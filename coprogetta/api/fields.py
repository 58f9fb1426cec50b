"""Request fields that point at another record: only records of the same agreement are found."""

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import serializers

from coprogetta.accounts.models import Organization
from coprogetta.accounts.selectors import organizations_editable_by
from coprogetta.agreements.models import Action, Area, BudgetLine, Contribution, StaffCost
from coprogetta.monitoring.models import Indicator


class AgreementRelatedField(serializers.PrimaryKeyRelatedField):
    """An id among the records of the agreement in the URL; any other id is "does not exist" (400)."""

    model: type[Model]
    path = "agreement"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", self.model._default_manager.none())
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        agreement = self.context.get("agreement")
        if agreement is None:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(**{self.path: agreement})


class AreaField(AgreementRelatedField):
    model = Area


class ActionField(AgreementRelatedField):
    model = Action
    path = "area__agreement"


class BudgetLineField(AgreementRelatedField):
    model = BudgetLine


class ContributionField(AgreementRelatedField):
    model = Contribution


class StaffCostField(AgreementRelatedField):
    model = StaffCost


class IndicatorField(AgreementRelatedField):
    model = Indicator


class PartyOrganizationField(AgreementRelatedField):
    """An organisation that is party to the agreement (e.g. responsible for an action)."""

    model = Organization
    path = "parties__agreement"


class OwnOrganizationField(serializers.PrimaryKeyRelatedField):
    """One of the organisations in which the user may edit agreements."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Organization.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Organization]:
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return organizations_editable_by(request.user)
