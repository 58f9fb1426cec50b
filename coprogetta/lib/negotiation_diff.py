"""What changed between two versions of a negotiated agreement (two "coprogetta/agreement@1"
documents): areas, actions and schedules, money with its differences, parties and period.

Pure Python. Items carry no ids, so they are matched as a reader would: actions by area,
kind and number, then by title when they were renumbered; money items by description (or
role, or due date), then by similarity. The matching is symmetric: ``diff(b, a)`` is
``diff(a, b).mirrored()``. What happens while an agreement runs (a tranche invoiced or
paid, the agreement's status) is not negotiated text and is not compared.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from coprogetta.lib import money

Document = Mapping[str, Any]
Item = Mapping[str, Any]

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
_MIRROR = {ADDED: REMOVED, REMOVED: ADDED, CHANGED: CHANGED}

#: The sections of a diff, in the order pages show them.
SECTIONS = ("parties", "areas", "actions", "budget_lines", "contributions", "staff_costs", "tranches")
#: The sections whose items have an amount (``item_amount``).
MONEY_SECTIONS = ("budget_lines", "contributions", "staff_costs", "tranches")


# -- the snapshot's fingerprint ----------------------------------------------------------------


def canonical_bytes(document: Document) -> bytes:
    """The document serialised canonically: sorted keys, no whitespace, UTF-8."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def document_hash(document: Document) -> str:
    """The SHA-256 (hex) of the canonical serialisation."""
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


# -- the result --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """A value (text, number, flag, schedule...) that changed: as it was, as it is."""

    name: str
    old: Any
    new: Any

    def mirrored(self) -> FieldChange:
        return FieldChange(self.name, self.new, self.old)


@dataclass(frozen=True)
class AmountChange:
    """An amount that changed; None where one side has no amount."""

    name: str
    old: Decimal | None
    new: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        """New minus old (a missing side counts as zero)."""
        if self.old is None and self.new is None:
            return None
        return (self.new or money.ZERO) - (self.old or money.ZERO)

    def mirrored(self) -> AmountChange:
        return AmountChange(self.name, self.new, self.old)


@dataclass(frozen=True)
class ItemDiff:
    """One item added, removed or changed, with the numbers of the area it sits in."""

    section: str
    change: str
    area_old: int | None
    area_new: int | None
    old: Item | None
    new: Item | None
    fields: tuple[FieldChange, ...] = ()
    amounts: tuple[AmountChange, ...] = ()
    #: Where it sits on either side, for an order that does not depend on the direction.
    sort_key: tuple[Any, ...] = ()

    @property
    def area(self) -> int | None:
        """The area number now (as it was, for a removed item)."""
        return self.area_new if self.new is not None else self.area_old

    @property
    def item(self) -> Item:
        """The item as it is now, or as it was if it was removed."""
        found = self.new if self.new is not None else self.old
        assert found is not None
        return found

    @property
    def field_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    @property
    def schedule_changed(self) -> bool:
        return bool(self.field_names & {"schedule_text", "schedule"})

    def mirrored(self) -> ItemDiff:
        return replace(
            self, change=_MIRROR[self.change], old=self.new, new=self.old,
            area_old=self.area_new, area_new=self.area_old,
            fields=tuple(f.mirrored() for f in self.fields),
            amounts=tuple(a.mirrored() for a in self.amounts),
        )


@dataclass(frozen=True)
class DocumentDiff:
    """Everything that differs between two documents; empty when they say the same."""

    general: tuple[FieldChange, ...] = ()
    general_amounts: tuple[AmountChange, ...] = ()
    parties: tuple[ItemDiff, ...] = ()
    areas: tuple[ItemDiff, ...] = ()
    actions: tuple[ItemDiff, ...] = ()
    budget_lines: tuple[ItemDiff, ...] = ()
    contributions: tuple[ItemDiff, ...] = ()
    staff_costs: tuple[ItemDiff, ...] = ()
    tranches: tuple[ItemDiff, ...] = ()
    #: Totals of the budget (gross), the contributions, the staff costs and the tranches.
    totals: tuple[AmountChange, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not (self.general or self.general_amounts or any(self.section(s) for s in SECTIONS))

    def section(self, name: str) -> tuple[ItemDiff, ...]:
        if name not in SECTIONS:
            raise KeyError(name)
        items: tuple[ItemDiff, ...] = getattr(self, name)
        return items

    @property
    def schedules(self) -> tuple[ItemDiff, ...]:
        """The actions whose schedule changed (text or normalised intervals)."""
        return tuple(d for d in self.actions if d.change == CHANGED and d.schedule_changed)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per section, how many items were added, removed and changed."""
        result: dict[str, dict[str, int]] = {}
        for name in SECTIONS:
            tally = {ADDED: 0, REMOVED: 0, CHANGED: 0}
            for item in self.section(name):
                tally[item.change] += 1
            result[name] = tally
        return result

    def mirrored(self) -> DocumentDiff:
        """The diff read the other way round: added ↔ removed, old ↔ new."""
        mirrored_sections = {name: _sorted(d.mirrored() for d in self.section(name)) for name in SECTIONS}
        return DocumentDiff(
            general=tuple(f.mirrored() for f in self.general),
            general_amounts=tuple(a.mirrored() for a in self.general_amounts),
            totals=tuple(a.mirrored() for a in self.totals),
            **mirrored_sections,
        )


# -- comparing ---------------------------------------------------------------------------------

#: The agreement's own fields compared, as (name, path in the document).
GENERAL_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("title",)),
    ("kind", ("kind",)),
    ("period_start", ("period", "start")),
    ("period_end", ("period", "end")),
    ("financial_regime", ("financial_regime",)),
    ("monitoring_frequency", ("monitoring", "frequency")),
    ("monitoring_checkpoints", ("monitoring", "checkpoints")),
    ("monitoring_every_months", ("monitoring", "every_months")),
    ("programme_every_months", ("monitoring", "programme_every_months")),
)

#: Per section: the compared fields and the amounts (computed by ``_amounts``).
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "parties": ("name", "role", "tax_code"),
    "areas": ("number", "title", "target"),
    "actions": ("kind", "number", "title", "description", "schedule_text", "schedule", "responsible"),
    "budget_lines": ("description", "quantity", "unit", "vat_rate", "vat_included", "fee_tiers", "action"),
    "contributions": ("description", "kind", "percent", "action"),
    "staff_costs": ("role", "count", "hours", "vat_rate", "vat_included", "period", "action"),
    "tranches": ("due_date", "due_text", "percent", "is_balance"),
}

#: Numbers written as strings: "11" and "11.00" are the same quantity.
_NUMERIC_FIELDS = frozenset({"quantity", "percent", "hours"})

_KIND_ORDER = {"consolidation": 0, "development": 1}


def diff_documents(old: Document, new: Document) -> DocumentDiff:
    """What changed from ``old`` to ``new``."""
    general = tuple(
        FieldChange(name, _at(old, path), _at(new, path))
        for name, path in GENERAL_FIELDS
        if _comparable(name, _at(old, path)) != _comparable(name, _at(new, path))
    )
    tender = AmountChange("tender_base_amount", _decimal(old.get("tender_base_amount")),
                          _decimal(new.get("tender_base_amount")))
    general_amounts = (tender,) if tender.old != tender.new else ()

    old_areas = list(old.get("areas") or [])
    new_areas = list(new.get("areas") or [])
    area_pairs = _match(_rows("areas", old_areas), _rows("areas", new_areas))
    # Items inside an area belong to the pair of areas they sit in: a removed area's items
    # are removed with it, an added area's items are added.
    old_group: dict[int, int] = {}
    new_group: dict[int, int] = {}
    for index, (o, n) in enumerate(area_pairs):
        if o is not None:
            old_group[o] = index
        if n is not None:
            new_group[n] = index

    sections: dict[str, tuple[ItemDiff, ...]] = {
        "parties": _compare("parties", _rows("parties", list(old.get("parties") or [])),
                            _rows("parties", list(new.get("parties") or []))),
        "areas": _compare("areas", _rows("areas", old_areas), _rows("areas", new_areas)),
    }
    for name in SECTIONS[2:]:
        sections[name] = _compare(
            name, _scoped(name, old, old_areas, old_group), _scoped(name, new, new_areas, new_group)
        )
    totals = tuple(
        AmountChange(label, document_total(old, name), document_total(new, name))
        for label, name in (
            ("budget_gross", "budget_lines"), ("contributions", "contributions"),
            ("staff_costs", "staff_costs"), ("tranches", "tranches"),
        )
    )
    return DocumentDiff(
        general=general, general_amounts=general_amounts,
        totals=tuple(t for t in totals if t.old != t.new), **sections,
    )


@dataclass(frozen=True)
class _Row:
    """An item with what the matching needs: its group (area pair), key, words and area."""

    item: Item
    group: Any
    key: Any
    words: frozenset[str]
    area: int | None
    ident: bytes


def _row(section: str, item: Item, group: Any, area: int | None) -> _Row:
    if section == "areas":
        key: Any = item.get("number")
        area = _int_or_none(item.get("number"))
    elif section == "actions":
        key = (group, item.get("kind"), item.get("number"))
    else:
        key = (group, _norm(_label(section, item)))
    return _Row(item, group, key, _words(_label(section, item)), area, canonical_bytes(item))


def _rows(section: str, items: list[Item]) -> list[_Row]:
    """Rows of items that belong to no area (parties, areas themselves)."""
    return [_row(section, item, None, None) for item in items]


def _scoped(name: str, document: Document, areas: list[Item], groups: dict[int, int]) -> list[_Row]:
    """The items of one kind in each area (grouped by area pair), then those of no area."""
    rows = [
        _row(name, item, ("area", groups[index]), _int_or_none(area.get("number")))
        for index, area in enumerate(areas) for item in (area.get(name) or [])
    ]
    if name != "actions":
        rows += [_row(name, item, ("top",), None) for item in (document.get(name) or [])]
    return rows


def _compare(section: str, olds: list[_Row], news: list[_Row]) -> tuple[ItemDiff, ...]:
    return _sorted(_item_diff(section, olds, news, pair) for pair in _match(olds, news))


def _label(section: str, item: Item) -> str:
    """The words that name an item of ``section``."""
    if section in ("actions", "areas"):
        return str(item.get("title") or "")
    if section == "parties":
        return str(item.get("name") or "")
    if section == "staff_costs":
        return str(item.get("role") or "")
    if section == "tranches":
        return str(item.get("due_text") or item.get("due_date") or "")
    return str(item.get("description") or "")


def _item_diff(
    section: str, olds: Sequence[_Row], news: Sequence[_Row], pair: tuple[int | None, int | None],
) -> ItemDiff | None:
    o, n = pair
    old = olds[o] if o is not None else None
    new = news[n] if n is not None else None
    sort_key = tuple(sorted(_side_key(section, row) for row in (old, new) if row is not None))
    area_old = old.area if old is not None else None
    area_new = new.area if new is not None else None
    if old is None:
        assert new is not None
        return ItemDiff(section, ADDED, None, area_new, None, new.item, sort_key=sort_key)
    if new is None:
        return ItemDiff(section, REMOVED, area_old, None, old.item, None, sort_key=sort_key)
    fields = tuple(
        FieldChange(name, old.item.get(name), new.item.get(name))
        for name in ITEM_FIELDS[section]
        if _comparable(name, old.item.get(name)) != _comparable(name, new.item.get(name))
    )
    amounts = tuple(
        AmountChange(name, value_old, value_new)
        for (name, value_old), (_, value_new) in zip(
            _amounts(section, old.item), _amounts(section, new.item), strict=True
        )
        if value_old != value_new
    )
    if not fields and not amounts:
        return None
    return ItemDiff(section, CHANGED, area_old, area_new, old.item, new.item, fields, amounts,
                    sort_key=sort_key)


def _side_key(section: str, row: _Row) -> tuple[Any, ...]:
    item = row.item
    kind = _KIND_ORDER.get(str(item.get("kind")), 2) if section == "actions" else 0
    number = _int_or_none(item.get("number")) if section in ("actions", "areas") else None
    return (-1 if row.area is None else row.area, kind, -1 if number is None else number,
            _label(section, item), row.ident)


def _sorted(diffs: Iterable[ItemDiff | None]) -> tuple[ItemDiff, ...]:
    """In the order of where items sit; ties (identical items) broken by the change and the
    old item, so that a diff and its mirror list the same items in the same order."""
    return tuple(sorted((d for d in diffs if d is not None), key=_order))


def _order(diff: ItemDiff) -> tuple[Any, ...]:
    return (diff.sort_key, diff.change, b"" if diff.old is None else canonical_bytes(diff.old))


def _amounts(section: str, item: Item) -> list[tuple[str, Decimal | None]]:
    """The amounts of an item, net/VAT/gross computed again by ``coprogetta.lib.money``."""
    if section == "budget_lines":
        unit = _decimal(item.get("unit_amount"))
        line = _line(unit, item.get("quantity"), item.get("vat_rate"), bool(item.get("vat_included")))
        return [("unit_amount", unit), ("net", line.net if line else None),
                ("vat", line.vat if line else None), ("gross", line.gross if line else None)]
    if section == "staff_costs":
        rate = _decimal(item.get("hourly_rate"))
        line = _line(rate, item.get("hours"), item.get("vat_rate"), bool(item.get("vat_included")))
        return [("hourly_rate", rate), ("gross", line.gross if line else _decimal(item.get("amount")))]
    if section in ("contributions", "tranches"):
        return [("amount", _decimal(item.get("amount")))]
    return []


def _line(unit: Decimal | None, quantity: Any, rate: Any, vat_included: bool) -> money.LineAmounts | None:
    number = _decimal(quantity)
    if unit is None or number is None:
        return None
    try:
        return money.line_amounts(unit, number, rate if rate not in (None, "") else None,
                                  vat_included=vat_included)
    except (money.MoneyError, InvalidOperation, ValueError, TypeError):
        return None


def item_amount(section: str, item: Item) -> Decimal | None:
    """The amount an item weighs: gross for budget lines and staff costs, else its amount."""
    if section == "budget_lines":
        return _amounts(section, item)[3][1]
    if section == "staff_costs":
        return _amounts(section, item)[1][1]
    return _decimal(item.get("amount"))


def document_total(document: Document, name: str) -> Decimal:
    """The sum of ``item_amount`` over the items ``name`` of a document (its areas and its
    top level) or of one area."""
    items = [item for area in document.get("areas") or [] for item in area.get(name) or []]
    items += list(document.get(name) or [])
    return sum((item_amount(name, item) or money.ZERO for item in items), money.ZERO)


# -- matching ----------------------------------------------------------------------------------

#: How alike two titles must be (shared words over all words) to be the same item renamed.
SIMILAR = 0.5


def _match(olds: Sequence[_Row], news: Sequence[_Row]) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index); None on one side for an item only the other has.

    Passes, each greedy on the best score with a tie-break that does not depend on which
    side is old: same key and same words; same group and same words (renumbered); same key
    and similar words (retitled); same group and similar words (renumbered and retitled).
    """
    free_old = set(range(len(olds)))
    free_new = set(range(len(news)))
    pairs: list[tuple[int | None, int | None]] = []
    passes: tuple[Callable[[_Row, _Row], float | None], ...] = (
        lambda a, b: 1.0 if a.key == b.key and a.words == b.words else None,
        lambda a, b: 1.0 if a.group == b.group and a.words == b.words else None,
        lambda a, b: _score(a.words, b.words) if a.key == b.key else None,
        lambda a, b: _score(a.words, b.words) if a.group == b.group else None,
    )
    for score_of in passes:
        candidates = []
        for o in sorted(free_old):
            for n in sorted(free_new):
                score = score_of(olds[o], news[n])
                if score is not None and score >= SIMILAR:
                    tie = tuple(sorted((olds[o].ident, news[n].ident)))
                    candidates.append((-score, tie, o, n))
        candidates.sort(key=lambda c: (c[0], c[1]))
        for _, _, o, n in candidates:
            if o in free_old and n in free_new:
                free_old.discard(o)
                free_new.discard(n)
                pairs.append((o, n))
    pairs += [(o, None) for o in sorted(free_old)]
    pairs += [(None, n) for n in sorted(free_new)]
    return pairs


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.casefold()))


def _score(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words over all words (Jaccard): 1 for the same words, symmetric."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


# -- values ------------------------------------------------------------------------------------


def _at(document: Document, path: tuple[str, ...]) -> Any:
    value: Any = document
    for step in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(step)
    return value


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool | float):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _comparable(name: str, value: Any) -> Any:
    """The value as compared: numbers by value, everything else as written."""
    if name in _NUMERIC_FIELDS:
        number = _decimal(value)
        return number.normalize() if number is not None else value
    if name == "schedule":
        return canonical_bytes({"s": value})
    return value


def describe_schedule(schedule: Any) -> str:
    """A normalised schedule in words for a table cell: its intervals and deadlines."""
    if not isinstance(schedule, Mapping):
        return "—"
    parts = [
        f"{_day(i.get('start'))}–{_day(i.get('end'))}"
        for i in schedule.get("intervals") or [] if isinstance(i, Mapping)
    ]
    parts += [_day(d) for d in schedule.get("deadlines") or []]
    parts += [
        f"{r.get('kind')} {_day(r.get('start'))}–{_day(r.get('end'))}"
        for r in schedule.get("recurrences") or [] if isinstance(r, Mapping)
    ]
    return "; ".join(parts) if parts else "—"


def _day(value: Any) -> str:
    """``"2016-12-31"`` -> ``"31/12/2016"``; anything else as it is."""
    text = str(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    return f"{match.group(3)}/{match.group(2)}/{match.group(1)}" if match else text
