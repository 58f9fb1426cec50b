"""The demo loaded into the live server's database, with an object of every kind and its id."""

from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

SAMPLE = Path(settings.BASE_DIR) / "tests" / "fixtures" / "samples" / "crema-2016-negoziazione.docx"


@dataclass
class Demo:
    """The demo agreement, its users by username, and the id to use per URL kwarg."""

    agreement: object
    users: dict[str, object]
    ids: dict[str, object] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)


def _first(queryset) -> int:
    obj = queryset.order_by("pk").first()
    assert obj is not None, f"the demo has no {queryset.model.__name__}"
    return obj.pk


def demo_world() -> Demo:
    """load_demo, a report, an imported draft and its job: every page has something to show."""
    from django.core.files.base import ContentFile

    from coprogetta.agreements.models import Agreement, Party
    from coprogetta.api.token_services import api_token_create
    from coprogetta.documents.import_services import import_start
    from coprogetta.documents.models import ImportDraft, Report
    from coprogetta.territory.models import Activity, Need, NeedsAnalysis, Programme, Resource

    call_command("load_demo", stdout=StringIO())
    agreement = Agreement.objects.get()
    users = {user.username: user for user in get_user_model().objects.all()}
    officer = users["funzionario"]
    report = Report.objects.create(
        agreement=agreement, kind=Report.Kind.MONITORING, format=Report.Format.PDF,
        checkpoint=agreement.end_date, created_by=officer,
        file=ContentFile(b"%PDF-1.4 report", name="relazione.pdf"),
    )
    job = import_start(
        user=officer, file=SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes()),
    )
    draft = ImportDraft.objects.filter(owner=officer).latest("pk")
    operator = users["operatore"]
    _model("agreements", "AgreementRole").objects.create(
        agreement=agreement, user=operator, role=operator.memberships.get().role,
    )
    parts = {
        "party": Party.objects.filter(agreement=agreement),
        "area": agreement.areas.all(),
        "action": _actions(agreement),
        "budgetline": agreement.budget_lines.all(),
        "feetier": _model("agreements", "FeeTier").objects.filter(budget_line__agreement=agreement),
        "contribution": agreement.contributions.all(),
        "tranche": agreement.tranches.all(),
        "staffcost": agreement.staff_costs.all(),
        "timeentry": agreement.time_entries.all(),
        "enrolment": _model("monitoring", "EnrolmentCount").objects.filter(
            budget_line__agreement=agreement),
        "expense": agreement.expenses.all(),
        "indicator": agreement.indicators.all(),
        "indicatorvalue": _model("monitoring", "IndicatorValue").objects.filter(
            indicator__agreement=agreement),
        "progress": _model("monitoring", "ActionProgress").objects.filter(
            action__area__agreement=agreement),
        "version": _model("agreements", "NegotiationVersion").objects.filter(agreement=agreement),
        "assignment": _model("agreements", "Assignment").objects.filter(agreement=agreement),
    }
    items = {kind: _first(queryset) for kind, queryset in parts.items()}
    items["report"] = report.pk
    items["token"] = api_token_create(user=officer, name="e2e")[0].pk
    line = _first(agreement.budget_lines.filter(fee_tiers__isnull=False).distinct())
    ids = {
        "pk": agreement.pk, "area": items["area"], "line": line, "action": items["action"],
        "indicator": items["indicator"], "draft": draft.pk, "job": job.pk,
        "person": operator.pk, "organization": officer.memberships.get().organization_id,
        "kind": "agreements.budgetline", "object_id": line,
        "resource": _first(Resource.objects.all()),
        "analysis": _first(NeedsAnalysis.objects.filter(agreement=agreement)),
        "need": _first(Need.objects.filter(analysis__agreement=agreement)),
        "programme": _first(Programme.objects.filter(agreement=agreement)),
        "activity": _first(Activity.objects.filter(programme__agreement=agreement)),
    }
    return Demo(agreement, users, ids, items)


def _model(app: str, name: str):
    from django.apps import apps

    return apps.get_model(app, name)


def _actions(agreement):
    return _model("agreements", "Action").objects.filter(area__agreement=agreement)
