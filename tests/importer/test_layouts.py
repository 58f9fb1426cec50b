"""Layouts seen in other agreements, written inline: tables of actions, money stated after
the areas, fees with the VAT amount written out."""

from __future__ import annotations

from coprogetta.documents.interchange_format import validate_document
from coprogetta.lib.importer import extract
from coprogetta.lib.verification import verify


def test_actions_and_their_times_in_tables():
    lines = [
        "Accordo di collaborazione",
        "tra il Comune di Alba e l'Associazione La Tela APS",
        "Periodo: dal 01/01/2025 al 31/12/2025",
        "Art. 2 - Attività",
        "Azione\tDescrizione\tTempi",
        "1\tDoposcuola\tAiuto compiti per la primaria\tda ottobre a maggio",
        "2\tCentro estivo\tAnimazione per bambini\tluglio 2025",
        "Art. 3 - Cronoprogramma",
        "Attività\tPeriodo",
        "Doposcuola\tottobre-dicembre 2025",
        "Centro estivo\tluglio 2025",
        "Festa finale\t15 dicembre 2025",
    ]
    extraction = extract(lines)
    validate_document(extraction.document)
    actions = extraction.document["areas"][0]["actions"]
    assert [(a["title"], a["schedule_text"]) for a in actions] == [
        ("Doposcuola", "ottobre-dicembre 2025"),
        ("Centro estivo", "luglio 2025"),
        ("Festa finale", "15 dicembre 2025"),
    ]
    assert extraction.sources["/areas/0/actions/0/title"] == 6
    assert extraction.sources["/areas/0/actions/0/schedule_text"] == 10


def test_money_stated_after_the_areas_goes_to_each_area():
    lines = [
        "Accordo di co-progettazione",
        "Comune di Alba – Consorzio Langhe Solidali",
        "Anno 2025",
        "Ambito 1 - Anziani",
        "Oggetto",
        "- assistenza domiciliare",
        "Ambito 2 - Minori",
        "Oggetto",
        "- centro diurno",
        "Piano economico complessivo",
        "Ambito 1: € 50.000,00 + IVA 5% = € 52.500,00",
        "Ambito 2: € 30.000,00 + IVA 5% = € 31.500,00",
        "Totale: € 80.000,00 + IVA 5% = € 84.000,00",
    ]
    extraction = extract(lines)
    document = extraction.document
    validate_document(document)
    assert [[x["net"] for x in a["budget_lines"]] for a in document["areas"]] == [["50000.00"], ["30000.00"]]
    assert document["budget_lines"] == []
    assert extraction.sources["/areas/1/budget_lines/0/net"] == 12
    wrong = list(lines)
    wrong[12] = "Totale: € 80.000,00 + IVA 5% = € 84.400,00"
    found = [f for f in verify(wrong, extract(wrong).document) if f.kind == "mismatch"]
    assert [(f.line, f.code) for f in found] == [(13, "vat")]


def test_fee_with_the_vat_written_out_and_vat_included():
    lines = [
        "Convenzione per il servizio di assistenza educativa",
        "Comune di Alba e Cooperativa Sociale Aurora",
        "per il triennio 2025-2027",
        "Art. 4 - Corrispettivo",
        "Il corrispettivo annuo è di € 100.000,00 oltre IVA 5% pari a € 5.000,00, "
        "per complessivi € 105.000,00.",
        "Il servizio estivo costa € 12.000,00 oltre IVA al 22%, per un totale di € 14.640,00.",
        "Il trasporto costa € 2.440,00 IVA 22% inclusa.",
    ]
    document = extract(lines).document
    assert document["period"] == {"start": "2025-01-01", "end": "2027-12-31"}
    budget = document["areas"][0]["budget_lines"]
    assert [(x["description"], x["net"], x["vat"], x["gross"]) for x in budget] == [
        ("Il corrispettivo annuo", "100000.00", "5000.00", "105000.00"),
        ("Il servizio estivo", "12000.00", "2640.00", "14640.00"),
        ("Il trasporto", "2000.00", "440.00", "2440.00"),
    ]
    wrong = list(lines)
    wrong[4] = wrong[4].replace("pari a € 5.000,00", "pari a € 5.250,00")
    found = [f for f in verify(wrong, extract(wrong).document) if f.kind == "mismatch"]
    assert [(f.line, f.code, f.computed) for f in found][0][:2] == (5, "vat")


def test_overhead_as_a_percentage_of_personnel_named_in_words():
    lines = [
        "Progetto Officina",
        "Comune di Alba e Cooperativa Sociale Aurora",
        "Anno 2025",
        "Piano economico",
        "A) Costi del personale",
        "- Educatori: 1.000 ore x € 22,00 = € 22.000,00",
        "Totale A) € 22.000,00",
        "B) Spese generali: 10% dei costi del personale, € 2.200,00",
        "Altre spese",
        "Spese di segreteria (5% del costo del personale): € 1.100,00",
    ]
    findings = verify(lines, extract(lines).document)
    percentages = [(f.line, f.kind) for f in findings if f.code == "percentage"]
    assert percentages == [(8, "ok"), (10, "ok")]
    wrong = lines[:9] + ["Spese di segreteria (5% del costo del personale): € 1.200,00"]
    found = [(f.line, f.code, f.kind) for f in verify(wrong, extract(wrong).document) if f.kind != "ok"]
    assert found == [(10, "percentage", "mismatch")]
    wrong = lines[:7] + ["B) Spese generali: 10% dei costi del personale, € 2.000,00"] + lines[8:]
    found = [(f.line, f.code, f.kind) for f in verify(wrong, extract(wrong).document) if f.kind != "ok"]
    assert (8, "percentage", "mismatch") in found


def test_an_article_with_an_unknown_title_still_holds_money_and_tranches():
    lines = [
        "Convenzione",
        "Comune di Alba e Cooperativa Sociale Aurora (P.IVA 01234560983)",
        "Durata: dal 01/01/2025 al 31/12/2025",
        "Art. 1 - Oggetto",
        "- servizio di custodia",
        "Art. 6 - Impegni economici",
        "Il Comune corrisponde € 10.000,00 oltre IVA al 22 per cento = € 12.200,00.",
        "Il pagamento avverrà come segue:",
        "- acconto del 30% entro 30 giorni dalla firma;",
        "- saldo del 70% entro il 31/12/2025.",
        "Art. 7 - Verifiche",
        "Le parti si incontrano ogni sei mesi, al 30 giugno e al 31 dicembre, per il monitoraggio.",
    ]
    document = extract(lines).document
    area = document["areas"][0]
    assert [(x["net"], x["vat_rate"], x["gross"]) for x in area["budget_lines"]] == [
        ("10000.00", "22", "12200.00")
    ]
    assert [(t["percent"], t["due_text"], t["is_balance"]) for t in area["tranches"]] == [
        ("30", "entro 30 giorni dalla firma", False),
        (None, "entro il 31/12/2025", True),
    ]
    assert document["monitoring"]["every_months"] == 6
    assert [a["title"] for a in area["actions"]] == ["Servizio di custodia"]
    wrong = lines[:9] + ["- saldo del 60% entro il 31/12/2025."] + lines[10:]
    found = [(f.line, f.code, f.kind) for f in verify(wrong, extract(wrong).document) if f.kind != "ok"]
    assert found == [(10, "tranches", "inconsistency")]
