"""``{% history_url agreement obj as url %}``: the "Storico" page of an object of an agreement."""

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


def _agreement_id(obj: Any) -> int | None:
    """The agreement the object belongs to: itself, its ``agreement``, or its area's."""
    if obj._meta.label_lower == "agreements.agreement":
        return int(obj.pk)
    for path in ("agreement_id", "area.agreement_id", "budget_line.agreement_id"):
        value: Any = obj
        for name in path.split("."):
            value = getattr(value, name, None)
        if value is not None:
            return int(value)
    return None


@register.simple_tag
def history_url(agreement: Any, obj: Any) -> str:
    """The object's history page; empty for an object not saved yet (a creation form) or one
    that belongs to no agreement. ``agreement`` may be empty: the object's own is taken."""
    if obj is None or getattr(obj, "pk", None) is None or not hasattr(obj, "_meta"):
        return ""
    agreement_id = getattr(agreement, "pk", None) or _agreement_id(obj)
    if agreement_id is None:
        return ""
    return reverse("history:object", args=[agreement_id, obj._meta.label_lower, obj.pk])
