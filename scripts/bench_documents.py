"""Benchmark (not a test): time and peak memory of the documents Coprogetta writes and reads.

Each measurement runs in a fresh child process, so that its peak resident memory
(``ru_maxrss``) is its own; "extra memory" is the peak after the work minus the peak before
it (after the imports, the data and one warm-up of the baseline). Times are medians of
several runs after one warm-up run.

- PDF monitoring report (the demo's June 2016 report, as ``scripts/bench_report.py`` builds
  it) against WeasyPrint rendering an empty page, in the same process; targets: at most 3x
  the time, at most 150 MB of extra memory;
- XLSX export of 10,000 rows (``exports_sheets.sheets_xlsx``, the writer of the summary table
  and of every report table) against a raw write-only openpyxl dump of the same cell values;
  target: at most 1.3x;
- DOCX export (``report_docx``) of a report whose table has 1,000 rows against one of 100
  rows; target: at most 12x (no quadratic trap);
- import of the Crema 2016 sample (``import_read``: reading, extraction, verification) in
  each format: time and extra memory (the time against raw extraction is
  ``scripts/bench_import.py``).

It writes or replaces its own section of BENCHMARKS.md. Run it with ``make bench`` or
``.venv/bin/python scripts/bench_documents.py [runs] [--no-write]``; ``--profile pdf`` (or
``xlsx``, ``docx``) prints a pyinstrument profile of that piece of work instead.
"""

from __future__ import annotations

import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
SECTION = "## Documents: time and memory (`scripts/bench_documents.py`)"
XLSX_ROWS = 10_000
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
SAMPLE = "crema-2016-negoziazione"


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_ms(function: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def django_setup(var: str | None = None) -> None:
    os.environ.setdefault("COPROGETTA_ALLOW_INSECURE_KEY", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coprogetta.settings"
    if var:
        os.environ["COPROGETTA_VAR"] = var
        os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
    import django

    django.setup()
    from django.utils import translation

    translation.activate("it")


# -- the children: one measurement each ----------------------------------------------------------

def child_pdf_setup(var: str) -> dict[str, object]:
    """Migrate a throwaway SQLite database in ``var`` and load the demo into it."""
    import bench_report

    bench_report.setup(var)
    agreement, user = bench_report.load_demo()
    return {"agreement": agreement.pk, "user": user.pk}  # type: ignore[attr-defined]


def demo_report(user: object, agreement: object) -> bytes:
    """The demo's June 2016 monitoring report as PDF, as the report job builds it."""
    import bench_report
    from django.utils import translation

    from coprogetta.documents.report_pdf import report_pdf
    from coprogetta.documents.report_services import report_build

    data = report_build(user=user, agreement=agreement, checkpoint=bench_report.JUNE, kind="monitoring")
    with translation.override("it"):
        return report_pdf(data)


def child_pdf(runs: int, var: str) -> dict[str, object]:
    """The demo's June report against an empty page, both with WeasyPrint, in this process (the
    demo already loaded by ``child_pdf_setup``: loading it would set the peak of memory)."""

    django_setup(var)
    from django.contrib.auth import get_user_model
    from weasyprint import HTML

    from coprogetta.agreements.models import Agreement

    agreement = Agreement.objects.order_by("pk").first()
    user = get_user_model().objects.get(username="funzionario")

    def empty() -> bytes:
        return HTML(string="<!doctype html><html><body></body></html>").write_pdf()

    def report() -> bytes:
        return demo_report(user, agreement)

    empty()
    empty_ms, _ = median_ms(empty, runs)
    before = peak_mb()
    size = len(report())  # the first report: templates, fonts, images
    first = peak_mb()
    report_ms, times = median_ms(report, runs)
    return {"empty_ms": empty_ms, "report_ms": report_ms, "report_min_ms": min(times),
            "report_max_ms": max(times), "peak_before_mb": before, "peak_first_mb": first,
            "peak_after_mb": peak_mb(), "bytes": size}


def xlsx_sheet(rows: int) -> object:
    """A sheet like the summary table's: area, title, description, net, VAT rate, VAT, gross;
    an area subtotal in bold every 20 lines."""
    from coprogetta.documents import exports_sheets as s

    sheet = s.Sheet("Tabella di sintesi", [8, 40, 50, 17, 11, 15, 17])
    sheet.rows = [[s.Cell("Scheda economica di sintesi", bold=True)], [s.Cell("Accordo di prova", bold=True)],
                  [s.Cell("01/01/2016 – 31/12/2016")], [s.Cell("Comune; Consorzio")], []]
    sheet.header_row = len(sheet.rows)
    sheet.rows.append([s.Cell(name, bold=True, end=i >= 3) for i, name in enumerate(
        ["Ambito", "Titolo", "Descrizione", "Imponibile", "Aliquota", "IVA", "Totale"])])
    for n in range(rows):
        area = n // 20 + 1
        net = Decimal(1000 + n * 7) + Decimal(n % 100) / 100
        vat = (net * Decimal("0.04")).quantize(Decimal("0.01"))
        bold = n % 20 == 19
        sheet.rows.append([
            None if bold else s.Cell(Decimal(area)),
            None if bold else s.Cell(f"Ambito {area}: servizi per la prima infanzia"),
            s.Cell(f"Totale ambito {area}" if bold else f"Voce {n + 1}: corrispettivo mensile del servizio",
                   bold=bold),
            s.Cell(net, s.EUR, bold), None if bold else s.Cell(Decimal("0.04"), s.PERCENT, places=0),
            s.Cell(vat, s.EUR, bold), s.Cell(net + vat, s.EUR, bold),
        ])
    return sheet


def raw_xlsx(sheet: object) -> bytes:
    """The same cell values through openpyxl's write-only mode, nothing else: the baseline."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet.name)  # type: ignore[attr-defined]
    for row in sheet.rows:  # type: ignore[attr-defined]
        ws.append([None if cell is None else cell.value for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pair(first: Callable[[], bytes], second: Callable[[], bytes], runs: int) -> dict[str, object]:
    """Time two pieces of work alternately in this process (the machine's load then falls on
    both alike); the extra peak memory of each is measured at its warm-up run, first before second."""
    start = peak_mb()
    size_a = len(first())
    after_a = peak_mb()
    size_b = len(second())
    after_b = peak_mb()
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(median_ms(first, 1)[0])
        times_b.append(median_ms(second, 1)[0])
    return {
        "a": {"ms": statistics.median(times_a), "min_ms": min(times_a), "max_ms": max(times_a),
              "peak_before_mb": start, "peak_after_mb": after_a, "bytes": size_a},
        "b": {"ms": statistics.median(times_b), "min_ms": min(times_b), "max_ms": max(times_b),
              "peak_before_mb": after_a, "peak_after_mb": after_b, "bytes": size_b},
    }


def child_xlsx(runs: int) -> dict[str, object]:
    """The raw write-only dump first, then the project's writer, alternately."""
    django_setup()
    from coprogetta.documents.exports_sheets import sheets_xlsx

    sheet = xlsx_sheet(XLSX_ROWS)
    return pair(lambda: raw_xlsx(sheet), lambda: sheets_xlsx([sheet]), runs)  # type: ignore[list-item]


def report_data(rows: int) -> object:
    """A report with one section holding one table of ``rows`` rows (hours by action)."""
    from coprogetta.documents.report_data import (
        EUR,
        HOURS,
        PERCENT,
        TEXT,
        Column,
        ReportData,
        Row,
        Section,
        Table,
    )

    table = Table("hours", "Ore per azione", [
        Column("Azione"), Column("Ore previste", HOURS), Column("Ore nel periodo", HOURS),
        Column("Ore dall'inizio", HOURS), Column("Costo", EUR), Column("Avanzamento", PERCENT),
    ])
    for n in range(rows):
        if n % 25 == 0:
            table.rows.append(Row([f"Ambito {n // 25 + 1}"], style="group"))
        table.rows.append(Row([f"{n + 1}. Attività educativa del servizio {n + 1}", Decimal(120 + n),
                               Decimal(n % 40), Decimal(n % 90), Decimal(2300 + n) / 3, Decimal(n % 100)],
                              kinds={0: TEXT}))
    section = Section("hours", "Ore", paragraphs=["Le ore del periodo per azione."], tables=[table])
    return ReportData(agreement_pk=1, kind="monitoring", heading="Relazione di monitoraggio",
                      title="Accordo di prova", parties=[("Comune", "ente pubblico")],
                      checkpoint=date(2016, 6, 30), period_start=date(2016, 1, 1),
                      period_text="01/01/2016 – 30/06/2016", generated_on=date(2016, 7, 1),
                      sections=[section])


def child_docx(runs: int) -> dict[str, object]:
    """The report with a table of 100 rows, then of 1,000 rows, alternately."""
    django_setup()
    from coprogetta.documents.report_docx import report_docx

    small, large = report_data(100), report_data(1000)
    return pair(lambda: report_docx(small), lambda: report_docx(large), runs)  # type: ignore[arg-type]


def child_import(runs: int, extension: str) -> dict[str, object]:
    django_setup()
    from coprogetta.documents.import_services import import_read

    path = SAMPLES / f"{SAMPLE}.{extension}"
    data = path.read_bytes()
    before = peak_mb()
    import_read(data, path.name)
    first = peak_mb()
    ms, times = median_ms(lambda: import_read(data, path.name), runs)
    return {"ms": ms, "min_ms": min(times), "max_ms": max(times), "peak_before_mb": before,
            "peak_first_mb": first, "peak_after_mb": peak_mb(), "bytes": len(data)}


def run_child(task: str, runs: int) -> dict[str, object]:
    result = subprocess.run([sys.executable, __file__, "--child", task, str(runs)], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "LOG_LEVEL": "WARNING"})
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"{task} failed:\n{result.stderr[-4000:]}")
    figures: dict[str, object] = json.loads(lines[-1])
    print(f"  {task}: {figures}", flush=True)
    return figures


def child(task: str, runs: int) -> dict[str, object]:
    if task.startswith("pdf-setup:"):
        return child_pdf_setup(task.removeprefix("pdf-setup:"))
    if task.startswith("pdf:"):
        return child_pdf(runs, task.removeprefix("pdf:"))
    if task == "xlsx":
        return child_xlsx(runs)
    if task == "docx":
        return child_docx(runs)
    if task.startswith("import-"):
        return child_import(runs, task.removeprefix("import-"))
    raise SystemExit(f"unknown task {task}")


# -- the report ------------------------------------------------------------------------------------

def extra(figures: dict[str, object]) -> float:
    return float(figures["peak_after_mb"]) - float(figures["peak_before_mb"])  # type: ignore[arg-type]


def verdict(ok: bool) -> str:
    return "met" if ok else "missed"


def profile(what: str) -> None:
    """Print a pyinstrument profile of one piece of work (pdf, xlsx or docx), after a warm-up."""
    from pyinstrument import Profiler

    if what == "pdf":
        import bench_report

        var = tempfile.mkdtemp(prefix="bench-documents-")
        bench_report.setup(var)
        agreement, user = bench_report.load_demo()

        def work() -> object:
            return demo_report(user, agreement)
    else:
        django_setup()
        if what == "xlsx":
            from coprogetta.documents.exports_sheets import sheets_xlsx

            sheet = xlsx_sheet(XLSX_ROWS)

            def work() -> object:
                return sheets_xlsx([sheet])  # type: ignore[list-item]
        else:
            from coprogetta.documents.report_docx import report_docx

            data = report_data(1000)

            def work() -> object:
                return report_docx(data)  # type: ignore[arg-type]
    work()
    profiler = Profiler(interval=0.001)
    with profiler:
        work()
    print(profiler.output_text(unicode=True, color=False, show_all="--all" in sys.argv))


def main(argv: list[str]) -> None:
    if "--profile" in argv:
        profile(argv[argv.index("--profile") + 1])
        return
    if "--child" in argv:
        at = argv.index("--child")
        print(json.dumps(child(argv[at + 1], int(argv[at + 2]))))
        return
    runs = next((int(a) for a in argv if a.isdigit()), 5)
    import bench_report

    print("bench_documents: each measurement in its own process", flush=True)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as var:
        run_child(f"pdf-setup:{var}", runs)
        pdf = run_child(f"pdf:{var}", runs)
    xlsx_pair, docx_pair = run_child("xlsx", runs), run_child("docx", runs)
    raw, xlsx = xlsx_pair["a"], xlsx_pair["b"]
    d100, d1000 = docx_pair["a"], docx_pair["b"]
    imports = {ext: run_child(f"import-{ext}", runs) for ext in ("txt", "docx", "pdf")
               if (SAMPLES / f"{SAMPLE}.{ext}").exists()}

    pdf_ratio = float(pdf["report_ms"]) / float(pdf["empty_ms"])  # type: ignore[arg-type]
    xlsx_ratio = float(xlsx["ms"]) / float(raw["ms"])  # type: ignore[arg-type]
    docx_ratio = float(d1000["ms"]) / float(d100["ms"])  # type: ignore[arg-type]
    pdf_extra = extra(pdf)
    rows = [
        "| what | time (median) | against | ratio | target | extra peak memory | target |",
        "|------|--------------:|---------|------:|:------:|------------------:|:------:|",
        f"| PDF monitoring report (demo, June 2016; {int(pdf['bytes']) // 1024} KiB) "  # type: ignore[call-overload]
        f"| {pdf['report_ms']:.0f} ms | WeasyPrint, empty page: {pdf['empty_ms']:.1f} ms | {pdf_ratio:.0f}x "
        f"| <= 3x: {verdict(pdf_ratio <= 3)} | {pdf_extra:.0f} MB | <= 150 MB: {verdict(pdf_extra <= 150)} |",
        f"| XLSX export, {XLSX_ROWS:,} rows x 7 columns (`sheets_xlsx`) | {xlsx['ms']:.0f} ms "
        f"| raw write-only openpyxl dump of the same cells: {raw['ms']:.0f} ms | {xlsx_ratio:.2f}x "
        f"| <= 1.3x: {verdict(xlsx_ratio <= 1.3)} | {extra(xlsx):.0f} MB (raw: {extra(raw):.0f} MB) | |",
        f"| DOCX report, a table of 1,000 rows | {d1000['ms']:.0f} ms | the same with 100 rows: "
        f"{d100['ms']:.0f} ms | {docx_ratio:.1f}x | <= 12x: {verdict(docx_ratio <= 12)} | "
        f"{extra(d1000):.0f} MB (100 rows: {extra(d100):.0f} MB) | |",
    ]
    for ext, figures in imports.items():
        rows.append(f"| import of the sample, {ext.upper()} ({int(figures['bytes']) // 1024} KB) | "  # type: ignore[call-overload]
                    f"{figures['ms']:.0f} ms | see the Import section | | | {extra(figures):.0f} MB | |")
    text = "\n".join([
        SECTION, "",
        "Each measurement runs in a fresh child process; its extra peak memory is the process's peak",
        "resident memory (`ru_maxrss`) after the work minus the peak before it (after the imports, the",
        "data and the baseline's warm-up). Times are medians of several runs after one warm-up run.",
        "The PDF report and its empty page are timed in the same process, and so are the two sides of",
        "the XLSX and of the DOCX comparisons (alternately, so that the machine's load falls on both).",
        f"The XLSX export of {XLSX_ROWS:,} rows is the writer of the summary table and of every report table",
        "(`exports_sheets.sheets_xlsx`: euro and percentage formats, bold totals, wrapped text, column",
        "widths, frozen header) against openpyxl's write-only mode writing the bare values of the same",
        "cells; the DOCX is `report_docx` on a report whose one table has 1,000 rows, against 100 rows.",
        "", "Command:", "", "```", "make bench", "# or, once the virtualenv exists:",
        ".venv/bin/python scripts/bench_documents.py [runs]", "```", "",
        f"Machine: {bench_report.machine()}. Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, at commit "
        f"{bench_report.commit()}; {runs} runs each. A shared virtual machine: other jobs ran beside it "
        f"(load average {load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, "
        f"on {os.cpu_count()} CPUs).",
        "", *rows, "",
    ])
    notes = bench_report.kept_notes(SECTION, NOTES_MARK)
    text += f"\n{NOTES_MARK}\n" + ("\n" + notes if notes else "")
    print(text)
    if "--no-write" not in argv:
        bench_report.write_section(text, SECTION)


NOTES_MARK = "<!-- bench_documents notes: kept by the script -->"


if __name__ == "__main__":
    main(sys.argv[1:])
