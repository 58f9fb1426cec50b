"""Pages of deadlines: the "Scadenze" page, the calendar feeds and their management pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreement_get
from coprogetta.formchoices import choices_read

from . import deadline_selectors as selectors
from . import deadline_services as services
from .deadline_feeds import calendar_bytes, feed_name
from .deadline_forms import DeadlineFilterForm, FeedActionForm


def _site_url(request: HttpRequest) -> str:
    """``https://host``: SITE_URL when set, else the address of this request."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


@require_GET
def deadlines(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = choices_read(
        DeadlineFilterForm(request.GET, agreements=selectors.deadline_agreements(request.user)))
    form.is_valid()  # an invalid choice shows its error; the page uses the defaults
    agreement = form.agreement()
    groups = selectors.deadlines_page(
        request.user, today=today, horizon_days=form.horizon(),
        agreement_id=agreement.pk if agreement else None,
    )
    return render(request, "planning/deadlines.html", {
        "form": form, "groups": groups, "today": today, "horizon": form.horizon(),
        "agreement": agreement,
        "count": sum(len(group.items) for group in groups),
    })


@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed behind a token: no login; 404 for an unknown or revoked token."""
    calendar_token = selectors.calendar_token_from_secret(token)
    content = selectors.feed_content(calendar_token)
    with translation.override(calendar_token.language):
        body = calendar_bytes(
            content.rows, name=feed_name(content.title), stamp=timezone.now(),
            base_url=_site_url(request), with_agreement=content.personal,
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="coprogetta.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


def _feed_page(request: HttpRequest, agreement: Agreement | None) -> HttpResponse:
    """GET: whether the feed exists. POST: create a new address (shown once) or revoke it."""
    secret = None
    form = FeedActionForm(request.POST if request.method == "POST" else None)
    here = (reverse("planning:agreement_feed", args=[agreement.pk]) if agreement
            else reverse("planning:user_feed"))
    if form.is_bound and form.is_valid():
        try:
            if form.cleaned_data["action"] == FeedActionForm.CREATE:
                _token, secret = services.calendar_token_create(
                    user=request.user, agreement=agreement, language=translation.get_language(),
                )
            elif services.calendar_token_revoke(user=request.user, agreement=agreement):
                messages.success(request, _("The calendar address has been revoked: it no longer works."))
                return redirect(here)
            else:
                messages.info(request, _("There was no calendar address to revoke."))
                return redirect(here)
        except ValidationError as error:
            form.add_error(None, error)
    feed_url = (_site_url(request) + reverse("planning:feed", args=[secret])) if secret else None
    return render(request, "planning/feed.html", {
        "agreement": agreement, "form": form, "feed_url": feed_url,
        "active": selectors.calendar_token_active(request.user, agreement),
        "crumbs": _feed_crumbs(agreement),
    })


def _feed_crumbs(agreement: Agreement | None) -> list[tuple[str, str | None]]:
    if agreement is None:
        return [(_("Deadlines"), reverse("planning:deadlines")), (_("Calendar"), None)]
    return [
        (_("Agreements"), reverse("agreements:list")),
        (agreement.title, reverse("agreements:detail", args=[agreement.pk])),
        (_("Calendar"), None),
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def agreement_feed(request: HttpRequest, pk: int) -> HttpResponse:
    return _feed_page(request, agreement_get(request.user, pk))


@never_cache
@require_http_methods(["GET", "POST"])
def user_feed(request: HttpRequest) -> HttpResponse:
    return _feed_page(request, None)
