"""ODT (OpenDocument Text) from its content.xml: headings, paragraphs, lists (bulleted or
numbered, as their list styles say) and tables in document order."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from . import SourceText
from .archive import Archive
from .lines import bullet, clean, number_text, row

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
#: Repeated rows and columns beyond this are empty filler (and a cheap bomb): ignored.
MAX_REPEAT = 64
SKIP = {f"{TEXT}note", f"{TEXT}tracked-changes", f"{OFFICE}annotation", f"{TEXT}bookmark-ref"}


@dataclass
class ListLevel:
    numbered: bool
    fmt: str = "1"
    prefix: str = ""
    suffix: str = "."
    start: int = 1


def list_styles(*roots: Element | None) -> dict[str, dict[int, ListLevel]]:
    styles: dict[str, dict[int, ListLevel]] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(f"{TEXT}list-style"):
            levels: dict[int, ListLevel] = {}
            for child in style:
                level = int(child.get(f"{TEXT}level", "1") or 1)
                if child.tag == f"{TEXT}list-level-style-number" and child.get(f"{STYLE}num-format"):
                    levels[level] = ListLevel(
                        numbered=True, fmt=child.get(f"{STYLE}num-format") or "1",
                        prefix=child.get(f"{STYLE}num-prefix") or "",
                        suffix=child.get(f"{STYLE}num-suffix") or "",
                        start=int(child.get(f"{TEXT}start-value", "1") or 1),
                    )
                else:
                    levels[level] = ListLevel(numbered=False)
            styles[style.get(f"{STYLE}name") or ""] = levels
    return styles


def text_of(element: Element) -> str:
    parts: list[str] = []

    def walk(node: Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag in SKIP or child.tag.startswith("{urn:oasis:names:tc:opendocument:xmlns:drawing"):
                pass
            elif child.tag == f"{TEXT}s":
                parts.append(" ")
            elif child.tag in {f"{TEXT}tab", f"{TEXT}line-break"}:
                parts.append(" ")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return clean("".join(parts))


@dataclass
class _Reader:
    styles: dict[str, dict[int, ListLevel]]
    lines: list[str] = field(default_factory=list)
    counters: dict[str, list[int]] = field(default_factory=dict)

    def block(self, container: Element) -> None:
        for child in container:
            tag = child.tag
            if tag in {f"{TEXT}p", f"{TEXT}h"}:
                text = text_of(child)
                if text:
                    self.lines.append(text)
            elif tag == f"{TEXT}list":
                continues = child.get(f"{TEXT}continue-numbering") == "true" or bool(
                    child.get(f"{TEXT}continue-list")
                )
                self.list(child, child.get(f"{TEXT}style-name") or "", 1, continues)
            elif tag == f"{TABLE}table":
                self.table(child)
            elif tag in {f"{TEXT}section", f"{OFFICE}text", f"{TEXT}index-body"}:
                self.block(child)

    def list(self, element: Element, style: str, depth: int, continues: bool) -> None:
        style = element.get(f"{TEXT}style-name") or style
        counters = self.counters.setdefault(style, [])
        if depth == 1 and not continues:
            counters.clear()
        while len(counters) < depth:
            counters.append(0)
        del counters[depth:]
        counters[depth - 1] = 0
        level = self.styles.get(style, {}).get(depth, ListLevel(numbered=False))
        counters[depth - 1] = level.start - 1
        for item in element:
            if item.tag not in {f"{TEXT}list-item", f"{TEXT}list-header"}:
                continue
            header = item.tag == f"{TEXT}list-header"
            if not header:
                counters[depth - 1] += 1
            first = True
            for child in item:
                if child.tag == f"{TEXT}list":
                    self.list(child, style, depth + 1, True)
                    del counters[depth:]
                    continue
                if child.tag not in {f"{TEXT}p", f"{TEXT}h"}:
                    continue
                text = text_of(child)
                if not text:
                    continue
                if first and not header:
                    if level.numbered:
                        number = number_text(counters[depth - 1], _fmt(level.fmt))
                        text = f"{level.prefix}{number}{level.suffix or '.'} {text}".strip()
                    else:
                        text = bullet(text, depth - 1)
                first = False
                self.lines.append(text)

    def table(self, element: Element) -> None:
        rows: list[list[str]] = []
        for tr in element.iter(f"{TABLE}table-row"):
            cells: list[str] = []
            for cell in tr:
                if cell.tag not in {f"{TABLE}table-cell", f"{TABLE}covered-table-cell"}:
                    continue
                text = " ".join(t for t in (text_of(p) for p in cell.iter() if p.tag in
                                            {f"{TEXT}p", f"{TEXT}h"}) if t)
                repeat = min(int(cell.get(f"{TABLE}number-columns-repeated", "1") or 1), MAX_REPEAT)
                cells.extend([text] * repeat)
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
        if all(len([c for c in cells if c]) <= 1 for cells in rows):
            for tr in element.iter(f"{TABLE}table-row"):
                for cell in tr:
                    self.block(cell)
            return
        width = max(len(cells) for cells in rows)
        for cells in rows:
            line = row(cells + [""] * (width - len(cells)))
            if line:
                self.lines.append(line)


def _fmt(fmt: str) -> str:
    return {"a": "lowerletter", "A": "upperletter", "i": "lowerroman", "I": "upperroman"}.get(fmt, "decimal")


def read_odt(archive: Archive) -> SourceText:
    content = archive.xml("content.xml")
    styles_root = archive.xml("styles.xml") if archive.has("styles.xml") else None
    body = content.find(f"{OFFICE}body")
    reader = _Reader(list_styles(content, styles_root))
    text = body.find(f"{OFFICE}text") if body is not None else None
    reader.block(text if text is not None else content)
    return SourceText(lines=reader.lines, format="odt")
