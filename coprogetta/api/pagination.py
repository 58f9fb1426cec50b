"""Lists come in pages: ``?limit=`` (at most 100) and ``?offset=``."""

from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 100
