"""Template filters for amounts and dates as Italian administrations write them."""

from datetime import date
from decimal import Decimal

from django import template

from coprogetta.lib.textparse.numbers import format_date, format_eur, format_number, format_percent

register = template.Library()


@register.filter
def eur(value: Decimal | None) -> str:
    """``1234.5`` -> ``€ 1.234,50``; empty for None."""
    return "" if value is None or value == "" else format_eur(Decimal(value))


@register.filter
def num(value: Decimal | None, places: int = 2) -> str:
    """``1234.5`` -> ``1.234,50``."""
    return "" if value is None or value == "" else format_number(Decimal(value), int(places))


@register.filter
def pct(value: Decimal | str | None) -> str:
    """``7.56`` -> ``7,56 %``; ``"4"`` -> ``4 %``."""
    if value is None or value == "":
        return ""
    return format_percent(Decimal(value))


@register.filter
def itdate(value: date | None) -> str:
    """``date(2016, 12, 31)`` -> ``31/12/2016``."""
    return "" if value is None else format_date(value)
