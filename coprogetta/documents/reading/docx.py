"""DOCX (Office Open XML) from its raw XML: paragraphs and tables in document order, list
numbering resolved from the styles and the numbering definitions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from . import SourceText
from .archive import Archive, parse_xml
from .lines import bullet, clean, indentation_levels, number_text, row

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: Elements whose text is not part of the paragraph as printed.
SKIP = {f"{W}delText", f"{W}instrText", f"{W}txbxContent", f"{MC}Fallback", f"{W}footnoteReference",
        f"{W}endnoteReference", f"{W}commentReference"}
HEADING = re.compile(r"^(heading|titolo|title|intestazione)", re.IGNORECASE)


def _val(element: Element | None, name: str = "val") -> str | None:
    return None if element is None else element.get(f"{W}{name}")


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass
class Style:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    indent: int | None = None
    outline: bool = False


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    indent: int | None = None


@dataclass
class Numbering:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)

    def level(self, num_id: str, ilvl: int) -> tuple[str, Level] | None:
        if num_id not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        base = levels.get(ilvl) or Level()
        if ilvl in overrides:
            base = Level(base.fmt, base.text, overrides[ilvl], base.indent)
        return abstract_id, base


def _ilvl(num_pr: Element | None) -> int | None:
    level = num_pr.find(f"{W}ilvl") if num_pr is not None else None
    return None if level is None else _int(_val(level))


def _indent(ppr: Element | None) -> int | None:
    ind = ppr.find(f"{W}ind") if ppr is not None else None
    if ind is None:
        return None
    value = ind.get(f"{W}left") or ind.get(f"{W}start")
    return None if value is None else _int(value)


def read_styles(root: Element | None) -> dict[str, Style]:
    styles: dict[str, Style] = {}
    if root is None:
        return styles
    for element in root.iter(f"{W}style"):
        style_id = element.get(f"{W}styleId")
        if not style_id:
            continue
        ppr = element.find(f"{W}pPr")
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        styles[style_id] = Style(
            name=_val(element.find(f"{W}name")) or style_id,
            based_on=_val(element.find(f"{W}basedOn")),
            num_id=_val(num_pr.find(f"{W}numId")) if num_pr is not None else None,
            ilvl=_ilvl(num_pr),
            indent=_indent(ppr),
            outline=ppr is not None and ppr.find(f"{W}outlineLvl") is not None,
        )
    return styles


def read_numbering(root: Element | None) -> Numbering:
    numbering = Numbering()
    if root is None:
        return numbering
    for abstract in root.iter(f"{W}abstractNum"):
        levels: dict[int, Level] = {}
        for lvl in abstract.iter(f"{W}lvl"):
            levels[_int(lvl.get(f"{W}ilvl"))] = Level(
                fmt=_val(lvl.find(f"{W}numFmt")) or "decimal",
                text=_val(lvl.find(f"{W}lvlText")) or "",
                start=_int(_val(lvl.find(f"{W}start")), 1),
                indent=_indent(lvl.find(f"{W}pPr")),
            )
        numbering.abstract[abstract.get(f"{W}abstractNumId") or ""] = levels
    for num in root.iter(f"{W}num"):
        overrides: dict[int, int] = {}
        for override in num.iter(f"{W}lvlOverride"):
            start = override.find(f"{W}startOverride")
            if start is not None:
                overrides[_int(override.get(f"{W}ilvl"))] = _int(_val(start), 1)
        numbering.nums[num.get(f"{W}numId") or ""] = (
            _val(num.find(f"{W}abstractNumId")) or "", overrides
        )
    return numbering


def paragraph_text(p: Element) -> str:
    parts: list[str] = []

    def walk(element: Element) -> None:
        for child in element:
            tag = child.tag
            if tag in SKIP:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag in {f"{W}tab", f"{W}br", f"{W}cr", f"{W}ptab"}:
                parts.append(" ")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}p":
                parts.append(" ")
                walk(child)
            else:
                walk(child)

    walk(p)
    return clean("".join(parts))


@dataclass
class _Item:
    """A paragraph on its way to becoming a line."""

    text: str
    kind: str = "text"  # text | bullet | number | row
    prefix: str = ""
    indent: int = 0
    heading: bool = False


class _Reader:
    def __init__(self, styles: dict[str, Style], numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.counters: dict[str, dict[int, int]] = {}
        self.heading_lists: set[str] = set()

    def style_chain(self, style_id: str | None) -> list[Style]:
        chain: list[Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen and len(chain) < 20:
            seen.add(style_id)
            chain.append(self.styles[style_id])
            style_id = self.styles[style_id].based_on
        return chain

    def paragraph(self, p: Element) -> _Item | None:
        text = paragraph_text(p)
        ppr = p.find(f"{W}pPr")
        style_id = _val(ppr.find(f"{W}pStyle")) if ppr is not None else None
        chain = self.style_chain(style_id)
        heading = any(HEADING.match(style.name) or style.outline for style in chain) or (
            ppr is not None and ppr.find(f"{W}outlineLvl") is not None
        )
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id = _val(num_pr.find(f"{W}numId")) if num_pr is not None else None
        ilvl = _ilvl(num_pr)
        for style in chain:
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None:
                ilvl = style.ilvl
        ilvl = ilvl or 0
        indent = _indent(ppr)
        if indent is None:
            indent = next((style.indent for style in chain if style.indent is not None), None)
        found = self.numbering.level(num_id, ilvl) if num_id and num_id != "0" else None
        if not text:
            return None
        if found is None:
            if not heading:
                self.reset()
            return _Item(text, heading=heading)
        abstract_id, level = found
        if level.indent is not None and (ppr is None or ppr.find(f"{W}ind") is None):
            indent = level.indent
        if heading:
            self.heading_lists.add(abstract_id)
        counters = self.counters.setdefault(abstract_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt = level.fmt.lower()
        if fmt == "bullet":
            return _Item(text, kind="bullet", indent=indent if indent is not None else 360 * (ilvl + 1),
                         heading=heading)
        if fmt == "none" or not level.text:
            return _Item(text, heading=heading)
        prefix = level.text
        for k in range(9):
            if f"%{k + 1}" in prefix:
                lvl = self.numbering.level(num_id or "", k)
                prefix = prefix.replace(
                    f"%{k + 1}", number_text(counters.get(k, 1), lvl[1].fmt if lvl else "decimal")
                )
        return _Item(text, kind="number", prefix=prefix.strip(), heading=heading)

    def reset(self) -> None:
        for abstract_id in list(self.counters):
            if abstract_id not in self.heading_lists:
                del self.counters[abstract_id]

    def table(self, tbl: Element) -> list[_Item]:
        rows: list[list[str]] = []
        for tr in tbl.findall(f"{W}tr"):
            cells: list[str] = []
            for tc in tr.findall(f"{W}tc"):
                texts = [paragraph_text(p) for p in tc.iter(f"{W}p")]
                cells.append(" ".join(t for t in texts if t))
                tcpr = tc.find(f"{W}tcPr")
                span = _int(_val(tcpr.find(f"{W}gridSpan")) if tcpr is not None else None, 1)
                cells.extend([""] * max(0, min(span, 64) - 1))
            rows.append(cells)
        if all(len([c for c in cells if c]) <= 1 for cells in rows):
            # a table used as a frame: its contents are paragraphs
            items: list[_Item] = []
            for tr in tbl.findall(f"{W}tr"):
                for tc in tr.findall(f"{W}tc"):
                    items.extend(self.block(tc))
            return items
        return [_Item(line, kind="row") for line in (row(cells) for cells in rows) if line]

    def block(self, container: Element) -> list[_Item]:
        items: list[_Item] = []
        for child in container:
            if child.tag == f"{W}p":
                item = self.paragraph(child)
                if item is not None:
                    items.append(item)
            elif child.tag == f"{W}tbl":
                self.reset()
                items.extend(self.table(child))
            elif child.tag in {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}smartTag"}:
                items.extend(self.block(child))
        return items


_STYLE = re.compile(rb'<w:style\b[^>]*?w:styleId="([^"]+)"[^>]*>.*?</w:style>', re.S)


def styles_used(data: bytes, wanted: set[str]) -> dict[str, Style]:
    """The styles the document uses (and those they are based on), parsing only their XML:
    a styles part of word processors' templates is often hundreds of kilobytes."""
    if b"<!" in data.replace(b"<![CDATA[", b""):
        return read_styles(parse_xml(data))  # refused there: DTDs and entities are not accepted
    chunks = {match.group(1).decode("utf-8", "replace"): match.group(0) for match in _STYLE.finditer(data)}
    if not chunks:
        return read_styles(parse_xml(data))
    styles: dict[str, Style] = {}
    queue = [style_id for style_id in wanted if style_id in chunks]
    while queue and len(styles) < 1000:
        style_id = queue.pop()
        if style_id in styles:
            continue
        wrapper = b'<w:styles xmlns:w="' + W[1:-1].encode() + b'">'
        root = parse_xml(wrapper + chunks[style_id] + b"</w:styles>")
        styles.update(read_styles(root))
        based_on = styles.get(style_id, Style()).based_on
        if based_on and based_on in chunks and based_on not in styles:
            queue.append(based_on)
    return styles


def read_docx(archive: Archive) -> SourceText:
    document = archive.xml("word/document.xml")
    wanted = {element.get(f"{W}val") or "" for element in document.iter(f"{W}pStyle")}
    styles = styles_used(archive.read("word/styles.xml"), wanted) if archive.has("word/styles.xml") else {}
    numbering = read_numbering(
        archive.xml("word/numbering.xml") if archive.has("word/numbering.xml") else None
    )
    body = document.find(f"{W}body")
    items = _Reader(styles, numbering).block(body if body is not None else document)
    levels = indentation_levels([item.indent for item in items if item.kind == "bullet"])
    lines: list[str] = []
    for item in items:
        if item.kind == "bullet":
            lines.append(bullet(item.text, levels[item.indent]))
        elif item.kind == "number":
            lines.append(f"{item.prefix} {item.text}")
        else:
            lines.append(item.text)
    return SourceText(lines=lines, format="docx")
