"""Pages of an agreement's territory: needs analysis (versions by date), programmes of
activities, and the coverage matrix. Whoever sees the agreement sees them; editors change
them; another organisation's agreement is a 404."""

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreement_get, user_can_edit

from . import coverage_exports, selectors, services
from .forms import ActivityForm, AnalysisForm, CopyForm, NeedForm, ProgrammeForm
from .models import Need, NeedsAnalysis, Programme
from .views import Crumb, delete_page, form_page, get_and_post


def _crumbs(agreement: Agreement, *tail: Crumb) -> list[Crumb]:
    return [
        (_("Agreements"), reverse("agreements:list")),
        (agreement.title, reverse("agreements:detail", args=[agreement.pk])),
        (_("Territory"), reverse("territory:agreement", args=[agreement.pk])),
        *tail,
    ]


def _needs_url(analysis: NeedsAnalysis) -> str:
    return reverse("territory:needs", args=[analysis.agreement_id]) + f"?versione={analysis.pk}"


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


@require_GET
def agreement_territory(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement's territory at a glance: analysis versions, programmes, coverage."""
    agreement = agreement_get(request.user, pk)
    current = selectors.analysis_current(agreement)
    return render(
        request,
        "territory/agreement.html",
        {
            "agreement": agreement,
            "title": _("Territory"),
            "crumbs": _crumbs(agreement)[:-1] + [(_("Territory"), None)],
            "analyses": list(selectors.analyses(agreement)),
            "current": current,
            "programmes": list(selectors.programmes(agreement)),
            "can_edit": user_can_edit(request.user, agreement),
            "coverage": selectors.coverage(agreement, analysis=current),
        },
    )


# -- needs -----------------------------------------------------------------------------------


@require_GET
def needs(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    versions = list(selectors.analyses(agreement))
    chosen = _int_param(request, "versione")
    analysis = next((a for a in versions if a.pk == chosen), versions[0] if versions else None)
    needs_list = list(analysis.needs.all()) if analysis else []
    title = _("Needs analysis")
    return render(
        request,
        "territory/needs.html",
        {
            "agreement": agreement,
            "title": title,
            "crumbs": _crumbs(agreement, (title, None)),
            "versions": versions,
            "analysis": analysis,
            "needs": needs_list,
            "is_current": bool(versions) and analysis == versions[0],
            "can_edit": user_can_edit(request.user, agreement),
        },
    )


@get_and_post
def analysis_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    current = selectors.analysis_current(agreement)
    initial = {
        "date": timezone.localdate(),
        "copy_needs": True,
        "title": current.title if current else _("Needs analysis"),
    }
    form = AnalysisForm(request.POST or None, initial=initial)
    if current is None:
        del form.fields["copy_needs"]
    title = _("New version of the needs analysis")
    return form_page(
        request,
        form=form,
        title=title,
        back=reverse("territory:needs", args=[pk]),
        crumbs=_crumbs(
            agreement, (_("Needs analysis"), reverse("territory:needs", args=[pk])), (title, None)
        ),
        save=partial(services.analysis_create, user=request.user, agreement=agreement),
        done=lambda obj: _needs_url(obj),  # type: ignore[arg-type]
        context={"subtitle": _("A dated version keeps the previous ones as they were.")},
    )


@get_and_post
def analysis_delete(request: HttpRequest, analysis: int) -> HttpResponse:
    obj = selectors.analysis_get(request.user, analysis, for_edit=True)
    back = _needs_url(obj)
    title = _("Delete this version of the needs analysis")
    return delete_page(
        request,
        obj=obj,
        title=title,
        back=back,
        done=reverse("territory:needs", args=[obj.agreement_id]),
        crumbs=_crumbs(obj.agreement, (_("Needs analysis"), back), (title, None)),
        delete=partial(services.analysis_delete, user=request.user, analysis=obj),
        warning=_("Its needs are deleted with it."),
    )


@get_and_post
def need_create(request: HttpRequest, analysis: int) -> HttpResponse:
    obj = selectors.analysis_get(request.user, analysis, for_edit=True)
    form = NeedForm(
        request.POST or None, initial={"recorded_on": timezone.localdate(), "priority": Need.Priority.MEDIUM}
    )
    back = _needs_url(obj)
    title = _("Add a need")
    return form_page(
        request,
        form=form,
        title=title,
        back=back,
        crumbs=_crumbs(obj.agreement, (_("Needs analysis"), back), (title, None)),
        save=partial(services.need_create, user=request.user, analysis=obj),
        context={"subtitle": str(obj)},
    )


@get_and_post
def need_edit(request: HttpRequest, need: int) -> HttpResponse:
    obj = selectors.need_get(request.user, need, for_edit=True)
    initial = {name: getattr(obj, name) for name in services.NEED_FIELDS}
    form = NeedForm(request.POST or None, initial={**initial, "version": obj.version})
    back = _needs_url(obj.analysis)
    title = _("Edit need")
    return form_page(
        request,
        form=form,
        title=title,
        back=back,
        crumbs=_crumbs(obj.analysis.agreement, (_("Needs analysis"), back), (title, None)),
        save=partial(services.need_update, user=request.user, need=obj),
        context={"subtitle": str(obj.analysis)},
    )


@get_and_post
def need_delete(request: HttpRequest, need: int) -> HttpResponse:
    obj = selectors.need_get(request.user, need, for_edit=True)
    back = _needs_url(obj.analysis)
    title = _("Delete need")
    return delete_page(
        request,
        obj=obj,
        title=title,
        back=back,
        done=back,
        crumbs=_crumbs(obj.analysis.agreement, (_("Needs analysis"), back), (title, None)),
        delete=partial(services.need_delete, user=request.user, need=obj),
        warning=_("Activities that answer it will no longer list it."),
    )


# -- programmes ------------------------------------------------------------------------------


def _programmes_url(agreement_id: int) -> str:
    return reverse("territory:programmes", args=[agreement_id])


def _programme_url(programme: Programme) -> str:
    return reverse("territory:programme_detail", args=[programme.pk])


@require_GET
def programme_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    title = _("Programmes of activities")
    items = list(selectors.programmes(agreement))
    return render(
        request,
        "territory/programme_list.html",
        {
            "agreement": agreement,
            "title": title,
            "crumbs": _crumbs(agreement, (title, None)),
            "programmes": items,
            "latest": items[-1] if items else None,
            "can_edit": user_can_edit(request.user, agreement),
        },
    )


@get_and_post
def programme_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    latest = selectors.programme_latest(agreement)
    start = services.next_period(latest)[0] if latest else agreement.start_date
    form = ProgrammeForm(request.POST or None, initial={"start_date": start})
    title = _("New programme of activities")
    return form_page(
        request,
        form=form,
        title=title,
        back=_programmes_url(pk),
        crumbs=_crumbs(agreement, (_("Programmes of activities"), _programmes_url(pk)), (title, None)),
        save=partial(services.programme_create, user=request.user, agreement=agreement),
        done=lambda obj: _programme_url(obj),  # type: ignore[arg-type]
    )


@require_GET
def programme_detail(request: HttpRequest, programme: int) -> HttpResponse:
    obj = selectors.programme_get(request.user, programme)
    agreement = obj.agreement
    return render(
        request,
        "territory/programme_detail.html",
        {
            "agreement": agreement,
            "programme": obj,
            "title": obj.title,
            "crumbs": _crumbs(
                agreement, (_("Programmes of activities"), _programmes_url(agreement.pk)), (obj.title, None)
            ),
            "activities": list(selectors.activities(obj)),
            "previous": selectors.programme_previous(obj),
            "can_edit": user_can_edit(request.user, agreement),
        },
    )


@get_and_post
def programme_edit(request: HttpRequest, programme: int) -> HttpResponse:
    obj = selectors.programme_get(request.user, programme, for_edit=True)
    initial = {name: getattr(obj, name) for name in services.PROGRAMME_FIELDS}
    form = ProgrammeForm(request.POST or None, initial={**initial, "version": obj.version})
    title = _("Edit programme")
    return form_page(
        request,
        form=form,
        title=title,
        back=_programme_url(obj),
        crumbs=_crumbs(obj.agreement, (obj.title, _programme_url(obj)), (title, None)),
        save=partial(services.programme_update, user=request.user, programme=obj),
    )


@get_and_post
def programme_delete(request: HttpRequest, programme: int) -> HttpResponse:
    obj = selectors.programme_get(request.user, programme, for_edit=True)
    title = _("Delete programme")
    return delete_page(
        request,
        obj=obj,
        title=title,
        back=_programme_url(obj),
        done=_programmes_url(obj.agreement_id),
        crumbs=_crumbs(obj.agreement, (obj.title, _programme_url(obj)), (title, None)),
        delete=partial(services.programme_delete, user=request.user, programme=obj),
        warning=_("Its activities are deleted with it."),
    )


@get_and_post
def programme_copy(request: HttpRequest, programme: int) -> HttpResponse:
    """A new programme for the following period, starting from this one's activities."""
    obj = selectors.programme_get(request.user, programme, for_edit=True)
    start, end = services.next_period(obj)
    form = CopyForm(
        request.POST or None,
        initial={
            "title": _("Programme %(start)s – %(end)s")
            % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")},
            "start_date": start,
        },
    )
    title = _("Copy into a new programme")
    return form_page(
        request,
        form=form,
        title=title,
        back=_programme_url(obj),
        crumbs=_crumbs(obj.agreement, (obj.title, _programme_url(obj)), (title, None)),
        save=partial(services.programme_copy, user=request.user, programme=obj),
        done=lambda new: _programme_url(new),  # type: ignore[arg-type]
        context={
            "subtitle": _(
                "The new programme starts with copies of the activities of “%(title)s”: "
                "their needs, resources, budgets and schedules."
            )
            % {"title": obj.title},
            "submit_label": _("Copy"),
        },
    )


def _activity_form(request: HttpRequest, programme: Programme, **kwargs: object) -> ActivityForm:
    agreement = programme.agreement
    current = selectors.analysis_current(agreement)
    needs = Need.objects.filter(analysis=current) if current else Need.objects.none()
    chosen = kwargs.get("initial", {}).get("needs", [])  # type: ignore[attr-defined]
    if chosen:  # needs of an older version stay choosable on the activities that answer them
        needs = Need.objects.filter(pk__in=[n.pk for n in needs] + [n.pk for n in chosen])
    return ActivityForm(
        request.POST or None,
        needs=needs.select_related("analysis").order_by("priority", "id"),
        resources=selectors.resources_visible_to(request.user).order_by("name", "id"),
        organizations=selectors.responsible_choices(agreement),
        **kwargs,  # type: ignore[arg-type]
    )


@get_and_post
def activity_create(request: HttpRequest, programme: int) -> HttpResponse:
    obj = selectors.programme_get(request.user, programme, for_edit=True)
    form = _activity_form(request, obj)
    title = _("Add an activity")
    return form_page(
        request,
        form=form,
        title=title,
        back=_programme_url(obj),
        crumbs=_crumbs(obj.agreement, (obj.title, _programme_url(obj)), (title, None)),
        save=partial(services.activity_create, user=request.user, programme=obj),
        data=form.service_data,
        context={"subtitle": str(obj)},
    )


@get_and_post
def activity_edit(request: HttpRequest, activity: int) -> HttpResponse:
    obj = selectors.activity_get(request.user, activity, for_edit=True)
    programme = obj.programme
    initial = {
        "title": obj.title,
        "description": obj.description,
        "needs": list(obj.needs.all()),
        "resources": list(obj.resources.all()),
        "responsible": obj.responsible,
        "schedule_text": obj.schedule_text,
        "places": obj.places,
        "budget": obj.budget,
        "expected_participants": obj.expected_participants,
        "version": obj.version,
    }
    form = _activity_form(request, programme, initial=initial)
    title = _("Edit activity")
    return form_page(
        request,
        form=form,
        title=title,
        back=_programme_url(programme),
        crumbs=_crumbs(programme.agreement, (programme.title, _programme_url(programme)), (title, None)),
        save=partial(services.activity_update, user=request.user, activity=obj),
        data=form.service_data,
        context={"subtitle": str(programme)},
    )


@get_and_post
def activity_delete(request: HttpRequest, activity: int) -> HttpResponse:
    obj = selectors.activity_get(request.user, activity, for_edit=True)
    programme = obj.programme
    title = _("Delete activity")
    return delete_page(
        request,
        obj=obj,
        title=title,
        back=_programme_url(programme),
        done=_programme_url(programme),
        crumbs=_crumbs(programme.agreement, (programme.title, _programme_url(programme)), (title, None)),
        delete=partial(services.activity_delete, user=request.user, activity=obj),
    )


# -- coverage --------------------------------------------------------------------------------


def _coverage(request: HttpRequest, pk: int) -> selectors.Coverage:
    agreement = agreement_get(request.user, pk)
    programme = None
    if (programme_id := _int_param(request, "programma")) is not None:
        programme = Programme.objects.filter(pk=programme_id, agreement=agreement).first()
        if programme is None:
            raise Http404
        programme.agreement = agreement
    analysis = None
    if (analysis_id := _int_param(request, "versione")) is not None:
        analysis = NeedsAnalysis.objects.filter(pk=analysis_id, agreement=agreement).first()
        if analysis is None:
            raise Http404
    return selectors.coverage(agreement, programme=programme, analysis=analysis)


@require_GET
def coverage(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _coverage(request, pk)
    agreement = matrix.agreement
    title = _("Coverage of needs")
    query = request.GET.urlencode()
    return render(
        request,
        "territory/coverage.html",
        {
            "agreement": agreement,
            "title": title,
            "crumbs": _crumbs(agreement, (title, None)),
            "matrix": matrix,
            "table": coverage_exports.coverage_table(matrix),
            "programmes": list(agreement.programmes.all()),
            "query": f"?{query}" if query else "",
        },
    )


@require_GET
def coverage_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    export = coverage_exports.EXPORTS.get(fmt)
    if export is None:
        raise Http404
    matrix = _coverage(request, pk)
    response = HttpResponse(export.render(matrix), content_type=export.content_type)
    name = f"copertura-accordo-{matrix.agreement.pk}"
    if matrix.programme is not None:
        name += f"-programma-{matrix.programme.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
