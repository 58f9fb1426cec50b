"""Human resources and indicators, returned beside the document."""

from __future__ import annotations

from coprogetta.lib.importer import extract
from coprogetta.lib.importer.lines import paragraphs
from coprogetta.lib.importer.people import human_resources, indicators

from .helpers import fixture, sample


def test_roles_and_head_counts_of_the_sample():
    extras = extract(sample()).extras
    area3 = [(h["role"], h["count"]) for h in extras["human_resources"] if h["area"] == 3]
    assert area3 == [("Operatori Sociali", 5), ("Assistenti Sociali", 2), ("Educatori", 3)]
    area1 = [h["role"] for h in extras["human_resources"] if h["area"] == 1]
    assert area1 == [
        "Coordinatori pedagogici",
        "educatori",
        "medico neuropsichiatra",
        "operatore conciliazione",
        "fund raiser",
    ]
    assert all(h["line"] for h in extras["human_resources"])


def test_indicators_under_a_heading():
    extras = extract(fixture("operatore-orario.txt")).extras
    assert [(i["name"], i["target"], i["unit"]) for i in extras["indicators"]] == [
        ("minori seguiti nell'anno", "12", ""),
        ("incontri di rete realizzati", "20", ""),
        ("famiglie soddisfatte del servizio", "80", "%"),
    ]


def test_indicators_inline_and_in_a_table():
    paras = paragraphs(
        [
            "Indicatore: numero di anziani raggiunti – target: 150 persone",
            "Indicatori di risultato",
            "Indicatore\tValore atteso",
            "Ore di apertura dello sportello\t300",
            "Nuovi volontari formati\t25",
            "Il progetto si conclude nel 2026.",
        ]
    )
    found = indicators(paras)
    assert [(i["name"], i["target"]) for i in found] == [
        ("numero di anziani raggiunti", "150"),
        ("Ore di apertura dello sportello", "300"),
        ("Nuovi volontari formati", "25"),
    ]


def test_no_roles_where_the_text_only_refers_elsewhere():
    paras = paragraphs(["- Risorse Umane dedicate: come da proposta progettuale Ambito 1 – Sezione B2;"])
    assert human_resources(paras) == []
