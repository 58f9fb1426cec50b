"""The DOCX writer pauses the cycle collector while it builds, and always gives it back."""

import gc
import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document

from coprogetta.documents import report_docx as writer
from coprogetta.documents.report_data import HOURS, Column, ReportData, Row, Section, Table


def _data(rows: int) -> ReportData:
    table = Table("hours", "Ore per azione", [Column("Azione"), Column("Ore", HOURS)])
    table.rows = [Row([f"Azione {n}", Decimal(n)]) for n in range(rows)]
    return ReportData(agreement_pk=1, kind="monitoring", heading="Relazione", title="Accordo",
                      parties=[("Comune", "ente pubblico")], checkpoint=date(2016, 6, 30),
                      period_start=date(2016, 1, 1), period_text="2016", generated_on=date(2016, 7, 1),
                      sections=[Section("hours", "Ore", tables=[table])])


def test_the_collector_is_paused_during_the_build_and_enabled_after(monkeypatch):
    seen = []
    build = writer._report_docx
    monkeypatch.setattr(writer, "_report_docx", lambda data: (seen.append(gc.isenabled()), build(data))[1])
    content = writer.report_docx(_data(30))
    assert seen == [False] and gc.isenabled()
    assert len(Document(io.BytesIO(content)).tables[0].rows) == 31


def test_a_failing_build_gives_the_collector_back_and_a_disabled_one_stays_disabled(monkeypatch):
    def fail(data):
        raise RuntimeError("broken")

    monkeypatch.setattr(writer, "_report_docx", fail)
    with pytest.raises(RuntimeError):
        writer.report_docx(_data(1))
    assert gc.isenabled()
    gc.disable()
    try:
        monkeypatch.undo()
        writer.report_docx(_data(1))
        assert not gc.isenabled()
    finally:
        gc.enable()
