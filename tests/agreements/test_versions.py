"""Negotiation versions: freezing a hashed snapshot, approving it, and who may do either."""

import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry, Membership
from coprogetta.agreements import version_services as services
from coprogetta.agreements.models import Agreement, NegotiationVersion
from coprogetta.agreements.selectors import agreement_get
from coprogetta.agreements.version_selectors import live_state, version_intact
from coprogetta.documents.interchange import agreement_to_document
from coprogetta.lib.negotiation_diff import canonical_bytes, document_hash
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


@pytest.fixture
def furnished(world):
    """The world's agreement with one area, two actions and a budget line."""
    area = f.AreaFactory(agreement=world.agreement, number=1, title="Infanzia")
    f.ActionFactory(area=area, kind="consolidation", number=1, title="Asilo nido",
                    schedule_text="Gennaio-Dicembre 2016")
    f.ActionFactory(area=area, kind="development", number=1, title="Supervisione psicologica")
    f.BudgetLineFactory(agreement=world.agreement, area=area, description="Nido: corrispettivo mensile",
                        unit_amount=Decimal("26736.87"), quantity=Decimal("11"), unit="month", vat_rate="4")
    return world


def freeze(world, label="Documento di negoziazione 2015", user=None):
    return services.version_freeze(user=user or world.owner, agreement=world.agreement, label=label)


# -- services --------------------------------------------------------------------------------


def test_freeze_takes_the_document_and_its_canonical_sha256(furnished):
    version = freeze(furnished)

    assert version.number == 1
    assert version.status == NegotiationVersion.Status.FROZEN
    assert version.frozen_by == furnished.owner
    document = agreement_to_document(furnished.agreement)
    assert version.document == document
    text = canonical_bytes(document)
    assert b"\n" not in text and b", " not in text
    assert version.sha256 == hashlib.sha256(text).hexdigest()
    version.refresh_from_db()
    assert version_intact(version)
    entry = AuditEntry.objects.get(object_type="agreements.negotiationversion", action="create")
    assert entry.changes["sha256"] == [None, version.sha256]
    assert entry.agreement_id == furnished.agreement.pk


def test_numbers_follow_each_other_and_an_unchanged_text_is_refused(furnished):
    first = freeze(furnished)
    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        freeze(furnished, label="Again")
    f.ActionFactory(area=furnished.agreement.areas.get(), kind="development", number=2, title="Nuova azione")
    second = freeze(furnished, label="Aggiornamento 2016")

    assert (first.number, second.number) == (1, 2)
    assert NegotiationVersion.objects.count() == 2


def test_freeze_needs_a_name_and_an_editor(furnished):
    with pytest.raises(ValidationError) as error:
        freeze(furnished, label="   ")
    assert "label" in error.value.error_dict
    for user in (furnished.reader, furnished.outsider):
        with pytest.raises(PermissionDenied):
            freeze(furnished, user=user)
    assert not NegotiationVersion.objects.exists()


def test_freeze_of_a_given_document_validates_it(furnished):
    with pytest.raises(ValidationError, match="not a valid agreement document"):
        services.version_freeze(user=furnished.owner, agreement=furnished.agreement, label="x",
                                document={"format": "coprogetta/agreement@1"})
    document = agreement_to_document(furnished.agreement)
    document["title"] = "Documento di negoziazione 2015"
    version = services.version_freeze(
        user=furnished.owner, agreement=furnished.agreement, label="2015", document=document
    )
    assert version.document["title"] == "Documento di negoziazione 2015"
    assert version.sha256 == document_hash(document)


def test_approve_makes_the_version_read_only_and_the_agreement_approved(furnished):
    agreement = furnished.agreement
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.NEGOTIATED)
    agreement.refresh_from_db()
    version = freeze(furnished)

    services.version_approve(user=furnished.owner, version=version)

    version.refresh_from_db()
    agreement.refresh_from_db()
    assert version.status == NegotiationVersion.Status.APPROVED
    assert version.approved_by == furnished.owner and version.approved_at is not None
    assert agreement.status == Agreement.Status.APPROVED
    with pytest.raises(ValidationError, match="is approved and cannot be changed"):
        services.version_update(user=furnished.owner, version=version, label="Renamed")
    with pytest.raises(ValidationError, match="is approved and cannot be changed"):
        services.version_approve(user=furnished.owner, version=version)
    version.refresh_from_db()
    assert version.label == "Documento di negoziazione 2015"


def test_an_active_agreement_keeps_its_status_on_approval(furnished):
    Agreement.objects.filter(pk=furnished.agreement.pk).update(status=Agreement.Status.ACTIVE)
    furnished.agreement.refresh_from_db()
    services.version_approve(user=furnished.owner, version=freeze(furnished))
    furnished.agreement.refresh_from_db()
    assert furnished.agreement.status == Agreement.Status.ACTIVE


def test_a_frozen_version_may_be_renamed(furnished):
    version = freeze(furnished)
    services.version_update(user=furnished.member, version=version, label="Bozza 2015", note="prima")
    version.refresh_from_db()
    assert (version.label, version.note) == ("Bozza 2015", "prima")


def test_only_editors_of_a_public_body_approve(furnished):
    version = freeze(furnished)
    for user in (furnished.member, furnished.reader, furnished.outsider):
        with pytest.raises(PermissionDenied):
            services.version_approve(user=user, version=version)
    version.refresh_from_db()
    assert version.status == NegotiationVersion.Status.FROZEN


def test_an_older_version_cannot_replace_a_later_approved_one(furnished):
    first = freeze(furnished)
    f.ActionFactory(area=furnished.agreement.areas.get(), kind="development", number=2, title="Nuova")
    second = freeze(furnished, label="Aggiornamento 2016")
    services.version_approve(user=furnished.owner, version=second)
    with pytest.raises(ValidationError, match="Version 2, later than this one, is already approved"):
        services.version_approve(user=furnished.owner, version=first)


def test_a_tampered_snapshot_is_detected_and_not_approved(furnished):
    version = freeze(furnished)
    document = dict(version.document, title="Altro titolo")
    NegotiationVersion.objects.filter(pk=version.pk).update(document=document)
    version.refresh_from_db()

    assert not version_intact(version)
    with pytest.raises(ValidationError, match="no longer matches its fingerprint"):
        services.version_approve(user=furnished.owner, version=version)
    client = furnished.client_for(furnished.owner)
    page = client.get(url("version_detail", furnished.agreement.pk, version.pk))
    assert b'id="integrity-warning"' in page.content
    assert b"integrity check failed" in page.content


def test_live_data_that_move_on_are_told_and_freeze_again_as_n_plus_1(furnished):
    version = freeze(furnished)
    services.version_approve(user=furnished.owner, version=version)
    assert live_state(furnished.agreement).differs is False

    line = furnished.agreement.budget_lines.get()
    line.unit_amount = Decimal("27000.00")
    line.save()

    state = live_state(furnished.agreement)
    assert state.differs and state.approved == version
    client = furnished.client_for(furnished.owner)
    page = client.get(url("version_list", furnished.agreement.pk)).content.decode()
    assert "the current data differ from the approved version 1" in page
    response = client.post(url("version_freeze", furnished.agreement.pk), {"label": "Aggiornamento 2016"})
    second = NegotiationVersion.objects.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == url("version_detail", furnished.agreement.pk, second.pk)
    assert second.document["areas"][0]["budget_lines"][0]["unit_amount"] == "27000.00"
    version.refresh_from_db()
    assert version.document["areas"][0]["budget_lines"][0]["unit_amount"] == "26736.87"


def test_two_agreements_number_their_versions_apart(furnished):
    other = f.AgreementFactory()
    f.PartyFactory(agreement=other, organization=furnished.municipality, role="public_body")
    freeze(furnished)
    version = services.version_freeze(user=furnished.owner, agreement=other, label="Altro")
    assert version.number == 1


def test_a_version_protects_its_agreement_from_deletion(furnished):
    from coprogetta.agreements.services import agreement_delete

    freeze(furnished)
    with pytest.raises(ValidationError):
        agreement = agreement_get(furnished.owner, furnished.agreement.pk)
        agreement_delete(user=furnished.owner, agreement=agreement)
    assert Agreement.objects.filter(pk=furnished.agreement.pk).exists()


def test_approvers_are_editors_of_the_public_body(furnished):
    officer_of_consortium = f.MembershipFactory(
        organization=furnished.consortium, role=Membership.Role.OFFICER
    ).user
    version = freeze(furnished)
    with pytest.raises(PermissionDenied):
        services.version_approve(user=officer_of_consortium, version=version)
