"""The shape of the lines every reader produces, and the helpers they share."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """One line of text: runs of white space (tabs included) become one space."""
    return _SPACES.sub(" ", text.replace("\u00ad", "")).strip()


def bullet(text: str, level: int) -> str:
    """A bulleted item: ``- text``, with one leading space per nesting level."""
    return " " * max(0, level) + "- " + text


def row(cells: list[str]) -> str | None:
    """A table row as its cells joined by TAB; None for a row with no text at all."""
    cells = [clean(cell) for cell in cells]
    if not any(cells):
        return None
    return "\t".join(cells)


def indentation_levels(indents: list[int]) -> dict[int, int]:
    """The nesting level of each left indentation of list items: the smallest is level 0."""
    return {indent: level for level, indent in enumerate(sorted(set(indents)))}


ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
         (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def number_text(value: int, fmt: str) -> str:
    """A list counter in a numbering format (decimal, letters, roman numerals)."""
    fmt = fmt.lower().replace("-", "")
    if fmt in {"lowerletter", "a", "upperletter"}:
        letters = ""
        n = max(1, value)
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperletter" else letters
    if fmt in {"lowerroman", "i", "upperroman"}:
        n, text = max(1, value), ""
        for arabic, roman in ROMAN:
            while n >= arabic:
                text += roman
                n -= arabic
        return text.upper() if fmt == "upperroman" else text
    return str(value)
