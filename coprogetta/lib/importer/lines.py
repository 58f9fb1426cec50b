"""Lines of a document as the importer reads them: cleaned, with bullets and numbers told apart.

Readers give one logical paragraph per line and table rows as cells joined by TAB. PDF text
is noisier: page numbers and repeated running heads, words hyphenated at the end of a line,
cells separated by runs of spaces. :func:`paragraphs` smooths that out and keeps, for each
paragraph, the 1-based number of the line it starts on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from coprogetta.lib.textparse.dates import normalise

#: ``normalise`` of texts the importer reads many times over.
norm_text = lru_cache(maxsize=8192)(normalise)

_BULLET = re.compile(r"^\s*(?P<b>[-–—•●▪◦·*]|o(?=\s)|\uf0b7|\uf0a7)\s*")
_NUMBERED = re.compile(r"^\s*(?:(?:[0-9]{1,2}\.)+(?P<sub>[0-9]{1,2})\.?|(?P<n>[0-9]{1,2})\s*[.)])\s+(?=\S)")
_LETTERED = re.compile(r"^\s*(?P<l>[A-Za-z])\s*\)\s+(?=\S)")
_PAGE = re.compile(
    r"^\s*(?:pag(?:ina|\.)?\s*[0-9]+(?:\s*(?:di|/)\s*[0-9]+)?|[-–]?\s*[0-9]{1,3}\s*[-–]?|[0-9]+\s*/\s*[0-9]+)\s*$",
    re.IGNORECASE,
)
_CELL_GAP = re.compile(r"\S(?: {3,}|\t)\S")


@dataclass(frozen=True)
class Para:
    """One paragraph: ``no`` is its first line (1-based); ``text`` has no bullet or number."""

    no: int
    text: str
    raw: str
    bullet: bool = False
    number: int | None = None
    letter: str | None = None

    @property
    def cells(self) -> list[str]:
        """The table cells of this paragraph (one cell when it is no table row)."""
        return [c.strip() for c in self.raw.split("\t")]

    @property
    def is_row(self) -> bool:
        return "\t" in self.raw.strip("\t ") or "\t" in self.raw and len(self.cells) > 2

    @cached_property
    def norm(self) -> str:
        return norm_text(self.text)

    @property
    def is_item(self) -> bool:
        return self.bullet or self.number is not None or self.letter is not None


def _running_heads(lines: Sequence[str]) -> set[str]:
    """Short lines repeated on many pages next to page numbers: running heads and footers."""
    counts = Counter(line.strip() for line in lines if line.strip())
    heads = set()
    for index, line in enumerate(lines):
        text = line.strip()
        if not text or counts[text] < 3 or len(text) > 120:
            continue
        near = lines[max(0, index - 2) : index + 3]
        if any(_PAGE.match(other) for other in near if other.strip() and other.strip() != text):
            heads.add(text)
    return heads


def paragraphs(lines: Sequence[str]) -> list[Para]:
    """The paragraphs of ``lines``: page numbers and running heads dropped, hyphenation joined."""
    heads = _running_heads(lines)
    result: list[Para] = []
    pending: tuple[int, str] | None = None
    for no, line in enumerate(lines, start=1):
        text = line.replace("\u00a0", " ").rstrip()
        if "\t" not in text and _CELL_GAP.search(text.strip()) and len(text.split("   ")) > 2:
            text = re.sub(r" {3,}", "\t", text.strip())
        if not text.strip() or _PAGE.match(text) or text.strip() in heads:
            continue
        if pending is not None:
            first_no, start = pending
            if text.strip()[:1].islower():
                text = start[:-1] + text.strip()
                no = first_no
            else:
                result.append(_para(first_no, start))
            pending = None
        if re.search(r"[a-zà-ù]-$", text) and "\t" not in text:
            pending = (no, text)
            continue
        result.append(_para(no, text))
    if pending is not None:
        result.append(_para(*pending))
    return result


def _para(no: int, raw: str) -> Para:
    text = raw.strip()
    if "\t" in raw:
        return Para(no, " ".join(c.strip() for c in raw.split("\t") if c.strip()), raw)
    bullet = False
    number = None
    letter = None
    if match := _BULLET.match(text):
        bullet = True
        text = text[match.end() :]
        if inner := _BULLET.match(text):
            text = text[inner.end() :]
    if match := _NUMBERED.match(text):
        number = int(match["n"] or match["sub"])
        text = text[match.end() :]
    elif match := _LETTERED.match(text):
        letter = match["l"].upper()
        text = text[match.end() :]
    return Para(no, text.strip(), raw, bullet, number, letter)
