"""Schemathesis against the API, per role, with all its default checks and 100 examples per operation.

The schema is the committed openapi.yaml (test_schema.py proves it is the code's own); requests
go through the whole WSGI application. The agreement in the path is the world's agreement,
and a record id in the path is, when it is a valid id at all, the seeded record of that kind
about half of the time, so that reads and writes reach real records and their services.

``positive_data_acceptance`` also expects 400: a well-formed body may still break a rule of
the services that a schema cannot say (a tranche plan over the budget, a date outside the
agreement). 5xx is never accepted.
"""

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from .conftest import ROLES

schema = schemathesis.openapi.from_path(settings.BASE_DIR / "openapi.yaml")
schema.app = get_wsgi_application()
schema.config.checks.positive_data_acceptance.expected_statuses = [
    "2xx", "400", "401", "403", "404", "409",
]


@pytest.fixture
def wsgi_in_test_transaction():
    """Requests through the WSGI handler keep the test's connection (as Django's test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(api, wsgi_in_test_transaction):
    return api


def point_at_seeded(case, seeded) -> None:
    """The world's agreement, and a seeded record, where the generated path holds valid ids."""
    params = case.path_parameters or {}
    if isinstance(params.get("agreement_pk"), int):
        params["agreement_pk"] = seeded.agreement.pk
    segment = case.path.split("/")[5] if case.path.count("/") > 6 else None
    if isinstance(params.get("id"), int) and segment in seeded.ids and params["id"] % 2 == 0:
        params["id"] = seeded.ids[segment]


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@hypothesis_settings(
    max_examples=100, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                           HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
def test_api(case, role, seeded):
    point_at_seeded(case, seeded)
    response = case.call_and_validate(headers={"Authorization": f"Bearer {seeded.token(role)}"})
    assert response.status_code < 500
