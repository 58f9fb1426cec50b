"""``{% load workplan %}``: an action's schedule in words, for any page that lists actions."""

from django import template

from coprogetta.agreements.models import Action
from coprogetta.planning.workplan_text import ScheduleSummary, summarise

register = template.Library()


@register.filter
def schedule_summary(action: Action) -> ScheduleSummary:
    """``{% with s=action|schedule_summary %}{{ s.text }} {{ s.warnings }}{% endwith %}``."""
    return summarise(action.schedule_text, action.schedule)
