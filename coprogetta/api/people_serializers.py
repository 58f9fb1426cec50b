"""Request and response bodies of an agreement's people: narrower roles and assignments."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from rest_framework import serializers

from coprogetta.agreements.models import AgreementRole, Assignment
from coprogetta.agreements.people_selectors import party_people

from . import fields as f
from .serializers import StrictModel


class PartyPersonField(f.AgreementRelatedField):
    """A person with access to the agreement through a party organisation; anyone else's id is
    "does not exist" (400), whether or not they exist."""

    model = get_user_model()

    def get_queryset(self) -> QuerySet[Any]:
        agreement = self.context.get("agreement")
        if agreement is None:
            return self.model._default_manager.none()
        return party_people(agreement)


class AgreementRoleOut(serializers.ModelSerializer):
    class Meta:
        model = AgreementRole
        fields = ["id", "user", "role", "created_at"]


class AgreementRoleIn(StrictModel):
    user = PartyPersonField(help_text="A person who has access through a party organisation.")

    class Meta:
        model = AgreementRole
        fields = ["user", "role"]


class AssignmentOut(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "user", "area", "action", "created_at"]


class AssignmentIn(StrictModel):
    user = PartyPersonField(help_text="An operator of the agreement.")
    area = f.AreaField(required=False, allow_null=True, default=None)
    action = f.ActionField(required=False, allow_null=True, default=None)

    class Meta:
        model = Assignment
        fields = ["user", "area", "action"]
