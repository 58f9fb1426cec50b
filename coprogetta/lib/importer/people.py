"""Human resources (roles and head counts) and indicators with their targets.

The interchange format has no place for either (staff costs need rates and hours), so the
importer returns them beside the document, in ``Extraction.extras``, for the review page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from coprogetta.lib.importer.lines import Para, norm_text
from coprogetta.lib.textparse.numbers import NumberFormatError, parse_number

_HUMAN = re.compile(r"risorse\s+umane[^:–-]*[:–-]\s*(?P<rest>.*)", re.IGNORECASE)
_COUNTED = re.compile(
    r"(?:\bn\.?\s*|\bnr\.?\s*|\b)(?P<n>[0-9]{1,3})\s+(?P<role>[A-Za-zÀ-ù][A-Za-zÀ-ù' ]{2,60}?)"
    r"(?=\s*(?:\(|\)|,|;|\.|\s+e\s+(?:n\.?\s*)?[0-9]|\s+come\b|$))",
    re.IGNORECASE,
)
_NOT_ROLES = re.compile(r"come da|proposta|sezione|allegato|obiettivi|operatori dei soggetti|per obiettivi")
_INDICATOR = re.compile(r"\bindicator[ei]\b", re.IGNORECASE)
_TARGET = re.compile(
    r"(?:target|obiettivo|valore\s+(?:atteso|obiettivo)|risultato\s+atteso|almeno|minimo)\s*[:=]?\s*"
    r"(?:almeno\s+|non\s+inferiore\s+a\s+|>=?\s*|≥\s*)?(?P<n>[0-9]+(?:[.,][0-9]+)?)\s*(?P<unit>%|[a-zà-ù]+)?",
    re.IGNORECASE,
)


def human_resources(paras: Sequence[Para]) -> list[dict[str, Any]]:
    """Roles named after "Risorse umane:", with their head count when the text gives it."""
    found: list[dict[str, Any]] = []
    for para in paras:
        match = _HUMAN.search(para.text)
        if match is None:
            continue
        rest = re.split(r"\(come da|come da|;", match["rest"], maxsplit=1, flags=re.IGNORECASE)[0]
        rest = rest.strip(" .;")
        counted = [m for m in _COUNTED.finditer(match["rest"]) if not _NOT_ROLES.search(norm_text(m["role"]))]
        if counted:
            for item in counted:
                found.append({"role": item["role"].strip(), "count": int(item["n"]), "line": para.no})
            continue
        if not rest or _NOT_ROLES.search(norm_text(rest)):
            continue
        for role in re.split(r",\s*|\s+e\s+", rest):
            role = role.strip(" .;")
            if 2 < len(role) <= 60 and not _NOT_ROLES.search(norm_text(role)):
                found.append({"role": role, "count": None, "line": para.no})
    return found


def _number(text: str) -> Decimal | None:
    try:
        return parse_number(text)
    except NumberFormatError:
        return None


def indicators(paras: Sequence[Para]) -> list[dict[str, Any]]:
    """Indicators and their targets: "Indicatore: ... – target: 50", or the rows of a table of
    indicators (a name and a number), or the items under an "Indicatori" heading."""
    found: list[dict[str, Any]] = []
    under_heading = False
    for para in paras:
        norm = para.norm
        heading = _INDICATOR.search(para.text) and len(para.text) < 80 and not _TARGET.search(para.text)
        if heading and (para.text.rstrip().endswith(":") or not para.is_item):
            under_heading = True
            continue
        if para.is_row and under_heading:
            cells = [c for c in para.cells if c]
            numbers = [(i, _number(c.rstrip(" %"))) for i, c in enumerate(cells)]
            values = [(i, n) for i, n in numbers if n is not None]
            if len(cells) >= 2 and values and values[-1][0] > 0:
                found.append({"name": cells[0][:200], "target": str(values[-1][1]), "line": para.no})
            continue
        target = _TARGET.search(para.text)
        if target and (under_heading and para.is_item or _INDICATOR.search(para.text)):
            name = para.text[: target.start()].strip(" :–-,;(")
            name = re.sub(r"(?i)^indicatore\s*(?:n\.\s*[0-9]+)?\s*[:–-]?\s*", "", name)
            if name:
                value = _number(target["n"])
                found.append(
                    {
                        "name": name[:200],
                        "target": None if value is None else str(value),
                        "unit": (target["unit"] or "").strip(),
                        "line": para.no,
                    }
                )
            continue
        if under_heading and not para.is_item and not para.is_row and not norm.startswith("indicator"):
            under_heading = False
    return found
