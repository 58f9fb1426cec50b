"""Italian number input ("26,25", "1.234,56", "1234.56", "€ 1.234") and display ("€ 1.234,56")."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

_CLEAN = re.compile(r"[\s\u00a0\u202f€]|^eur(o)?|eur(o)?$", re.IGNORECASE)


class NumberFormatError(ValueError):
    """A text that is not a number as Italians write it."""


def parse_number(text: str) -> Decimal:
    """Parse a number written the Italian or the international way.

    With both separators the last one is the decimal mark. A lone comma is decimal.
    A lone dot followed by exactly three digits groups thousands ("1.234" = 1234), as in
    Italian; any other lone dot is decimal ("1234.56", "26.5").
    """
    raw = _CLEAN.sub("", text or "")
    if not raw:
        raise NumberFormatError("empty")
    has_dot, has_comma = "." in raw, "," in raw
    if has_dot and has_comma:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
    elif has_comma:
        if raw.count(",") > 1:
            raise NumberFormatError(raw)
        decimal_mark = ","
    elif has_dot:
        if raw.count(".") > 1 or re.search(r"^[+-]?\d{1,3}\.\d{3}$", raw):
            decimal_mark = ","  # dots group thousands
        else:
            decimal_mark = "."
    else:
        decimal_mark = ","
    thousands = "." if decimal_mark == "," else ","
    if not _check_groups(raw, thousands, decimal_mark):
        raise NumberFormatError(raw)
    normalised = raw.replace(thousands, "").replace(decimal_mark, ".")
    try:
        value = Decimal(normalised)
    except InvalidOperation:
        raise NumberFormatError(raw) from None
    if not value.is_finite():
        raise NumberFormatError(raw)
    return value


def _check_groups(raw: str, thousands: str, decimal_mark: str) -> bool:
    """Thousand groups, where present, are of three digits after a first group of 1-3."""
    body = raw.lstrip("+-")
    integer, _, fraction = body.partition(decimal_mark)
    if fraction and not fraction.isdigit():
        return False
    if not integer and not fraction:
        return False
    if not integer:
        return True
    groups = integer.split(thousands)
    if len(groups) == 1:
        return groups[0].isdigit()
    return (
        groups[0].isdigit()
        and 1 <= len(groups[0]) <= 3
        and all(len(g) == 3 and g.isdigit() for g in groups[1:])
    )


def format_number(value: Decimal, places: int = 2) -> str:
    """``1234.5`` -> ``1.234,50`` (Italian grouping and decimal comma)."""
    if not isinstance(value, Decimal):
        raise TypeError(f"format_number needs a Decimal, not {type(value).__name__}")
    quantised = f"{abs(value):,.{places}f}"
    italian = quantised.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return ("-" if value < 0 else "") + italian


def format_eur(value: Decimal) -> str:
    """``Decimal("1234.56")`` -> ``€ 1.234,56``."""
    return f"€ {format_number(value)}"


def format_percent(value: Decimal) -> str:
    """``Decimal("7.56")`` -> ``7,56 %``; integral rates lose their decimals (``4 %``)."""
    if value == value.to_integral_value():
        return f"{format_number(value, 0)} %"
    return f"{format_number(value)} %"


def format_date(value: date) -> str:
    """``date(2016, 12, 31)`` -> ``31/12/2016``."""
    return value.strftime("%d/%m/%Y")
