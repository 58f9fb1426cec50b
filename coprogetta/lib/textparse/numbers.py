"""Italian number input ("26,25", "1.234,56", "1234.56", "€ 1.234") and display ("€ 1.234,56").

Reading (``parse_number``):

- A currency mark may stand before the number (``€``, ``€.``, ``EUR``, ``euro``, as the
  documents write "€. 26.736,87") or after it (``1.234,56 €``); a sign (``+``, ``-`` or the
  minus sign ``−``) may stand before or after the leading currency mark.
- With both a dot and a comma, the last one is the decimal mark ("1.234,56", "1,234.56").
- A lone comma is decimal ("26,25", "0,5", "1,234" = 1.234, as in Italian).
- A lone dot followed by exactly three digits groups thousands when the first group is
  1-3 digits not starting with 0 ("1.234" = 1234, as in Italian); any other lone dot is
  decimal ("1234.56", "26.5", "0.125", ".5").
- Repeated dots (or repeated commas) group thousands ("1.234.567", "1,234,567").
- Spaces (also no-break and narrow no-break spaces) may group thousands, in groups of
  three ("1 234 567,89"); they cannot be mixed with dots or commas as group separators.
- Grouped digits come as a first group of 1-3 digits and then groups of exactly three.
- Only ASCII digits; no exponents, no NaN or infinity. ``-0`` reads as ``0``.

Writing rounds half up (as ``coprogetta.lib.money`` does) and never shows ``-0,00``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

_NUMBER = re.compile(
    r"""
    (?P<sign1>[+\-\u2212])?\s*
    (?:(?:€|eur(?:o)?)\.?\s*)?
    (?P<sign2>[+\-\u2212])?\s*
    (?P<body>[0-9.,](?:[0-9.,\s]*[0-9.,])?)
    (?:\s*(?:€|eur(?:o)?))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_THOUSANDS_DOT = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")


class NumberFormatError(ValueError):
    """A text that is not a number as Italians write it."""


def parse_number(text: str) -> Decimal:
    """Parse a number written the Italian or the international way (see the module docstring)."""
    match = _NUMBER.fullmatch((text or "").strip())
    if match is None:
        raise NumberFormatError(f"not a number: {text!r}")
    if match["sign1"] and match["sign2"]:
        raise NumberFormatError(f"two signs: {text!r}")
    negative = (match["sign1"] or match["sign2"] or "+") in "-\u2212"
    body = match["body"]
    parts = body.split()
    if len(parts) > 1:
        normalised = _space_grouped(parts)
    else:
        normalised = _mark_grouped(body)
    if normalised is None:
        raise NumberFormatError(f"not a number: {text!r}")
    try:
        value = Decimal(normalised)
    except InvalidOperation:
        raise NumberFormatError(f"not a number: {text!r}") from None
    if value.is_zero():
        return value.copy_abs()
    return value.copy_negate() if negative else value


def _space_grouped(parts: list[str]) -> str | None:
    """``["1", "234", "567,89"]`` -> ``"1234567.89"``; None when the groups are wrong."""
    *head, last = parts
    integer, mark, fraction = _split_last(last)
    if any(other in integer + fraction for other in ".,"):
        return None
    groups = [*head, integer]
    if not _valid_groups(groups) or (fraction and not fraction.isdigit()):
        return None
    return "".join(groups) + ("." + fraction if fraction else "")


def _split_last(text: str) -> tuple[str, str, str]:
    """Split at the single decimal mark of the last space-separated group, if any."""
    for mark in (",", "."):
        if mark in text:
            integer, _, fraction = text.partition(mark)
            return integer, mark, fraction
    return text, "", ""


def _mark_grouped(body: str) -> str | None:
    """A body without spaces, in the canonical ``1234.56`` form; None when malformed."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        if body.count(decimal_mark) > 1:
            return None
    elif commas:
        decimal_mark = "," if commas == 1 else "."
    elif dots:
        decimal_mark = "," if dots > 1 or _THOUSANDS_DOT.fullmatch(body) else "."
    else:
        decimal_mark = "."
    thousands = "." if decimal_mark == "," else ","
    integer, _, fraction = body.partition(decimal_mark)
    if fraction and not fraction.isdigit():
        return None
    if not integer and not fraction:
        return None
    groups = integer.split(thousands) if integer else []
    if len(groups) == 1 and not groups[0].isdigit():
        return None
    if len(groups) > 1 and not _valid_groups(groups):
        return None
    return "".join(groups or ["0"]) + ("." + fraction if fraction else "")


def _valid_groups(groups: list[str]) -> bool:
    """Thousand groups: a first group of 1-3 digits not starting with 0, then groups of 3."""
    first, *rest = groups
    return (
        first.isdigit()
        and 1 <= len(first) <= 3
        and not first.startswith("0")
        and all(len(g) == 3 and g.isdigit() for g in rest)
    )


def _rounded(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals, whatever its size; never ``-0``."""
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        raise ValueError(f"places must be a non-negative int, not {places!r}")
    if not value.is_finite():
        raise ValueError(f"cannot format {value}")
    context = Context(prec=max(value.adjusted(), 0) + places + 2)
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=context)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_number(value: Decimal, places: int = 2) -> str:
    """``1234.5`` -> ``1.234,50`` (Italian grouping and decimal comma, rounded half up)."""
    if not isinstance(value, Decimal):
        raise TypeError(f"format_number needs a Decimal, not {type(value).__name__}")
    rounded = _rounded(value, places)
    quantised = f"{rounded.copy_abs():,.{places}f}"
    italian = quantised.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return ("-" if rounded < 0 else "") + italian


def format_eur(value: Decimal) -> str:
    """``Decimal("1234.56")`` -> ``€ 1.234,56``."""
    return f"€ {format_number(value)}"


def format_percent(value: Decimal) -> str:
    """``Decimal("7.56")`` -> ``7,56 %``; integral rates lose their decimals (``4 %``)."""
    if not isinstance(value, Decimal):
        raise TypeError(f"format_percent needs a Decimal, not {type(value).__name__}")
    rounded = _rounded(value, 2)
    if rounded == rounded.to_integral_value():
        return f"{format_number(rounded, 0)} %"
    return f"{format_number(rounded)} %"


def format_date(value: date) -> str:
    """``date(2016, 12, 31)`` -> ``31/12/2016`` (the date part of a datetime, as given)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
