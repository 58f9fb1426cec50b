"""Every schedule expression of the Crema 2016 negotiation document (the "Tempi" sections of
tests/fixtures/samples/crema-2016-negoziazione.txt), read for the agreement's period, 2016."""

import json
from datetime import date
from pathlib import Path

import pytest

import coprogetta
from coprogetta.lib.schedules import ONGOING, Interval, parse_schedule

from .schedule_helpers import Y2016, describe

WHOLE_2016 = "2016-01-01..2016-12-31"

SAMPLE = [
    # Ambito 1 (consolidation, then development actions 1-11)
    ("Gennaio-Dicembre 2016", WHOLE_2016),
    ("dal mese di gennaio", WHOLE_2016),
    (
        "chiusura per le vacanze di Pasqua e per quelle estive",
        # Easter 27/3/2016: Thursday 24/3 to Tuesday 29/3; summer: 9/6 to 11/9 (Lombardy)
        "2016-03-24..2016-03-29; 2016-06-09..2016-09-11 ! holidays_assumed ! holidays_assumed",
    ),
    ("a partire dal mese di gennaio", WHOLE_2016),
    ("a partire dal mese di febbraio", "2016-02-01..2016-12-31"),
    ("a partire dal mese di settembre", "2016-09-01..2016-12-31"),
    ("da aprile", "2016-04-01..2016-12-31"),
    ("dal mese di maggio", "2016-05-01..2016-12-31"),
    ("in corso", "ongoing"),
    # Ambito 2: PRE e POST SCUOLA, ESTATE
    ("aprile", "2016-04-01..2016-04-30"),
    ("entro maggio", "by 2016-05-31"),
    ("giugno (con verifica a settembre)", "2016-06-01..2016-06-30; by 2016-09-30"),
    ("durante tutto l'anno del servizio", "ongoing"),
    ("durante tutto l'anno", "ongoing"),
    ("già attivo", "ongoing"),
    ("aprile 2016", "2016-04-01..2016-04-30"),
    ("maggio 2016", "2016-05-01..2016-05-31"),
    ("Maggio e Settembre 2016", "months 2016-05-01..2016-09-30 months=5,9"),
    # Ambito 3
    ("Marzo /Dicembre", "2016-03-01..2016-12-31"),
    ("Febbraio/Marzo", "2016-02-01..2016-03-31"),
    ("Marzo/Giugno", "2016-03-01..2016-06-30"),
    ("Febbraio/Luglio", "2016-02-01..2016-07-31"),
    ("Settembre/Dicembre", "2016-09-01..2016-12-31"),
    ("Febbraio /Dicembre", "2016-02-01..2016-12-31"),
    # Ambito 4
    ("entro maggio 2016", "by 2016-05-31"),
    ("entro giugno 2016", "by 2016-06-30"),
    ("entro giugno-luglio 2016", "by 2016-07-31"),
    ("entro settembre 2016", "by 2016-09-30"),
    ("entro aprile 2016", "by 2016-04-30"),
    ("in corso e per tutto l'anno 2016", "ongoing"),
    ("da aprile 2016", "2016-04-01..2016-12-31"),
    # Ambito 5
    ("da marzo", "2016-03-01..2016-12-31"),
    ("giugno e dicembre", "months 2016-06-01..2016-12-31 months=6,12"),
    ("mensilmente da aprile", "monthly 2016-04-01..2016-12-31"),
    ("entro novembre", "by 2016-11-30"),
    # in the text of every Ambito: the 2017 programme, due after the 2016 period
    ("entro il mese di febbraio 2017", "by 2017-02-28 ! outside_period"),
    # every "Scadenze in itinere e finali" paragraph
    ("al 30 giugno e al 31 dicembre", "by 2016-06-30; by 2016-12-31"),
]


@pytest.mark.parametrize(("text", "expected"), SAMPLE, ids=[t for t, _ in SAMPLE])
def test_sample_phrase(text: str, expected: str) -> None:
    assert describe(parse_schedule(text, Y2016)) == expected


def test_ongoing_keeps_the_period_as_its_interval() -> None:
    schedule = parse_schedule("in corso", Y2016)
    assert schedule.status == ONGOING
    assert schedule.intervals == (Y2016,)
    assert not schedule.has_warnings


def test_sample_phrases_carry_no_warning_except_the_assumed_holidays_and_2017() -> None:
    warned = {text for text, _ in SAMPLE if parse_schedule(text, Y2016).has_warnings}
    assert warned == {
        "chiusura per le vacanze di Pasqua e per quelle estive",
        "entro il mese di febbraio 2017",
    }


def test_holidays_note_their_dates() -> None:
    schedule = parse_schedule("chiusura per le vacanze di Pasqua e per quelle estive", Y2016)
    assert [dict(n.params) for n in schedule.notes] == [
        {"holiday": "easter", "start": "2016-03-24", "end": "2016-03-29"},
        {"holiday": "summer", "start": "2016-06-09", "end": "2016-09-11"},
    ]


def test_the_2017_deadline_names_itself_outside_the_period() -> None:
    schedule = parse_schedule("entro il mese di febbraio 2017", Y2016)
    assert schedule.status == "resolved"
    assert [(n.code, dict(n.params)) for n in schedule.notes] == [
        ("outside_period", {"start": "2017-02-28", "end": "2017-02-28"})
    ]


def test_whole_sentences_of_the_sample_yield_their_time_phrase_and_a_note() -> None:
    sentence = (
        "Le attività progettuali relative al 2017 saranno oggetto di specifico percorso di "
        "confronto e di programmazione, anche a partire dagli esiti delle attività realizzate, "
        "da concludersi entro il mese di febbraio 2017."
    )
    assert describe(parse_schedule(sentence, Y2016)) == "by 2017-02-28 ! ignored_text ! outside_period"
    monitoring = "Scadenze in itinere e finali: monitoraggio semestrale al 30 giugno e al 31 dicembre."
    assert describe(parse_schedule(monitoring, Y2016)) == "by 2016-06-30; by 2016-12-31 ! ignored_text"


def test_the_demo_agreement_schedules_all_read() -> None:
    """The schedule texts of the demo agreement (documents/demo/crema-2016.json)."""
    demo = Path(coprogetta.__file__).parent / "documents" / "demo" / "crema-2016.json"
    data = json.loads(demo.read_text(encoding="utf-8"))
    period = Interval(date.fromisoformat(data["period"]["start"]), date.fromisoformat(data["period"]["end"]))
    texts = {a["schedule_text"] for area in data["areas"] for a in area["actions"]} - {""}
    assert texts
    for text in texts:
        assert parse_schedule(text, period).status != "unresolved", text
