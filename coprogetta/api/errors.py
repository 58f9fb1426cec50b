"""Refusals as JSON: a service's ValidationError is 400 with field errors, a stale edit 409;
refused requests (403, 429) and refused tokens are written to the audit trail."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from coprogetta.accounts.audit import record_failed_token, record_refusal
from coprogetta.accounts.services import EditConflict


def validation_body(error: ValidationError) -> dict[str, list[str]]:
    """``{"field": ["sentence", ...]}``; errors of the whole object under ``non_field_errors``."""
    if hasattr(error, "error_dict"):
        body: dict[str, list[str]] = {}
        for field, messages in error.message_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
            body.setdefault(key, []).extend(str(m) for m in messages)
        return body
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in error.messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the services' refusals."""
    if isinstance(exc, EditConflict):
        return Response(
            {"detail": " ".join(str(m) for m in exc.messages), "current_version": exc.current_version},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, ValidationError):
        return Response(validation_body(exc), status=status.HTTP_400_BAD_REQUEST)
    request = context.get("request")
    if request is not None:  # the audit trail's security events (never the token itself)
        if isinstance(exc, PermissionDenied | exceptions.PermissionDenied | exceptions.Throttled):
            status_code = 429 if isinstance(exc, exceptions.Throttled) else 403
            record_refusal(request._request, status_code, user=request.user)
        elif isinstance(exc, exceptions.AuthenticationFailed):
            record_failed_token(request._request)
    return drf_exception_handler(exc, context)
