"""The format "coprogetta/agreement@1" itself: schema, validation and canonical text.

Pure Python (no Django): the export and the import both go through these helpers.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from coprogetta.lib import money

FORMAT = "coprogetta/agreement@1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "agreement-1.schema.json"

Document = dict[str, Any]


class DocumentError(ValueError):
    """A document that cannot be imported; ``problems`` says what to fix, with JSON paths."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# -- canonical values ------------------------------------------------------------------------


def amount_text(value: Decimal | None) -> str | None:
    """An amount as the format writes it: ``"26736.87"``."""
    if value is None:
        return None
    return format(money.round_half_up(value), "f")


def number_text(value: Decimal | None) -> str | None:
    """A quantity, hours or percentage without trailing zeros: ``"11"``, ``"1.5"``."""
    if value is None:
        return None
    return format(money.to_decimal(value).normalize(), "f")


def date_text(value: Any) -> str | None:
    return None if value is None else value.isoformat()


# -- text ------------------------------------------------------------------------------------


def dumps(document: Document) -> str:
    """The canonical text of a document: UTF-8 characters as they are, two-space indent."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def loads(text: str | bytes) -> Document:
    """Parse a document; bad JSON, duplicate keys and NaN/Infinity raise DocumentError."""

    def no_constant(name: str) -> None:
        raise DocumentError([f"{name} is not a number the format accepts"])

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        duplicated = sorted({k for k in keys if keys.count(k) > 1})
        if duplicated:
            raise DocumentError([f"the key {k!r} appears twice in the same object" for k in duplicated])
        return dict(pairs)

    try:
        document = json.loads(text, parse_constant=no_constant, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as error:
        raise DocumentError(
            [f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"]
        ) from None
    except UnicodeDecodeError:
        raise DocumentError(["not valid JSON: the file is not UTF-8 text"]) from None
    if not isinstance(document, dict):
        raise DocumentError(["$: a document is a JSON object"])
    return document


# -- validation ------------------------------------------------------------------------------


@functools.cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the format, as shipped with the package."""
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        result: dict[str, Any] = json.load(handle)
    return result


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


HINTS = {
    "amount": 'write amounts as decimal strings with two decimals, e.g. "26736.87"',
    "quantity": 'write quantities and hours as decimal strings with at most two decimals, e.g. "11"',
    "percent": 'write percentages as decimal strings, e.g. "1" or "33.33"',
    "date": 'write dates as ISO dates, e.g. "2016-12-31"',
}


def json_path(parts: Iterable[str | int]) -> str:
    """``$.areas[0].budget_lines[1].vat`` for ``["areas", 0, "budget_lines", 1, "vat"]``."""
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _not_json(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Floating-point numbers, NUL characters and values JSON cannot hold, with their paths."""
    if isinstance(value, dict):
        for key, item in value.items():
            if path == () and key == "verification":
                continue  # accepted and ignored
            yield from _not_json(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _not_json(item, (*path, index))
    elif isinstance(value, Decimal):
        yield path, f'{value!r} is not a JSON value: write it as a decimal string, e.g. "{value}"'
    elif isinstance(value, float):
        yield path, (
            f"{value!r} is a floating-point number: amounts, rates, quantities and percentages "
            'are decimal strings (e.g. "26736.87") and counts are whole numbers'
        )
    elif isinstance(value, str) and "\x00" in value:
        yield path, "the text contains a NUL character (\\u0000), which no database column accepts"
    elif not (value is None or isinstance(value, bool | int | str)):
        yield path, f"a {type(value).__name__} is not a JSON value"


def _sort_key(path: Iterable[str | int]) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in path)


def validate_document(document: Any) -> None:
    """Raise DocumentError listing every way ``document`` departs from the schema."""
    if not isinstance(document, dict):
        raise DocumentError(["$: a document is a JSON object"])
    problems: list[tuple[tuple[str | int, ...], str]] = list(_not_json(document, ()))
    refused = {path for path, _ in problems}
    for error in _validator().iter_errors(document):
        path = tuple(error.absolute_path)
        if path in refused:
            continue
        hint = HINTS.get(str(error.schema.get("title"))) if isinstance(error.schema, dict) else None
        if hint and error.validator in {"type", "pattern", "format"}:
            message = f"{error.instance!r} is not accepted: {hint}"
        else:
            message = error.message
        problems.append((path, message))
    if problems:
        problems.sort(key=lambda item: (_sort_key(item[0]), item[1]))
        raise DocumentError(f"{json_path(path)}: {message}" for path, message in problems)
