"""Writes of negotiation versions: freeze a hashed snapshot of the agreement, approve it.

A version is created whole (``version_freeze``) and afterwards only approved, or, while it
is still frozen, relabelled (``version_update``). An approved version is never changed: an
amendment is a new version, frozen from the live data.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.selectors import AnyUser
from coprogetta.accounts.services import (
    ConstraintMessages,
    audit_record,
    model_save,
    model_update,
    model_validate,
)
from coprogetta.lib.negotiation_diff import document_hash

from .models import Agreement, NegotiationVersion
from .selectors import require_edit
from .version_selectors import user_can_approve_versions

MESSAGES: ConstraintMessages = {
    "negotiationversion_unique_number": (
        None, _("Someone else froze a version at the same time. Reload the page and try again."),
    ),
}

#: What the audit row of a new version records (the document itself is in the row).
AUDITED = ("number", "label", "sha256", "status", "note")

#: The agreement statuses that approving a negotiated text moves on to "approved".
BEFORE_APPROVAL = (Agreement.Status.DRAFT, Agreement.Status.NEGOTIATED)


def _label(label: str) -> str:
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": _("Give the version a name, e.g. “Aggiornamento 2016”.")})
    if len(label) > 200:
        raise ValidationError({"label": _("The name can be at most 200 characters long.")})
    return label


@transaction.atomic
def version_freeze(
    *, user: AnyUser, agreement: Agreement, label: str, note: str = "",
    document: dict[str, Any] | None = None,
) -> NegotiationVersion:
    """Freeze the agreement's live data (or ``document``, e.g. an earlier year's text) as the
    next version, with the SHA-256 of its canonical serialisation.

    Refused when nothing changed since the latest version.
    """
    require_edit(user, agreement)
    label = _label(label)
    from coprogetta.documents.interchange import (
        DocumentError,
        agreement_to_document,
        validate_document,
    )

    # One freeze at a time per agreement: the numbers follow each other.
    Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
    if document is None:
        document = agreement_to_document(agreement)
    else:
        try:
            validate_document(document)
        except DocumentError as error:
            raise ValidationError(
                _("The document is not a valid agreement document: %(problems)s")
                % {"problems": "; ".join(error.problems[:5])}
            ) from None
    sha256 = document_hash(document)
    latest = (
        NegotiationVersion.objects.filter(agreement=agreement).order_by("-number")
        .only("number", "sha256").first()
    )
    if latest is not None and latest.sha256 == sha256:
        raise ValidationError(_(
            "Nothing has changed since version %(number)s: there is no new text to freeze."
        ) % {"number": latest.number})
    number = (
        NegotiationVersion.objects.filter(agreement=agreement).aggregate(top=Max("number"))["top"] or 0
    ) + 1
    version = NegotiationVersion(
        agreement=agreement, number=number, label=label, document=document, sha256=sha256,
        status=NegotiationVersion.Status.FROZEN,
        frozen_by=user if user.is_authenticated else None, frozen_at=timezone.now(),
        note=(note or "").strip(),
    )
    model_validate(version, messages=MESSAGES)
    model_save(version)
    audit_record(
        user=user, action="create", obj=version, agreement_id=agreement.pk,
        after={name: getattr(version, name) for name in AUDITED},
    )
    return version


def _refuse_if_approved(version: NegotiationVersion) -> None:
    if version.status == NegotiationVersion.Status.APPROVED:
        raise ValidationError(_(
            "Version %(number)s is approved and cannot be changed. For an amendment, freeze a "
            "new version from the current data."
        ) % {"number": version.number})


@transaction.atomic
def version_update(
    *, user: AnyUser, version: NegotiationVersion, label: str, note: str = "",
) -> NegotiationVersion:
    """Rename a frozen version or change its note; an approved one is refused."""
    require_edit(user, version.agreement)
    version = NegotiationVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_if_approved(version)
    model_update(
        version, {"label": _label(label), "note": (note or "").strip()}, fields=("label", "note"),
        user=user, agreement_id=version.agreement_id, messages=MESSAGES,
    )
    return version


@transaction.atomic
def version_approve(*, user: AnyUser, version: NegotiationVersion) -> NegotiationVersion:
    """Approve a frozen version: it becomes the agreement's approved negotiated text.

    Only editors of a public-body party approve. A version older than one already approved,
    or whose snapshot no longer matches its hash, is refused.
    """
    agreement = version.agreement
    if not user_can_approve_versions(user, agreement):
        raise PermissionDenied
    version = NegotiationVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_if_approved(version)
    if document_hash(version.document) != version.sha256:
        raise ValidationError(_(
            "Version %(number)s no longer matches its fingerprint (SHA-256): it cannot be "
            "approved. Freeze a new version from the current data."
        ) % {"number": version.number})
    later = (
        NegotiationVersion.objects.filter(
            agreement=agreement, status=NegotiationVersion.Status.APPROVED, number__gt=version.number,
        ).order_by("-number").values_list("number", flat=True).first()
    )
    if later is not None:
        raise ValidationError(_(
            "Version %(later)s, later than this one, is already approved: an older text cannot "
            "replace it. Freeze a new version instead."
        ) % {"later": later})
    model_update(
        version,
        {
            "status": NegotiationVersion.Status.APPROVED,
            "approved_by": user if user.is_authenticated else None,
            "approved_at": timezone.now(),
        },
        fields=("status", "approved_by", "approved_at"), user=user,
        agreement_id=agreement.pk, messages=MESSAGES,
    )
    if agreement.status in BEFORE_APPROVAL:
        model_update(
            agreement, {"status": Agreement.Status.APPROVED}, fields=("status",), user=user,
            agreement_id=agreement.pk,
        )
    return version
