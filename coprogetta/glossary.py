"""The domain's words, each with a short definition: the glossary page and ``{% term %}`` read them.

A term has a key (its anchor on the glossary page, ``/glossario/#tranche``), the name the
interface gives it (translated), the word Italian agreements write (shown beside the name in
other languages, so a reader can find it in the documents) and one or two sentences saying what
it means. Keep the definitions short: they also appear as the tooltip of the word.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    key: str
    name: Promise | str
    italian: str
    definition: Promise | str


TERMS: tuple[Term, ...] = (
    Term("area", _("Area"), "ambito", _(
        "A field of work of the agreement (for example early-childhood services or home care), "
        "numbered in the agreement, with its own actions, budget, tranches and indicators."
    )),
    Term("consolidation", _("Consolidation"), "consolidamento", _(
        "The actions that carry on services already running before the agreement, as they were "
        "agreed; they are usually paid by monthly fees."
    )),
    Term("development", _("Development and innovation"), "sviluppo e innovazione", _(
        "The new actions the parties design together in the agreement; the Third-Sector party "
        "often co-finances them."
    )),
    Term("quota", _("Quota of the tender base"), "quota parte", _(
        "An additional resource the Third-Sector party makes available, worked out as its share "
        "of a percentage of the tender base (for example one per cent of the annual amount put out to "
        "tender) and assigned to an area."
    )),
    Term("cofinancing", _("Co-financing"), "co-finanziamento", _(
        "What the Third-Sector party puts into the project from its own resources (money, staff, "
        "premises, volunteers); the expenses it records are checked against it."
    )),
    Term("tranche", _("Tranche"), "tranche", _(
        "A part of the agreed payment, due on a date or after an event (for example when a "
        "report is approved), written as an amount or as a percentage of the total."
    )),
    Term("balance", _("Balance"), "saldo", _(
        "The last tranche: what remains of the agreed amount once the earlier tranches are paid, "
        "usually after the final report."
    )),
    Term("vat-4", _("VAT 4 %"), "IVA 4 %", _(
        "The super-reduced VAT rate. Social, health and educational services of social "
        "cooperatives carried it (DPR 633/1972, Table A, part II, no. 41-bis) before the 5 % rate "
        "took its place for contracts from 2016; older agreements still show it."
    )),
    Term("vat-5", _("VAT 5 %"), "IVA 5 %", _(
        "The reduced VAT rate for social, health and educational services provided by social "
        "cooperatives (DPR 633/1972, Table A, part II-bis), from 2016."
    )),
    Term("vat-22", _("VAT 22 %"), "IVA 22 %", _(
        "The ordinary VAT rate, for goods and services with no reduced rate, such as equipment, "
        "materials or services that are not social services."
    )),
    Term("schedule", _("Schedule"), "cronoprogramma", _(
        "When each action runs: its start, its end and its pauses, as the agreement writes them; "
        "Coprogetta reads them into the work plan (Gantt)."
    )),
    Term("monitoring", _("Monitoring"), "monitoraggio", _(
        "The periodic check of how the agreement is carried out (hours, enrolments, expenses, "
        "indicators, progress of the actions), summed up in a report at each checkpoint."
    )),
)

_BY_KEY = {term.key: term for term in TERMS}


def term_get(key: str) -> Term:
    """The term with ``key``; ``KeyError`` for a word the glossary does not have."""
    return _BY_KEY[key]


def vat_term_key(rate: object) -> str | None:
    """The glossary key of a VAT rate (``"4"``, ``Decimal("4.00")``), or None if it has none."""
    try:
        value = Decimal(str(rate).strip().rstrip("%").strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.to_integral_value():
        return None
    key = f"vat-{int(value)}"
    return key if key in _BY_KEY else None
