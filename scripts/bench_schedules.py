"""Benchmark (not a test): parse 10,000 Italian schedule expressions and report the time.

Cycles through the phrases of the Crema 2016 sample and of the tests, each with one of five
agreement periods in turn, after one warm-up pass over every (phrase, period) pair. Run it
with ``make bench`` or ``.venv/bin/python scripts/bench_schedules.py [count]``.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections import Counter
from datetime import date
from itertools import cycle
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coprogetta.lib.schedules import Interval, parse_schedule  # noqa: E402

SAMPLE = [
    "Gennaio-Dicembre 2016", "dal mese di gennaio", "chiusura per le vacanze di Pasqua e per quelle estive",
    "a partire dal mese di gennaio", "a partire dal mese di febbraio", "a partire dal mese di settembre",
    "da aprile", "dal mese di maggio", "in corso", "aprile", "entro maggio",
    "giugno (con verifica a settembre)", "durante tutto l'anno del servizio", "durante tutto l'anno",
    "già attivo", "aprile 2016", "maggio 2016", "Maggio e Settembre 2016", "Marzo /Dicembre",
    "Febbraio/Marzo", "Marzo/Giugno", "Febbraio/Luglio", "Settembre/Dicembre", "Febbraio /Dicembre",
    "entro maggio 2016", "entro giugno 2016", "entro giugno-luglio 2016", "entro settembre 2016",
    "entro aprile 2016", "in corso e per tutto l'anno 2016", "da aprile 2016", "da marzo",
    "giugno e dicembre", "mensilmente da aprile", "entro novembre", "entro il mese di febbraio 2017",
    "al 30 giugno e al 31 dicembre",
]
OTHERS = [
    "1 settembre 2024 – 31 dicembre 2024", "al 31 gennaio 2025", "01/03/2025 – 28/02/2027",
    "entro il 15.05.2025", "il primo e il terzo giovedì di ogni mese", "anno scolastico 2016/2017",
    "a cadenza quindicinale", "anno educativo 2016/2017", "a.s. 2024/25", "dal 1° marzo al 30 giugno 2025",
    "dal 15/09/2024 al 15/06/2025", "entro il 30/06/2025", "entro fine giugno",
    "entro la fine di marzo 2025", "inizio settembre", "metà ottobre 2025", "fine novembre",
    "da metà marzo a fine maggio", "estate 2025", "primavera", "durante l'estate", "vacanze natalizie",
    "ogni martedì e giovedì", "l'ultimo venerdì del mese", "il 15 di ogni mese",
    "una volta al mese da ottobre a maggio", "ogni due settimane", "per tutta la durata della convenzione",
    "da settembre 2024 a giugno 2025", "ottobre - maggio", "novembre/febbraio", "triennio 2024-2026",
    "nei mesi di luglio e agosto", "sett. 2024 - giu. 2025", "APRILE", "15 maggio 2016", "2025-03-01",
    "tra gennaio e marzo", "con decorrenza 1 aprile 2025", "ogni anno a settembre",
    "entro 60 giorni dall'avvio", "2° semestre 2025", "entro maggio 2015", "31 aprile",
    "dal 15 al 10 maggio 2016", "pizza margherita", "",
    "Scadenze in itinere e finali: monitoraggio semestrale al 30 giugno e al 31 dicembre.",
    "Le attività progettuali relative al 2017 saranno oggetto di specifico percorso di confronto e di "
    "programmazione, anche a partire dagli esiti delle attività realizzate, da concludersi entro il mese "
    "di febbraio 2017.",
]
PERIODS = [
    Interval(date(2016, 1, 1), date(2016, 12, 31)),
    Interval(date(2025, 1, 1), date(2025, 12, 31)),
    Interval(date(2024, 9, 1), date(2025, 8, 31)),
    Interval(date(2024, 1, 1), date(2026, 12, 31)),
    Interval(date(2016, 9, 1), date(2017, 6, 30)),
]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(count: int) -> None:
    phrases = SAMPLE + OTHERS
    pairs = [(text, PERIODS[i % len(PERIODS)]) for i, text in enumerate(phrases * len(PERIODS))]
    started = time.perf_counter()
    for text, period in pairs:  # warm-up: regular expressions compiled, modules imported
        parse_schedule(text, period)
    warm_up = time.perf_counter() - started

    timings: list[float] = []
    statuses: Counter[str] = Counter()
    work = cycle(pairs)
    started = time.perf_counter()
    for _ in range(count):
        text, period = next(work)
        before = time.perf_counter()
        statuses[parse_schedule(text, period).status] += 1
        timings.append(time.perf_counter() - before)
    total = time.perf_counter() - started

    timings.sort()
    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
    print(f"machine:     {platform.platform()}; {cpu_model()}; {os.cpu_count()} CPUs")
    print(f"python:      {platform.python_implementation()} {platform.python_version()}")
    print(f"expressions: {count} ({len(phrases)} distinct phrases x {len(PERIODS)} periods, cycled)")
    print(f"warm-up:     {warm_up * 1000:.1f} ms for {len(pairs)} parses")
    print(f"total:       {total:.3f} s")
    mean, median = statistics.fmean(timings), timings[len(timings) // 2]
    print(
        f"per parse:   mean {mean * 1e6:.1f} µs, median {median * 1e6:.1f} µs,"
        f" p95 {p95 * 1e6:.1f} µs, max {timings[-1] * 1e6:.1f} µs"
    )
    print("statuses:    " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
