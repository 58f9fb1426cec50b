"""The home page, the glossary and the accessibility statement: public pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from coprogetta.accounts.selectors import user_is_editor
from coprogetta.glossary import TERMS

from . import selectors


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What Coprogetta is; the demo logins when turned on; a person's agreements and deadlines."""
    context: dict[str, object] = {"demo": selectors.demo_panel()}
    if request.user.is_authenticated:
        agreements = list(selectors.home_agreements(request.user)[: selectors.HOME_AGREEMENTS + 1])
        context.update({
            "agreements": agreements[: selectors.HOME_AGREEMENTS],
            "more_agreements": len(agreements) > selectors.HOME_AGREEMENTS,
            "deadlines": selectors.home_deadlines(request.user, today=timezone.localdate()),
            "horizon": selectors.HOME_HORIZON_DAYS,
            "can_create": user_is_editor(request.user),
        })
    else:
        context["empty_installation"] = selectors.installation_is_empty()
    return render(request, "home/home.html", context)


@login_not_required
@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "home/glossary.html", {"terms": TERMS})


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (AgID model); the deployer's details come from the settings."""
    return render(request, "home/accessibility.html", {
        "statement": settings.COPROGETTA_ACCESSIBILITY,
    })
