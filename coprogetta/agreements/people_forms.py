"""Forms of the People page: they read the input; the services decide what is allowed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import StyledFormMixin
from coprogetta.accounts.models import Membership

from .access import narrowing_choices
from .models import Action, Area

TARGET_CHOICE = _("Choose one of this agreement's areas or actions.")


class AgreementRoleForm(StyledFormMixin, forms.Form):
    """The narrower role: only the organisation's role and the ones below it are offered."""

    role = forms.ChoiceField(label=_("Role on this agreement"))

    def __init__(self, *args: Any, org_role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (role, Membership.Role(role).label) for role in narrowing_choices(org_role)
        ]


def target_value(item: Area | Action) -> str:
    return f"{'area' if isinstance(item, Area) else 'action'}-{item.pk}"


class AssignmentForm(StyledFormMixin, forms.Form):
    """An area or an action of the agreement, in one list."""

    target = forms.ChoiceField(
        label=_("Area or action"), error_messages={"invalid_choice": TARGET_CHOICE},
        help_text=_("An area covers its actions and every line and staff cost in it."),
    )

    def __init__(self, *args: Any, areas: list[Area], actions: list[Action], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets: dict[str, Area | Action] = {
            target_value(item): item for item in [*areas, *actions]
        }
        choices: list[Any] = [("", _("Choose…"))]
        if areas:
            choices.append((_("Areas"), [(target_value(a), str(a)) for a in areas]))
        if actions:
            choices.append((_("Actions"), [
                (target_value(a), f"{_('Area')} {a.area.number} · {_('Action')} {a}") for a in actions
            ]))
        self.fields["target"].choices = choices  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        item = self.targets[self.cleaned_data["target"]]
        if isinstance(item, Area):
            return {"area": item, "action": None}
        return {"area": None, "action": item}
