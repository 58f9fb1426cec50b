"""The "API tokens" page: a token's secret is shown once, only its hash is kept, revoking is at once."""

import pytest
from rest_framework.test import APIClient

from coprogetta.accounts.models import AuditEntry
from coprogetta.api.models import ApiToken

pytestmark = pytest.mark.django_db

PAGE = "/api/v1/token/"


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accesso/")


def test_create_use_and_revoke_a_token(world):
    client = world.client_for(world.member)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert b"No tokens yet." in page.content
    created = client.post(PAGE, {"name": "Contabilit\u00e0"})
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    secret = created.context["secret"]
    assert secret.startswith("cpg_") and secret.encode() in created.content
    token = ApiToken.objects.get(user=world.member)
    assert token.name == "Contabilit\u00e0"
    assert secret.encode() not in client.get(PAGE).content  # shown once
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/agreements/").status_code == 200
    confirm = client.get(f"/api/v1/token/{token.pk}/revoke/")
    assert confirm.status_code == 200
    assert client.post(f"/api/v1/token/{token.pk}/revoke/").status_code == 302
    assert api.get("/api/v1/agreements/").status_code == 401
    actions = list(AuditEntry.objects.filter(object_type="api.apitoken").values_list("action", flat=True))
    assert sorted(actions) == ["create", "revoke"]
    assert not any(secret in str(e.changes) for e in AuditEntry.objects.all())


def test_a_token_needs_a_name(world):
    response = world.client_for(world.owner).post(PAGE, {"name": "   "})
    assert response.status_code == 200
    assert response.context["secret"] is None
    assert not ApiToken.objects.exists()


def test_someone_elses_token_is_404(world):
    world.client_for(world.member).post(PAGE, {"name": "Mio"})
    token = ApiToken.objects.get()
    other = world.client_for(world.owner)
    assert other.get(f"/api/v1/token/{token.pk}/revoke/").status_code == 404
    assert other.post(f"/api/v1/token/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None
