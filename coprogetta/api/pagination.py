"""Lists come in pages: ``?limit=`` (1 to 100, default 50) and ``?offset=`` (from 0).

A value that is not such a number is refused (400), not silently replaced by the default.
"""

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request


class Pagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 100

    def _number(self, request: Request, name: str, low: int, high: int | None, default: int) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not (raw.isascii() and raw.isdigit()) or int(raw) < low or (high is not None and int(raw) > high):
            limit = f"from {low} to {high}" if high is not None else f"from {low}"
            raise ValidationError({name: [f"Write a whole number {limit}."]})
        return int(raw)

    def get_limit(self, request: Request) -> int:
        return self._number(request, self.limit_query_param, 1, self.max_limit, self.default_limit)

    def get_offset(self, request: Request) -> int:
        return self._number(request, self.offset_query_param, 0, None, 0)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_limit)
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"].update(minimum=0)
        return parameters
