"""The plan of a synthetic national dataset: districts of the demo's shape, multiplied. No Django.

``district(seed, index)`` describes one social-planning district ("ambito territoriale
sociale"): its municipalities, consortium and cooperatives, about ten agreements with their
areas, actions and money, the territory's resources and one user per role. Everything comes
from ``random.Random`` seeded with the seed and the district's index, so a district is the same
whatever the scale and whichever districts are generated with it; time entries are drawn per
action (``time_entries``) so that the two million of scale 600 never sit in memory at once.

All dates fall inside the agreement's period and before ``AS_OF``; tranches are percentages
and a balance, so they add up to the budget by construction; fee tiers never overlap.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from coprogetta.lib.deadlines import add_months, checkpoint_dates
from coprogetta.lib.schedules import Interval

#: The day the synthetic data stops: logged hours, counts and payments are before it.
AS_OF = date(2026, 6, 30)
#: Generated organisations' tax codes: "9", six digits, the office code "999", a check digit.
#: The mark of generated data (no office issues 999 to an Italian entity).
TAX_CODE_PATTERN = r"^9[0-9]{6}999[0-9]$"
#: Usernames of generated users: ``gen0001-officer`` (district 1).
USERNAME_PREFIX = "gen"
ROLES = ("officer", "coordinator", "operator", "reader")
AGREEMENTS_PER_DISTRICT = 10
AREAS_PER_AGREEMENT = 5
CENT = Decimal("0.01")

SYLLABLES = (
    "ba", "ca", "da", "fa", "ga", "la", "ma", "na", "pa", "ra", "sa", "ta", "va", "be", "ce",
    "de", "fe", "le", "me", "ne", "pe", "re", "se", "te", "ve", "bi", "ci", "di", "li", "mi",
    "ni", "pi", "ri", "si", "ti", "vi", "bo", "co", "do", "lo", "mo", "no", "po", "ro", "so",
    "to", "vo", "lu", "mu", "ru", "tu", "gna", "glio", "sca", "stra", "tro", "gia", "chie",
)
ENDINGS = ("", "no", "na", "lo", "ra", "sco", "te", "ni", "go", "ano", "ate", "ese")
REGIONS = (
    # (name, latitude, longitude) of a rough centre; districts are spread around them
    ("Piemonte", 45.05, 7.70), ("Lombardia", 45.55, 9.60), ("Veneto", 45.45, 11.90),
    ("Emilia-Romagna", 44.50, 11.30), ("Toscana", 43.45, 11.10), ("Marche", 43.35, 13.20),
    ("Lazio", 41.90, 12.70), ("Campania", 40.85, 14.55), ("Puglia", 41.00, 16.70),
    ("Calabria", 38.95, 16.40), ("Sicilia", 37.55, 14.10), ("Sardegna", 40.05, 9.05),
    ("Liguria", 44.35, 8.70), ("Friuli-Venezia Giulia", 46.05, 13.05), ("Abruzzo", 42.25, 13.85),
    ("Umbria", 42.95, 12.55), ("Basilicata", 40.55, 16.05), ("Trentino-Alto Adige", 46.40, 11.25),
    ("Molise", 41.65, 14.55), ("Valle d'Aosta", 45.75, 7.35),
)
AREA_THEMES = (
    ("Servizi per la prima infanzia", "Famiglie con bambini 0-6 anni", "early_0_3"),
    ("Servizi educativi per minori", "Bambini e ragazzi 6-13 anni", "children"),
    ("Politiche giovanili e adolescenza", "Adolescenti e giovani 14-25 anni", "adolescents"),
    ("Sostegno alla genitorialità", "Famiglie con figli minori", "families"),
    ("Domiciliarità degli anziani", "Anziani over 65 e caregiver", "elderly"),
    ("Inclusione delle persone con disabilità", "Persone con disabilità e famiglie", "disabilities"),
    ("Contrasto alla povertà", "Adulti in condizione di fragilità", "fragile_adults"),
    ("Orientamento e lavoro", "Giovani adulti 18-35 anni", "young_adults"),
)
CONSOLIDATION = (
    "Asilo nido comunale", "Centro di aggregazione giovanile", "Servizio di assistenza domiciliare",
    "Centro diurno", "Spazio compiti pomeridiano", "Servizio educativo domiciliare",
    "Servizio ausiliario e cucina", "Centro ricreativo estivo", "Sportello di segretariato sociale",
)
DEVELOPMENT = (
    "Percorsi formativi per i genitori", "Supervisione psicologica degli operatori",
    "Laboratori di cittadinanza attiva", "Rete del volontariato di quartiere",
    "Tirocini di inclusione", "Educativa di strada", "Mappatura delle risorse del territorio",
    "Gruppi di auto mutuo aiuto", "Progetto ponte scuola-lavoro",
)
STAFF_ROLES = ("Educatore professionale", "Coordinatore", "Operatore socio-sanitario",
               "Assistente sociale", "Psicologo", "Animatore")
RESOURCE_KINDS = ("service", "space", "programme", "volunteering", "funding")
RESOURCE_NAMES = ("Biblioteca", "Oratorio", "Palestra comunale", "Centro famiglie", "Ludoteca",
                  "Sportello lavoro", "Casa delle associazioni", "Centro anziani", "Consultorio",
                  "Doposcuola", "Banco alimentare", "Campo sportivo", "Teatro civico")
TARGET_GROUPS = ("early_0_3", "early_3_6", "children", "pre_adolescents", "adolescents",
                 "young_adults", "families", "fragile_adults", "elderly", "disabilities")
MONTHS_IT = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
             "settembre", "ottobre", "novembre", "dicembre")


@dataclass(frozen=True)
class Org:
    """An organisation of a district; ``key`` is its index in ``District.organizations``."""

    key: int
    name: str
    kind: str  # public_body | consortium | cooperative
    tax_code: str
    member_of_consortium: bool = False


@dataclass(frozen=True)
class Line:
    """A budget line: unit amount × quantity with VAT, optionally paying for one action."""

    description: str
    unit_amount: Decimal
    quantity: Decimal
    unit: str
    vat_rate: str
    vat_included: bool
    action: int | None  # index in Area.actions
    tiers: tuple[tuple[int, int | None, Decimal | None], ...] = ()  # (min, max, amount|None)
    counts: tuple[tuple[date, int], ...] = ()  # monthly enrolment counts


@dataclass(frozen=True)
class Staff:
    role: str
    count: int
    hourly_rate: Decimal
    hours: Decimal
    vat_rate: str
    vat_included: bool
    start: date
    end: date


@dataclass(frozen=True)
class Progress:
    day: date
    status: str
    percent: int


@dataclass(frozen=True)
class ActionPlan:
    kind: str  # consolidation | development
    number: int
    title: str
    description: str
    responsible: int  # organisation key
    schedule_text: str
    start: date
    end: date
    status: str
    progress: int
    checkpoints: tuple[Progress, ...]
    entries: int  # how many time entries

    def schedule(self) -> dict[str, object]:
        """The normalised schedule, as ``lib.schedules.Schedule.to_dict`` writes it."""
        return {
            "status": "resolved",
            "intervals": [{"start": self.start.isoformat(), "end": self.end.isoformat()}],
            "deadlines": [], "recurrences": [], "notes": [], "reason": None,
        }


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str
    baseline: Decimal
    targets: tuple[tuple[date, Decimal], ...]
    values: tuple[tuple[date, Decimal, bool], ...]  # (period end, value, approved)


@dataclass(frozen=True)
class AreaPlan:
    number: int
    title: str
    target: str
    target_group: str
    actions: tuple[ActionPlan, ...]
    lines: tuple[Line, ...]
    staff: tuple[Staff, ...]
    indicator: Indicator


@dataclass(frozen=True)
class Tranche:
    due: date
    percent: Decimal | None  # None: the balance
    status: str  # planned | invoiced | paid
    invoice_number: str
    invoice_date: date | None
    paid_date: date | None


@dataclass(frozen=True)
class Contribution:
    description: str
    kind: str
    amount: Decimal
    percent: Decimal | None
    area: int | None  # index in Agreement.areas
    expenses: tuple[tuple[date, Decimal, str], ...]


@dataclass(frozen=True)
class NeedPlan:
    target_group: str
    zone: str
    description: str
    evidence: str
    priority: int


@dataclass(frozen=True)
class ProgrammePlan:
    title: str
    start: date
    end: date
    activities: tuple[tuple[str, tuple[int, ...], tuple[int, ...], Decimal, int], ...]
    # (title, need indexes, resource indexes in District.resources, budget, participants)


@dataclass(frozen=True)
class AgreementPlan:
    title: str
    kind: str
    status: str
    start: date
    end: date
    regime: str
    tender_base: Decimal | None
    parties: tuple[tuple[int, str], ...]  # (organisation key, role)
    areas: tuple[AreaPlan, ...]
    contributions: tuple[Contribution, ...]
    tranches: tuple[Tranche, ...]
    checkpoints: tuple[date, ...]
    needs: tuple[NeedPlan, ...]
    programmes: tuple[ProgrammePlan, ...]


@dataclass(frozen=True)
class ResourcePlan:
    owner: int  # organisation key
    kind: str
    name: str
    provider: str
    city: str
    zone: str
    latitude: Decimal
    longitude: Decimal
    target_groups: tuple[str, ...]
    min_age: int | None
    max_age: int | None
    capacity: int | None
    cost: Decimal | None


@dataclass(frozen=True)
class UserPlan:
    username: str
    role: str
    organization: int  # organisation key


@dataclass(frozen=True)
class District:
    index: int
    name: str
    region: str
    organizations: tuple[Org, ...]
    agreements: tuple[AgreementPlan, ...]
    resources: tuple[ResourcePlan, ...]
    users: tuple[UserPlan, ...] = field(default=())

    @property
    def lead(self) -> Org:
        """The municipality that leads the district and signs its agreements."""
        return self.organizations[0]

    @property
    def consortium(self) -> Org:
        return next(o for o in self.organizations if o.kind == "consortium")


# -- helpers ---------------------------------------------------------------------------------


def rng_for(seed: int, *path: object) -> random.Random:
    """A generator that depends only on the seed and the path (reproducible across runs)."""
    return random.Random("/".join(str(part) for part in (seed, *path)))


def place_name(rng: random.Random) -> str:
    """An Italian-sounding place name: "Vascorate", "Brenomino"."""
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))) + rng.choice(ENDINGS)
    return word.capitalize()


def tax_code(number: int) -> str:
    """An 11-digit numeric tax code (codice fiscale of an entity) with a valid check digit,
    matching ``TAX_CODE_PATTERN``."""
    if not 0 <= number < 1_000_000:
        raise ValueError(f"tax code number out of range: {number}")
    body = f"9{number:06d}999"
    odd = sum(int(c) for c in body[0::2])
    even = sum(sum(divmod(2 * int(c), 10)) for c in body[1::2])
    return body + str((10 - (odd + even) % 10) % 10)


def username(district_index: int, role: str) -> str:
    return f"{USERNAME_PREFIX}{district_index + 1:04d}-{role}"


def money(rng: random.Random, low: int, high: int) -> Decimal:
    """An amount in euro with cents, between ``low`` and ``high``."""
    return Decimal(rng.randint(low * 100, high * 100)) * CENT


def random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def months_between(start: date, end: date) -> list[date]:
    """First days of the months from ``start``'s to ``end``'s, both included."""
    months = []
    day = start.replace(day=1)
    while day <= end:
        months.append(day)
        day = add_months(day, 1)
    return months


# -- the plan --------------------------------------------------------------------------------


def district(seed: int, index: int) -> District:
    """District ``index`` (0-based) of the dataset drawn from ``seed``."""
    rng = rng_for(seed, "district", index)
    region, lat, lon = REGIONS[index % len(REGIONS)]
    centre = (lat + rng.uniform(-0.6, 0.6), lon + rng.uniform(-0.6, 0.6))
    name = place_name(rng)
    orgs: list[Org] = []
    for _ in range(rng.randint(8, 18)):
        orgs.append(Org(len(orgs), f"Comune di {place_name(rng)}", "public_body",
                        tax_code(index * 100 + len(orgs))))
    orgs[0] = Org(0, f"Comune di {name}", "public_body", orgs[0].tax_code)
    consortium = len(orgs)
    orgs.append(Org(consortium, f"Consorzio di cooperative sociali {name}", "consortium",
                    tax_code(index * 100 + consortium)))
    for _ in range(rng.randint(18, 32)):
        orgs.append(Org(len(orgs), f"Cooperativa sociale {place_name(rng)}", "cooperative",
                        tax_code(index * 100 + len(orgs)), member_of_consortium=rng.random() < 0.7))
    towns = [o.name.removeprefix("Comune di ") for o in orgs if o.kind == "public_body"]
    cooperatives = [o.key for o in orgs if o.kind == "cooperative"]
    resources = tuple(
        _resource(rng, orgs, towns, centre) for _ in range(rng.randint(300, 360))
    )
    agreements = tuple(
        _agreement(rng_for(seed, "agreement", index, number), name, towns, consortium,
                   cooperatives, len(resources))
        for number in range(AGREEMENTS_PER_DISTRICT)
    )
    users = (
        UserPlan(username(index, "officer"), "officer", 0),
        UserPlan(username(index, "coordinator"), "coordinator", consortium),
        UserPlan(username(index, "operator"), "operator", consortium),
        UserPlan(username(index, "reader"), "reader", 0),
    )
    return District(index, name, region, tuple(orgs), agreements, resources, users)


def _resource(
    rng: random.Random, orgs: list[Org], towns: list[str], centre: tuple[float, float]
) -> ResourcePlan:
    owner = rng.choice(orgs)
    town = rng.choice(towns)
    groups = tuple(sorted(rng.sample(TARGET_GROUPS, rng.randint(1, 3)), key=TARGET_GROUPS.index))
    min_age = rng.choice((None, 0, 3, 6, 11, 14, 18, 65))
    max_age = None if min_age is None else rng.choice((None, min_age + 3, min_age + 10))
    return ResourcePlan(
        owner=owner.key, kind=rng.choice(RESOURCE_KINDS),
        name=f"{rng.choice(RESOURCE_NAMES)} {place_name(rng)}", provider=owner.name, city=town,
        zone=rng.choice(("Centro", "Nord", "Sud", "Est", "Ovest", "Frazioni")),
        latitude=Decimal(f"{centre[0] + rng.uniform(-0.15, 0.15):.6f}"),
        longitude=Decimal(f"{centre[1] + rng.uniform(-0.15, 0.15):.6f}"),
        target_groups=groups, min_age=min_age, max_age=max_age,
        capacity=rng.choice((None, 10, 20, 30, 60, 120)),
        cost=rng.choice((None, Decimal("0.00"), Decimal("5.00"), Decimal("25.00"))),
    )


def _agreement(
    rng: random.Random, district_name: str, towns: list[str], consortium: int,
    cooperatives: list[int], resource_count: int,
) -> AgreementPlan:
    year = rng.randint(2021, 2025)
    start = date(year, rng.choice((1, 1, 1, 9)), 1)
    end = add_months(start, rng.choice((12, 24, 36))) - timedelta(days=1)
    regime = "fee" if rng.random() < 0.8 else "contribution"
    status = "closed" if end < AS_OF else rng.choice(("active", "active", "active", "approved"))
    partners = rng.sample(cooperatives, min(len(cooperatives), rng.randint(1, 2)))
    parties = ((0, "public_body"), (consortium, "third_sector"), *((p, "partner") for p in partners))
    checkpoints = tuple(checkpoint_dates(Interval(start, end), every_months=6))
    running_until = min(end, AS_OF)
    themes = rng.sample(AREA_THEMES, AREAS_PER_AGREEMENT)
    responsible = (consortium, *partners)
    areas = tuple(
        _area(rng, number, theme, start, end, running_until, checkpoints, regime, responsible)
        for number, theme in enumerate(themes, start=1)
    )
    budget_total = sum((line.unit_amount * line.quantity for a in areas for line in a.lines),
                       Decimal(0))
    contributions = tuple(
        _contribution(rng, index, start, running_until, budget_total) for index in range(rng.randint(2, 3))
    )
    tranches = _tranches(rng, start, end)
    needs = tuple(
        NeedPlan(
            target_group=rng.choice(TARGET_GROUPS), zone=rng.choice(towns),
            description=f"Bisogno rilevato: {rng.choice(AREA_THEMES)[1].lower()} "
                        "con accesso limitato ai servizi.",
            evidence="Dati aggregati del piano di zona e incontri con le scuole e le associazioni.",
            priority=rng.randint(1, 3),
        )
        for _ in range(rng.randint(4, 6))
    )
    programmes = []
    for number, first in enumerate((start, add_months(start, 4))):
        last = min(add_months(first, 4) - timedelta(days=1), end)
        activities = tuple(
            (f"Attività {number * 3 + k + 1}: {rng.choice(DEVELOPMENT).lower()}",
             tuple(sorted(rng.sample(range(len(needs)), rng.randint(0, 2)))),
             tuple(sorted(rng.sample(range(resource_count), rng.randint(0, 2)))),
             money(rng, 500, 8000), rng.randint(5, 80))
            for k in range(3)
        )
        programmes.append(ProgrammePlan(f"Programma {MONTHS_IT[first.month - 1]} {first.year}",
                                        first, last, activities))
    tender = (budget_total * Decimal("1.05")).quantize(CENT) if regime == "fee" else None
    kind = rng.choice(("codesign", "codesign", "codesign", "convention", "collaboration"))
    return AgreementPlan(
        title=f"Co-progettazione dei servizi sociali {year}-{end.year} – Ambito di {district_name}",
        kind=kind, status=status, start=start, end=end, regime=regime, tender_base=tender,
        parties=parties, areas=areas, contributions=contributions, tranches=tranches,
        checkpoints=checkpoints, needs=needs, programmes=tuple(programmes),
    )


def _area(
    rng: random.Random, number: int, theme: tuple[str, str, str], start: date, end: date,
    running_until: date, checkpoints: tuple[date, ...], regime: str, responsible: tuple[int, ...],
) -> AreaPlan:
    title, target, group = theme
    actions: list[ActionPlan] = []
    count = rng.randint(5, 8)
    consolidation = max(1, count // 2)
    for position in range(count):
        kind = "consolidation" if position < consolidation else "development"
        own_number = position + 1 if kind == "consolidation" else position - consolidation + 1
        names = CONSOLIDATION if kind == "consolidation" else DEVELOPMENT
        actions.append(_action(rng, kind, own_number, rng.choice(names), start, end,
                               running_until, checkpoints, rng.choice(responsible)))
    months = len(months_between(start, end))
    out_of_scope = regime == "contribution"
    lines = [
        _monthly_line(rng, title, months, start, running_until, out_of_scope),
        Line(
            description=f"Interventi educativi – {title.lower()}", unit_amount=money(rng, 18, 30),
            quantity=Decimal(rng.randint(200, 2000)), unit="hour",
            vat_rate="out_of_scope" if out_of_scope else "22", vat_included=rng.random() < 0.3,
            action=rng.randrange(consolidation, count) if count > consolidation else None,
        ),
    ]
    if rng.random() < 0.5:
        lines.append(Line(
            description="Materiali e attrezzature", unit_amount=money(rng, 500, 5000),
            quantity=Decimal(1), unit="lump_sum", vat_rate="out_of_scope" if out_of_scope else "4",
            vat_included=False, action=None,
        ))
    staff = tuple(
        Staff(role=rng.choice(STAFF_ROLES), count=rng.randint(1, 4), hourly_rate=money(rng, 19, 32),
              hours=Decimal(rng.randint(100, 1500)), vat_rate="out_of_scope" if out_of_scope else "5",
              vat_included=rng.random() < 0.5, start=start, end=end)
        for _ in range(rng.randint(1, 2))
    )
    baseline = Decimal(rng.randint(10, 100))
    targets = tuple((day, baseline + Decimal(5 * (k + 1))) for k, day in enumerate(checkpoints))
    past = [day for day in checkpoints if day <= running_until]
    values = tuple(
        (day, baseline + Decimal(rng.randint(0, 5 * (k + 2))), k < len(past) - 1)
        for k, day in enumerate(past)
    )
    indicator = Indicator(f"Persone raggiunte – {title.lower()}", "count", baseline, targets, values)
    return AreaPlan(number, title, target, group, tuple(actions), tuple(lines), staff, indicator)


def _action(
    rng: random.Random, kind: str, number: int, title: str, start: date, end: date,
    running_until: date, checkpoints: tuple[date, ...], responsible: int,
) -> ActionPlan:
    if kind == "development" and (end - start).days > 120:
        first = random_day(rng, start, start + timedelta(days=(end - start).days // 2))
        first = first.replace(day=1)
        last = end
        text = f"dal mese di {MONTHS_IT[first.month - 1]} {first.year}"
    else:
        first, last = start, end
        text = f"{MONTHS_IT[start.month - 1].capitalize()} {start.year} – " \
               f"{MONTHS_IT[end.month - 1].capitalize()} {end.year}"
    progress: list[Progress] = []
    past = [day for day in checkpoints if first <= day <= running_until]
    total = (last - first).days or 1
    for day in past:
        percent = min(100, max(0, round(100 * (day - first).days / total) + rng.randint(-10, 5)))
        status = "done" if percent >= 100 else rng.choice(("in_progress", "in_progress", "delayed"))
        progress.append(Progress(day, status, percent))
    latest = progress[-1] if progress else None
    running = (min(last, running_until) - first).days
    entries = 0 if running < 0 else rng.randint(6, 15)
    return ActionPlan(
        kind=kind, number=number, title=title,
        description=f"{title}: gestione in continuità con lo standard consolidato, "
                    "con il modello organizzativo e pedagogico di riferimento.",
        responsible=responsible, schedule_text=text, start=first, end=last,
        status=latest.status if latest else "not_started",
        progress=latest.percent if latest else 0,
        checkpoints=tuple(progress), entries=entries,
    )


def _monthly_line(
    rng: random.Random, title: str, months: int, start: date, running_until: date,
    out_of_scope: bool,
) -> Line:
    base = money(rng, 8000, 40000)
    low = rng.randint(8, 15)
    high = low + rng.randint(8, 15)
    tiers = (
        (0, low - 1, None),
        (low, high - 1, (base * Decimal("0.9")).quantize(CENT)),
        (high, None, (base * Decimal("1.1")).quantize(CENT)),
    )
    counts = tuple(
        (month, rng.randint(low - 2, high + 5))
        for month in months_between(start, running_until)
    )
    return Line(
        description=f"Gestione del servizio – {title.lower()}", unit_amount=base,
        quantity=Decimal(months), unit="month", vat_rate="out_of_scope" if out_of_scope else "5",
        vat_included=False, action=0, tiers=tiers, counts=counts,
    )


def _contribution(
    rng: random.Random, index: int, start: date, running_until: date, budget: Decimal
) -> Contribution:
    if index == 0:
        percent = Decimal(rng.choice((5, 8, 10)))
        amount = (budget * percent / 100).quantize(CENT)
        description, kind = "Cofinanziamento del consorzio", "cofinancing"
    else:
        percent = None
        amount = money(rng, 2000, 20000)
        description, kind = rng.choice((
            ("Messa a disposizione di spazi", "item"), ("Coordinamento pedagogico", "item"),
            ("Volontari e tirocinanti", "item"),
        ))
    expenses = tuple(
        (random_day(rng, start, running_until), money(rng, 50, 1500),
         rng.choice(("Acquisto materiali", "Utenze", "Formazione", "Trasporti")))
        for _ in range(rng.randint(2, 6))
    ) if start <= running_until else ()
    return Contribution(description, kind, amount, percent, None if index == 0 else index % 2,
                        expenses)


def _tranches(rng: random.Random, start: date, end: date) -> tuple[Tranche, ...]:
    dues = [add_months(start, 3), start + (end - start) / 2, end]
    result = []
    for number, (due, percent) in enumerate(zip(dues, (Decimal(30), Decimal(40), None), strict=True)):
        if due + timedelta(days=60) <= AS_OF:
            invoiced = due
            status, invoice_date, paid = "paid", invoiced, invoiced + timedelta(days=rng.randint(10, 60))
        elif due <= AS_OF:
            status, invoice_date, paid = "invoiced", due, None
        else:
            status, invoice_date, paid = "planned", None, None
        result.append(Tranche(
            due=due, percent=percent, status=status,
            invoice_number="" if invoice_date is None
            else f"FT-{due.year}-{rng.randint(1, 999):03d}-{number + 1}",
            invoice_date=invoice_date, paid_date=paid,
        ))
    return tuple(result)


def time_entries(
    seed: int, district_index: int, agreement: int, area: int, action: int, plan: ActionPlan,
    agreement_end: date,
) -> Iterator[tuple[date, Decimal, bool]]:
    """The time entries of one action: (date, hours, on the area's first staff cost instead)."""
    rng = rng_for(seed, "hours", district_index, agreement, area, action)
    last = min(plan.end, agreement_end, AS_OF)
    for _ in range(plan.entries):
        hours = Decimal(rng.randint(2, 16)) / 2
        yield random_day(rng, plan.start, last), hours, rng.random() < 0.2


# -- sizes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """Rows of the main tables of some districts (what the issue measures the scale by)."""

    districts: int = 0
    organizations: int = 0
    agreements: int = 0
    areas: int = 0
    actions: int = 0
    time_entries: int = 0
    resources: int = 0

    def __add__(self, other: Sizes) -> Sizes:
        return Sizes(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.districts, self.organizations, self.agreements, self.areas, self.actions,
                self.time_entries, self.resources)


def sizes(d: District) -> Sizes:
    """How many rows of the main tables district ``d`` makes."""
    areas = [area for a in d.agreements for area in a.areas]
    actions = [action for area in areas for action in area.actions]
    return Sizes(1, len(d.organizations), len(d.agreements), len(areas), len(actions),
                 sum(action.entries for action in actions), len(d.resources))


#: Rough rows per district of every table, for progress estimates (the average of the draws).
EXPECTED_PER_DISTRICT = {
    "organizations": 38.0, "users": 4.0, "agreements": 10.0, "areas": 50.0, "actions": 325.0,
    "time entries": 3000.0, "resources": 330.0,
}


def expected(table: str, scale: int) -> int:
    """Roughly how many rows ``table`` gets at ``scale`` (for the progress line's percentage)."""
    return max(1, round(EXPECTED_PER_DISTRICT.get(table, 100.0) * scale))
