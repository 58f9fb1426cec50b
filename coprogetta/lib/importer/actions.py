"""Actions of an area: the items listed under its object (consolidation and development), and
their schedules, from the work plan's "title: when" items matched to them by their words.

An item of the work plan that matches no listed action is an action of its own (documents
often plan more than they list). A kind heading followed by one time phrase ("Consolidamento
/ Gennaio-Dicembre 2016") gives that schedule to every action of the kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coprogetta.lib.importer.lines import Para, norm_text
from coprogetta.lib.importer.sections import Area, Block
from coprogetta.lib.textparse.amounts import find_amounts

_STOP = {
    "della",
    "delle",
    "degli",
    "dello",
    "dell",
    "nella",
    "nelle",
    "negli",
    "alla",
    "alle",
    "agli",
    "dalla",
    "dalle",
    "dagli",
    "come",
    "anche",
    "attivita",
    "azione",
    "azioni",
    "sono",
    "quale",
    "quali",
    "presso",
    "verso",
    "tutta",
    "tutte",
    "tutti",
    "loro",
    "essere",
    "sulla",
}
_DEVELOPMENT = re.compile(r"svilupp|innovaz|aggiuntiv|sperimental")
_CONSOLIDATION = re.compile(r"consolidament|in piena continuita|gestione ordinaria")
_SCHEDULE_SPLIT = re.compile(r"\s*:\s*(?=[^:]*$)")
_TIME_WORD = re.compile(
    r"[0-9]|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|"
    r"dicembre|in corso|attiv|durante|entro|mensil|settiman|anno|semestr|trimestr|estate|inverno|"
    r"primavera|autunno|da definire|continuativ|periodo|pasqua|natal|estiv|vacanz|chiusur|scadenz"
    r"|lunedi|martedi|mercoledi|giovedi|venerdi|sabat|domenic|ogni|durata|tutto|tutta|settimanal|quindicinal"
)


@dataclass
class ActionDraft:
    kind: str
    title: str
    description: str
    line: int
    schedule_text: str = ""
    schedule_line: int | None = None
    number: int = 0
    listed_number: int | None = None  # as numbered in the document's list
    sources: dict[str, int] = field(default_factory=dict)


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z]{4,}", norm_text(text))
    return {w[:6] for w in words if w not in _STOP}


def similarity(first: str, second: str) -> float:
    """Share of the shorter text's word stems found in the other (0 to 1)."""
    a, b = _stems(first), _stems(second)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def action_title(text: str) -> str:
    """A title for an action: its first clause, without a leading "Come da ... confermati,"."""
    body = text.strip()
    lead = re.match(r"(?i)come da .*?(?:confermat[ieo]|richiamat[ieo])[^,]*,\s*", body)
    if lead and len(body) - lead.end() > 20:
        body = body[lead.end() :]
    first = re.split(r"(?<=[a-zà-ù0-9)])[.;](?:\s|$)", body, maxsplit=1)[0]
    first = first.strip(" ;.:")
    if len(first) > 200:
        cut = first[:200].rsplit(" ", 1)[0]
        first = cut + "…"
    return first[:1].upper() + first[1:] if first else body[:200]


def _kind_from_intro(text: str, default: str | None) -> str | None:
    norm = norm_text(text)
    if _DEVELOPMENT.search(norm):
        return "development"
    if _CONSOLIDATION.search(norm):
        return "consolidation"
    return default


def _is_intro(para: Para) -> bool:
    return para.text.rstrip().endswith(":")


def _row_parts(block: Block, index: int) -> tuple[str, str] | None:
    """(title, when) of a table row of actions ("Azione | Tempi"); None for the header row,
    rows with amounts and rows without a title. ``when`` is "" when no cell is a time."""
    para = block.paras[index]
    if not para.is_row or index == 0 or not block.paras[index - 1].is_row:
        return None
    if find_amounts(para.raw):
        return None
    cells = [c for c in para.cells if c]
    while cells and re.fullmatch(r"[0-9]{1,3}[.)]?|[a-zA-Z][.)]", cells[0]):
        cells = cells[1:]
    if not cells or len(cells[0]) < 3:
        return None
    when = next((c for c in cells[1:] if _TIME_WORD.search(norm_text(c))), "")
    return cells[0], when


def listed_actions(area: Area, blocks: list[Block]) -> list[ActionDraft]:
    """The actions listed in the object section (or, without sections, anywhere but resources)."""
    has_object = any(b.section == "object" for b in blocks)
    drafts: list[ActionDraft] = []
    for block in blocks:
        wanted = block.section == "object" or (not has_object and block.section in (None, "object"))
        if not wanted:
            continue
        kind = block.kind
        items = [p for p in block.paras if (p.is_item or p.is_row) and not _is_intro(p)]
        for index, para in enumerate(block.paras):
            if row := _row_parts(block, index):
                title, when = row
                draft = ActionDraft(kind or "development", action_title(title), title, para.no, when)
                draft.schedule_line = para.no if when else None
                drafts.append(draft)
                continue
            if _is_intro(para) and not para.is_item:
                kind = _kind_from_intro(para.text, kind)
                continue
            if para.is_item and not _is_intro(para):
                draft = ActionDraft(kind or "development", action_title(para.text), para.text, para.no)
                draft.listed_number = para.number
                drafts.append(draft)
        if not items and block.kind is not None:
            for para in block.paras:
                if not _is_intro(para) and len(para.text) > 40:
                    drafts.append(ActionDraft(block.kind, action_title(para.text), para.text, para.no))
                    break
    return drafts


def _plan_items(blocks: list[Block]) -> tuple[list[tuple[str | None, Para, str, str]], dict[str, Para]]:
    """("title: when" items with their kind) and (a kind's one schedule line)."""
    items: list[tuple[str | None, Para, str, str]] = []
    by_kind: dict[str, Para] = {}
    for block in blocks:
        if block.section != "schedule":
            continue
        has_items = any(p.is_item or p.is_row for p in block.paras)
        for index, para in enumerate(block.paras):
            if (row := _row_parts(block, index)) and row[1]:
                items.append((block.kind, para, row[0], row[1]))
                continue
            if para.is_item and not _is_intro(para):
                parts = _SCHEDULE_SPLIT.split(para.text.rstrip(" .;"), maxsplit=1)
                if len(parts) == 2 and parts[1].strip() and _TIME_WORD.search(norm_text(parts[1])):
                    items.append((block.kind, para, parts[0].strip(), parts[1].strip()))
            elif (
                block.kind is not None
                and not has_items
                and not para.is_item
                and not _is_intro(para)
                and len(para.text) < 80
                and _TIME_WORD.search(norm_text(para.text))
                and block.kind not in by_kind
            ):
                by_kind[block.kind] = para
    return items, by_kind


def area_actions(area: Area, blocks: list[Block]) -> list[ActionDraft]:
    """Listed actions with their schedules, plus the planned items that match none."""
    drafts = listed_actions(area, blocks)
    items, by_kind = _plan_items(blocks)
    taken: set[int] = set()
    extra: list[ActionDraft] = []
    pending: list[tuple[int, str | None, Para, str, str]] = []
    for position, (kind, para, title, when) in enumerate(items):
        best, best_score = None, 0.0
        for index, draft in enumerate(drafts):
            if index in taken or (kind is not None and draft.kind != kind):
                continue
            score = similarity(title, draft.title + " " + draft.description)
            if score > best_score:
                best, best_score = index, score
        if best is not None and best_score >= 0.34:
            taken.add(best)
            drafts[best].schedule_text = when
            drafts[best].schedule_line = para.no
        else:
            pending.append((position, kind, para, title, when))
    for _, kind, para, title, when in pending:
        same = [
            i
            for i, d in enumerate(drafts)
            if i not in taken
            and para.number is not None
            and d.kind == (kind or d.kind)
            and d.listed_number == para.number
        ]
        if same:
            taken.add(same[0])
            drafts[same[0]].schedule_text = when
            drafts[same[0]].schedule_line = para.no
            continue
        kinds = {d.kind for d in drafts}
        guess = kind or ("development" if "development" in kinds or not kinds else "consolidation")
        extra.append(ActionDraft(guess, action_title(title), title, para.no, when, para.no))
    drafts.extend(extra)
    for kind, para in by_kind.items():
        for draft in drafts:
            if draft.kind == kind and not draft.schedule_text:
                draft.schedule_text = para.text.strip(" .;")
                draft.schedule_line = para.no
    counters = {"consolidation": 0, "development": 0}
    ordered = sorted(drafts, key=lambda d: (d.kind != "consolidation", d.line))
    for draft in ordered:
        counters[draft.kind] += 1
        draft.number = counters[draft.kind]
    return ordered
