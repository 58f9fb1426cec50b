"""Reads a PDF from standard input and prints its lines as JSON: run in a child process.

``python pdf_worker.py MAX_PAGES MEMORY_BYTES SECONDS`` caps its own memory and CPU time
first, so a pathological file can only kill this process. It imports pypdf and nothing of
the project (no Django), to start quickly.

The lines follow the readers' common shape: one paragraph per line (wrapped lines joined,
hyphenated words rejoined), list items as ``- text`` or ``N. text``, table rows as cells
joined by TAB; running headers, footers and page numbers are dropped.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

BULLETS = "•◦▪▫■□●○‣⁃∙·*–-➢➤►✓✔"
MARKER = re.compile(r"^(?:\(?(\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)])$")
INLINE_BULLET = re.compile(rf"^[{re.escape(BULLETS)}]\s+(?=\S)")
PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:pag(?:ina|\.)?\s*|page\s*|p\.\s*)?\d{1,4}(?:\s*(?:di|/|of|de)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
END_OF_SENTENCE = (".", ":", ";", "!", "?")


@dataclass
class Line:
    """A visual line of one page."""

    page: int
    key: float  # position down the page: larger is higher up
    x: float  # where its text (after any list marker) starts
    right: float
    height: float
    text: str
    marker: str = ""
    #: the text as printed, when the marker was part of it (a dash may just start a wrapped line)
    printed: str = ""
    cells: list[tuple[float, str]] = field(default_factory=list)  # (start x, text) of table cells


def _limit(memory: int, seconds: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on every platform
        pass


def _bt_groups(page: Any) -> list[dict[str, Any]]:
    """Text operations of a page with absolute positions (pypdf's layout-mode internals)."""
    from pypdf._text_extraction._layout_mode import _fixed_width_page as layout
    from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager
    from pypdf.generic import ArrayObject, ContentStream, StreamObject

    contents = page.get("/Contents")
    if contents is None:
        return []
    contents = contents.get_object()
    if not isinstance(contents, ArrayObject | StreamObject):
        return []
    fonts = page._layout_mode_fonts()
    ops = iter(ContentStream(contents, page.pdf, "bytes").operations)
    state = TextStateManager()
    groups: list[dict[str, Any]] = []
    for operands, op in ops:
        if op in (b"BT", b"q"):
            bts, _tjs = layout.recurse_to_target_op(ops, state, b"ET" if op == b"BT" else b"Q", fonts, True)
            groups.extend(bts)
        elif op == b"Tf":
            layout.set_font_operation(state, fonts, operands)
        else:
            state.set_state_param(op, operands)
    return sorted(groups, key=lambda g: (g["ty"] * g["flip_sort"], -g["tx"]), reverse=True)


def _visual_lines(number: int, groups: list[dict[str, Any]]) -> list[Line]:
    rows: list[list[dict[str, Any]]] = []
    keys: list[float] = []
    for group in groups:
        if not group["text"].strip():
            continue
        key = group["ty"] * group["flip_sort"]
        height = group["font_height"] or group["font_size"] or 10
        if rows and abs(keys[-1] - key) < 0.5 * height:
            rows[-1].append(group)
        else:
            rows.append([group])
            keys.append(key)
    lines = []
    for key, row in zip(keys, rows, strict=True):
        row.sort(key=lambda g: g["tx"])
        lines.append(_line(number, key, row))
    return lines


def _line(number: int, key: float, row: list[dict[str, Any]]) -> Line:
    height = max(g["font_height"] or g["font_size"] or 10 for g in row)
    marker = ""
    first = row[0]["text"].strip()
    if len(row) > 1 and (first in BULLETS or MARKER.match(first)):
        marker = first
        row = row[1:]
    cells: list[tuple[float, str]] = []
    for group in row:
        text = group["text"]
        width = (group["displaced_tx"] - group["tx"]) / max(len(text), 1)
        gap = group["tx"] - (cells[-1][0] + len(cells[-1][1]) * width) if cells else 0.0
        for match in re.finditer(r"\S+(?: \S+)*", text):
            start = group["tx"] + match.start() * width
            if cells and (match.start() > 0 and text[match.start() - 2 : match.start()] != "  ") and \
                    match.start() != 0:
                cells[-1] = (cells[-1][0], cells[-1][1] + " " + match.group())
            elif cells and match.start() == 0 and gap < 1.5 * height:
                joiner = "" if cells[-1][1].endswith(" ") else " "
                cells[-1] = (cells[-1][0], cells[-1][1] + joiner + match.group())
            else:
                cells.append((start, match.group()))
    text = " ".join(cell for _, cell in cells)
    if not marker:
        inline = INLINE_BULLET.match(text)
        if inline and len(cells) == 1:
            marker = "•"
            printed, text = text, text[inline.end():]
            cells = [(cells[0][0], text)]
            return Line(
                page=number, key=key, x=row[0]["tx"], right=max(g["displaced_tx"] for g in row),
                height=height, text=text, marker=marker, printed=printed,
            )
    return Line(
        page=number, key=key, x=row[0]["tx"], right=max(g["displaced_tx"] for g in row),
        height=height, text=text, marker=marker, cells=cells if len(cells) > 1 else [],
    )


def _plain_lines(number: int, page: Any) -> list[Line]:
    """A fallback for pages pypdf's layout internals cannot handle: its plain text."""
    text = page.extract_text() or ""
    return [Line(page=number, key=-i * 20.0, x=0.0, right=0.0, height=10.0, text=t.strip())
            for i, t in enumerate(text.splitlines()) if t.strip()]


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Without headers, footers and page numbers: the first and last two lines of each page
    that repeat on other pages (numbers aside) or are just a page number."""
    edges: Counter[str] = Counter()
    for lines in pages:
        for line in {_norm(line.text) for line in lines[:2] + lines[-2:]}:
            edges[line] += 1
    repeated = {text for text, count in edges.items() if count >= max(2, (len(pages) + 1) // 2)} \
        if len(pages) > 1 else set()
    result = []
    for lines in pages:
        edge = {id(line) for line in lines[:2] + lines[-2:]}
        result.append([
            line for line in lines
            if not (id(line) in edge and not line.marker and not line.cells
                    and (PAGE_NUMBER.match(line.text.strip()) or _norm(line.text) in repeated))
        ])
    return result


def _table_blocks(lines: list[Line]) -> None:
    """Lines with cells stay rows only in a run of two or more such lines, or when a cell
    holds a number; otherwise their cells were just wide spaces in a sentence."""
    for index, line in enumerate(lines):
        if not line.cells:
            continue
        neighbours = [lines[j] for j in (index - 1, index + 1) if 0 <= j < len(lines)]
        if any(n.cells and n.page == line.page for n in neighbours):
            continue
        if any(re.search(r"\d", cell) for _, cell in line.cells) and len(line.cells) >= 2:
            continue
        line.cells = []


def _align(block: list[Line]) -> list[str]:
    """The rows of a table, their cells placed in the columns of its widest row."""
    widest = max(block, key=lambda line: len(line.cells))
    anchors = [start for start, _ in widest.cells]
    rows = []
    for line in block:
        if len(line.cells) == len(anchors):
            rows.append("\t".join(cell for _, cell in line.cells))
            continue
        slots = [""] * len(anchors)
        used = -1
        for start, cell in line.cells:
            nearest = min(range(len(anchors)), key=lambda i: abs(anchors[i] - start))
            nearest = max(nearest, used + 1)
            if nearest >= len(slots):
                slots.append(cell)
            else:
                slots[nearest] = cell
            used = nearest
        rows.append("\t".join(slots))
    return rows


def paragraphs(pages: list[list[Line]]) -> list[str]:
    """Visual lines joined into logical paragraphs, one per output line."""
    lines = [line for page in pages for line in page]
    _table_blocks(lines)
    bullet_xs = sorted({round(line.x / 4) for line in lines if line.marker in BULLETS and line.marker})
    levels: dict[int, int] = {}
    for value in bullet_xs:
        near = next((levels[v] for v in levels if abs(v - value) <= 1), None)
        levels[value] = near if near is not None else len(set(levels.values()))
    margin: dict[int, float] = {}
    for line in lines:
        margin[line.page] = max(margin.get(line.page, 0.0), line.right)

    out: list[str] = []
    current: list[Any] = []  # [text, kind, height, first x, continuation x, last line]
    block: list[Line] = []

    def flush() -> None:
        if current:
            out.append(current[0])
            current.clear()

    def flush_block() -> None:
        if block:
            out.extend(_align(block))
            block.clear()

    for line in lines:
        if line.cells:
            flush()
            if block and block[-1].page != line.page and len(block[-1].cells) != len(line.cells):
                flush_block()
            block.append(line)
            continue
        flush_block()
        if line.printed and current and not current[0].rstrip().endswith(END_OF_SENTENCE):
            printed = Line(**{**line.__dict__, "text": line.printed, "marker": "", "printed": ""})
            if _continues(current, printed, margin):
                line = printed
        if line.marker:
            flush()
            if line.marker in BULLETS:
                level = levels.get(round(line.x / 4), 0)
                text = " " * level + "- " + line.text
            else:
                marker = line.marker if line.marker.endswith((".", ")")) else line.marker + "."
                text = f"{marker} {line.text}"
            current[:] = [text, "item", line.height, line.x, line.x, line]
            continue
        if current and _continues(current, line, margin):
            last_text: str = current[0]
            if re.search(r"[^\W\d_][-\u2010\u00ad]$", last_text) and line.text[:1].islower():
                current[0] = last_text[:-1] + line.text
            else:
                current[0] = last_text + " " + line.text
            current[4] = line.x
            current[5] = line
            continue
        flush()
        current[:] = [line.text, "text", line.height, line.x, None, line]
    flush()
    flush_block()
    return [re.sub(r"\s+", " ", text).rstrip() if "\t" not in text else text for text in out]


def _continues(current: list[Any], line: Line, margin: dict[int, float]) -> bool:
    text, kind, height, first_x, cont_x, last = current
    if abs(line.height - height) > 0.15 * height:
        return False
    expected = cont_x if cont_x is not None else first_x
    if kind == "item":
        if abs(line.x - expected) > 3:
            return False
    elif cont_x is None:
        if line.x > first_x + 3:
            return False
    elif abs(line.x - cont_x) > 3:
        return False
    full = last.right >= 0.8 * margin.get(last.page, last.right)
    if line.page != last.page:
        return full and not text.rstrip().endswith(END_OF_SENTENCE)
    gap = last.key - line.key
    if gap > 1.6 * line.height or gap <= 0:
        return False
    return full or not text.rstrip().endswith(END_OF_SENTENCE)


def extract(data: bytes, max_pages: int) -> dict[str, Any]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if b"%%EOF" not in data[-2048:]:
        return {"error": "damaged", "detail": "no %%EOF at the end: the file is truncated"}
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return {"error": "encrypted"}
            except Exception:
                return {"error": "encrypted"}
        count = len(reader.pages)
    except PdfReadError:
        return {"error": "damaged"}
    if count > max_pages:
        return {"error": "pages", "pages": count}
    if count == 0:
        return {"error": "damaged"}
    pages = []
    for number, page in enumerate(reader.pages):
        try:
            lines = _visual_lines(number, _bt_groups(page))
        except Exception:
            lines = _plain_lines(number, page)
        pages.append(lines)
    return {"pages": count, "lines": paragraphs(drop_running_lines(pages))}


def main() -> None:
    max_pages, memory, seconds = (int(value) for value in sys.argv[1:4])
    _limit(memory, seconds)
    data = sys.stdin.buffer.read()
    try:
        result = extract(data, max_pages)
    except MemoryError:
        result = {"error": "complex"}
    except RecursionError:
        result = {"error": "complex"}
    except Exception as error:  # a damaged file: the parent shows one sentence
        result = {"error": "damaged", "detail": f"{type(error).__name__}: {error}"[:500]}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
