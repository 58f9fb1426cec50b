"""The territory of the demo agreement (Crema, 2016): a needs analysis, the resources the
agreement names (details fictional where it gives none) and two four-monthly programmes.

One need, the isolation of elderly people in Santa Maria della Croce, is answered by no
activity on purpose: the coverage matrix shows it as not covered.

``load_territory_demo(agreement)`` is idempotent: run again, it changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from coprogetta.agreements.models import Agreement, Party
from coprogetta.lib.schedules import Interval
from coprogetta.planning.workplan_schedules import parsed

from .models import Activity, Need, NeedsAnalysis, Programme, Resource, TargetGroup, join_codes

NAMESPACE = uuid.UUID("0d6c8a52-7e0b-4b0e-8f5e-1f3c2a9d4b60")
ANALYSIS_TITLE = "Analisi dei bisogni del territorio cremasco"
UNCOVERED_NEED = "elderly-smc"
T = TargetGroup
K = Resource.Kind


@dataclass(frozen=True)
class R:
    """A demo resource: its key (for stable ids), who records it, and its fields."""

    key: str
    public: bool  # recorded by the public body (True) or by the Third-Sector party
    kind: str
    name: str
    provider: str
    place: str
    address: str
    zone: str
    lat: str
    lon: str
    groups: tuple[str, ...]
    schedule: str = ""
    ages: tuple[int | None, int | None] = (None, None)
    cost: str = "Gratuito"
    amount: str | None = None
    capacity: int | None = None
    contact: str = ""
    phone: str = ""
    description: str = ""


CONSORZIO = 'Consorzio "Sul Serio"'
COMUNE = "Comune di Crema"
RESOURCES = [
    R(
        "nido",
        True,
        K.SERVICE,
        "Asilo Nido di Via Dante/Pesadori",
        CONSORZIO,
        "Asilo Nido Pesadori",
        "Via Dante Alighieri 20",
        "Centro",
        "45.362100",
        "9.684900",
        (T.EARLY_0_3,),
        "dal lunedì al venerdì 7:30-18:00",
        (0, 3),
        "Retta secondo il piano tariffario comunale",
        capacity=60,
        contact="Coordinamento pedagogico",
        phone="0373 000101",
    ),
    R(
        "prima-infanzia",
        True,
        K.SERVICE,
        "Centro prima infanzia",
        CONSORZIO,
        "Asilo Nido Pesadori",
        "Via Dante Alighieri 20",
        "Centro",
        "45.362300",
        "9.685200",
        (T.EARLY_0_3, T.FAMILIES),
        "martedì e giovedì 9:30-11:30",
        (0, 3),
        "€ 5 a incontro",
        "5.00",
        15,
    ),
    R(
        "ex-chiesetta",
        True,
        K.SPACE,
        "Spazio \u201cex-chiesetta\u201d",
        COMUNE,
        "Ex chiesetta",
        "Via Dante Alighieri 18",
        "Centro",
        "45.361900",
        "9.684500",
        (T.FAMILIES,),
        "su prenotazione",
        description="Sede di incontri formativi, sala riunioni, spazio polifunzionale.",
        capacity=50,
        contact="Ufficio servizi educativi",
    ),
    R(
        "kappadue",
        False,
        K.SERVICE,
        "Consultorio Familiare Kappadue",
        "Consultorio Familiare Kappadue",
        "Consultorio Kappadue",
        "Via Civerchi 9",
        "Centro",
        "45.364300",
        "9.687600",
        (T.FAMILIES, T.ADOLESCENTS),
        "dal lunedì al venerdì 9-12 e 14-18",
        description="Gruppi di confronto per genitori in situazione di conflittualità.",
        contact="Accoglienza",
        phone="0373 000202",
    ),
    R(
        "famba",
        False,
        K.SERVICE,
        "Centro Neuropsichiatria Infantile Fam.Ba",
        "Fam.Ba Cooperativa Sociale",
        "Centro Fam.Ba",
        "Via Carlo Urbino 23",
        "San Bernardino",
        "45.358700",
        "9.694300",
        (T.CHILDREN, T.DISABILITIES),
        "su appuntamento",
        (0, 18),
        description="Informazione e prevenzione; valutazioni neuropsichiatriche.",
    ),
    R(
        "montessori",
        False,
        K.PROGRAMME,
        "Percorso di pedagogia montessoriana",
        CONSORZIO,
        "Ex chiesetta",
        "Via Dante Alighieri 18",
        "Centro",
        "45.361950",
        "9.684550",
        (T.EARLY_0_3, T.EARLY_3_6, T.FAMILIES),
        "da febbraio, sabato mattina",
        (1, 6),
        "A carico delle famiglie",
        "60.00",
        20,
    ),
    R(
        "pre-braguti",
        True,
        K.SERVICE,
        "Pre e post scuola — Via Braguti",
        CONSORZIO,
        "Scuola primaria Braguti",
        "Via Braguti 5",
        "Centro",
        "45.365400",
        "9.681200",
        (T.CHILDREN,),
        "7:30-8:30 e 16:30-18:00",
        (6, 11),
        "Piano tariffario comunale",
        capacity=40,
    ),
    R(
        "pre-borgo",
        True,
        K.SERVICE,
        "Pre e post scuola — Via Borgo San Pietro",
        CONSORZIO,
        "Scuola primaria Borgo San Pietro",
        "Via Borgo San Pietro 8",
        "San Pietro",
        "45.368100",
        "9.679300",
        (T.CHILDREN,),
        "7:30-8:30 e 16:30-18:00",
        (6, 11),
        "Piano tariffario comunale",
        capacity=35,
    ),
    R(
        "colonia",
        True,
        K.SPACE,
        "Centro Ricreativo Estivo \u201cColonia Seriana\u201d",
        COMUNE,
        "Colonia Seriana",
        "Via Colonia Seriana 1",
        "Ombriano",
        "45.351200",
        "9.668400",
        (T.CHILDREN, T.PRE_ADOLESCENTS),
        "giugno-agosto, dal lunedì al venerdì 8-17",
        (6, 14),
        "Piano tariffario comunale",
        capacity=200,
    ),
    R(
        "adolescenti-colonia",
        False,
        K.PROGRAMME,
        "Progetto adolescenti in Colonia Seriana",
        CONSORZIO,
        "Colonia Seriana",
        "Via Colonia Seriana 1",
        "Ombriano",
        "45.351400",
        "9.668700",
        (T.ADOLESCENTS, T.DISABILITIES),
        "luglio, pomeriggi",
        (14, 18),
        capacity=30,
    ),
    R(
        "scuola-ascolta",
        False,
        K.SERVICE,
        "\u201cLa Scuola Ascolta\u201d — sportello per le famiglie",
        CONSORZIO,
        "Istituto Comprensivo Crema 2",
        "Via Bottesini 4",
        "Crema Nuova",
        "45.369800",
        "9.695100",
        (T.FAMILIES, T.CHILDREN),
        "mercoledì 14-17",
    ),
    R(
        "ic1",
        True,
        K.SPACE,
        "Istituto Comprensivo Crema 1",
        "Istituto Comprensivo Crema 1",
        "Sede centrale",
        "Via Vailati 1",
        "Centro",
        "45.363500",
        "9.683300",
        (T.CHILDREN, T.PRE_ADOLESCENTS),
        "aule disponibili il pomeriggio",
        (6, 14),
    ),
    R(
        "ic2",
        True,
        K.SPACE,
        "Istituto Comprensivo Crema 2",
        "Istituto Comprensivo Crema 2",
        "Sede centrale",
        "Via Bottesini 4",
        "Crema Nuova",
        "45.369600",
        "9.694800",
        (T.CHILDREN, T.PRE_ADOLESCENTS),
        "aule disponibili il pomeriggio",
        (6, 14),
    ),
    R(
        "ic3",
        True,
        K.SPACE,
        "Istituto Comprensivo Crema 3",
        "Istituto Comprensivo Crema 3",
        "Sede centrale",
        "Via Treviglio 2",
        "Santa Maria della Croce",
        "45.377900",
        "9.687300",
        (T.CHILDREN, T.PRE_ADOLESCENTS),
        "aule disponibili il pomeriggio",
        (6, 14),
    ),
    R(
        "civic-1",
        False,
        K.SPACE,
        "Civic center \u201cFare legami\u201d — Crema Nuova",
        CONSORZIO,
        "Civic center",
        "Via Bottesini 6",
        "Crema Nuova",
        "45.370100",
        "9.695600",
        (T.FAMILIES, T.YOUNG_ADULTS),
        "lunedì-venerdì 15-19",
    ),
    R(
        "civic-2",
        False,
        K.SPACE,
        "Civic center \u201cFare legami\u201d — Sabbioni",
        CONSORZIO,
        "Civic center",
        "Via Pandino 12",
        "Sabbioni",
        "45.356800",
        "9.662900",
        (T.FAMILIES, T.YOUNG_ADULTS),
        "lunedì-venerdì 15-19",
    ),
    R(
        "lab-zona-1",
        False,
        K.PROGRAMME,
        "Laboratorio di comunità — Zona 1",
        CONSORZIO,
        "Sala di quartiere",
        "Via Mercato 10",
        "Zona 1",
        "45.364900",
        "9.688400",
        (T.FAMILIES, T.ELDERLY),
        "un giovedì al mese",
    ),
    R(
        "lab-zona-3",
        False,
        K.PROGRAMME,
        "Laboratorio di comunità — Zona 3",
        CONSORZIO,
        "Sala di quartiere",
        "Via Indipendenza 40",
        "Zona 3",
        "45.359600",
        "9.676900",
        (T.FAMILIES,),
        "un giovedì al mese",
    ),
    R(
        "lab-zona-5",
        False,
        K.PROGRAMME,
        "Laboratorio di comunità — Zona 5",
        CONSORZIO,
        "Sala di quartiere",
        "Via Libero Comune 3",
        "Zona 5",
        "45.372500",
        "9.676100",
        (T.FAMILIES, T.YOUNG_ADULTS),
        "un giovedì al mese",
    ),
    R(
        "luogo-sbernardino",
        True,
        K.SPACE,
        "Luogo di comunità San Bernardino (ex sportello di quartiere)",
        COMUNE,
        "Ex sportello di quartiere",
        "Via Brescia 25",
        "San Bernardino",
        "45.357900",
        "9.696800",
        (T.FAMILIES, T.ELDERLY),
        "martedì 9-12",
    ),
    R(
        "luogo-scarlo",
        True,
        K.SPACE,
        "Luogo di comunità San Carlo (ex sportello di quartiere)",
        COMUNE,
        "Ex sportello di quartiere",
        "Via XI Febbraio 4",
        "San Carlo",
        "45.355100",
        "9.683900",
        (T.FAMILIES, T.PRE_ADOLESCENTS),
        "mercoledì 15-18",
    ),
    R(
        "luogo-cremanuova",
        True,
        K.SPACE,
        "Luogo di comunità Crema Nuova (ex sportello di quartiere)",
        COMUNE,
        "Ex sportello di quartiere",
        "Via Toffetti 2",
        "Crema Nuova",
        "45.371300",
        "9.697300",
        (T.FAMILIES,),
        "giovedì 9-12",
    ),
    R(
        "luogo-smc",
        True,
        K.SPACE,
        "Luogo di comunità Santa Maria della Croce (ex sportello di quartiere)",
        COMUNE,
        "Ex sportello di quartiere",
        "Via Bergamo 30",
        "Santa Maria della Croce",
        "45.378400",
        "9.689600",
        (T.FAMILIES, T.ELDERLY),
        "venerdì 9-12",
    ),
    R(
        "illusioni",
        False,
        K.SERVICE,
        "Sportello ludopatia — Progetto \u201cIllusioni\u201d",
        "ATS Val Padana",
        "Sportello Illusioni",
        "Via Meneghezzi 14",
        "Centro",
        "45.366200",
        "9.690100",
        (T.FRAGILE_ADULTS,),
        "lunedì 14-17",
        (18, None),
        description="Ascolto, orientamento e prevenzione del gioco d'azzardo.",
    ),
    R(
        "compiti-sabbioni",
        False,
        K.SERVICE,
        "Supporto compiti — Sabbioni",
        CONSORZIO,
        "Oratorio di Sabbioni",
        "Via Pandino 20",
        "Sabbioni",
        "45.357200",
        "9.661800",
        (T.PRE_ADOLESCENTS, T.ADOLESCENTS),
        "lunedì, mercoledì e venerdì 15-17",
        (11, 16),
        capacity=25,
    ),
    R(
        "educativa-scarlo",
        False,
        K.PROGRAMME,
        "Attività educativa sperimentale — San Carlo",
        CONSORZIO,
        "Oratorio di San Carlo",
        "Via XI Febbraio 10",
        "San Carlo",
        "45.355600",
        "9.684600",
        (T.PRE_ADOLESCENTS, T.ADOLESCENTS),
        "da settembre, martedì e giovedì 16-18",
        (11, 16),
        capacity=20,
    ),
    R(
        "oratorio-scarlo",
        False,
        K.SPACE,
        "Oratorio di San Carlo",
        "Parrocchia di San Carlo",
        "Oratorio",
        "Via XI Febbraio 10",
        "San Carlo",
        "45.355500",
        "9.684400",
        (T.CHILDREN, T.PRE_ADOLESCENTS, T.ADOLESCENTS),
        "pomeriggi feriali 15-19",
        capacity=80,
    ),
    R(
        "oratorio-sabbioni",
        False,
        K.SPACE,
        "Oratorio di Sabbioni",
        "Parrocchia di Sabbioni",
        "Oratorio",
        "Via Pandino 20",
        "Sabbioni",
        "45.357100",
        "9.661600",
        (T.CHILDREN, T.PRE_ADOLESCENTS, T.ADOLESCENTS),
        "pomeriggi feriali 15-19",
        capacity=60,
    ),
    R(
        "polisportiva",
        False,
        K.SERVICE,
        "Polisportiva di quartiere — Crema Nuova",
        "A.S.D. Polisportiva Crema Nuova",
        "Palestra comunale",
        "Via Toffetti 10",
        "Crema Nuova",
        "45.371800",
        "9.698400",
        (T.CHILDREN, T.PRE_ADOLESCENTS, T.ADOLESCENTS),
        "dal lunedì al venerdì 17-20",
        (6, 18),
        "Quota associativa € 120 l'anno",
        "120.00",
        120,
    ),
    R(
        "tirocini",
        False,
        K.VOLUNTEERING,
        "Tirocini lavorativi di accompagnamento all'autonomia",
        CONSORZIO,
        "Sede del Consorzio",
        "Via Mazzini 52",
        "Centro",
        "45.363900",
        "9.686100",
        (T.FRAGILE_ADULTS,),
        "tutto l'anno",
        (18, None),
        "Indennità di tirocinio",
        capacity=12,
    ),
    R(
        "servizio-civile",
        False,
        K.VOLUNTEERING,
        "Volontari di servizio civile",
        CONSORZIO,
        "Sede del Consorzio",
        "Via Mazzini 52",
        "Centro",
        "45.364000",
        "9.686300",
        (T.YOUNG_ADULTS,),
        "da settembre",
        (18, 28),
        capacity=6,
    ),
    R(
        "universita",
        False,
        K.VOLUNTEERING,
        "Tirocini universitari (convenzioni)",
        CONSORZIO,
        "Asilo Nido Pesadori",
        "Via Dante Alighieri 20",
        "Centro",
        "45.362150",
        "9.684950",
        (T.YOUNG_ADULTS,),
        "periodi di ambientamento",
        (19, 30),
        capacity=4,
    ),
    R(
        "dote",
        True,
        K.FUNDING,
        "Dote comune e dote lavoro",
        COMUNE,
        "",
        "",
        "",
        "",
        "",
        (T.FRAGILE_ADULTS, T.YOUNG_ADULTS),
        "bandi periodici",
        (18, None),
        description="Contributi per percorsi di inserimento e tirocinio.",
    ),
    R(
        "aree-verdi",
        True,
        K.SERVICE,
        "Manutenzione aree verdi — inserimento lavorativo",
        CONSORZIO,
        "Parco del Serio",
        "Via del Fante 1",
        "Santa Maria della Croce",
        "45.376200",
        "9.692800",
        (T.FRAGILE_ADULTS, T.DISABILITIES),
        "da aprile a ottobre",
        (18, None),
        capacity=8,
    ),
]


@dataclass(frozen=True)
class N:
    key: str
    group: str
    zone: str
    description: str
    evidence: str
    priority: int


NEEDS = [
    N(
        "nido",
        T.EARLY_0_3,
        "Centro",
        "Conciliare tempi di lavoro e di cura per le famiglie con bambini 0-3 anni.",
        "Lista d'attesa dell'asilo nido (dati aggregati dell'ufficio iscrizioni 2015).",
        2,
    ),
    N(
        "genitori",
        T.FAMILIES,
        "Tutta la città",
        "Sostegno ai genitori in situazione di conflittualità.",
        "Segnalazioni del servizio sociale (numero di nuclei, dato aggregato).",
        2,
    ),
    N(
        "dispersione",
        T.PRE_ADOLESCENTS,
        "San Carlo",
        "Prevenire la dispersione scolastica dei preadolescenti del quartiere.",
        "Dati aggregati dell'Istituto Comprensivo: assenze e bocciature nelle classi prime.",
        1,
    ),
    N(
        "compiti",
        T.ADOLESCENTS,
        "Sabbioni",
        "Supporto allo studio pomeridiano per ragazzi e ragazze.",
        "Incontri con le famiglie del quartiere e con l'oratorio (2015).",
        2,
    ),
    N(
        "disabili-estate",
        T.DISABILITIES,
        "Tutta la città",
        "Accoglienza estiva di ragazzi con disabilità fino ai 18 anni.",
        "Richieste pervenute al Centro Ricreativo Estivo (numero, anno 2015).",
        1,
    ),
    N(
        "autonomia",
        T.FRAGILE_ADULTS,
        "Tutta la città",
        "Percorsi di accompagnamento all'autonomia attraverso tirocini lavorativi.",
        "Casi in carico al servizio sociale professionale (dato aggregato).",
        2,
    ),
    N(
        "ludopatia",
        T.FRAGILE_ADULTS,
        "Tutta la città",
        "Prevenzione del gioco d'azzardo patologico.",
        "Dati ATS Val Padana sul territorio cremasco.",
        3,
    ),
    N(
        UNCOVERED_NEED,
        T.ELDERLY,
        "Santa Maria della Croce",
        "Isolamento delle persone anziane che vivono sole nel quartiere.",
        "Anagrafe: numero di ultra-settantacinquenni soli nel quartiere (dato aggregato).",
        2,
    ),
]

#: (programme, title, description, needs, resources, schedule, places, budget, participants)
ACTIVITIES = [
    (
        0,
        "Laboratori pomeridiani contro la dispersione scolastica",
        "Laboratori espressivi e di studio per preadolescenti, in rete con la scuola.",
        ["dispersione"],
        ["oratorio-scarlo", "luogo-scarlo", "ic1"],
        "da febbraio ad aprile",
        "Oratorio di San Carlo",
        "4500.00",
        25,
    ),
    (
        0,
        "Supporto compiti a Sabbioni",
        "Tre pomeriggi a settimana con educatori e volontari.",
        ["compiti"],
        ["compiti-sabbioni", "oratorio-sabbioni", "servizio-civile"],
        "da gennaio ad aprile",
        "Oratorio di Sabbioni",
        "3200.00",
        20,
    ),
    (
        0,
        "Gruppi di confronto per genitori",
        "Piccoli gruppi gratuiti in consultorio.",
        ["genitori"],
        ["kappadue", "ex-chiesetta"],
        "da marzo ad aprile",
        "Consultorio Kappadue",
        "900.00",
        24,
    ),
    (
        0,
        "Sportello ludopatia e serate nei quartieri",
        "Sensibilizzazione e prevenzione.",
        ["ludopatia"],
        ["illusioni", "lab-zona-1"],
        "da febbraio ad aprile",
        "Quartieri della città",
        "1500.00",
        60,
    ),
    (
        0,
        "Tirocini di accompagnamento all'autonomia",
        "Attivazione e monitoraggio dei tirocini.",
        ["autonomia"],
        ["tirocini", "dote", "aree-verdi"],
        "da gennaio ad aprile",
        "Aziende del territorio",
        "3240.00",
        8,
    ),
    (
        1,
        "Laboratori estivi di pre-colonia",
        "Laboratori in Colonia Seriana a giugno.",
        ["dispersione", "disabili-estate"],
        ["colonia", "adolescenti-colonia"],
        "giugno",
        "Colonia Seriana",
        "2800.00",
        40,
    ),
    (
        1,
        "Accoglienza estiva di ragazzi con disabilità",
        "Progetto adolescenti in Colonia Seriana.",
        ["disabili-estate"],
        ["adolescenti-colonia", "famba"],
        "luglio",
        "Colonia Seriana",
        "3600.00",
        12,
    ),
    (
        1,
        "Percorso montessoriano per genitori e bambini",
        "Incontri per coppie adulto/bambino.",
        ["nido", "genitori"],
        ["montessori", "ex-chiesetta", "universita"],
        "da maggio ad agosto",
        "Ex chiesetta",
        "0.00",
        30,
    ),
    (
        1,
        "Supporto compiti estivo a Sabbioni",
        "Compiti delle vacanze con volontari di servizio civile.",
        ["compiti"],
        ["compiti-sabbioni", "servizio-civile"],
        "da giugno ad agosto",
        "Oratorio di Sabbioni",
        "1800.00",
        18,
    ),
]

PROGRAMMES = [
    ("Programma gennaio–aprile 2016", date(2016, 1, 1), date(2016, 4, 30)),
    ("Programma maggio–agosto 2016", date(2016, 5, 1), date(2016, 8, 31)),
]


def resource_uid(key: str, part: str = "service") -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{key}:{part}")


def _owners(agreement: Agreement) -> tuple[int, int]:
    parties = list(agreement.parties.all())
    public = next((p for p in parties if p.role == Party.Role.PUBLIC_BODY), parties[0])
    third = next((p for p in parties if p.role == Party.Role.THIRD_SECTOR), public)
    return public.organization_id, third.organization_id


def _resource(spec: R, owner_id: int) -> Resource:
    resource = Resource.objects.filter(uid=resource_uid(spec.key)).first()
    if resource is not None:
        return resource
    resource = Resource(
        owner_id=owner_id,
        uid=resource_uid(spec.key),
        kind=spec.kind,
        name=spec.name,
        description=spec.description,
        provider_uid=uuid.uuid5(NAMESPACE, f"provider:{spec.provider}"),
        provider_name=spec.provider,
        location_uid=resource_uid(spec.key, "location"),
        location_name=spec.place,
        address=spec.address,
        postal_code="26013" if spec.address else "",
        city="Crema",
        latitude=Decimal(spec.lat) if spec.lat else None,
        longitude=Decimal(spec.lon) if spec.lon else None,
        zone=spec.zone,
        schedule_text=spec.schedule,
        min_age=spec.ages[0],
        max_age=spec.ages[1],
        target_groups=join_codes(list(spec.groups)),
        cost_description=spec.cost,
        cost_amount=Decimal(spec.amount) if spec.amount else None,
        capacity=spec.capacity,
        contact_name=spec.contact,
        phone=spec.phone,
        languages="it",
    )
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def load_territory_demo(agreement: Agreement) -> NeedsAnalysis:
    """Add the demo territory to ``agreement`` (the Crema 2016 demo); idempotent."""
    public_id, third_id = _owners(agreement)
    resources = {spec.key: _resource(spec, public_id if spec.public else third_id) for spec in RESOURCES}
    analysis = NeedsAnalysis.objects.filter(agreement=agreement, title=ANALYSIS_TITLE).first()
    if analysis is not None:
        return analysis
    analysis = NeedsAnalysis.objects.create(
        agreement=agreement,
        date=date(2016, 1, 15),
        title=ANALYSIS_TITLE,
        notes="Tavolo di coprogettazione di dicembre 2015; dati aggregati dei servizi comunali.",
    )
    needs = {
        spec.key: Need.objects.create(
            analysis=analysis,
            target_group=spec.group,
            zone=spec.zone,
            description=spec.description,
            evidence=spec.evidence,
            priority=spec.priority,
            recorded_on=date(2016, 1, 15),
        )
        for spec in NEEDS
    }
    programmes = [
        Programme.objects.create(agreement=agreement, title=title, start_date=start, end_date=end)
        for title, start, end in PROGRAMMES
    ]
    for index, title, description, need_keys, resource_keys, schedule, places, budget, people in ACTIVITIES:
        programme = programmes[index]
        activity = Activity.objects.create(
            programme=programme,
            title=title,
            description=description,
            schedule_text=schedule,
            schedule=parsed(schedule, Interval(programme.start_date, programme.end_date)),
            places=places,
            budget=Decimal(budget),
            expected_participants=people,
            responsible_id=third_id,
        )
        activity.needs.set([needs[k] for k in need_keys])
        activity.resources.set([resources[k] for k in resource_keys])
    return analysis
