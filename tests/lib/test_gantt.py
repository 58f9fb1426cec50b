"""The Gantt chart: structure of the SVG (axis, groups, rows, markers), escaping, determinism."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from coprogetta.lib.gantt import LABEL_WIDTH, Group, Labels, Row, fit, gantt_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
MONTHS = tuple("gen feb mar apr mag giu lug ago set ott nov dic".split())
LABELS = Labels(title="Piano di lavoro", description="Le azioni del 2016", months=MONTHS,
                today="Oggi")
START, END = date(2016, 1, 1), date(2016, 12, 31)


def chart(groups, *, today=date(2016, 5, 15), start=START, end=END, labels=LABELS, prefix="gantt"):
    return gantt_svg(groups, start=start, end=end, today=today, labels=labels, prefix=prefix)


def tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def texts(elements) -> list[str]:
    return ["".join(e.itertext()) for e in elements]


SAMPLE = [
    Group("Ambito 1 – Infanzia", (
        Row("1. Asilo nido", "consolidation", intervals=((START, END),)),
        Row("1. Supervisione", "development", intervals=((date(2016, 3, 1), date(2016, 6, 30)),),
            deadlines=(date(2016, 5, 31),)),
    )),
    Group("Ambito 5 – Lavoro", (
        Row("4. Momenti informativi", "development", spans=((date(2016, 4, 1), END),),
            occurrences=tuple(date(2016, m, 1) for m in range(4, 13))),
        Row("9. Piano di fattibilità", "development", unresolved=True, warning="Testo non compreso"),
    )),
]


def test_the_chart_is_an_accessible_image():
    root = tree(chart(SAMPLE))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "gantt-title gantt-desc"
    assert root.find("svg:title", NS).text == "Piano di lavoro"
    assert root.find("svg:title", NS).get("id") == "gantt-title"
    assert root.find("svg:desc", NS).text == "Le azioni del 2016"


def test_months_on_the_axis_with_the_callers_abbreviations_and_the_year():
    root = tree(chart(SAMPLE))
    assert texts(by_class(root, "gantt-month")) == list(MONTHS)
    assert texts(by_class(root, "gantt-year")) == ["2016"]


def test_a_period_over_two_years_shows_both_years_and_every_month():
    root = tree(chart(SAMPLE, start=date(2016, 9, 1), end=date(2017, 8, 31)))
    assert texts(by_class(root, "gantt-year")) == ["2016", "2017"]
    assert texts(by_class(root, "gantt-month")) == list(MONTHS[8:] + MONTHS[:8])


def test_a_long_period_labels_fewer_months():
    root = tree(chart(SAMPLE, start=date(2016, 1, 1), end=date(2020, 12, 31)))
    months = texts(by_class(root, "gantt-month"))
    assert 0 < len(months) < 60
    assert texts(by_class(root, "gantt-year")) == ["2016", "2017", "2018", "2019", "2020"]


def test_rows_grouped_by_area_under_a_header():
    root = tree(chart(SAMPLE))
    groups = by_class(root, "gantt-group")
    assert texts(groups) == ["Ambito 1 – Infanzia", "Ambito 5 – Lavoro"]
    rows = by_class(root, "gantt-row")
    assert len(rows) == 4
    assert [r.get("class") for r in rows] == [
        "gantt-row gantt-consolidation", "gantt-row gantt-development", "gantt-row gantt-development",
        "gantt-row gantt-development gantt-unresolved",
    ]
    # document order: the header, then its rows
    order = [e.get("class").split()[0] for e in root.iter() if (e.get("class") or "").split()[:1]
             in (["gantt-group"], ["gantt-row"])]
    assert order == ["gantt-group", "gantt-row", "gantt-row", "gantt-group", "gantt-row", "gantt-row"]


def test_consolidation_and_development_differ_by_colour_and_pattern():
    root = tree(chart(SAMPLE))
    (solid,) = by_class(root, "gantt-consolidation")[1:]  # the row's bar, after the row group itself
    striped = [e for e in by_class(root, "gantt-development") if e.tag.endswith("rect")]
    assert solid.get("fill") == "#0066CC"
    assert len(striped) == 1 and striped[0].get("fill") == "url(#gantt-development)"
    assert striped[0].get("stroke") == "#008758"
    patterns = root.findall("svg:defs/svg:pattern", NS)
    assert {p.get("id") for p in patterns} == {"gantt-development", "gantt-unresolved"}


def test_deadlines_are_diamonds_and_occurrences_ticks():
    root = tree(chart(SAMPLE))
    (deadline,) = by_class(root, "gantt-deadline")
    assert deadline.tag.endswith("polygon") and len(deadline.get("points").split()) == 4
    assert deadline.find("svg:title", NS).text == "31/05/2016"
    ticks = by_class(root, "gantt-occurrence")
    assert len(ticks) == 9 and all(t.tag.endswith("line") for t in ticks)
    assert len(by_class(root, "gantt-span")) == 1


def test_an_unresolved_row_is_hatched_and_marked_with_a_question_mark():
    root = tree(chart(SAMPLE))
    (band,) = by_class(root, "gantt-unresolved-band")
    assert band.get("fill") == "url(#gantt-unresolved)"
    (marker,) = by_class(root, "gantt-marker-unresolved")
    assert "?" in texts([marker])[0]
    assert marker.find("svg:title", NS).text == "Testo non compreso"


def test_a_warning_is_marked_with_its_reason():
    groups = [Group("A", (Row("x", "consolidation", intervals=((START, END),), warning="Fuori periodo"),))]
    (marker,) = by_class(tree(chart(groups)), "gantt-marker-warning")
    assert marker.find("svg:title", NS).text == "Fuori periodo"


def test_the_today_line_only_within_the_period():
    assert len(by_class(tree(chart(SAMPLE, today=date(2016, 5, 15))), "gantt-today")) == 1
    assert by_class(tree(chart(SAMPLE, today=date(2017, 1, 1))), "gantt-today") == []
    assert by_class(tree(chart(SAMPLE, today=date(2015, 12, 31))), "gantt-today") == []
    assert by_class(tree(chart(SAMPLE, today=None)), "gantt-today") == []
    (line,) = by_class(tree(chart(SAMPLE, today=START)), "gantt-today")
    assert line.find("svg:title", NS).text == "Oggi 01/01/2016"


def test_the_today_line_is_in_the_legend_only_when_drawn():
    assert by_class(tree(chart(SAMPLE)), "gantt-legend-today")
    assert not by_class(tree(chart(SAMPLE, today=None)), "gantt-legend-today")


def test_the_legend_explains_what_is_drawn():
    legend = texts(by_class(tree(chart(SAMPLE)), "gantt-legend"))[0]
    for word in ("Consolidation", "Development", "Deadline", "Recurring", "Schedule not understood", "Oggi"):
        assert word in legend
    plain = [Group("A", (Row("x", "consolidation", intervals=((START, END),)),))]
    legend = texts(by_class(tree(chart(plain)), "gantt-legend"))[0]
    assert "Deadline" not in legend and "Consolidation" in legend and "Development" in legend


def test_labels_are_escaped():
    groups = [Group("Area <&> \"uno\"", (Row("Tom & Jerry <script>", "development",
                                             intervals=((START, END),), warning="a < b"),))]
    svg = chart(groups, labels=Labels(title="<Piano & co>", description="d > c", months=MONTHS))
    assert "<script>" not in svg
    assert "Tom &amp; Jerry &lt;script&gt;" in svg
    root = tree(svg)
    assert texts(by_class(root, "gantt-group")) == ['Area <&> "uno"']
    assert root.find("svg:title", NS).text == "<Piano & co>"


def test_characters_xml_refuses_are_dropped():
    groups = [Group("A\x00\x07", (Row("B\x01", "consolidation", intervals=((START, END),)),))]
    root = tree(chart(groups))
    assert texts(by_class(root, "gantt-group")) == ["A"]


def test_a_long_label_is_cut_with_an_ellipsis_and_keeps_the_whole_text_in_a_title():
    long = "Percorsi per la genitorialità presso il Consultorio Familiare Kappadue per i genitori " * 2
    root = tree(chart([Group("A", (Row(long, "development", intervals=((START, END),)),))]))
    (row,) = by_class(root, "gantt-row")
    label = row.find("svg:text", NS)
    shown = label.text if label.text else "".join(label.itertext())
    assert label.find("svg:title", NS).text == long
    visible = "".join(label.itertext()).replace(long, "")
    assert visible.endswith("…") and len(visible) < 60
    assert shown is not None


def test_a_short_label_has_no_title():
    root = tree(chart([Group("A", (Row("Breve", "development", intervals=((START, END),)),))]))
    label = by_class(root, "gantt-row")[0].find("svg:text", NS)
    assert label.find("svg:title", NS) is None and label.text == "Breve"


def test_fit():
    assert fit("abc", 100) == "abc"
    assert fit("  a\n b  ", 100) == "a b"
    assert fit("abcdefghij", 6.6 * 5) == "abcd…"


def test_intervals_outside_the_period_are_clipped_or_left_out():
    groups = [Group("A", (
        Row("dentro e fuori", "consolidation", intervals=((date(2015, 6, 1), date(2016, 1, 31)),)),
        Row("fuori", "consolidation", intervals=((date(2015, 1, 1), date(2015, 2, 1)),),
            deadlines=(date(2017, 3, 1),)),
    ))]
    root = tree(chart(groups))
    bars = [e for e in by_class(root, "gantt-bar")]
    assert len(bars) == 1
    assert float(bars[0].get("x")) == LABEL_WIDTH  # the period's start
    assert by_class(root, "gantt-deadline") == []


def test_no_groups_still_draws_axis_and_legend():
    root = tree(chart([], labels=Labels(title="t", description="d", months=MONTHS, empty="Nessuna azione")))
    assert "Nessuna azione" in "".join(root.itertext())
    assert len(by_class(root, "gantt-month")) == 12


def test_the_output_is_deterministic():
    assert chart(SAMPLE) == chart(list(SAMPLE))


def test_ids_take_the_prefix():
    svg = chart(SAMPLE, prefix="g2")
    assert 'id="g2-title"' in svg and 'url(#g2-development)' in svg
    assert 'id="gantt-' not in svg and "#gantt-" not in svg


def test_a_period_ending_before_it_starts_or_wrong_months_are_refused():
    with pytest.raises(ValueError):
        chart(SAMPLE, start=END, end=START)
    with pytest.raises(ValueError):
        chart(SAMPLE, labels=Labels(title="t", description="d", months=MONTHS[:11]))
