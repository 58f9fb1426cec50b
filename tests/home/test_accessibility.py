"""The accessibility statement: public, in the sections of the AgID model, with the deployer's
contact from the settings and never an invented one."""

from django.test import Client
from django.urls import reverse

URL = "/accessibilita/"


def page(settings, **statement) -> str:
    settings.COPROGETTA_ACCESSIBILITY = {
        "body": "", "email": "", "feedback_url": "", "status": "partial", "method": "self",
        "prepared_on": "", "reviewed_on": "", **statement,
    }
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_statement_is_public_and_has_the_agid_sections(db, settings):
    assert reverse("home:accessibility") == URL
    text = page(settings)
    for heading in (
        "Compliance status", "Non-accessible content", "Preparation of this statement",
        "Feedback and contact details", "Enforcement procedure",
    ):
        assert f">{heading}</h2>" in text, heading
    assert "partially compliant" in text
    assert "UNI CEI EN 301549" in text
    assert "Difensore civico per il digitale" in text
    assert "https://form.agid.gov.it/" in text
    assert "has not yet given its contact details" in text


def test_the_deployers_details_come_from_the_settings(db, settings):
    text = page(
        settings, body="Comune di Crema", email="accessibilita@comune.crema.cr.it",
        feedback_url="https://www.comune.crema.cr.it/segnalazioni", status="compliant",
        prepared_on="15/03/2026", reviewed_on="01/09/2026", method="third_party",
    )
    assert "Comune di Crema is committed" in text
    assert 'href="mailto:accessibilita@comune.crema.cr.it"' in text
    assert 'href="https://www.comune.crema.cr.it/segnalazioni"' in text
    assert "<strong>compliant</strong>" in text
    assert "prepared on 15/03/2026" in text
    assert "reviewed on 01/09/2026" in text
    assert "assessed by a third party" in text
    assert "has not yet given its contact details" not in text


def test_a_non_compliant_status_is_said(db, settings):
    assert "<strong>not compliant</strong>" in page(settings, status="non_compliant")
