"""The OpenAPI description: every operation also lists the refusals it may answer with."""

from typing import Any

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()


class ValidationErrorSerializer(serializers.Serializer):
    """Each field with its sentences; errors of the whole object under ``non_field_errors``."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        ref_name = "ValidationErrors"


class AutoSchema(BaseAutoSchema):
    """401, 403 and 404 everywhere; writes also 400 (and 409 for versioned records)."""

    def get_response_serializers(self) -> Any:
        """What the view answers with: its ``output`` serializer, whatever the request body was."""
        output = getattr(self.view, "output", None)
        if output is not None and self.method != "DELETE":
            return output
        return super().get_response_serializers()

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:  # type: ignore[override]
        responses = super()._get_response_bodies(direction)
        errors: dict[str, Any] = {"401": ErrorSerializer, "403": ErrorSerializer, "404": ErrorSerializer}
        if self.method in {"POST", "PUT", "PATCH", "DELETE"}:
            errors["400"] = ValidationErrorSerializer
            errors["409"] = ConflictSerializer
        if self.method == "GET":
            errors["400"] = ValidationErrorSerializer  # a malformed query parameter
        for code, serializer in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(serializer, code, None, direction)
        return responses


def month_choices() -> list[tuple[int, str]]:
    """The "every N months" choices of an agreement's rhythms, named once in the schema."""
    from coprogetta.agreements.models import Agreement

    return list(Agreement._meta.get_field("monitoring_every_months").choices or [])
