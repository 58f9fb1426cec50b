"""Report charts (coprogetta.lib.charts): well-formed, accessible SVG with Italian numbers."""

from decimal import Decimal

from defusedxml import ElementTree
from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib import charts

SVG = "{http://www.w3.org/2000/svg}"
LABELS = charts.ChartLabels(
    title="Previsto e speso per ambito", description="Ambito 1: previsto € 1.000,00, speso € 250,00.",
    planned="Previsto", actual="Speso", empty="Nessun dato",
)


def parse(svg):
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root):
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def bars(root):
    """The width of every data bar (rect that is neither background, legend nor track)."""
    return [
        float(r.get("width")) for r in root.iter(f"{SVG}rect")
        if r.get("height") == str(charts.BAR_HEIGHT) and r.get("fill") != charts.TRACK
    ]


def test_comparison_is_accessible_and_labelled():
    svg = charts.comparison_svg(
        [charts.Pair("Ambito 1 — Servizi per l'infanzia & famiglie", Decimal("1000"), Decimal("250")),
         charts.Pair("Ambito 2", Decimal("1234.567"), Decimal("0"))],
        labels=LABELS, prefix="budget",
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "budget-title budget-desc"
    assert root.find(f"{SVG}title").text == LABELS.title
    assert root.find(f"{SVG}title").get("id") == "budget-title"
    assert root.find(f"{SVG}desc").text == LABELS.description
    shown = texts(root)
    assert "Ambito 1 — Servizi per l'infanzia & famiglie" in shown
    assert "Previsto: € 1.000,00" in shown
    assert "Speso: € 250,00" in shown
    assert "Previsto: € 1.234,57" in shown
    assert "Speso: € 0,00" in shown
    # the legend names both series; the actual bars are striped (a pattern), not only coloured
    assert shown[:2] == ["Previsto", "Speso"]
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert {"budget-actual", "budget-over"} <= patterns
    widths = bars(root)
    longest = charts.WIDTH - 2 * charts.PAD - charts.VALUE_WIDTH
    assert max(widths) == longest  # the largest figure fills the scale
    assert len(widths) == 3  # nothing drawn for zero: a tick instead
    assert round(widths[0] / widths[1], 1) == 4.0  # 1000 against 250
    assert round(widths[0] / widths[2], 3) == round(1000 / 1234.567, 3)


def test_overspend_is_told_by_pattern_and_number():
    root = parse(charts.comparison_svg(
        [charts.Pair("Ambito 3", Decimal("100"), Decimal("150"))], labels=LABELS, prefix="x"))
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("height") == str(charts.BAR_HEIGHT)]
    assert "url(#x-over)" in fills
    assert "Speso: € 150,00 (over the plan)" in texts(root)


def test_progress_chart():
    root = parse(charts.progress_svg(
        [charts.Share("Ambito 1", Decimal("45")), charts.Share("Ambito 2", Decimal("33.333")),
         charts.Share("Ambito 3", Decimal("0")), charts.Share("Ambito 4", Decimal("100"))],
        labels=LABELS, prefix="progress"))
    shown = texts(root)
    assert ["45 %", "33,3 %", "0 %", "100 %"] == [t for t in shown if t.endswith("%")]
    assert root.get("role") == "img"
    fills = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("fill") == "url(#progress-fill)"]
    track = charts.WIDTH - 2 * charts.PAD - 70
    assert fills[0] == round(track * 0.45, 1)
    assert fills[-1] == track
    assert len(fills) == 3  # nothing drawn for 0 %


def test_empty_charts_say_so():
    for svg in (charts.comparison_svg([], labels=LABELS), charts.progress_svg([], labels=LABELS)):
        root = parse(svg)
        assert texts(root) == ["Nessun dato"]


def test_hostile_labels_stay_text():
    label = '<script>alert("x")</script> & \x00\x1f'
    svg = charts.comparison_svg([charts.Pair(label, Decimal(1), Decimal(2))], labels=charts.ChartLabels(
        title=label, description=label), prefix="p")
    root = parse(svg)
    assert root.find(f"{SVG}script") is None
    assert '<script>alert("x")</script> &' in texts(root)[2]


amounts = st.one_of(
    st.just(Decimal(0)),
    st.integers(min_value=0, max_value=10**15).map(lambda n: Decimal(n) / 100),
    st.decimals(min_value=Decimal("1e20"), max_value=Decimal("1e26"), allow_nan=False, places=2),
)


@given(st.lists(st.tuples(st.text(max_size=120), amounts, amounts), max_size=8))
def test_comparison_always_well_formed(rows):
    pairs = [charts.Pair(label, planned, actual) for label, planned, actual in rows]
    root = parse(charts.comparison_svg(pairs, labels=LABELS, prefix="h"))
    shown = texts(root)
    longest = charts.WIDTH - 2 * charts.PAD - charts.VALUE_WIDTH
    for pair in pairs:
        assert f"Previsto: {charts.format_eur(pair.planned)}" in shown
        over = " (over the plan)" if pair.actual > pair.planned else ""
        assert f"Speso: {charts.format_eur(pair.actual)}{over}" in shown
    for width in bars(root):
        assert 0 < width <= longest


@given(st.lists(st.tuples(st.text(max_size=80), st.decimals(min_value=-50, max_value=10**9, allow_nan=False,
                                                             allow_infinity=False, places=3)), max_size=8))
def test_progress_always_well_formed(rows):
    root = parse(charts.progress_svg([charts.Share(a, p) for a, p in rows], labels=LABELS, prefix="h"))
    track = charts.WIDTH - 2 * charts.PAD - 70
    for rect in root.iter(f"{SVG}rect"):
        assert float(rect.get("width")) <= charts.WIDTH
    filled = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("fill") == "url(#h-fill)"]
    assert all(0 < w <= track for w in filled)
    assert len(filled) == sum(1 for _, p in rows if p > 0)
