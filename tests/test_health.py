"""The health check answers anonymous requests at once, without the database."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_health_answers_anonymous_requests_without_a_query(django_assert_num_queries):
    client = Client()
    with django_assert_num_queries(0):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_health_refuses_writes():
    response = Client().post(reverse("health"))
    assert response.status_code == 405


def test_health_is_at_salute():
    assert reverse("health") == "/salute/"
