"""Shared helpers of the import tests: the sample, the fixtures, planting errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from coprogetta.lib.importer import extract
from coprogetta.lib.verification import Finding, verify

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "crema-2016-negoziazione.txt"


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def fixture(name: str) -> list[str]:
    return lines_of(FIXTURES / name)


def sample() -> list[str]:
    return lines_of(SAMPLE)


def plant(lines: list[str], line: int, old: str, new: str) -> list[str]:
    """A copy of ``lines`` with ``old`` replaced by ``new`` on the 1-based ``line``."""
    assert old in lines[line - 1], f"{old!r} is not on line {line}: {lines[line - 1]!r}"
    copy = list(lines)
    copy[line - 1] = copy[line - 1].replace(old, new, 1)
    return copy


def line_of(lines: list[str], text: str) -> int:
    """The 1-based number of the only line containing ``text``."""
    found = [i for i, line in enumerate(lines, start=1) if text in line]
    assert len(found) == 1, f"{text!r} found on lines {found}"
    return found[0]


def problems(lines: list[str]) -> list[Finding]:
    """Findings that are not ok nor approximate, from the draft ``extract`` makes."""
    document = extract(lines).document
    return [f for f in verify(lines, document) if f.kind in ("mismatch", "inconsistency", "unresolved")]


def all_of(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The entries of ``key`` in every area and at the top level."""
    entries = list(document.get(key) or [])
    for area in document["areas"]:
        entries.extend(area.get(key) or [])
    return entries


def total(entries: list[dict[str, Any]], field: str) -> Decimal:
    return sum((Decimal(e[field]) for e in entries), Decimal(0))
