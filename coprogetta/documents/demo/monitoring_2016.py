"""The demo's first half of 2016: what the Crema agreement recorded from January to June.

Hours, monthly enrolment counts of the nursery, expenses on the consortium's resources,
indicators with their values at 30/06/2016, progress checkpoints of the actions, and the
nursery's monthly invoices. Everything is written through the services where they exist
(they validate and write the audit rows), otherwise through ``accounts.services.model_create``
and ``model_update`` (``full_clean`` plus the audit row).

The data are explicit lists and calendar rules, no randomness, so the figures are the same
at every load. Each section is written only if the agreement has none of its records yet:
loading the demo twice changes nothing.

What comes from the sample (``tests/fixtures/samples/crema-2016-negoziazione.txt``): the
actions, the consortium's itemised resources the expenses are recorded on, the nursery's fee
tiers, the "20 ore nell'anno educativo" of psychological supervision (€ 700: the staff-cost
line below, € 35,00 an hour) and the "14 ore" of meetings for parents. The rest (dates,
counts, amounts spent, indicator values, invoices) is invented, and plausible.

The sample states no payment schedule: the demo invoices the nursery's monthly fee each
month, at the amount the month's count sets (fee tiers), as the "corrispettivo mensile"
implies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from coprogetta.accounts.services import model_create, model_update
from coprogetta.agreements.budget_services import (
    staff_cost_create,
    tranche_create,
    tranche_invoice,
    tranche_pay,
)
from coprogetta.agreements.models import (
    Action,
    Agreement,
    Assignment,
    BudgetLine,
    Contribution,
    PaymentTranche,
    StaffCost,
    VatRate,
)
from coprogetta.agreements.people_services import assignment_create
from coprogetta.lib import fees, holidays, money
from coprogetta.monitoring.expense_services import expense_create
from coprogetta.monitoring.models import (
    ActionProgress,
    EnrolmentCount,
    Expense,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    TimeEntry,
)
from coprogetta.monitoring.services import enrolment_create, time_entry_create

ROME = ZoneInfo("Europe/Rome")
YEAR = 2016
FIRST_HALF_END = date(YEAR, 6, 30)
YEAR_END = date(YEAR, 12, 31)

OPERATOR = "operatore"
COORDINATOR = "referente"
OFFICER = "funzionario"

#: (area number, kind, number) of an action of the demo agreement.
ActionKey = tuple[int, str, int]
DEV = Action.Kind.DEVELOPMENT
CONS = Action.Kind.CONSOLIDATION


# -- the calendar --------------------------------------------------------------------------


def public_holidays(year: int) -> frozenset[date]:
    """Crema's public holidays of ``year`` (the national ones and San Pantaleone)."""
    return holidays.public_holidays(year, patron=holidays.CREMA_PATRON)


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a public holiday in Crema."""
    return holidays.is_working_day(day, patron=holidays.CREMA_PATRON)


def _school_closed(day: date) -> bool:
    for first, last in (
        holidays.christmas_holidays(day.year - 1), holidays.christmas_holidays(day.year),
        holidays.easter_holidays(day.year), holidays.summer_holidays(day.year),
    ):
        if first <= day <= last:
            return True
    return False


def school_days(start: date, end: date, weekday: int) -> list[date]:
    """Every ``weekday`` (0 = Monday) from ``start`` to ``end`` with lessons: a working day
    outside the school holidays of Lombardy (``coprogetta.lib.holidays``)."""
    day = start + timedelta(days=(weekday - start.weekday()) % 7)
    found = []
    while day <= end:
        if is_working_day(day) and not _school_closed(day):
            found.append(day)
        day += timedelta(days=7)
    return found


def d(text: str) -> date:
    """``"20/01"``: a day of 2016."""
    day, month = text.split("/")
    return date(YEAR, int(month), int(day))


# -- hours ---------------------------------------------------------------------------------

#: The staff-cost line the sample states: "20 ore nell'anno educativo di accompagnamento/
#: supervisione psicologica" for € 700,00 of the consortium's resources (€ 35,00 an hour).
SUPERVISION_ROLE = "Psicologa – supervisione psicologica degli operatori delle due sedi del nido"
SUPERVISION = {
    "area": 1, "action": (1, DEV, 1), "role": SUPERVISION_ROLE, "count": 1,
    "hourly_rate": Decimal("35.00"), "vat_included": False, "vat_rate": VatRate.OUT_OF_SCOPE,
    "hours": Decimal("20"), "period_start": date(YEAR, 1, 1), "period_end": YEAR_END,
}
#: The key of the supervision line in HOURS.
STAFF = "supervision"

LESSONS_START, LESSONS_END = date(YEAR, 1, 7), date(YEAR, 6, 8)


@dataclass(frozen=True)
class Hours:
    """Hours someone logs on a staff-cost line (STAFF) or an action, on each of ``days``."""

    username: str
    target: ActionKey | str
    days: tuple[date, ...]
    hours: Decimal
    note: str


def _hours(username: str, target: ActionKey | str, days: Iterable[date], hours: str, note: str) -> Hours:
    return Hours(username, target, tuple(days), Decimal(hours), note)


HOURS: tuple[Hours, ...] = (
    # The psychologist's supervision, one Wednesday a month, the two sites in turn; none in
    # April (settling-in of the new children); a short one in June. 9,5 hours by 30/06, within
    # the 20 × 182/366 = 9,95 planned by then.
    _hours(OPERATOR, STAFF, [d("20/01"), d("16/03")], "2",
           "Supervisione d'équipe, sede di Via Dante/Pesadori"),
    _hours(OPERATOR, STAFF, [d("15/06")], "1.5",
           "Supervisione d'équipe, sede di Via Dante/Pesadori (chiusura dell'anno educativo)"),
    _hours(OPERATOR, STAFF, [d("17/02"), d("18/05")], "2",
           "Supervisione d'équipe, sede di Via Braguti"),
    # Evening meetings for parents (14 hours in the educational year).
    _hours(OPERATOR, (1, DEV, 2), [d("28/01"), d("25/02"), d("21/04"), d("26/05")], "2",
           "Incontro serale per i genitori, aperto alla cittadinanza"),
    # The first extraordinary cleaning, while the nursery is closed for Easter.
    _hours(OPERATOR, (1, DEV, 3), [d("24/03"), d("25/03")], "6",
           "Pulizia straordinaria durante la chiusura pasquale, con due tirocinanti"),
    _hours(OPERATOR, (1, DEV, 3), [d("29/03")], "4",
           "Pulizia straordinaria: vetrate e cucina"),
    # "La Scuola Ascolta": the listening desk at the Istituto Comprensivo Crema 2, Tuesdays.
    _hours(OPERATOR, (2, DEV, 12), school_days(LESSONS_START, LESSONS_END, 1), "2",
           "Sportello d'ascolto c/o Istituto Comprensivo Crema 2"),
    # Homework support in the Sabbioni neighbourhood, Mondays.
    _hours(OPERATOR, (3, DEV, 9), school_days(LESSONS_START, LESSONS_END, 0), "2",
           "Supporto compiti, quartiere Sabbioni"),
    # The coordinator.
    _hours(COORDINATOR, (2, DEV, 1), [d("19/01"), d("16/02"), d("15/03"), d("12/04"), d("17/05")], "3",
           "Incontro di coordinamento del pre e post scuola con gli Istituti Comprensivi"),
    _hours(COORDINATOR, (5, DEV, 1),
           [d("14/01"), d("11/02"), d("10/03"), d("14/04"), d("12/05"), d("09/06")], "2",
           "Riunione dell'equipe multiprofessionale per l'integrazione lavorativa"),
    _hours(COORDINATOR, (3, DEV, 8), [d("03/02"), d("02/03"), d("06/04"), d("04/05"), d("01/06")], "2",
           "Tavolo di rete mensile con gli operatori del Servizio Sociale"),
    _hours(COORDINATOR, (4, DEV, 8), [d("15/04"), d("24/06")], "3",
           "Sopralluogo a una struttura per il servizio a bassa soglia"),
    _hours(COORDINATOR, (4, DEV, 8), [d("06/05")], "4",
           "Sopralluogo con il tecnico comunale e relazione"),
)


# -- enrolment counts ----------------------------------------------------------------------

#: Children enrolled in the nursery (Ambito 1), January to June: 27 keeps the base fee,
#: from March the count falls in the 21–26 tier.
ENROLMENTS: tuple[tuple[int, int, str], ...] = (
    (1, 27, ""),
    (2, 27, ""),
    (3, 26, "Un ritiro per trasferimento della famiglia in altro comune."),
    (4, 26, ""),
    (5, 25, "Un ritiro: la famiglia ha scelto un servizio part-time privato."),
    (6, 24, "Un ritiro a fine anno educativo anticipato (iscrizione alla scuola dell'infanzia)."),
)


# -- expenses ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spent:
    area: int
    contribution: str
    day: date
    amount: Decimal
    description: str
    over_budget_reason: str = ""


def _spent(area: int, contribution: str, day: str, amount: str, description: str, reason: str = "") -> Spent:
    return Spent(area, contribution, d(day), Decimal(amount), description, reason)


OVER_REASON = (
    "Il corso è stato esteso a 12 operatori (ne erano previsti 8) per preparare l'avvio dei "
    "nuovi plessi dell'anno scolastico 2016/2017: il formatore ha tenuto una sessione in più. "
    "Il maggior costo resta a carico del Consorzio."
)

EXPENSES: tuple[Spent, ...] = (
    # Ambito 1
    _spent(1, "Supervisione psicologica presso le due sedi del nido comunale", "29/02", "140.00",
           "Supervisione psicologica di gennaio e febbraio (4 ore × € 35,00), fattura n. 3/2016"),
    _spent(1, "Supervisione psicologica presso le due sedi del nido comunale", "31/03", "70.00",
           "Supervisione psicologica di marzo (2 ore × € 35,00), fattura n. 7/2016"),
    _spent(1, "Supervisione psicologica presso le due sedi del nido comunale", "30/06", "122.50",
           "Supervisione psicologica di maggio e giugno (3,5 ore × € 35,00), fattura n. 15/2016"),
    _spent(1, "Incontri rivolti ai genitori", "26/02", "120.00",
           "Compenso della relatrice dell'incontro per i genitori del 25/02"),
    _spent(1, "Incontri rivolti ai genitori", "21/04", "45.50",
           "Stampa di locandine e inviti per gli incontri di aprile e maggio"),
    _spent(1, "Incontri rivolti ai genitori", "27/05", "120.00",
           "Compenso del relatore dell'incontro per i genitori del 26/05"),
    _spent(1, "Incontri formativi per operatori dell'infanzia", "15/04", "450.00",
           "Seminario per gli operatori della prima infanzia del territorio, sala ex-chiesetta: "
           "compenso della relatrice"),
    _spent(1, "Incontri formativi per operatori dell'infanzia", "15/04", "85.40",
           "Rinfresco del seminario del 15/04"),
    _spent(1, "Progetto continuità Nido/Materna in via Pesadori", "13/05", "186.30",
           "Materiale didattico per i laboratori ponte tra nido e scuola dell'infanzia"),
    _spent(1, "Attività di informazione e prevenzione NPI", "24/06", "250.00",
           "Incontro informativo del Centro Fam.Ba. per i genitori: compenso del neuropsichiatra"),
    # Ambito 2
    _spent(2, "Formazione operatori (pre e post e tempo estate)", "20/05", "380.00",
           "Formazione unica per gli operatori del pre e post scuola e del tempo estate (maggio): "
           "compenso del formatore", OVER_REASON),
    _spent(2, "Coordinamento dei servizi Pre e Post", "31/03", "300.00",
           "Coordinamento del pre e post scuola, gennaio–marzo: ore del coordinatore"),
    _spent(2, "Coordinamento dei servizi Pre e Post", "30/06", "300.00",
           "Coordinamento del pre e post scuola, aprile–giugno: ore del coordinatore"),
    _spent(2, "Sportello La Scuola - ascolta", "31/03", "162.50",
           "Sportello «La Scuola Ascolta», gennaio–marzo: ore dell'operatrice"),
    _spent(2, "Sportello La Scuola - ascolta", "30/06", "162.50",
           "Sportello «La Scuola Ascolta», aprile–giugno: ore dell'operatrice"),
    # Ambito 3
    _spent(3, "Supervisione alle operatrici", "31/03", "150.00", "Supervisione alle operatrici, marzo"),
    _spent(3, "Supervisione alle operatrici", "29/04", "150.00", "Supervisione alle operatrici, aprile"),
    _spent(3, "Supervisione alle operatrici", "31/05", "150.00", "Supervisione alle operatrici, maggio"),
    _spent(3, "Supervisione alle operatrici", "30/06", "150.00", "Supervisione alle operatrici, giugno"),
    _spent(3, "Percorso di formazione", "31/03", "480.00",
           "Percorso di formazione «Interventi psicosociali a favore dell'anziano» "
           "(febbraio–marzo): docenza"),
    _spent(3, "Sportello ludopatia", "29/02", "320.00",
           "Materiale informativo del progetto «Illusioni» per i quartieri"),
    _spent(3, "Sportello ludopatia", "30/06", "450.00",
           "Sportello ludopatia, marzo–giugno: ore dell'operatore"),
    # Ambito 4
    _spent(4, "Emergenza sfratti e ricerca soluzioni abitative", "29/04", "450.00",
           "Alloggio temporaneo per un nucleo con minori sotto sfratto: canone di aprile"),
    _spent(4, "Emergenza sfratti e ricerca soluzioni abitative", "31/05", "450.00",
           "Alloggio temporaneo per un nucleo con minori sotto sfratto: canone di maggio"),
    _spent(4, "Emergenza sfratti e ricerca soluzioni abitative", "30/06", "450.00",
           "Alloggio temporaneo per un nucleo con minori sotto sfratto: canone di giugno"),
    _spent(4, "Ricognizione ed individuazione della struttura idonea per l'apertura servizio a "
              "bassa soglia", "06/05", "300.00",
           "Sopralluogo e relazione tecnica sulla struttura individuata"),
    # Ambito 5
    _spent(5, "Attività di apertura/chiusura Parco Chiappa nel periodo invernale", "29/01", "1200.00",
           "Apertura e chiusura del Parco Chiappa, gennaio"),
    _spent(5, "Attività di apertura/chiusura Parco Chiappa nel periodo invernale", "29/02", "1200.00",
           "Apertura e chiusura del Parco Chiappa, febbraio"),
    _spent(5, "Attività di apertura/chiusura Parco Chiappa nel periodo invernale", "31/03", "1200.00",
           "Apertura e chiusura del Parco Chiappa, marzo"),
    _spent(5, "Taglio erba Parco Chiappa", "31/05", "350.00", "Taglio dell'erba del Parco Chiappa, maggio"),
    _spent(5, "Taglio erba Parco Chiappa", "30/06", "350.00", "Taglio dell'erba del Parco Chiappa, giugno"),
)


# -- indicators ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """An indicator, its baseline, its targets at 30/06 and 31/12, and its value at 30/06."""

    area: int
    action: ActionKey | None
    name: str
    definition: str
    unit: str
    baseline: Decimal
    target_june: Decimal
    target_december: Decimal
    value: Decimal
    approved: bool
    source: str
    higher_is_better: bool = True
    note: str = ""


U = Indicator.Unit
MEASURES: tuple[Measure, ...] = (
    Measure(1, (1, CONS, 1), "Bambini iscritti all'Asilo Nido di Via Dante/Pesadori",
            "Iscritti al nido alla fine del periodo, dal registro delle iscrizioni.", U.COUNT,
            Decimal("27"), Decimal("26"), Decimal("27"), Decimal("24"), True,
            "Registro iscrizioni del nido", note="Tre ritiri tra marzo e giugno."),
    Measure(1, (1, DEV, 1), "Ore di supervisione psicologica svolte con gli operatori",
            "Ore di supervisione d'équipe nelle due sedi, dal registro delle ore.", U.HOURS,
            Decimal("0"), Decimal("10"), Decimal("20"), Decimal("9.5"), True, "Registro delle ore",
            note="La sessione di giugno è stata più breve (1,5 ore)."),
    Measure(1, (1, DEV, 2), "Genitori partecipanti agli incontri formativi",
            "Presenze agli incontri per i genitori (la stessa persona si conta a ogni incontro).",
            U.COUNT, Decimal("45"), Decimal("40"), Decimal("80"), Decimal("52"), False,
            "Fogli firma degli incontri"),
    Measure(2, (2, DEV, 7), "Operatori del pre e post scuola e del tempo estate formati",
            "Operatori che hanno completato la formazione unica.", U.COUNT,
            Decimal("0"), Decimal("8"), Decimal("16"), Decimal("12"), True, "Attestati di frequenza"),
    Measure(2, (2, DEV, 12), "Famiglie accolte dallo sportello «La Scuola Ascolta»",
            "Famiglie diverse che hanno avuto almeno un colloquio nel periodo.", U.COUNT,
            Decimal("18"), Decimal("15"), Decimal("30"), Decimal("21"), False, "Schede dello sportello"),
    Measure(3, (3, CONS, 1), "Attesa media per il primo colloquio di accoglienza sociale",
            "Giorni lavorativi tra la richiesta e il primo colloquio, media del periodo.", U.DECIMAL,
            Decimal("12.5"), Decimal("10"), Decimal("8"), Decimal("9.5"), True,
            "Agenda del servizio di accoglienza", higher_is_better=False),
    Measure(4, (4, DEV, 2), "Nuclei in emergenza abitativa accolti in soluzioni temporanee",
            "Nuclei con minori sotto sfratto accolti nel periodo.", U.COUNT,
            Decimal("2"), Decimal("4"), Decimal("6"), Decimal("3"), False, "Servizio Sociale comunale",
            note="Una seconda soluzione abitativa è disponibile da luglio."),
    Measure(5, (5, CONS, 4), "Persone in percorsi di inserimento lavorativo",
            "Persone con un tirocinio o un inserimento attivo alla fine del periodo.", U.COUNT,
            Decimal("34"), Decimal("36"), Decimal("40"), Decimal("37"), True, "Equipe multiprofessionale"),
)
#: When the officer approved the approved values.
APPROVED_AT = datetime(YEAR, 7, 12, 10, 30, tzinfo=ROME)


# -- progress ------------------------------------------------------------------------------

S = Action.Status
#: (action, date, status, percent, note), the checkpoints of the first half.
CHECKPOINTS: tuple[tuple[ActionKey, date, str, int, str], ...] = (
    ((1, CONS, 1), d("30/06"), S.IN_PROGRESS, 50, "Servizio regolare; 24 iscritti a giugno."),
    ((1, DEV, 1), d("31/03"), S.IN_PROGRESS, 30, ""),
    ((1, DEV, 1), d("30/06"), S.IN_PROGRESS, 45, "Svolte 9,5 delle 20 ore previste."),
    ((1, DEV, 2), d("30/06"), S.IN_PROGRESS, 55, "Quattro incontri serali, 52 presenze."),
    ((1, DEV, 3), d("31/03"), S.IN_PROGRESS, 50,
     "Primo intervento svolto durante la chiusura pasquale; il secondo nella chiusura estiva."),
    ((2, DEV, 1), d("31/03"), S.IN_PROGRESS, 60, ""),
    ((2, DEV, 1), d("31/05"), S.DONE, 100,
     "Proposta integrata di pre e post scuola condivisa con gli Istituti Comprensivi."),
    ((2, DEV, 12), d("30/06"), S.IN_PROGRESS, 50, "Sportello aperto il martedì durante le lezioni."),
    ((2, DEV, 14), d("29/04"), S.DONE, 100, "Iscrizioni aperte e volantini distribuiti nelle scuole."),
    ((2, DEV, 16), d("29/04"), S.DONE, 100, "Calendario e pubblicità del CRE definiti."),
    ((3, DEV, 3), d("31/03"), S.DONE, 100, "Percorso concluso: 14 operatori formati."),
    ((3, DEV, 8), d("30/06"), S.IN_PROGRESS, 45, "Cinque incontri mensili da febbraio."),
    ((3, DEV, 9), d("30/06"), S.IN_PROGRESS, 50, ""),
    ((4, DEV, 7), d("31/05"), S.DONE, 100, "Target definito con il Servizio Sociale."),
    ((4, DEV, 8), d("29/04"), S.IN_PROGRESS, 40, ""),
    ((4, DEV, 8), d("30/06"), S.DELAYED, 70,
     "La struttura comunale individuata richiede lavori di adeguamento antincendio: la "
     "ricognizione si chiuderà a settembre e l'apertura della bassa soglia slitta in autunno."),
    ((4, DEV, 10), d("29/04"), S.DONE, 100, "Mappate 9 nuove postazioni per tirocini."),
    ((5, DEV, 1), d("30/06"), S.IN_PROGRESS, 50, "Equipe riunita ogni mese."),
)


# -- invoices ------------------------------------------------------------------------------

#: The nursery's monthly invoices: (month, invoice number, invoice date, paid on). As of
#: 30/06/2016 January–April are paid, May's is invoiced, June's not yet invoiced.
INVOICES: tuple[tuple[int, str, date | None, date | None], ...] = (
    (1, "12/2016", date(YEAR, 2, 1), date(YEAR, 2, 29)),
    (2, "31/2016", date(YEAR, 3, 1), date(YEAR, 3, 31)),
    (3, "52/2016", date(YEAR, 4, 1), date(YEAR, 4, 29)),
    (4, "70/2016", date(YEAR, 5, 2), date(YEAR, 5, 31)),
    (5, "91/2016", date(YEAR, 6, 1), None),
    (6, "", None, None),
)
MONTHS_IT = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno")
PAYMENT_DAYS = 30


# -- loading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonitoringResult:
    """What one run wrote (all zero when the demo already had it)."""

    staff_costs: int = 0
    time_entries: int = 0
    hours: Decimal = Decimal("0")
    enrolment_counts: int = 0
    expenses: int = 0
    spent: Decimal = money.ZERO
    indicators: int = 0
    indicator_values: int = 0
    checkpoints: int = 0
    tranches: int = 0

    @property
    def created(self) -> bool:
        return any((self.staff_costs, self.time_entries, self.enrolment_counts, self.expenses,
                    self.indicators, self.checkpoints, self.tranches))


def _users() -> dict[str, Any]:
    users = get_user_model().objects.filter(username__in=[OPERATOR, COORDINATOR, OFFICER])
    found = {u.username: u for u in users}
    missing = {OPERATOR, COORDINATOR, OFFICER} - set(found)
    if missing:
        raise LookupError(f"demo users missing: {sorted(missing)} (run demo_load first)")
    return found


class _Parts:
    """The demo agreement's actions, contributions and nursery line, looked up by key."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        self.actions = {
            (a.area.number, a.kind, a.number): a
            for a in Action.objects.filter(area__agreement=agreement).select_related("area")
        }
        self.contributions = {
            (c.area.number if c.area else 0, c.description): c
            for c in Contribution.objects.filter(agreement=agreement).select_related("area")
        }
        self.areas = {a.number: a for a in agreement.areas.all()}

    def nursery(self) -> BudgetLine:
        """The monthly line with fee tiers (the Asilo Nido's)."""
        return (
            BudgetLine.objects.filter(agreement=self.agreement, unit=BudgetLine.Unit.MONTH,
                                      fee_tiers__isnull=False)
            .distinct().order_by("position", "id").get()
        )


@transaction.atomic
def demo_monitoring_load(agreement: Agreement) -> MonitoringResult:
    """Write the first half of 2016 of the demo agreement; sections already there are left alone."""
    users = _users()
    parts = _Parts(agreement)
    staff_costs, supervision = _load_staff_cost(parts, users[OFFICER])
    _load_assignments(parts, users)
    entries, hours = _load_hours(parts, users, supervision)
    counts = _load_enrolments(parts, users[OPERATOR])
    expenses, spent = _load_expenses(parts, users[COORDINATOR])
    indicators, values = _load_indicators(parts, users)
    checkpoints = _load_progress(parts, users[COORDINATOR])
    tranches = _load_invoices(parts, users[OFFICER])
    return MonitoringResult(
        staff_costs, entries, hours, counts, expenses, spent, indicators, values, checkpoints, tranches,
    )


def _load_staff_cost(parts: _Parts, officer: Any) -> tuple[int, StaffCost]:
    existing = StaffCost.objects.filter(agreement=parts.agreement, role=SUPERVISION_ROLE).first()
    if existing is not None:
        return 0, existing
    spec = dict(SUPERVISION)
    area, action = spec.pop("area"), spec.pop("action")
    cost = staff_cost_create(
        user=officer, agreement=parts.agreement, area=parts.areas[area],
        action=parts.actions[action], **spec,
    )
    return 1, cost


#: What the operator is assigned (the People page): the nursery's area, with its staff cost and
#: monthly line, and the two actions of other areas where the operator works.
OPERATOR_AREAS = (1,)
OPERATOR_ACTIONS: tuple[ActionKey, ...] = ((2, DEV, 12), (3, DEV, 9))


def _load_assignments(parts: _Parts, users: dict[str, Any]) -> int:
    """Assign the operator (by the municipality's officer); nothing if already assigned."""
    operator = users[OPERATOR]
    if Assignment.objects.filter(agreement=parts.agreement, user=operator).exists():
        return 0
    for number in OPERATOR_AREAS:
        assignment_create(user=users[OFFICER], agreement=parts.agreement, person=operator,
                          area=parts.areas[number])
    for key in OPERATOR_ACTIONS:
        assignment_create(user=users[OFFICER], agreement=parts.agreement, person=operator,
                          action=parts.actions[key])
    return len(OPERATOR_AREAS) + len(OPERATOR_ACTIONS)


def _load_hours(parts: _Parts, users: dict[str, Any], supervision: StaffCost) -> tuple[int, Decimal]:
    if TimeEntry.objects.filter(agreement=parts.agreement).exists():
        return 0, Decimal("0")
    rows = sorted(
        ((day, item) for item in HOURS for day in item.days), key=lambda row: (row[0], row[1].username)
    )
    total = Decimal("0")
    for day, item in rows:
        if not is_working_day(day):
            raise ValueError(f"{day} is not a working day ({item.note})")
        target = item.target
        time_entry_create(
            user=users[item.username], agreement=parts.agreement,
            staff_cost=supervision if target == STAFF else None,
            action=None if target == STAFF else parts.actions[target],
            date=day, hours=item.hours, note=item.note,
        )
        total += item.hours
    return len(rows), total


def _load_enrolments(parts: _Parts, operator: Any) -> int:
    line = parts.nursery()
    if EnrolmentCount.objects.filter(budget_line=line).exists():
        return 0
    for month, count, note in ENROLMENTS:
        enrolment_create(user=operator, line=line, month=date(YEAR, month, 1), count=count,
                         note=note)
    return len(ENROLMENTS)


def _load_expenses(parts: _Parts, coordinator: Any) -> tuple[int, Decimal]:
    if Expense.objects.filter(agreement=parts.agreement).exists():
        return 0, money.ZERO
    for item in sorted(EXPENSES, key=lambda e: e.day):
        expense_create(
            user=coordinator, agreement=parts.agreement,
            line=parts.contributions[(item.area, item.contribution)], date=item.day,
            amount=item.amount, description=item.description,
            over_budget_reason=item.over_budget_reason,
        )
    return len(EXPENSES), sum((e.amount for e in EXPENSES), money.ZERO)


def _load_indicators(parts: _Parts, users: dict[str, Any]) -> tuple[int, int]:
    agreement = parts.agreement
    if Indicator.objects.filter(agreement=agreement).exists():
        return 0, 0
    officer, coordinator = users[OFFICER], users[COORDINATOR]
    for position, m in enumerate(MEASURES, start=1):
        indicator = Indicator(
            agreement=agreement, area=parts.areas[m.area],
            action=parts.actions[m.action] if m.action else None, name=m.name,
            definition=m.definition, unit=m.unit, baseline=m.baseline,
            higher_is_better=m.higher_is_better, source=m.source, position=position,
        )
        model_create(indicator, user=officer, agreement_id=agreement.pk)
        for period_end, target in ((FIRST_HALF_END, m.target_june), (YEAR_END, m.target_december)):
            model_create(IndicatorTarget(indicator=indicator, period_end=period_end, target=target),
                         user=officer, agreement_id=agreement.pk)
        value = IndicatorValue(
            indicator=indicator, period_end=FIRST_HALF_END, value=m.value, note=m.note,
            reported_by=coordinator,
        )
        if m.approved:
            value.status = IndicatorValue.Status.APPROVED
            value.approved_by = officer
            value.approved_at = APPROVED_AT
        model_create(value, user=coordinator, agreement_id=agreement.pk)
    return len(MEASURES), len(MEASURES)


def _load_progress(parts: _Parts, coordinator: Any) -> int:
    agreement = parts.agreement
    if ActionProgress.objects.filter(action__area__agreement=agreement).exists():
        return 0
    latest: dict[ActionKey, tuple[date, str, int]] = {}
    for key, day, status, percent, note in sorted(CHECKPOINTS, key=lambda c: c[1]):
        model_create(
            ActionProgress(action=parts.actions[key], date=day, status=status, percent=percent,
                           note=note, recorded_by=coordinator),
            user=coordinator, agreement_id=agreement.pk,
        )
        latest[key] = (day, status, percent)
    # The action carries its latest checkpoint, as the progress services keep it.
    for key, (_day, status, percent) in latest.items():
        action = parts.actions[key]
        model_update(action, {"status": status, "progress": percent}, fields=("status", "progress"),
                     user=coordinator, agreement_id=agreement.pk)
    return len(CHECKPOINTS)


def month_fee(line: BudgetLine, count: int) -> money.LineAmounts:
    """What a month with ``count`` children costs on ``line``: the tier's unit amount, with VAT."""
    tiers = [t.as_tier() for t in line.fee_tiers.all()]
    fee = fees.monthly_fee(line.unit_amount, tiers, count)
    return money.line_amounts(fee.unit_amount, 1, line.vat_rate, vat_included=line.vat_included)


def _load_invoices(parts: _Parts, officer: Any) -> int:
    agreement = parts.agreement
    line = parts.nursery()
    area = line.area
    if PaymentTranche.objects.filter(agreement=agreement, area=area).exists():
        return 0
    counts = dict((month, count) for month, count, _note in ENROLMENTS)
    for month, number, invoiced, paid in INVOICES:
        gross = month_fee(line, counts[month]).gross
        end_of_month = fees.add_months(date(YEAR, month, 1), 1) - timedelta(days=1)
        issued = invoiced or end_of_month + timedelta(days=1)
        tranche = tranche_create(
            user=officer, agreement=agreement, area=area,
            due_date=issued + timedelta(days=PAYMENT_DAYS),
            due_text=f"Corrispettivo del nido, {MONTHS_IT[month - 1]} {YEAR} ({counts[month]} iscritti)",
            amount=gross, percent=None, is_balance=False,
        )
        if invoiced is not None:
            tranche_invoice(user=officer, tranche=tranche, invoice_number=number,
                            invoice_date=invoiced)
        if paid is not None:
            tranche_pay(user=officer, tranche=tranche, paid_date=paid)
    return len(INVOICES)
