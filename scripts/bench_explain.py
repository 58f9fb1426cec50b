"""Benchmark (not a test): the query plans of the heaviest queries at scale 600, written to the
"## Query plans at scale 600" section of BENCHMARKS.md.

It opens the pages the latency benchmark measures (dashboard, summary economic table, Gantt,
deadlines, resource directory, an API list) and the other long lists as the district's officer
of ``coprogetta generate --scale 600 --seed 1`` (user ``gen0001-officer``), with Django's test
client in this process, records every query and its time, and runs ``EXPLAIN (ANALYZE, BUFFERS)``
on the slowest ones.

The database is ``BENCH_SCALE600_URL`` (default
``postgres://postgres@127.0.0.1:5432/coprogetta_scale600``); without it, the script says how to
make it and skips. Run it with ``make bench`` or ``.venv/bin/python scripts/bench_explain.py``.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = os.environ.get("BENCH_SCALE600_URL", "postgres://postgres@127.0.0.1:5432/coprogetta_scale600")
os.environ["DATABASE_URL"] = DATABASE
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprogetta.settings")
os.environ.setdefault("COPROGETTA_ALLOW_INSECURE_KEY", "1")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import OperationalError, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

BENCHMARKS = ROOT / "BENCHMARKS.md"
HEADING = "## Query plans at scale 600"
USER = "gen0001-officer"
RUNS = 3
HEAVIEST = 6


def pages(agreement: int) -> list[tuple[str, str]]:
    return [
        ("agreement dashboard", reverse("monitoring:dashboard", args=[agreement])),
        ("summary economic table", reverse("documents:summary", args=[agreement])),
        ("Gantt", reverse("planning:workplan", args=[agreement])),
        ("deadlines", reverse("planning:deadlines")),
        ("resource directory", reverse("territory:directory")),
        ("API time entries", reverse("api:timeentry-list", kwargs={"agreement_pk": agreement})),
        ("agreements", reverse("agreements:list")),
        ("hours", reverse("monitoring:timeentry_list", args=[agreement])),
        ("expenses", reverse("monitoring:expense_list", args=[agreement])),
        ("progress", reverse("monitoring:progress_list", args=[agreement])),
    ]


def shape(sql: str) -> str:
    """The query without its literal values: one plan per kind of query."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def main() -> None:
    try:
        connection.ensure_connection()
        user = get_user_model().objects.get(username=USER)
    except (OperationalError, get_user_model().DoesNotExist) as error:
        print(f"bench_explain: skipped ({error.__class__.__name__}): create the database with\n"
              "  createdb -h 127.0.0.1 -U postgres coprogetta_scale600\n"
              f"  DATABASE_URL={DATABASE} .venv/bin/coprogetta migrate\n"
              f"  DATABASE_URL={DATABASE} .venv/bin/coprogetta generate --scale 600 --seed 1")
        return
    from coprogetta.agreements.selectors import agreement_list

    agreement = agreement_list(user).order_by("pk").first()
    client = Client()
    client.force_login(user)
    rows = []
    queries: dict[str, tuple[float, str, str]] = {}
    for label, url in pages(agreement.pk):
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            times.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        for q in ctx.captured_queries:
            ms = float(q["time"]) * 1000
            key = shape(q["sql"])
            if key not in queries or queries[key][0] < ms:
                queries[key] = (ms, label, q["sql"])
        rows.append((label, url, len(ctx), statistics.median(times)))
        print(f"{label:<24} {len(ctx):>3} queries  {statistics.median(times):8.1f} ms in SQL")
    # every kind of query explained; the slowest by PostgreSQL's own execution time
    plans = []
    with connection.cursor() as cursor:
        for _ms, label, sql in queries.values():
            if not sql.lstrip().upper().startswith(("SELECT", "(SELECT")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            took = re.search(r"Execution Time: ([0-9.]+) ms", plan)
            plans.append((float(took.group(1)) if took else 0.0, label, sql, plan))
    plans = sorted(plans, key=lambda p: p[0], reverse=True)[:HEAVIEST]
    counts = {}
    with connection.cursor() as cursor:
        for table in ("agreements_agreement", "agreements_action", "monitoring_timeentry",
                      "territory_resource"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[table] = cursor.fetchone()[0]
    write(rows, plans, counts)


def write(rows, plans, counts) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"{HEADING} (`scripts/bench_explain.py`)",
        "",
        f"Measured {now} on {platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, PostgreSQL {connection.pg_version // 10000}), database "
        f"made by `coprogetta generate --scale 600 --seed 1` ("
        + ", ".join(f"{n:,} rows in `{t}`" for t, n in counts.items())
        + f"), pages opened as `{USER}` with Django's test client, median of {RUNS} runs of the "
        "wall-clock time of the page's queries as the client sees it (load average "
        f"{os.getloadavg()[0]:.1f} when it ran; PostgreSQL's own execution times are in the plans). "
        "Reproduce: `.venv/bin/python scripts/bench_explain.py` "
        "(`BENCH_SCALE600_URL` names another database).",
        "",
        "| page | queries | queries' wall time (ms) |",
        "|---|---:|---:|",
        *(f"| {label} (`{url}`) | {n} | {ms:.1f} |" for label, url, n, ms in rows),
        "",
        f"Every kind of query of these pages was explained; the {len(plans)} slowest by PostgreSQL's "
        "execution time, with their plans (`EXPLAIN (ANALYZE, BUFFERS)`):",
        "",
    ]
    for number, (ms, label, sql, plan) in enumerate(plans, start=1):
        short = sql if len(sql) <= 600 else sql[:600] + " …"
        lines += [
            f"{number}. {label}: {ms:.2f} ms of execution in PostgreSQL",
            "",
            "```sql",
            short,
            "```",
            "",
            "```text",
            plan,
            "```",
            "",
        ]
    section = "\n".join(lines)
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\b.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _match: section + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS.write_text(text, encoding="utf-8")
    print(f"Wrote the query plans section of {BENCHMARKS}")


if __name__ == "__main__":
    main()
