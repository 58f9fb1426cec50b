"""The "API tokens" page: create a token (its secret shown once), list and revoke them."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from coprogetta.accounts.forms import form_submit

from .token_services import api_token_create, api_token_revoke, api_tokens_of


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “accounting export”."),
    )


def _crumbs(title: str) -> list[tuple[str, str | None]]:
    return [(_("Agreements"), reverse("agreements:list")), (title, None)]


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None)
    result = form_submit(form, api_token_create, user=request.user)
    secret = None
    if result is not None:
        token, secret = result
        messages.success(request, _("Token created: %(name)s.") % {"name": token.name})
        form = TokenForm()
    title = _("API tokens")
    response = render(request, "api/tokens.html", {
        "form": form, "tokens": list(api_tokens_of(request.user)), "secret": secret, "title": title,
        "crumbs": _crumbs(title), "schema_url": reverse("api:schema"),
    })
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, item: int) -> HttpResponse:
    token = get_object_or_404(api_tokens_of(request.user), pk=item)
    if request.method == "POST":
        api_token_revoke(user=request.user, token=token)
        messages.success(request, _("Token revoked: %(name)s.") % {"name": token.name})
        return redirect("api:token_list")
    title = _("Revoke the token “%(name)s”") % {"name": token.name}
    return render(request, "api/token_revoke.html", {
        "token": token, "title": title, "crumbs": _crumbs(title),
        "back": reverse("api:token_list"),
    })
