"""Tables: consecutive rows of TAB-separated cells; each cell read as text, amount or rate.

A row with ``net, rate %, VAT, gross`` is a summary row; a row without a label (or labelled
"Totale") after other rows is a total row, its amounts the sums of the columns above.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from coprogetta.lib.importer.lines import Para, norm_text
from coprogetta.lib.textparse.amounts import find_amounts, find_percents

_TOTAL_LABEL = re.compile(r"^(?:tot(?:ale|\.)?|somma|complessivo|totali)\b")
_AREA_LABEL = re.compile(
    r"(?:ambito|area|linea|lotto|asse)\s*(?:n\.?|n°)?\s*([0-9]{1,3}|[ivx]{1,4})(?![a-z0-9])"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


@dataclass(frozen=True)
class Cell:
    text: str
    amount: Decimal | None = None
    percent: Decimal | None = None


@dataclass(frozen=True)
class Row:
    para: Para
    cells: tuple[Cell, ...]

    @property
    def label(self) -> str:
        for cell in self.cells:
            if cell.text and cell.amount is None and cell.percent is None:
                return cell.text
        return ""

    @property
    def amounts(self) -> list[tuple[int, Decimal]]:
        return [(i, c.amount) for i, c in enumerate(self.cells) if c.amount is not None]

    @property
    def is_total(self) -> bool:
        label = norm_text(self.label)
        return bool(self.amounts) and (not label or bool(_TOTAL_LABEL.match(label)))

    @property
    def area_number(self) -> int | None:
        match = _AREA_LABEL.search(norm_text(self.label))
        if match is None:
            return None
        return int(match[1]) if match[1].isdigit() else _ROMAN.get(match[1])

    def summary(self) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
        """(net, rate, vat, gross) when the row reads amount, rate %, amount, amount."""
        kinds = [
            ("a", c.amount) if c.amount is not None else ("p", c.percent)
            for c in self.cells
            if c.amount is not None or c.percent is not None
        ]
        for start in range(len(kinds) - 3):
            window = kinds[start : start + 4]
            if [k for k, _ in window] == ["a", "p", "a", "a"]:
                net, rate, vat, gross = (v for _, v in window)
                assert net is not None and rate is not None and vat is not None and gross is not None
                return net, rate, vat, gross
        return None


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    title: Para | None

    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.amounts and not r.is_total]

    def total_rows(self) -> list[Row]:
        seen_data = False
        totals = []
        for row in self.rows:
            if row.amounts and not row.is_total:
                seen_data = True
            elif row.is_total and seen_data:
                totals.append(row)
        return totals


def _cell(text: str) -> Cell:
    clean = text.strip()
    if not clean:
        return Cell("")
    amounts = find_amounts(clean, bare=True)
    if len(amounts) == 1 and len(clean) - (amounts[0].end - amounts[0].start) <= 3:
        return Cell(clean, amount=amounts[0].value)
    percents = find_percents(clean)
    if len(percents) == 1 and len(clean) - (percents[0].end - percents[0].start) <= 3:
        return Cell(clean, percent=percents[0].value)
    if len(amounts) == 1 and amounts[0].currency:
        # a label and an amount in the same cell ("Quota parte 1% € 9.000,00")
        return Cell(clean, amount=amounts[0].value)
    return Cell(clean)


def find_tables(paras: Sequence[Para]) -> list[Table]:
    """Every run of table rows, with the paragraph just before it as its title."""
    tables: list[Table] = []
    run: list[Row] = []
    title: Para | None = None
    previous: Para | None = None
    for para in [*paras, None]:
        if para is not None and "\t" in para.raw:
            if not run:
                title = previous
            run.append(Row(para, tuple(_cell(c) for c in para.raw.split("\t"))))
        else:
            if run and any(r.amounts for r in run):
                tables.append(Table(tuple(run), title))
            run = []
        previous = para
    return tables
