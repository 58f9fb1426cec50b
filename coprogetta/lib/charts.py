"""Report charts as SVG, from plain rows. No Django import.

Two charts, both horizontal so that long area names read on their own line:

- ``comparison_svg``: for each row (an area) two bars, what was planned and what was
  actually spent or logged, on one scale; the planned bar is solid, the actual bar striped,
  and each bar carries its series name and its number, so colour is never the only cue;
- ``progress_svg``: for each row a 0-100 % track with the filled share and its percentage.

Every word comes from the caller (titles, descriptions, series names), numbers are written
the Italian way (``€ 1.234,56``, ``45 %``) by ``coprogetta.lib.textparse.numbers``. The
output is deterministic and well-formed XML; ``prefix`` keeps ids unique when a page holds
several charts. An ``<svg>`` has ``role="img"`` and is labelled by its ``<title>`` and
``<desc>``, which also list the figures for a screen reader.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from coprogetta.lib.gantt import fit, text
from coprogetta.lib.textparse.numbers import format_eur, format_number

# Bootstrap Italia palette; text colours have at least 4.5:1 contrast on white.
PLANNED = "#5C6F82"  # slate
ACTUAL = "#0066CC"  # primary
OVER = "#CC334D"  # actual above planned
INK = "#17324D"
TRACK = "#E6E9F2"
FONT = "'Titillium Web', 'DejaVu Sans', Arial, sans-serif"

WIDTH = 720
PAD = 8
FONT_SIZE = 12
CHAR_WIDTH = 6.6
LABEL_HEIGHT = 18  # the row's name above its bars
BAR_HEIGHT = 14
BAR_GAP = 4
ROW_GAP = 12
VALUE_WIDTH = 250  # room kept right of the longest bar for "Planned: € 1.234.567,89"
LEGEND_HEIGHT = 26
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Pair:
    """One row of a comparison: its name, the planned and the actual figure."""

    label: str
    planned: Decimal
    actual: Decimal


@dataclass(frozen=True)
class Share:
    """One row of a progress chart: its name and a percentage (0-100; clipped when drawn)."""

    label: str
    percent: Decimal


@dataclass(frozen=True)
class ChartLabels:
    """The words of a chart, in the reader's language."""

    title: str
    description: str
    planned: str = "Planned"
    actual: str = "Actual"
    over: str = "over the plan"
    empty: str = "No data"


def _n(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ``.0``."""
    result = f"{value:.1f}"
    return result[:-2] if result.endswith(".0") else result


def percent_text(value: Decimal) -> str:
    """``Decimal("45")`` -> ``45 %``; ``Decimal("33.333")`` -> ``33,3 %``."""
    one = format_number(value, 1)
    return f"{one[:-2] if one.endswith(',0') else one} %"


def _scale(value: Decimal, largest: Decimal, length: float) -> float:
    """The length of a bar for ``value`` when ``largest`` fills ``length``; 0 for <= 0."""
    if value <= 0 or largest <= 0:
        return 0.0
    return float(min(value / largest, Decimal(1))) * length


def _head(prefix: str, height: float, labels: ChartLabels, css_class: str, defs: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" height="{_n(height)}" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}">'
        f'<title id="{prefix}-title">{text(labels.title)}</title>'
        f'<desc id="{prefix}-desc">{text(labels.description)}</desc>'
        f"<defs>{defs}</defs>"
        f'<rect x="0" y="0" width="{WIDTH}" height="{_n(height)}" fill="#FFFFFF"/>'
    )


def _stripes(ident: str, colour: str) -> str:
    """A diagonal-stripe fill: what tells the actual bar from the solid planned one."""
    return (
        f'<pattern id="{ident}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#FFFFFF"/>'
        f'<rect width="3.5" height="6" fill="{colour}"/></pattern>'
    )


def _empty(prefix: str, labels: ChartLabels, css_class: str) -> str:
    height = PAD * 2 + LABEL_HEIGHT
    return (
        _head(prefix, height, labels, css_class, "")
        + f'<text x="{PAD}" y="{_n(PAD + 13)}" fill="{INK}">{text(labels.empty)}</text></svg>'
    )


def comparison_svg(
    rows: Sequence[Pair],
    *,
    labels: ChartLabels,
    prefix: str = "chart",
    value: Callable[[Decimal], str] = format_eur,
) -> str:
    """Planned against actual per row, as horizontal bars on one scale (see the module)."""
    if not rows:
        return _empty(prefix, labels, "chart-comparison")
    largest = max(max(r.planned, r.actual) for r in rows)
    length = WIDTH - 2 * PAD - VALUE_WIDTH
    step = LABEL_HEIGHT + 2 * BAR_HEIGHT + BAR_GAP + ROW_GAP
    height = PAD + LEGEND_HEIGHT + step * len(rows) + PAD
    parts: list[str] = [_legend_comparison(prefix, labels)]
    y = PAD + LEGEND_HEIGHT
    for row in rows:
        parts.append(
            f'<text x="{PAD}" y="{_n(y + 13)}" fill="{INK}" font-weight="600">'
            f"{text(fit(row.label, WIDTH - 2 * PAD, CHAR_WIDTH))}</text>"
        )
        top = y + LABEL_HEIGHT
        for index, (name, amount) in enumerate(((labels.planned, row.planned), (labels.actual, row.actual))):
            bar_y = top + index * (BAR_HEIGHT + BAR_GAP)
            bar = _scale(amount, largest, length)
            if index == 0:
                fill, stroke = PLANNED, PLANNED
            else:
                over = row.actual > row.planned
                fill, stroke = f"url(#{prefix}-{'over' if over else 'actual'})", OVER if over else ACTUAL
            if bar > 0:
                parts.append(
                    f'<rect x="{PAD}" y="{_n(bar_y)}" width="{_n(max(bar, 1.0))}" height="{BAR_HEIGHT}" '
                    f'fill="{fill}" stroke="{stroke}" stroke-width="1"/>'
                )
            else:
                parts.append(
                    f'<line x1="{PAD}" y1="{_n(bar_y)}" x2="{PAD}" y2="{_n(bar_y + BAR_HEIGHT)}" '
                    f'stroke="{stroke}" stroke-width="2"/>'
                )
            note = f" ({labels.over})" if index == 1 and row.actual > row.planned else ""
            parts.append(
                f'<text x="{_n(PAD + bar + 6)}" y="{_n(bar_y + 11)}" fill="{INK}">'
                f"{text(name)}: {text(value(amount))}{text(note)}</text>"
            )
        y += step
    head = _head(prefix, height, labels, "chart-comparison", "".join([
        _stripes(f"{prefix}-actual", ACTUAL), _stripes(f"{prefix}-over", OVER),
    ]))
    return head + "".join(parts) + "</svg>"


def _legend_comparison(prefix: str, labels: ChartLabels) -> str:
    y = PAD
    second = PAD + 22 + len(labels.planned) * CHAR_WIDTH + 24
    return (
        f'<g class="chart-legend">'
        f'<rect x="{PAD}" y="{y}" width="16" height="12" fill="{PLANNED}"/>'
        f'<text x="{PAD + 22}" y="{y + 10}" fill="{INK}">{text(labels.planned)}</text>'
        f'<rect x="{_n(second)}" y="{y}" width="16" height="12" fill="url(#{prefix}-actual)" '
        f'stroke="{ACTUAL}"/>'
        f'<text x="{_n(second + 22)}" y="{y + 10}" fill="{INK}">{text(labels.actual)}</text>'
        f"</g>"
    )


def progress_svg(
    rows: Sequence[Share],
    *,
    labels: ChartLabels,
    prefix: str = "progress",
) -> str:
    """Each row's percentage as a filled share of a 0-100 % track, with the number written."""
    if not rows:
        return _empty(prefix, labels, "chart-progress")
    number_width = 70
    length = WIDTH - 2 * PAD - number_width
    step = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    height = PAD + step * len(rows) + PAD
    parts: list[str] = []
    y: float = PAD
    for row in rows:
        parts.append(
            f'<text x="{PAD}" y="{_n(y + 13)}" fill="{INK}" font-weight="600">'
            f"{text(fit(row.label, WIDTH - 2 * PAD, CHAR_WIDTH))}</text>"
        )
        top = y + LABEL_HEIGHT
        filled = _scale(max(min(row.percent, HUNDRED), Decimal(0)), HUNDRED, length)
        parts.append(
            f'<rect x="{PAD}" y="{_n(top)}" width="{_n(length)}" height="{BAR_HEIGHT}" '
            f'fill="{TRACK}" stroke="{PLANNED}" stroke-width="0.5"/>'
        )
        if filled > 0:
            parts.append(
                f'<rect x="{PAD}" y="{_n(top)}" width="{_n(max(filled, 1.0))}" height="{BAR_HEIGHT}" '
                f'fill="url(#{prefix}-fill)" stroke="{ACTUAL}" stroke-width="1"/>'
            )
        parts.append(
            f'<text x="{_n(PAD + length + 8)}" y="{_n(top + 11)}" fill="{INK}" font-weight="600">'
            f"{text(percent_text(row.percent))}</text>"
        )
        y += step
    head = _head(prefix, height, labels, "chart-progress", _stripes(f"{prefix}-fill", ACTUAL))
    return head + "".join(parts) + "</svg>"


def hours_text(value: Decimal) -> str:
    """``Decimal("1234.5")`` -> ``1.234,50 h``."""
    return f"{format_number(value, 2)} h"
