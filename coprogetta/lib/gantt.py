"""A work plan's Gantt chart as SVG, from plain rows. No Django import.

``gantt_svg(groups, start=..., end=..., today=..., labels=...)`` returns an ``<svg>`` string
for an HTML page or a PDF: months on the x axis, rows grouped by area under a header,
consolidation and development told apart by colour *and* pattern (solid against striped),
deadlines as diamonds, the occurrences of a recurrence as ticks on a thin line, a hatched
band with "?" for a schedule that was not understood, a dashed line for today and a legend.

Its classes all start with ``gantt-`` so that no page style applies to them by chance
(Bootstrap's ``.row > *`` would stretch every bar). Every word comes from the caller
(``Labels``: month abbreviations, legend), so this module stays language-neutral. The
output is deterministic: the same input gives the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Literal

Kind = Literal["consolidation", "development"]
Span = tuple[date, date]

# Bootstrap Italia palette; every text colour has at least 4.5:1 contrast on its background.
PRIMARY = "#0066CC"  # consolidation
SUCCESS = "#008758"  # development
DANGER = "#CC334D"  # deadlines
SLATE = "#5C6F82"  # secondary text, unresolved hatching
INK = "#17324D"  # text, today
GRID = "#C5C7C9"
SHADE = "#F5F6F7"  # every other month
HEADER = "#E6E9F2"  # group header

WIDTH = 1120
LABEL_WIDTH = 400  # the column of action titles
PAD = 8
RIGHT = 12
AXIS_YEAR = 20
AXIS_MONTH = 22
GROUP_HEIGHT = 26
ROW_HEIGHT = 26
BAR_HEIGHT = 14
FONT_SIZE = 12
CHAR_WIDTH = 6.6  # a generous average advance at FONT_SIZE, for truncation
LEGEND_ROW = 24
FONT = "'Titillium Web', 'DejaVu Sans', Arial, sans-serif"

#: Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Row:
    """One action: its bars (``intervals``), the bounds of its recurrences (``spans``, drawn
    as a thin line), deadlines, occurrence dates, and whether it could not be placed."""

    label: str
    kind: Kind
    intervals: tuple[Span, ...] = ()
    deadlines: tuple[date, ...] = ()
    spans: tuple[Span, ...] = ()
    occurrences: tuple[date, ...] = ()
    unresolved: bool = False
    warning: str = ""  # why the schedule should be checked (a tooltip); empty if nothing


@dataclass(frozen=True)
class Group:
    """An area: a header row, then its actions."""

    label: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Labels:
    """The words of the chart, in the reader's language."""

    title: str
    description: str
    months: tuple[str, ...]  # twelve abbreviations, January first
    consolidation: str = "Consolidation"
    development: str = "Development"
    deadline: str = "Deadline"
    recurrence: str = "Recurring"
    unresolved: str = "Schedule not understood"
    warning: str = "To check"
    today: str = "Today"
    empty: str = "No actions"


def text(value: str) -> str:
    """``value`` safe inside an XML element or a double-quoted attribute."""
    return escape(_NOT_XML.sub("", value), quote=True)


def _n(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ``.0``."""
    result = f"{value:.1f}"
    return result[:-2] if result.endswith(".0") else result


def _day(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def _clean(label: str) -> str:
    """``label`` on one line, without characters XML refuses."""
    return " ".join(_NOT_XML.sub("", label).split())


def fit(label: str, width: float, char_width: float = CHAR_WIDTH) -> str:
    """``label`` cut with an ellipsis so that it fits ``width`` pixels (estimated)."""
    label = _clean(label)
    most = max(int(width // char_width), 1)
    if len(label) <= most:
        return label
    return label[: most - 1].rstrip() + "…"


def _months(start: date, end: date) -> list[Span]:
    """The months touched by ``start``..``end``, each clipped to it."""
    result: list[Span] = []
    first = date(start.year, start.month, 1)
    while first <= end:
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        result.append((max(first, start), min(following - timedelta(days=1), end)))
        first = following
    return result


def _years(start: date, end: date) -> list[Span]:
    return [(max(date(y, 1, 1), start), min(date(y, 12, 31), end)) for y in range(start.year, end.year + 1)]


class _Chart:
    """Coordinates of one chart and the SVG elements drawn so far."""

    def __init__(self, start: date, end: date, prefix: str) -> None:
        self.start, self.end, self.prefix = start, end, prefix
        self.x0 = LABEL_WIDTH
        self.width = WIDTH - LABEL_WIDTH - RIGHT
        self.days = (end - start).days + 1
        self.parts: list[str] = []

    def x(self, day: date) -> float:
        """The left edge of ``day``."""
        return self.x0 + self.width * (day - self.start).days / self.days

    def mid(self, day: date) -> float:
        return self.x(day) + self.width / self.days / 2

    def inside(self, day: date) -> bool:
        return self.start <= day <= self.end

    def clip(self, span: Span) -> Span | None:
        first, last = max(span[0], self.start), min(span[1], self.end)
        return (first, last) if first <= last else None

    def add(self, element: str) -> None:
        self.parts.append(element)

    def ref(self, name: str) -> str:
        return f"{self.prefix}-{name}"


def gantt_svg(
    groups: Sequence[Group],
    *,
    start: date,
    end: date,
    today: date | None,
    labels: Labels,
    prefix: str = "gantt",
) -> str:
    """The chart of ``groups`` over ``start``..``end`` as an ``<svg>`` element.

    ``prefix`` makes the ids unique when a page holds several charts.
    """
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    if len(labels.months) != 12:
        raise ValueError("labels.months needs twelve abbreviations")
    chart = _Chart(start, end, prefix)
    top = AXIS_YEAR + AXIS_MONTH
    body = sum(GROUP_HEIGHT + ROW_HEIGHT * len(g.rows) for g in groups) or ROW_HEIGHT
    show_today = today is not None and chart.inside(today)
    legend_top = top + body + 16
    legend_lines = _legend(chart, labels, legend_top, show_today, _kinds(groups))
    height = legend_top + LEGEND_ROW * legend_lines + 4

    _axis(chart, labels, top, top + body)
    y = top
    if not groups:
        chart.add(f'<text x="{_n(PAD)}" y="{_n(y + ROW_HEIGHT / 2 + 4)}" fill="{SLATE}">'
                  f"{text(labels.empty)}</text>")
    for index, group in enumerate(groups):
        _group(chart, group, y, index)
        y += GROUP_HEIGHT
        for row in group.rows:
            _row(chart, row, y, labels)
            y += ROW_HEIGHT
    if show_today and today is not None:
        x = chart.mid(today)
        chart.add(
            f'<g class="gantt-today"><title>{text(labels.today)} {_day(today)}</title>'
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(top + body)}" '
            f'stroke="{INK}" stroke-width="2" stroke-dasharray="5 3"/></g>'
        )
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" role="img" '
        f'aria-labelledby="{chart.ref("title")} {chart.ref("desc")}" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" height="{_n(height)}" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}">'
        f'<title id="{chart.ref("title")}">{text(labels.title)}</title>'
        f'<desc id="{chart.ref("desc")}">{text(labels.description)}</desc>'
        f"{_defs(chart)}"
        f'<rect class="gantt-background" x="0" y="0" width="{WIDTH}" height="{_n(height)}" fill="#FFFFFF"/>'
    )
    return head + "".join(chart.parts) + "</svg>"


def _kinds(groups: Iterable[Group]) -> set[str]:
    """What the legend needs to explain."""
    found: set[str] = set()
    for group in groups:
        for row in group.rows:
            found.add(row.kind)
            if row.deadlines:
                found.add("deadline")
            if row.occurrences or row.spans:
                found.add("recurrence")
            if row.unresolved:
                found.add("unresolved")
            if row.warning and not row.unresolved:
                found.add("warning")
    return found


def _defs(chart: _Chart) -> str:
    """The striped fill of development bars and the hatching of unresolved rows."""
    return (
        "<defs>"
        f'<pattern id="{chart.ref("development")}" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#FFFFFF"/><rect width="3" height="6" fill="{SUCCESS}"/></pattern>'
        f'<pattern id="{chart.ref("unresolved")}" patternUnits="userSpaceOnUse" width="8" height="8" '
        'patternTransform="rotate(-45)">'
        f'<rect width="8" height="8" fill="#FFFFFF"/><rect width="1.5" height="8" fill="{SLATE}"/></pattern>'
        "</defs>"
    )


def _axis(chart: _Chart, labels: Labels, top: float, bottom: float) -> None:
    """Years and months along the top, month shading and grid lines down the rows."""
    parts = ['<g class="gantt-axis">']
    months = _months(chart.start, chart.end)
    month_width = chart.width * 30.4 / chart.days
    need = max(len(name) for name in labels.months) * CHAR_WIDTH * 0.85 + 2
    step = next((s for s in (1, 2, 3, 6) if month_width * s >= need), 12)  # label every step-th month
    for index, (first, last) in enumerate(months):
        x1, x2 = chart.x(first), chart.x(last + timedelta(days=1))
        if index % 2:
            parts.append(f'<rect x="{_n(x1)}" y="{_n(AXIS_YEAR)}" width="{_n(x2 - x1)}" '
                         f'height="{_n(bottom - AXIS_YEAR)}" fill="{SHADE}"/>')
        parts.append(f'<line x1="{_n(x1)}" y1="{_n(AXIS_YEAR)}" x2="{_n(x1)}" y2="{_n(bottom)}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        name = labels.months[first.month - 1]
        if (first.month - 1) % step == 0 and x2 - x1 >= min(need, month_width) * 0.6:
            parts.append(f'<text class="gantt-month" x="{_n((x1 + x2) / 2)}" y="{_n(top - 7)}" '
                         f'text-anchor="middle" fill="{INK}">{text(name)}</text>')
    end_x = chart.x(chart.end + timedelta(days=1))
    parts.append(f'<line x1="{_n(end_x)}" y1="{_n(AXIS_YEAR)}" x2="{_n(end_x)}" y2="{_n(bottom)}" '
                 f'stroke="{GRID}" stroke-width="1"/>')
    for first, last in _years(chart.start, chart.end):
        x1, x2 = chart.x(first), chart.x(last + timedelta(days=1))
        parts.append(f'<line x1="{_n(x1)}" y1="0" x2="{_n(x1)}" y2="{_n(AXIS_YEAR)}" stroke="{GRID}"/>')
        if x2 - x1 >= 34:
            parts.append(f'<text class="gantt-year" x="{_n((x1 + x2) / 2)}" y="{_n(AXIS_YEAR - 6)}" '
                         f'text-anchor="middle" font-weight="700" fill="{INK}">{first.year}</text>')
    parts.append(f'<line x1="0" y1="{_n(top)}" x2="{WIDTH}" y2="{_n(top)}" stroke="{INK}" stroke-width="1"/>')
    parts.append("</g>")
    chart.add("".join(parts))


def _label(value: str, width: float, x: float, y: float, **attributes: str) -> str:
    """A ``<text>`` cut to ``width``; when cut, its ``<title>`` holds the whole label."""
    shown = fit(value, width)
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attributes.items())
    title = f"<title>{text(value)}</title>" if shown != _clean(value) else ""
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{title}{text(shown)}</text>'


def _group(chart: _Chart, group: Group, y: float, index: int) -> None:
    chart.add(
        f'<g class="gantt-group">'
        f'<rect x="0" y="{_n(y)}" width="{WIDTH}" height="{GROUP_HEIGHT}" fill="{HEADER}"/>'
        + _label(group.label, WIDTH - 2 * PAD, PAD, y + GROUP_HEIGHT / 2 + 4,
                 font_weight="700", fill=INK)
        + "</g>"
    )


def _row(chart: _Chart, row: Row, y: float, labels: Labels) -> None:
    centre = y + ROW_HEIGHT / 2
    kind = "development" if row.kind == "development" else "consolidation"
    parts = [f'<g class="gantt-row gantt-{kind}{" gantt-unresolved" if row.unresolved else ""}">']
    parts.append(f'<line x1="0" y1="{_n(y + ROW_HEIGHT)}" x2="{WIDTH}" y2="{_n(y + ROW_HEIGHT)}" '
                 f'stroke="{GRID}" stroke-width="0.5"/>')
    parts.append(_label(row.label, LABEL_WIDTH - 2 * PAD - 20, PAD, centre + 4, fill=INK))
    marker_x = LABEL_WIDTH - PAD - 8
    if row.unresolved:
        parts.append(
            f'<g class="gantt-marker-unresolved"><title>{text(row.warning or labels.unresolved)}</title>'
            f'<circle cx="{_n(marker_x)}" cy="{_n(centre)}" r="8" fill="{INK}"/>'
            f'<text x="{_n(marker_x)}" y="{_n(centre + 4)}" text-anchor="middle" fill="#FFFFFF" '
            f'font-weight="700">?</text></g>'
        )
        parts.append(
            f'<rect class="gantt-unresolved-band" x="{_n(chart.x0)}" y="{_n(centre - BAR_HEIGHT / 2)}" '
            f'width="{_n(chart.width)}" height="{BAR_HEIGHT}" fill="url(#{chart.ref("unresolved")})" '
            f'stroke="{SLATE}" stroke-width="1">'
            f"<title>{text(row.warning or labels.unresolved)}</title></rect>"
        )
    elif row.warning:
        parts.append(
            f'<g class="gantt-marker-warning"><title>{text(row.warning)}</title>'
            f'<polygon points="{_n(marker_x)},{_n(centre - 8)} {_n(marker_x + 8)},{_n(centre + 7)} '
            f'{_n(marker_x - 8)},{_n(centre + 7)}" fill="{INK}"/>'
            f'<text x="{_n(marker_x)}" y="{_n(centre + 5.5)}" text-anchor="middle" fill="#FFFFFF" '
            f'font-size="10" font-weight="700">!</text></g>'
        )
    for span in row.intervals:
        parts.append(_bar(chart, span, centre, kind))
    for span in row.spans:
        clipped = chart.clip(span)
        if clipped:
            x1, x2 = chart.x(clipped[0]), chart.x(clipped[1] + timedelta(days=1))
            colour = SUCCESS if kind == "development" else PRIMARY
            parts.append(f'<rect class="gantt-span" x="{_n(x1)}" y="{_n(centre - 1.5)}" '
                         f'width="{_n(x2 - x1)}" height="3" fill="{colour}">'
                         f"<title>{_day(span[0])} – {_day(span[1])}</title></rect>")
    for day in sorted(set(row.occurrences)):
        if chart.inside(day):
            x = chart.mid(day)
            parts.append(f'<line class="gantt-occurrence" x1="{_n(x)}" y1="{_n(centre - 6)}" x2="{_n(x)}" '
                         f'y2="{_n(centre + 6)}" stroke="{INK}" stroke-width="2">'
                         f"<title>{_day(day)}</title></line>")
    for day in sorted(set(row.deadlines)):
        if chart.inside(day):
            parts.append(_diamond(chart.mid(day), centre, 7, title=_day(day), css="gantt-deadline"))
    parts.append("</g>")
    chart.add("".join(parts))


def _bar(chart: _Chart, span: Span, centre: float, kind: str) -> str:
    clipped = chart.clip(span)
    if clipped is None:
        return ""
    x1, x2 = chart.x(clipped[0]), chart.x(clipped[1] + timedelta(days=1))
    width = max(x2 - x1, 2)
    y = centre - BAR_HEIGHT / 2
    title = f"<title>{_day(span[0])} – {_day(span[1])}</title>"
    if kind == "development":
        return (f'<rect class="gantt-bar gantt-development" x="{_n(x1)}" y="{_n(y)}" width="{_n(width)}" '
                f'height="{BAR_HEIGHT}" fill="url(#{chart.ref("development")})" stroke="{SUCCESS}" '
                f'stroke-width="1.5">{title}</rect>')
    return (f'<rect class="gantt-bar gantt-consolidation" x="{_n(x1)}" y="{_n(y)}" width="{_n(width)}" '
            f'height="{BAR_HEIGHT}" fill="{PRIMARY}">{title}</rect>')


def _diamond(x: float, y: float, size: float, *, title: str = "", css: str = "") -> str:
    points = f"{_n(x)},{_n(y - size)} {_n(x + size)},{_n(y)} {_n(x)},{_n(y + size)} {_n(x - size)},{_n(y)}"
    inner = f"<title>{text(title)}</title>" if title else ""
    css_attr = f' class="{css}"' if css else ""
    return (f'<polygon{css_attr} points="{points}" fill="{DANGER}" stroke="#FFFFFF" '
            f'stroke-width="1">{inner}</polygon>')


def _legend(chart: _Chart, labels: Labels, top: float, show_today: bool, kinds: set[str]) -> int:
    """Draw the legend of what the chart shows from ``top``; return its number of lines."""
    items: list[tuple[str, str]] = []  # (symbol drawn at 0,0 = left, middle; label)
    items.append(("consolidation", labels.consolidation))
    items.append(("development", labels.development))
    for key, label in (("deadline", labels.deadline), ("recurrence", labels.recurrence),
                       ("unresolved", labels.unresolved), ("warning", labels.warning)):
        if key in kinds:
            items.append((key, label))
    if show_today:
        items.append(("today", labels.today))
    parts = ['<g class="gantt-legend">']
    x, line = float(PAD), 0
    for key, label in items:
        width = 30 + len(label) * CHAR_WIDTH + 22
        if x + width > WIDTH - RIGHT and x > PAD:
            x, line = float(PAD), line + 1
        y = top + line * LEGEND_ROW + LEGEND_ROW / 2
        parts.append(f'<g class="gantt-legend-{key}">{_symbol(chart, key, x, y)}'
                     f'<text x="{_n(x + 30)}" y="{_n(y + 4)}" fill="{INK}">{text(label)}</text></g>')
        x += width
    parts.append("</g>")
    chart.add("".join(parts))
    return line + 1


def _symbol(chart: _Chart, key: str, x: float, y: float) -> str:
    if key == "consolidation":
        return f'<rect x="{_n(x)}" y="{_n(y - 6)}" width="24" height="12" fill="{PRIMARY}"/>'
    if key == "development":
        return (f'<rect x="{_n(x)}" y="{_n(y - 6)}" width="24" height="12" '
                f'fill="url(#{chart.ref("development")})" stroke="{SUCCESS}" stroke-width="1.5"/>')
    if key == "deadline":
        return _diamond(x + 12, y, 7)
    if key == "recurrence":
        ticks = "".join(f'<line x1="{_n(x + t)}" y1="{_n(y - 6)}" x2="{_n(x + t)}" y2="{_n(y + 6)}" '
                        f'stroke="{INK}" stroke-width="2"/>' for t in (4, 12, 20))
        return f'<rect x="{_n(x)}" y="{_n(y - 1.5)}" width="24" height="3" fill="{SLATE}"/>{ticks}'
    if key == "unresolved":
        return (f'<rect x="{_n(x)}" y="{_n(y - 6)}" width="24" height="12" '
                f'fill="url(#{chart.ref("unresolved")})" stroke="{SLATE}"/>')
    if key == "warning":
        points = f"{_n(x + 12)},{_n(y - 8)} {_n(x + 20)},{_n(y + 7)} {_n(x + 4)},{_n(y + 7)}"
        return (f'<polygon points="{points}" fill="{INK}"/>'
                f'<text x="{_n(x + 12)}" y="{_n(y + 5.5)}" text-anchor="middle" '
                f'fill="#FFFFFF" font-size="10" font-weight="700">!</text>')
    return (f'<line x1="{_n(x + 12)}" y1="{_n(y - 9)}" x2="{_n(x + 12)}" y2="{_n(y + 9)}" '
            f'stroke="{INK}" stroke-width="2" stroke-dasharray="5 3"/>')
