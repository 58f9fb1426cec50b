"""Indicator values as people type them, and how far each indicator has got. No Django import.

Reading (``parse_value``): the number as Italians write it (``textparse.numbers``), with an
optional mark of its unit, which must be the indicator's own:

- ``percent``: ``45``, ``45 %``, ``45%``, ``45,5 per cento`` (0 to 100);
- ``hours``: ``12``, ``12 h``, ``12 ore``, ``1 ora`` (not negative);
- ``eur``: ``1200``, ``€ 1.200,00``, ``1200 euro``, ``1.200 EUR`` (not negative);
- ``count``: ``22``, or ``22 bambini`` (any noun after the number): whole and not negative;
- ``decimal``: ``3,5``, ``-2``, ``3,5 km``: any sign, a noun allowed.

A value in another unit ("45 h" for a percentage, "€ 45" for a count) is refused with the
reason code ``wrong_unit`` and the unit that was found; the caller words the sentence.
At most two decimals, and less than a thousand billion, as the database keeps them.

Attainment: the percent of the way from the baseline (``None`` = 0) to the target. When the
target is no improvement on the baseline (equal to it, or on the worse side for the
indicator's direction), it is a limit to stay within: 100 when met, 0 when not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

from coprogetta.lib.textparse.numbers import NumberFormatError, format_number, parse_number

Unit = Literal["count", "decimal", "percent", "hours", "eur"]
UNITS: Final[tuple[Unit, ...]] = ("count", "decimal", "percent", "hours", "eur")
#: What a mark after the number may say besides a unit: a free noun ("22 bambini").
NOUN: Final = "noun"

#: The refusals of ``parse_value`` and ``check_value``.
Reason = Literal[
    "empty", "not_a_number", "wrong_unit", "not_whole", "negative", "over_100",
    "too_many_decimals", "too_large",
]

HUNDRED: Final = Decimal(100)
#: Two decimals, fourteen digits: what an indicator field stores.
MAX_VALUE: Final = Decimal("999999999999.99")
ONE_DECIMAL: Final = Decimal("0.1")

_MARKS: Final[dict[str, Unit]] = {
    "%": "percent", "per cento": "percent", "percento": "percent", "percent": "percent",
    "h": "hours", "ore": "hours", "ora": "hours", "hours": "hours", "hour": "hours",
    "€": "eur", "eur": "eur", "euro": "eur",
}
#: The marks each unit accepts: its own and, for plain numbers, a free noun.
_ACCEPTED: Final[dict[Unit, frozenset[str]]] = {
    "count": frozenset({NOUN}),
    "decimal": frozenset({NOUN}),
    "percent": frozenset({"percent"}),
    "hours": frozenset({"hours"}),
    "eur": frozenset({"eur"}),
}
_VALUE = re.compile(
    r"""
    (?P<sign1>[+\-\u2212]?)\s*
    (?P<pre>(?:€|eur(?:o)?\b)\.?)?\s*
    (?P<sign2>[+\-\u2212]?)\s*
    (?P<body>[0-9.,](?:[0-9.,\s]*[0-9.,])?)
    \s*(?P<post>.*)
    """,
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
_FIRST_WORD = re.compile(r"[^\W\d_]+")


class IndicatorValueError(ValueError):
    """A typed value the indicator's unit refuses: ``reason`` says why.

    ``found`` is, for ``wrong_unit``, the unit the text was written in (or ``"noun"``).
    """

    def __init__(self, reason: Reason, text: str, *, found: str | None = None) -> None:
        super().__init__(f"{reason}: {text!r}" + (f" (found {found})" if found else ""))
        self.reason: Reason = reason
        self.found = found


def _mark(post: str) -> str | None:
    """The unit a text after the number names, ``"noun"`` for any other word, None for none."""
    text = " ".join(post.lower().split()).rstrip(".").strip()
    if not text:
        return None
    if text.startswith("%"):
        return "percent"
    if text.startswith("€"):
        return "eur"
    for phrase in ("per cento", "percento"):
        if text == phrase or text.startswith(phrase + " "):
            return "percent"
    word = _FIRST_WORD.match(text)
    if word is None:
        return ""
    return _MARKS.get(word.group(), NOUN)


def check_value(value: Decimal, unit: Unit) -> Decimal:
    """``value`` if ``unit`` allows it (sign, range, decimals); IndicatorValueError otherwise."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    if not value.is_finite():
        raise IndicatorValueError("not_a_number", str(value))
    if value.is_zero():
        value = value.copy_abs()
    if abs(value) > MAX_VALUE:
        raise IndicatorValueError("too_large", str(value))
    if value != value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        raise IndicatorValueError("too_many_decimals", str(value))
    if unit != "decimal" and value < 0:
        raise IndicatorValueError("negative", str(value))
    if unit == "count" and value != value.to_integral_value():
        raise IndicatorValueError("not_whole", str(value))
    if unit == "percent" and value > HUNDRED:
        raise IndicatorValueError("over_100", str(value))
    return value


def parse_value(text: str, unit: Unit) -> Decimal:
    """The value ``text`` states, in ``unit`` (see the module docstring); IndicatorValueError if not."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise IndicatorValueError("empty", text)
    match = _VALUE.fullmatch(cleaned)
    if match is None or (match["sign1"] and match["sign2"]):
        raise IndicatorValueError("not_a_number", text)
    post = match["post"]
    if any(c.isdigit() for c in post):
        raise IndicatorValueError("not_a_number", text)
    after = _mark(post)
    if after == "":
        raise IndicatorValueError("not_a_number", text)
    if match["pre"]:
        if after is not None:
            raise IndicatorValueError("not_a_number", text)
        after = "eur"
    try:
        number = parse_number(f"{match['sign1'] or match['sign2']}{match['body']}")
    except NumberFormatError:
        raise IndicatorValueError("not_a_number", text) from None
    if after is not None and after not in _ACCEPTED[unit]:
        raise IndicatorValueError("wrong_unit", text, found=after)
    return check_value(number, unit)


def format_value(value: Decimal, unit: Unit, *, mark: bool = True) -> str:
    """``45`` percent -> ``45 %``; ``12.5`` hours -> ``12,50 h``; ``1200`` eur -> ``€ 1.200,00``.

    Counts show no decimals. Without ``mark``, the number alone, as an input shows it.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    places = 0 if unit == "count" or (unit == "percent" and value == value.to_integral_value()) else 2
    number = format_number(value, places)
    if not mark or unit in ("count", "decimal"):
        return number
    if unit == "eur":
        return f"€ {number}"
    return f"{number} {'%' if unit == 'percent' else 'h'}"


# -- how far an indicator has got ----------------------------------------------------------


def met(value: Decimal, target: Decimal, *, higher_is_better: bool = True) -> bool:
    """Whether ``value`` reaches ``target``: at least it, or at most it when lower is better."""
    return value >= target if higher_is_better else value <= target


def attainment(
    value: Decimal, target: Decimal, baseline: Decimal | None = None, *, higher_is_better: bool = True,
) -> Decimal:
    """The percent of the way from ``baseline`` (None = 0) to ``target`` that ``value`` has gone.

    One decimal, rounded half up; above 100 when the target is passed, below 0 when the value
    moved away from it. A target that is no improvement on the baseline is a limit: 100 when
    met, 0 when not.
    """
    base = baseline if baseline is not None else Decimal(0)
    gap = target - base
    improves = gap > 0 if higher_is_better else gap < 0
    if not improves:
        return Decimal("100.0") if met(value, target, higher_is_better=higher_is_better) else Decimal("0.0")
    result = ((value - base) * HUNDRED / gap).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return result.copy_abs() if result.is_zero() else result


def capped(percent: Decimal) -> Decimal:
    """``percent`` kept within 0..100, as roll-ups count it."""
    return min(max(percent, Decimal("0.0")), Decimal("100.0"))


@dataclass(frozen=True)
class Row:
    """One indicator at one checkpoint, as the roll-up counts it."""

    attainment: Decimal | None
    reported: bool
    approved: bool
    met: bool | None


@dataclass(frozen=True)
class RollUp:
    """Indicators together: mean attainment (each capped at 0..100) and counts."""

    attainment: Decimal | None
    reported: int
    approved: int
    met: int
    total: int


def roll_up(rows: Iterable[Row]) -> RollUp:
    """The mean capped attainment of the rows that have one (None if none) and the counts."""
    items = list(rows)
    attained = [capped(row.attainment) for row in items if row.attainment is not None]
    mean = None
    if attained:
        mean = (sum(attained, Decimal(0)) / len(attained)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return RollUp(
        attainment=mean,
        reported=sum(1 for row in items if row.reported),
        approved=sum(1 for row in items if row.approved),
        met=sum(1 for row in items if row.met),
        total=len(items),
    )
