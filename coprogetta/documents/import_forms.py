"""Forms of the import: the upload, and the corrections of a draft.

The corrections form is built from the draft itself: one input per extracted value (title,
period, parties, areas, actions, budget lines and their tiers, contributions, staff costs,
tranches), named after the value's JSON pointer, plus a "remove" box per listed item.
``document()`` gives the draft with the corrections applied.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import StyledFormMixin, VersionField
from coprogetta.lib import money
from coprogetta.lib.textparse.numbers import NumberFormatError, format_number, parse_number

from .reading import max_bytes

ACCEPT = ".txt,.docx,.odt,.pdf,text/plain,application/pdf," \
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document," \
    "application/vnd.oasis.opendocument.text"


class ImportUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Agreement document"),
        help_text=_("A DOCX, ODT, PDF or text file of the agreement."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = max_bytes() // (1024 * 1024)
        self.fields["file"].help_text = _(
            "A DOCX, ODT, PDF or text file of the agreement, at most %(limit)s MB. Nothing is "
            "saved to the agreements until you have reviewed the draft and confirmed it."
        ) % {"limit": limit}


class DecisionForm(StyledFormMixin, forms.Form):
    """Confirming or discarding a draft: only the version the page was opened on."""

    version = VersionField()


ROLES = [("public_body", _("Public body")), ("third_sector", _("Third-Sector body")),
         ("partner", _("Partner"))]
KINDS = [("convention", _("Convention")), ("collaboration", _("Collaboration agreement")),
         ("codesign", _("Co-design agreement"))]
ACTION_KINDS = [("consolidation", _("Consolidation")), ("development", _("Development and innovation"))]
UNITS = [("month", _("month")), ("week", _("week")), ("day", _("day")), ("hour", _("hour")),
         ("lump_sum", _("lump sum"))]
VAT_RATES = [("0", "0 %"), ("4", "4 %"), ("5", "5 %"), ("10", "10 %"), ("22", "22 %"),
             ("out_of_scope", _("outside the scope of VAT"))]
CONTRIBUTION_KINDS = [("item", _("Itemised resource")), ("quota", _("Quota of the tender base")),
                      ("cofinancing", _("Co-financing"))]

#: (key, input kind, label, default) of each value of an item, by list.
ITEM_FIELDS: dict[str, list[tuple[str, Any, Any, Any]]] = {
    "parties": [("name", "text", _("Name"), ""), ("role", ROLES, _("Role"), "partner"),
                ("tax_code", "text?", _("Tax code"), "")],
    "actions": [("number", "int", _("Number"), 1), ("kind", ACTION_KINDS, _("Kind"), "development"),
                ("title", "text", _("Title"), ""), ("schedule_text", "text?", _("Schedule"), "")],
    "budget_lines": [
        ("description", "text", _("Description"), ""), ("unit_amount", "amount", _("Unit amount"), "0.00"),
        ("quantity", "quantity", _("Quantity"), "1"), ("unit", UNITS, _("Unit"), "lump_sum"),
        ("vat_rate", VAT_RATES, _("VAT rate"), "22"), ("vat_included", "bool", _("VAT included"), False),
        ("net", "amount", _("Net"), "0.00"), ("vat", "amount", _("VAT"), "0.00"),
        ("gross", "amount", _("Gross"), "0.00"),
    ],
    "fee_tiers": [("min_count", "int", _("From (count)"), 0), ("max_count", "int?", _("To (count)"), None),
                  ("unit_amount", "amount?", _("Unit amount"), None)],
    "contributions": [
        ("description", "text", _("Description"), ""), ("amount", "amount", _("Amount"), "0.00"),
        ("kind", CONTRIBUTION_KINDS, _("Kind"), "item"), ("percent", "percent?", _("Percentage"), None),
    ],
    "staff_costs": [
        ("role", "text", _("Role"), ""), ("count", "int", _("Head count"), 1),
        ("hourly_rate", "amount", _("Hourly rate"), "0.00"),
        ("vat_included", "bool", _("VAT included"), False),
        ("hours", "quantity", _("Hours"), "0"), ("amount", "amount", _("Amount"), "0.00"),
    ],
    "tranches": [
        ("due_date", "date?", _("Due date"), None), ("due_text", "text?", _("Due (as written)"), ""),
        ("amount", "amount?", _("Amount"), None), ("percent", "percent?", _("Percentage"), None),
        ("is_balance", "bool", _("Final balance"), False),
    ],
}
LIST_TITLES = {
    "parties": _("Party"), "actions": _("Action"), "budget_lines": _("Budget line"),
    "fee_tiers": _("Fee tier"), "contributions": _("Contribution"), "staff_costs": _("Staff cost"),
    "tranches": _("Payment tranche"),
}
MONEY_LISTS = ("budget_lines", "contributions", "staff_costs", "tranches")


@dataclass
class Entry:
    """One input of the form, with the line of the document its value came from."""

    name: str
    line: int | None
    field: Any = None  # the bound field, once the form is built


@dataclass
class Item:
    title: str
    pointer: str
    line: int | None
    entries: list[Entry] = field(default_factory=list)
    remove: str | None = None
    remove_field: Any = None


@dataclass
class Section:
    title: str
    anchor: str
    items: list[Item] = field(default_factory=list)


def _name(pointer: str) -> str:
    return "v" + pointer.replace("/", "-")


def _field(kind: Any, label: Any) -> forms.Field:
    optional = isinstance(kind, str) and kind.endswith("?")
    if isinstance(kind, list):
        return forms.ChoiceField(label=label, choices=kind)
    kind = kind.rstrip("?")
    if kind == "bool":
        return forms.BooleanField(label=label, required=False)
    if kind == "int":
        return forms.IntegerField(label=label, required=not optional, min_value=0, max_value=32767)
    if kind == "date":
        return forms.DateField(
            label=label, required=not optional,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
    if kind in {"amount", "quantity", "percent"}:
        return forms.CharField(label=label, required=not optional, max_length=30,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    return forms.CharField(label=label, required=not optional, max_length=300)


def _shown(kind: Any, value: Any) -> Any:
    """A stored value as the input shows it (amounts the Italian way: 1.234,56)."""
    if value is None or isinstance(kind, list):
        return value
    kind = kind.rstrip("?")
    if kind == "amount":
        return format_number(Decimal(str(value)), 2)
    if kind in {"quantity", "percent"}:
        number = Decimal(str(value))
        places = max(0, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
        return format_number(number, min(places, 2))
    if kind == "date":
        return date.fromisoformat(value) if isinstance(value, str) else value
    return value


def _stored(kind: Any, value: Any, label: Any) -> Any:
    """An input's value as the format stores it; ValidationError with a sentence if invalid."""
    if isinstance(kind, list):
        return value
    optional = kind.endswith("?")
    kind = kind.rstrip("?")
    if value in (None, "") and optional:
        return "" if kind == "text" else None
    if kind == "date":
        return value.isoformat()
    if kind in {"amount", "quantity", "percent"}:
        try:
            number = parse_number(str(value))
        except NumberFormatError:
            raise forms.ValidationError(_("Write a number like 1.234,56.")) from None
        if number < 0:
            raise forms.ValidationError(_("Write a number that is not negative."))
        if kind == "amount":
            return format(money.round_half_up(number), "f")
        if number != number.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Write at most two decimals."))
        text = format(number.normalize(), "f")
        return text
    if kind == "text":
        return str(value).strip()
    return value


class DraftForm(StyledFormMixin, forms.Form):
    """The corrections of a draft; ``document()`` is the draft with them applied."""

    version = VersionField()

    #: Above this many inputs the form shows one part at a time (a browser posts at most
    #: DATA_UPLOAD_MAX_NUMBER_FIELDS values, 1000 by default).
    MAX_INPUTS = 600

    def __init__(self, *args: Any, draft_document: dict[str, Any], sources: dict[str, int],
                 part: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.original = draft_document
        self.sources = sources
        self.kinds: dict[str, tuple[str, Any, Any]] = {}  # name -> (pointer, kind, label)
        self.removals: dict[str, str] = {}  # name -> pointer of the item
        self.sections: list[Section] = []
        self._build(draft_document)
        #: every part of the draft, for the page's navigation
        self.parts = [(section.anchor, section.title) for section in self.sections]
        if part not in {anchor for anchor, _title in self.parts}:
            part = None if len(self.fields) <= self.MAX_INPUTS else self.parts[0][0]
        self.part = part
        if part is not None:
            self._keep(part)
        for section in self.sections:
            for item in section.items:
                for entry in item.entries:
                    entry.field = self[entry.name]
                if item.remove:
                    item.remove_field = self[item.remove]

    def _keep(self, part: str) -> None:
        """Only the inputs of one part of the draft; the others keep their values."""
        for section in self.sections:
            if section.anchor == part:
                continue
            for item in section.items:
                for entry in item.entries:
                    self.fields.pop(entry.name, None)
                    self.kinds.pop(entry.name, None)
                if item.remove:
                    self.fields.pop(item.remove, None)
                    self.removals.pop(item.remove, None)
        self.sections = [section for section in self.sections if section.anchor == part]

    def _add(self, pointer: str, kind: Any, label: Any, value: Any) -> Entry:
        name = _name(pointer)
        self.fields[name] = _field(kind, label)
        self.initial[name] = _shown(kind, value)
        self.kinds[name] = (pointer, kind, label)
        return Entry(name, self.sources.get(pointer))

    def _item(self, section: Section, key: str, index: int, base: str, data: dict[str, Any],
              title: str) -> None:
        pointer = f"{base}/{key}/{index}"
        item = Item(title=title, pointer=pointer, line=self._line_of(pointer))
        for name, kind, label, default in ITEM_FIELDS[key]:
            item.entries.append(self._add(f"{pointer}/{name}", kind, label, data.get(name, default)))
        remove = "x" + pointer.replace("/", "-")
        self.fields[remove] = forms.BooleanField(label=_("Remove this item"), required=False)
        self.removals[remove] = pointer
        item.remove = remove
        section.items.append(item)
        if key == "budget_lines":
            for t_index, tier in enumerate(data.get("fee_tiers", [])):
                self._item(section, "fee_tiers", t_index, pointer, tier,
                           f"{title} — {LIST_TITLES['fee_tiers']} {t_index + 1}")

    def _line_of(self, pointer: str) -> int | None:
        lines = [line for key, line in self.sources.items()
                 if key == pointer or key.startswith(pointer + "/")]
        return min(lines) if lines else None

    def _build(self, doc: dict[str, Any]) -> None:
        general = Section(str(_("The agreement")), "draft-general")
        item = Item(title=str(_("Title, kind and period")), pointer="", line=self.sources.get("/title"))
        item.entries.append(self._add("/title", "text", _("Title"), doc.get("title", "")))
        item.entries.append(self._add("/kind", KINDS, _("Kind"), doc.get("kind", "codesign")))
        period = doc.get("period") or {}
        item.entries.append(self._add("/period/start", "date", _("Start"), period.get("start")))
        item.entries.append(self._add("/period/end", "date", _("End"), period.get("end")))
        general.items.append(item)
        for index, party in enumerate(doc.get("parties", [])):
            self._item(general, "parties", index, "", party, f"{LIST_TITLES['parties']} {index + 1}")
        self.sections.append(general)
        self._money(doc, "", str(_("Not tied to an area")), "draft-top")
        for a_index, area in enumerate(doc.get("areas", [])):
            base = f"/areas/{a_index}"
            number = area.get("number", a_index + 1)
            section = Section(str(_("Area %(number)s")) % {"number": number}, f"draft-area-{a_index}")
            head = Item(str(_("Number and title")), base, self.sources.get(f"{base}/title"))
            head.entries.append(self._add(f"{base}/number", "int", _("Number"), number))
            head.entries.append(self._add(f"{base}/title", "text", _("Title"), area.get("title", "")))
            section.items.append(head)
            for index, action in enumerate(area.get("actions", [])):
                self._item(section, "actions", index, base, action,
                           f"{LIST_TITLES['actions']} {action.get('number', index + 1)}")
            self._lists(section, area, base)
            self.sections.append(section)

    def _money(self, doc: dict[str, Any], base: str, title: str, anchor: str) -> None:
        section = Section(title, anchor)
        self._lists(section, doc, base)
        if section.items:
            self.sections.append(section)

    def _lists(self, section: Section, data: dict[str, Any], base: str) -> None:
        for key in MONEY_LISTS:
            for index, entry in enumerate(data.get(key, [])):
                self._item(section, key, index, base, entry, f"{LIST_TITLES[key]} {index + 1}")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, (_pointer, kind, label) in self.kinds.items():
            if name not in cleaned or name in self.errors:
                continue
            try:
                cleaned[name] = _stored(kind, cleaned[name], label)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def document(self) -> dict[str, Any]:
        """The draft with the corrections applied and the items marked for removal removed."""
        doc = copy.deepcopy(self.original)
        for name, (pointer, _kind, _label) in self.kinds.items():
            _set(doc, pointer, self.cleaned_data.get(name))
        removed = sorted(
            (pointer for name, pointer in self.removals.items() if self.cleaned_data.get(name)),
            key=lambda p: [int(part) if part.isdigit() else part for part in p.split("/")[1:]],
            reverse=True,
        )
        for pointer in removed:
            parent, _sep, index = pointer.rpartition("/")
            container = _get(doc, parent)
            if isinstance(container, list) and int(index) < len(container):
                del container[int(index)]
        return doc

    def values(self) -> dict[str, Any]:
        """What the service takes: the corrected document and the version."""
        return {"document": self.document(), "version": self.cleaned_data.get("version")}


def _get(doc: Any, pointer: str) -> Any:
    node = doc
    for part in pointer.split("/")[1:]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    return node


def _set(doc: dict[str, Any], pointer: str, value: Any) -> None:
    parent, _sep, key = pointer.rpartition("/")
    container = _get(doc, parent) if parent else doc
    if isinstance(container, dict):
        container[key] = value
