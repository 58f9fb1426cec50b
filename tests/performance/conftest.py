"""Fixtures of the query budgets: the furnished agreement of tests/test_routes.py."""

from tests.test_routes import furnished  # noqa: F401
