"""The vendored HSDS 3 schema files (``hsds/``): the tables, their CSV columns, and a JSON
Schema validator of their records and of the JSON form of a service."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds"

#: The HSDS tables the directory reads and writes, in the order of the data package.
TABLES = (
    "organization",
    "service",
    "location",
    "address",
    "service_at_location",
    "schedule",
    "language",
    "contact",
    "phone",
    "cost_option",
    "service_area",
    "taxonomy_term",
    "attribute",
)


@cache
def schema(table: str) -> dict[str, Any]:
    """The schema file of ``table`` (for example ``service``)."""
    return json.loads((SCHEMA_DIR / f"{table}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def csv_path(table: str) -> str:
    """The CSV file name HSDS gives the table (``services.csv``)."""
    return str(schema(table)["path"])


def columns(table: str) -> list[str]:
    """The table's CSV columns: its properties that are neither lists nor nested objects."""
    return [
        name
        for name, spec in schema(table)["properties"].items()
        if "$ref" not in spec and spec.get("type") != "array"
    ]


def required_columns(table: str) -> list[str]:
    """Columns a CSV table must have: the schema's required and tabular_required ones."""
    spec = schema(table)
    return [c for c in [*spec.get("required", []), *spec.get("tabular_required", [])] if c in columns(table)]


def column_type(table: str, column: str) -> str:
    """The data package type of a column: number, date, time or string."""
    spec = schema(table)["properties"][column]
    if spec.get("type") == "number":
        return "number"
    return str(spec.get("datapackage_type") or "string")


@cache
def registry() -> Registry:
    """Every vendored schema file, under its own file name, for ``$ref`` between them."""
    resources = [
        (
            path.name,
            Resource.from_contents(
                json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
            ),
        )
        for path in sorted(SCHEMA_DIR.glob("*.json"))
    ]
    return Registry().with_resources(resources)


def validator(table: str) -> Draft202012Validator:
    """A validator of one record (a CSV row or a nested JSON object) of ``table``."""
    return Draft202012Validator({"$ref": f"{table}.json"}, registry=registry())


def errors(table: str, record: dict[str, Any]) -> list[str]:
    """What is wrong with ``record`` against the table's schema, as readable sentences."""
    found = sorted(validator(table).iter_errors(record), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in error.absolute_path) or table}: {error.message}" for error in found]
