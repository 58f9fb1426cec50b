"""The directory as an Open Referral HSDS 3 data package, and back.

One resource is one HSDS service of an organisation at (at most) one location. What HSDS has
no column for is carried by its own means: the kind, the target groups and the capacity as
attributes linked to taxonomy terms of the ``coprogetta`` taxonomies, the zone as a service
area, the opening times as a schedule's description, the cost as a cost option in EUR.

Export: ``package_tables`` (rows per table) -> ``package_zip`` (CSV tables + datapackage.json)
or ``package_json`` (the services as nested JSON objects, HSDS's "JSON form").
Import: ``hsds_reading`` reads a package back; ``hsds_services.hsds_import`` writes it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from coprogetta.documents.exports_sheets import FORMULA_STARTS

from .hsds_schema import TABLES, column_type, columns, csv_path, required_columns
from .models import Resource

NAMESPACE = uuid.UUID("6f1c1c8e-8a0f-4d0b-9a53-3c0e8f1d2a11")
ZIP_DATE = (2016, 1, 1, 0, 0, 0)
KIND_TAXONOMY, GROUP_TAXONOMY, CAPACITY_TERM = "coprogetta-kind", "coprogetta-target-group", "capacity"
#: Fixed English term names, so that an export does not change with the reader's language.
KIND_NAMES = {
    "service": "Service",
    "space": "Space",
    "programme": "Programme",
    "volunteering": "Volunteering or traineeship",
    "funding": "Funding",
}
GROUP_NAMES = {
    "early_0_3": "Early childhood 0-3",
    "early_3_6": "Early childhood 3-6",
    "children": "Children",
    "pre_adolescents": "Pre-adolescents",
    "adolescents": "Adolescents",
    "young_adults": "Young adults",
    "families": "Families",
    "fragile_adults": "Adults in fragile situations",
    "elderly": "Elderly people",
    "disabilities": "People with disabilities",
}
Row = dict[str, str]
Tables = dict[str, list[Row]]


def derived_id(*parts: object) -> str:
    """A stable id for a record HSDS needs and Coprogetta does not keep (an address, a phone)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _num(value: Decimal | int | None) -> str:
    return "" if value is None else format(value, "f") if isinstance(value, Decimal) else str(value)


def _term(taxonomy: str, code: str, name: str) -> Row:
    return {
        "id": derived_id("term", taxonomy, code),
        "code": f"{taxonomy}:{code}",
        "name": name,
        "description": f"{taxonomy}: {name}",
        "taxonomy_id": taxonomy,
    }


TERMS: dict[str, Row] = {
    **{f"{KIND_TAXONOMY}:{c}": _term(KIND_TAXONOMY, c, n) for c, n in KIND_NAMES.items()},
    **{f"{GROUP_TAXONOMY}:{c}": _term(GROUP_TAXONOMY, c, n) for c, n in GROUP_NAMES.items()},
    f"coprogetta:{CAPACITY_TERM}": _term("coprogetta", CAPACITY_TERM, "Capacity (people at once)"),
}


def _has_place(r: Resource) -> bool:
    return bool(r.location_name or r.address or r.has_coordinates)


def package_tables(resources: Iterable[Resource]) -> Tables:
    """Every table's rows (all columns, empty when unknown), sorted by id."""
    tables: dict[str, dict[str, Row]] = {t: {} for t in TABLES}

    def put(table: str, **values: str) -> None:
        row = {c: "" for c in columns(table)}
        row.update({k: v for k, v in values.items() if v is not None})
        tables[table].setdefault(row["id"], row)

    for r in resources:
        sid, oid, lid = str(r.uid), str(r.provider_uid), str(r.location_uid)
        put("organization", id=oid, name=r.provider_name, description="")
        put(
            "service",
            id=sid,
            organization_id=oid,
            name=r.name,
            description=r.description,
            url=r.url,
            email=r.email,
            status="active",
            fees_description=r.cost_description,
            minimum_age=_num(r.min_age),
            maximum_age=_num(r.max_age),
        )
        if _has_place(r):
            put(
                "location",
                id=lid,
                location_type="physical",
                organization_id=oid,
                name=r.location_name,
                latitude=_num(r.latitude),
                longitude=_num(r.longitude),
            )
            put("service_at_location", id=derived_id(sid, "at", lid), service_id=sid, location_id=lid)
            if r.address:
                put(
                    "address",
                    id=derived_id(lid, "address"),
                    location_id=lid,
                    address_1=r.address,
                    city=r.city,
                    postal_code=r.postal_code,
                    country="IT",
                    address_type="physical",
                )
        if r.schedule_text:
            put("schedule", id=derived_id(sid, "schedule"), service_id=sid, description=r.schedule_text)
        for code in r.language_codes:
            put("language", id=derived_id(sid, "language", code), service_id=sid, name=code, code=code)
        if r.contact_name:
            put("contact", id=derived_id(sid, "contact"), service_id=sid, name=r.contact_name)
        if r.phone:
            put("phone", id=derived_id(sid, "phone"), service_id=sid, number=r.phone)
        if r.cost_amount is not None:
            put(
                "cost_option",
                id=derived_id(sid, "cost"),
                service_id=sid,
                currency="EUR",
                amount=_num(r.cost_amount),
            )
        if r.zone:
            put("service_area", id=derived_id(sid, "area"), service_id=sid, name=r.zone)
        links = [(f"{KIND_TAXONOMY}:{r.kind}", "kind", "")]
        links += [(f"{GROUP_TAXONOMY}:{code}", "target_group", "") for code in r.target_group_codes]
        if r.capacity is not None:
            links.append((f"coprogetta:{CAPACITY_TERM}", "capacity", str(r.capacity)))
        for key, link_type, value in links:
            term = TERMS[key]
            tables["taxonomy_term"].setdefault(
                term["id"], {c: term.get(c, "") for c in columns("taxonomy_term")}
            )
            put(
                "attribute",
                id=derived_id(sid, "attribute", key),
                link_id=sid,
                taxonomy_term_id=term["id"],
                link_type=link_type,
                link_entity="service",
                value=value,
            )
    return {t: [rows[k] for k in sorted(rows)] for t, rows in tables.items()}


def datapackage(tables: Tables) -> dict[str, Any]:
    """The ``datapackage.json`` describing the CSV tables (Frictionless tabular data package)."""
    return {
        "profile": "tabular-data-package",
        "name": "coprogetta-hsds",
        "title": "Coprogetta: resources and opportunities of the territory (HSDS 3)",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            {
                "name": table,
                "path": csv_path(table),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": c, "type": column_type(table, c)} for c in columns(table)],
                    "primaryKey": "id",
                },
            }
            for table in TABLES
            if tables.get(table) is not None
        ],
    }


#: A value made only of digits, spaces and ``+-().`` (a phone number, a signed number): no
#: spreadsheet can run it as a formula, and HSDS needs it exactly as it is.
_NUMERIC_LIKE = re.compile(r"[+\-]?[0-9 ().+\-/]*")


def csv_cell(value: object) -> object:
    """A CSV value no spreadsheet runs as a formula: text starting with ``=``, ``+``, ``-``,
    ``@``, tab, carriage return or NUL gets a leading ``'`` (and NULs go), unless it is only a
    number or a phone number. ``hsds_reading.csv_value`` takes the ``'`` off when reading."""
    if not isinstance(value, str):
        return value
    text = value.replace("\0", "")
    if text[:1] in FORMULA_STARTS and not _NUMERIC_LIKE.fullmatch(text):
        return "'" + text
    return text


def _csv(table: str, rows: list[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(table), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue().encode("utf-8")


def package_zip(tables: Tables) -> bytes:
    """The data package as a ZIP: ``datapackage.json`` and one CSV per table (same bytes for
    the same data: fixed dates and order)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        add("datapackage.json", (json.dumps(datapackage(tables), indent=2) + "\n").encode("utf-8"))
        for table in TABLES:
            add(csv_path(table), _csv(table, tables[table]))
    return buffer.getvalue()


# -- the JSON form ---------------------------------------------------------------------------


def _typed(table: str, row: Row, *, drop: Iterable[str] = ()) -> dict[str, Any]:
    """A CSV row as a JSON object: empty cells left out, numbers as numbers."""
    out: dict[str, Any] = {}
    required = required_columns(table)
    for column, value in row.items():
        if column in drop or (
            value == "" and (column not in required or column_type(table, column) == "number")
        ):
            continue
        if column_type(table, column) == "number":
            number = Decimal(value)
            out[column] = (
                int(number) if number == number.to_integral_value() and "." not in value else float(number)
            )
        else:
            out[column] = value
    return out


def service_objects(tables: Tables) -> list[dict[str, Any]]:
    """Each service as HSDS's nested JSON object (organization, locations, schedules...)."""

    def by(table: str, key: str) -> dict[str, list[Row]]:
        index: dict[str, list[Row]] = {}
        for row in tables.get(table, []):
            index.setdefault(row[key], []).append(row)
        return index

    organizations = {r["id"]: r for r in tables["organization"]}
    locations = {r["id"]: r for r in tables["location"]}
    terms = {r["id"]: r for r in tables["taxonomy_term"]}
    addresses = by("address", "location_id")
    at = by("service_at_location", "service_id")
    nested = {
        t: by(t, "service_id")
        for t in ("schedule", "language", "contact", "phone", "cost_option", "service_area")
    }
    attributes = by("attribute", "link_id")
    result = []
    for service in tables["service"]:
        sid = service["id"]
        obj = _typed("service", service)
        if service["organization_id"] in organizations:
            obj["organization"] = _typed("organization", organizations[service["organization_id"]])
        obj["service_at_locations"] = [
            {
                **_typed("service_at_location", link),
                "location": {
                    **_typed("location", locations[link["location_id"]]),
                    "addresss": [_typed("address", a) for a in addresses.get(link["location_id"], [])],
                },
            }
            for link in at.get(sid, [])
            if link["location_id"] in locations
        ]
        for table, name in (
            ("schedule", "schedules"),
            ("language", "languages"),
            ("contact", "contacts"),
            ("phone", "phones"),
            ("cost_option", "cost_options"),
            ("service_area", "service_areas"),
        ):
            obj[name] = [_typed(table, row) for row in nested[table].get(sid, [])]
        obj["attributes"] = [
            {**_typed("attribute", a), "taxonomy_term": _typed("taxonomy_term", terms[a["taxonomy_term_id"]])}
            for a in attributes.get(sid, [])
            if a["taxonomy_term_id"] in terms
        ]
        result.append(obj)
    return result


def package_json(tables: Tables) -> bytes:
    """The services as HSDS's paginated JSON form (one page with every service)."""
    contents = service_objects(tables)
    page = {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }
    return (json.dumps(page, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
