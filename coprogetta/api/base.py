"""The shape every API resource shares: reads scoped by the selectors, writes by one service call.

A resource of an agreement lives under ``agreements/<agreement_pk>/``: the agreement is read
with ``agreement_get`` (another organisation's: 404), its records are looked up inside it
(another agreement's: 404), and a write is refused (403) before its body is read unless the
user may write there at all; the service then checks again, and validates.
"""

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreement_get, user_can_edit
from coprogetta.monitoring.selectors import user_can_log

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ApiViewSet(viewsets.GenericViewSet):
    """Output through ``output``; request bodies through ``inputs[action]``."""

    http_method_names = ["get", "post", "put", "delete", "head", "options"]
    model: type[Model]
    output: type[serializers.Serializer]
    inputs: dict[str, type[serializers.Serializer]] = {}

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return self.inputs.get(self.action, self.output)

    def read_input(self) -> dict[str, Any]:
        """The validated body; fields left out take the model's default (a PUT replaces)."""
        serializer = self.get_serializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        for name, field in serializer.fields.items():
            if field.read_only or name in data or name == "version":
                continue
            try:
                model_field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                model_field = None
            concrete = model_field is not None and getattr(model_field, "concrete", False)
            data[name] = model_field.get_default() if concrete else None  # type: ignore[union-attr]
        return data

    def respond(self, obj: Any, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.output(obj, context=self.get_serializer_context()).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            self.output(page, many=True, context=self.get_serializer_context()).data
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.respond(self.get_object())


class AgreementScoped(ApiViewSet):
    """Records of the agreement in the URL. ``may_write`` says who may write at all."""

    agreement_path = "agreement"
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    may_write: Callable[[AnyUser, Agreement], bool] = staticmethod(user_can_edit)

    @cached_property
    def agreement(self) -> Agreement:
        return agreement_get(self.request.user, self.kwargs["agreement_pk"])

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False):
            return
        agreement = self.agreement  # 404 first, for another organisation
        if request.method in WRITE_METHODS and not self.may_write(request.user, agreement):
            raise PermissionDenied

    def scoped(self, agreement: Agreement) -> QuerySet[Any]:
        queryset = self.model._default_manager.filter(**{self.agreement_path: agreement})
        if self.related:
            queryset = queryset.select_related(*self.related)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model._default_manager.none()
        return self.scoped(self.agreement)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and "agreement_pk" in self.kwargs:
            context["agreement"] = self.agreement
        return context


class Writable(AgreementScoped):
    """Create, replace and delete, each by one service call."""

    #: Who may replace or delete one record: checked before the body is read, so that a refused
    #: write is 403 whatever it sends (the service checks again).
    may_change: Callable[[AnyUser, Any, Agreement], bool] | None = None

    def get_changeable(self) -> Any:
        obj = self.get_object()
        if self.may_change is not None and not self.may_change(self.request.user, obj, self.agreement):
            raise PermissionDenied
        return obj

    def create_with(self, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def update_with(self, obj: Any, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def delete_with(self, obj: Any) -> None:
        raise NotImplementedError

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.respond(self.create_with(self.read_input()), status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_changeable()
        return self.respond(self.update_with(obj, self.read_input()))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.delete_with(self.get_changeable())
        return Response(status=status.HTTP_204_NO_CONTENT)


#: Who may write hours, counts, expenses and indicator values (operators included).
may_log = staticmethod(user_can_log)
