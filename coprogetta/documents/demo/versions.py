"""The demo's negotiation versions: the 2015 negotiation document and the 2016 update.

``crema-2015.json`` is the Crema agreement as negotiated in 2015 for the year that
followed; the 2016 update (``crema-2016.json``, the live data) changed a few things, as
yearly updates do: it added a development action (nursery–kindergarten continuity, with its
contribution), raised the nursery's monthly fee, moved the pre-colonia workshops from July
to June, raised the gambling-help desk's contribution, and dropped an action of area 5 (a
survey of the firms that take trainees).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from coprogetta.agreements.models import Agreement, NegotiationVersion
from coprogetta.agreements.version_selectors import live_document, user_can_approve_versions
from coprogetta.agreements.version_services import version_approve, version_freeze

DEMO_2015_FILE = Path(__file__).resolve().parent / "crema-2015.json"
LABEL_2015 = "Documento di negoziazione 2015"
LABEL_2016 = "Aggiornamento 2016"
NOTE_2015 = "Testo negoziato nel 2015 tra il Comune di Crema e il Consorzio \"Sul Serio\"."
NOTE_2016 = "Aggiornamento annuale del documento di negoziazione (2016)."
#: The demo user who freezes and approves: the municipality's officer.
APPROVER = "funzionario"


@dataclass(frozen=True)
class VersionsResult:
    versions: list[NegotiationVersion]
    created: bool


#: Lists the monitoring demo adds to the agreement after it is loaded.
FROM_LIVE = ("tranches", "staff_costs")


def document_2015(live: dict[str, Any]) -> dict[str, Any]:
    """The 2015 text, with the payment tranches and staff costs of the live data.

    The monitoring demo creates those after the agreement, and the 2015 file has none: they
    are copied (per area) so that the diff shows what the negotiation changed, not the
    order in which the demo was loaded.
    """
    from coprogetta.documents.interchange import loads

    document = loads(DEMO_2015_FILE.read_bytes())
    live_areas = {area["number"]: area for area in live.get("areas", [])}
    for name in FROM_LIVE:
        for area in document["areas"]:
            area[name] = list(live_areas.get(area["number"], {}).get(name, []))
        document[name] = list(live.get(name, []))
    return document


def _approver(agreement: Agreement) -> Any:
    """The demo's officer of the municipality, else a superuser."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=APPROVER).first()
    if user is not None and user_can_approve_versions(user, agreement):
        return user
    user = user_model.objects.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        raise RuntimeError("The demo versions need the demo users: run load_demo first.")
    return user


@transaction.atomic
def demo_versions_load(agreement: Agreement) -> VersionsResult:
    """Version 1 (the 2015 text, approved) and version 2 (the live 2016 data, approved).

    Idempotent: an agreement that already has versions is left as it is.
    """
    existing = list(NegotiationVersion.objects.filter(agreement=agreement).order_by("number"))
    if existing:
        return VersionsResult(existing, False)
    user = _approver(agreement)
    first = version_freeze(
        user=user, agreement=agreement, label=LABEL_2015, note=NOTE_2015,
        document=document_2015(live_document(agreement)),
    )
    version_approve(user=user, version=first)
    second = version_freeze(user=user, agreement=agreement, label=LABEL_2016, note=NOTE_2016)
    version_approve(user=user, version=second)
    first.refresh_from_db()
    second.refresh_from_db()
    return VersionsResult([first, second], True)
