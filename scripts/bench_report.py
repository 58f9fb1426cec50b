"""Benchmark (not a test): build the demo's June monitoring report as PDF, against WeasyPrint
rendering an empty page.

Loads the demo (the Crema 2016 agreement and its first half-year of monitoring) into a
throwaway SQLite database, then times, several runs each, (1) the whole report as the job
builds it (figures from the selectors, charts, HTML, WeasyPrint) and (2) WeasyPrint alone on
an empty page, and reports the medians. It writes or replaces its own section of
BENCHMARKS.md. Run it with ``make bench`` or
``.venv/bin/python scripts/bench_report.py [runs] [--pdf out.pdf] [--no-write]``.
"""

from __future__ import annotations

import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECTION = "## Monitoring report (PDF)"
#: The file the sections go to (BENCHMARKS_FILE names another: a run from a second checkout).
BENCHMARKS = Path(os.environ.get("BENCHMARKS_FILE", ROOT / "BENCHMARKS.md"))
JUNE = date(2016, 6, 30)


def setup(var: str) -> None:
    os.environ["COPROGETTA_VAR"] = var
    os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
    os.environ.setdefault("COPROGETTA_ALLOW_INSECURE_KEY", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coprogetta.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def load_demo() -> tuple[object, object]:
    from django.contrib.auth import get_user_model

    from coprogetta.documents.demo import demo_load
    from coprogetta.documents.demo.monitoring_2016 import demo_monitoring_load

    agreement = demo_load(password="bench-only").agreement
    demo_monitoring_load(agreement)
    return agreement, get_user_model().objects.get(username="funzionario")


def timed(function, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.platform()}; {cpu}; {os.cpu_count()} CPUs"


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_section(text: str, section: str = SECTION) -> None:
    """Replace a benchmark's section of BENCHMARKS.md (or add it at the end)."""
    path = BENCHMARKS
    content = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = content.find(section + "\n")
    if start == -1:
        content = content.rstrip("\n") + "\n\n" + text
    else:
        following = content.find("\n## ", start + len(section))
        content = content[:start] + text + (content[following + 1:] if following != -1 else "")
    path.write_text(content, encoding="utf-8")


def kept_notes(section: str, mark: str) -> str:
    """The hand-written analysis under a section's figures (after ``mark``), kept across runs."""
    path = BENCHMARKS
    content = path.read_text(encoding="utf-8") if path.exists() else ""
    start = content.find(section + "\n")
    if start == -1:
        return ""
    end = content.find("\n## ", start + len(section))
    part = content[start:end if end != -1 else len(content)]
    found = part.find(mark)
    return part[found + len(mark):].strip("\n") + "\n" if found != -1 else ""


def main(argv: list[str]) -> None:
    runs = next((int(a) for a in argv if a.isdigit()), 5)
    pdf_path = argv[argv.index("--pdf") + 1] if "--pdf" in argv else None
    with tempfile.TemporaryDirectory(prefix="bench-report-") as var:
        setup(var)
        from pypdf import PdfReader
        from weasyprint import HTML

        from coprogetta.documents.report_pdf import html_pdf, report_pdf
        from coprogetta.documents.report_services import report_build

        agreement, user = load_demo()

        def report() -> bytes:
            data = report_build(user=user, agreement=agreement, checkpoint=JUNE, kind="monitoring")
            from django.utils import translation

            with translation.override("it"):
                return report_pdf(data)

        def empty() -> bytes:
            return HTML(string="<!doctype html><html><body></body></html>").write_pdf()

        def empty_frame() -> bytes:
            return html_pdf("<!doctype html><html><body><p></p></body></html>")

        def figures() -> object:
            return report_build(user=user, agreement=agreement, checkpoint=JUNE, kind="monitoring")

        report()  # warm-up: fonts, templates, imports
        empty()
        report_times, content = timed(report, runs)
        figure_times, _ = timed(figures, runs)
        empty_times, _ = timed(empty, runs)
        frame_times, _ = timed(empty_frame, runs)
        assert isinstance(content, bytes)
        if pdf_path:
            Path(pdf_path).write_bytes(content)
        pages = len(PdfReader(io.BytesIO(content)).pages)

    report_median, empty_median = statistics.median(report_times), statistics.median(empty_times)
    lines = [
        f"machine:      {machine()}",
        f"python:       {platform.python_implementation()} {platform.python_version()}",
        f"runs:         {runs} each, after one warm-up run",
        f"report:       median {report_median * 1000:.0f} ms (min {min(report_times) * 1000:.0f}, "
        f"max {max(report_times) * 1000:.0f}); {pages} pages, {len(content) // 1024} KiB",
        f"  of which the figures (selectors, charts): median "
        f"{statistics.median(figure_times) * 1000:.0f} ms",
        f"empty page:   median {empty_median * 1000:.0f} ms (min {min(empty_times) * 1000:.0f}, "
        f"max {max(empty_times) * 1000:.0f})",
        f"empty page through the project's fetcher and fonts: median "
        f"{statistics.median(frame_times) * 1000:.0f} ms",
        f"ratio:        {report_median / empty_median:.1f} x the empty page",
    ]
    print("\n".join(lines))
    if "--no-write" in argv:
        return
    write_section(
        f"{SECTION}\n\n"
        "Builds the demo's June 2016 monitoring report as PDF (`scripts/bench_report.py`): the\n"
        "Crema 2016 agreement with its first half-year of monitoring (`load_demo`), loaded into a\n"
        "throwaway SQLite database; the time covers what the report job does before saving the\n"
        "file (figures from the selectors, charts as SVG, HTML, WeasyPrint). Against it:\n"
        "WeasyPrint rendering an empty page. Medians of several runs after one warm-up run.\n\n"
        "Command:\n\n```\nmake bench\n# or, once the virtualenv exists:\n"
        ".venv/bin/python scripts/bench_report.py [runs]\n```\n\n"
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; at commit {commit()}. A shared virtual\n"
        "machine: other jobs ran beside it.\n\n"
        "Result:\n\n```\n" + "\n".join(lines) + "\n```\n\n"
        "Reading the figures (selectors, charts) is a small part; nearly all the time is WeasyPrint\n"
        "laying out the pages, most of them long tables (the demo has some 90 actions and 50\n"
        "budget lines and contributions): a report is seconds, against tens of milliseconds for an\n"
        "empty page, which is why it is built in a background job whose page shows the progress.\n"
        "The ratio moves with the load of the shared machine (75-280 x over the runs of one day).\n"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
