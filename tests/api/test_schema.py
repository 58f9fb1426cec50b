"""The committed OpenAPI schema (openapi.yaml) is the one the code generates, and it is served."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.BASE_DIR) / "openapi.yaml"


def generated(tmp_path: Path) -> str:
    out = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "en", "--validate", "--fail-on-warn", "--file", str(out))
    return out.read_text()


#: Integer bounds come from the database backend's column ranges (SQLite and PostgreSQL
#: differ): they are left out of the comparison, everything else must match.
BOUNDS = re.compile(r"^\s*(?:maximum: -?\d+|minimum: -?\d+|format: int64)\n", re.MULTILINE)


def test_committed_schema_matches_the_code(tmp_path):
    assert COMMITTED.exists(), "openapi.yaml is missing: run `make openapi` and commit it"
    assert BOUNDS.sub("", COMMITTED.read_text()) == BOUNDS.sub("", generated(tmp_path)), (
        "openapi.yaml is out of date with the code: run `make openapi` and commit the result"
    )


@pytest.mark.django_db
def test_schema_is_served_to_token_holders(api):
    response = api.client("reader").get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/agreements/{agreement_pk}/tranches/{id}/invoice/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": "A personal token (API tokens page).",
    }


@pytest.mark.django_db
def test_schema_needs_authentication(client):
    assert client.get("/api/v1/schema/").status_code == 401
