"""The structure of an agreement: areas ("Ambito n. 1", "Area 2", "Linea di intervento 3"),
their sections (object, schedule, resources, ...) and the kind of what follows
(consolidation or development).

Documents without area headings (a convention in numbered articles, a short collaboration
agreement) are read as one area; their articles are sections, named by their titles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from coprogetta.lib.importer.lines import Para, norm_text

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_AREA = re.compile(
    r"^(?:ambito|area|macro\s*-?\s*area|linea(?:\s+di\s+intervento)?|asse|lotto|settore)\s*"
    r"(?:n\s*\.|n°|nr\.?|numero)?\s*(?P<n>[0-9]{1,3}|[ivx]{1,4})(?![0-9a-z])\s*[-:.)]?\s*(?P<t>.*)$"
)
_ARTICLE = re.compile(r"^(?:art\s*\.?|articolo)\s*(?P<n>[0-9]{1,3})\s*(?:°)?\s*[-:.)]?\s*(?P<t>.*)$")
_SECTIONS: tuple[tuple[str, str], ...] = (
    (
        "object",
        r"oggetto|attivita(?:\s+previste)?|azioni(?:\s+previste)?|interventi(?:\s+previsti)?|"
        r"descrizione(?:\s+delle\s+attivita)?|contenuti|servizi(?:\s+previsti)?|finalita\s+e\s+attivita",
    ),
    (
        "schedule",
        r"tempi|tempistica|cronoprogramma|tempi\s+di\s+realizzazione|calendario|piano\s+di\s+lavoro",
    ),
    (
        "resources",
        r"risorse|piano\s+economico|piano\s+finanziario|quadro\s+economico|budget|"
        r"aspetti\s+economici|risorse\s+economiche|corrispettivo|contributo|modalita\s+di\s+pagamento|"
        r"pagamenti|rimborsi?\s+(?:delle\s+)?spese|costi|erogazione(?:\s+del\s+contributo)?|"
        r"modalita\s+di\s+erogazione|piano\s+dei\s+costi|spese|compensi|"
        r"personale(?:\s+e\s+costo\s+orario)?|costo\s+orario",
    ),
    ("coordination", r"strumenti\s+e\s+modalita\s+di\s+coordinamento|coordinamento"),
    ("monitoring", r"monitoraggio|monitoraggio\s+e\s+valutazione|valutazione|verifiche"),
    ("duration", r"durata|decorrenza|periodo"),
)
_KINDS = (
    (
        "consolidation",
        r"(?:gestione\s+e\s+)?consolidamento|servizi\s+consolidati|attivita\s+consolidate|"
        r"azioni\s+di\s+consolidamento|gestione\s+ordinaria",
    ),
    (
        "development",
        r"sviluppo(?:\s+e\s+innovazione|\s+di\s+progettualita)?|innovazione|"
        r"azioni\s+di\s+sviluppo|attivita\s+di\s+sviluppo|progetti\s+di\s+sviluppo",
    ),
)


@dataclass
class Block:
    """Consecutive paragraphs of one section and one kind of an area."""

    section: str | None
    kind: str | None
    paras: list[Para] = field(default_factory=list)


@dataclass
class Area:
    number: int
    title: str
    line: int
    title_line: int
    paras: list[Para] = field(default_factory=list)

    def blocks(self) -> list[Block]:
        return split_blocks(self.paras)


def _heading_text(para: Para) -> str:
    return norm_text(para.text).rstrip(":").strip()


def section_of(para: Para) -> str | None:
    """The section a short heading opens ("2. Tempi", "Art. 5 - Piano economico"), or None."""
    if para.bullet or para.letter or para.is_row or len(para.text) > 70:
        return None
    text = _heading_text(para)
    article = _ARTICLE.match(text)
    if article:
        text = article["t"].strip(" -:.")
    suffix = (
        r"(?:\s+(?:e|ed)\s+[a-z ]+)?(?:\s+(?:del|della|dei|delle|dell'|di|per)\s*[a-z' ]+)?(?:\s+[0-9]{4})?"
    )
    for name, words in _SECTIONS:
        if re.fullmatch(rf"(?:{words}){suffix}", text):
            return name
    if article and len(text) < 60:
        return "other"  # an article on something else: it still ends the section before
    return None


def kind_of(para: Para) -> str | None:
    """consolidation / development when ``para`` is a short kind heading ("Sviluppo e innovazione")."""
    if para.bullet or para.is_row or len(para.text) > 60:
        return None
    text = _heading_text(para)
    for name, words in _KINDS:
        if re.fullmatch(rf"(?:{words})(?:\s*[-:].*)?", text):
            return name
    return None


def area_heading(para: Para) -> tuple[int, str] | None:
    """(number, title) of an area heading; the title may be empty (it is on the next line)."""
    if para.bullet or para.is_row or len(para.text) > 250:
        return None
    match = _AREA.match(norm_text(para.text))
    if match is None:
        return None
    number_text = match["n"]
    number = int(number_text) if number_text.isdigit() else _ROMAN.get(number_text)
    if not number:
        return None
    title = match["t"].strip()
    if title and (title.startswith(("=", "e ", "ed ")) or re.match(r"[-:]?\s*(sezione|allegato)", title)):
        return None
    head = re.match(
        r"^\s*\S+(?:\s+di\s+intervento)?\s*(?:n\s*\.|n°|nr\.?|numero)?\s*(?:[0-9]{1,3}|[IVXivx]{1,4})\s*[-–—:.)]?\s*",
        para.text,
        re.IGNORECASE,
    )
    raw_title = para.text[head.end() :] if head else para.text
    return number, raw_title.strip() if title else ""


_SUMMARY = re.compile(
    r"^(?:scheda\s+(?:economica\s+)?(?:di\s+)?sintesi|scheda\s+economica\s+di\s+sintesi|quadro\s+riepilogativo|"
    r"riepilogo(?:\s+economico)?|prospetto\s+riepilogativo|sintesi\s+economica|riepilogo\s+generale|"
    r"(?:piano|quadro|prospetto)\s+economico\s+(?:complessivo|generale|riepilogativo|di\s+sintesi)|"
    r"piano\s+finanziario\s+(?:complessivo|generale))\b"
)


def is_summary_heading(para: Para) -> bool:
    """A heading that closes the areas: what follows sums up the whole agreement."""
    return not para.is_row and len(para.text) < 80 and bool(_SUMMARY.match(norm_text(para.text)))


def find_areas(paras: Sequence[Para]) -> tuple[list[Para], list[Area], list[Para]]:
    """The paragraphs before the first area, the areas (one per number, in order), and the
    paragraphs after a summary heading that closes them."""
    areas: list[Area] = []
    preamble: list[Para] = []
    tail: list[Para] = []
    current: Area | None = None
    by_number: dict[int, Area] = {}
    index = 0
    while index < len(paras):
        para = paras[index]
        if areas and (tail or is_summary_heading(para)):
            tail.append(para)
            index += 1
            continue
        heading = area_heading(para)
        if heading is not None:
            number, title = heading
            title_line = para.no
            if not title and index + 1 < len(paras):
                following = paras[index + 1]
                if section_of(following) is None and kind_of(following) is None and len(following.text) < 250:
                    title, title_line = following.text, following.no
                    index += 1
            if number in by_number:
                current = by_number[number]
            else:
                current = Area(number, title or f"Ambito {number}", para.no, title_line)
                by_number[number] = current
                areas.append(current)
            index += 1
            continue
        if current is None:
            preamble.append(para)
        else:
            current.paras.append(para)
        index += 1
    return preamble, areas, tail


def split_blocks(paras: Sequence[Para]) -> list[Block]:
    """Cut an area's paragraphs at section and kind headings."""
    blocks: list[Block] = [Block(None, None)]
    for para in paras:
        section = section_of(para)
        kind = kind_of(para)
        if section is not None:
            blocks.append(Block(section, None))
        elif kind is not None:
            blocks.append(Block(blocks[-1].section, kind))
        else:
            blocks[-1].paras.append(para)
    return [b for b in blocks if b.paras]
