"""The directory as an Open Referral HSDS 3 data package, and back.

One resource is one HSDS service of an organisation at (at most) one location. What HSDS has
no column for is carried by its own means: the kind, the target groups and the capacity as
attributes linked to taxonomy terms of the ``coprogetta`` taxonomies, the zone as a service
area, the opening times as a schedule's description, the cost as a cost option in EUR.

Export: ``package_tables`` (rows per table) -> ``package_zip`` (CSV tables + datapackage.json)
or ``package_json`` (the services as nested JSON objects, HSDS's "JSON form").
Import: ``read_zip`` / ``read_json`` -> tables -> ``resources_from_tables``, which collects
every problem (missing files, wrong columns, duplicate ids, broken references, coordinates
out of range) before anything is written; ``services.hsds_import`` writes in one transaction.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .hsds_schema import TABLES, column_type, columns, csv_path, required_columns
from .models import Resource, TargetGroup

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


def _csv(table: str, rows: list[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(table), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
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


# -- import ----------------------------------------------------------------------------------


@dataclass
class Problem:
    """One reason something was rejected: where (file, row, column) and why."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ImportedResource:
    uid: uuid.UUID
    values: dict[str, Any]


@dataclass
class Reading:
    """What a package holds: the resources it describes, or the problems that refuse it."""

    resources: list[ImportedResource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class PackageError(ValueError):
    """The package cannot be read at all (not a ZIP, not JSON)."""


def _rows(name: str, data: bytes, problems: list[Problem]) -> list[Row] | None:
    table = name
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(csv_path(table), _("the file is not UTF-8 text.")))
        return None
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    unknown = [c for c in header if c not in columns(table)]
    missing = [c for c in required_columns(table) if c not in header]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(_("missing columns %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            parts.append(_("columns HSDS does not define %(columns)s") % {"columns": ", ".join(unknown)})
        problems.append(
            Problem(csv_path(table), _("wrong columns: %(details)s.") % {"details": "; ".join(parts)})
        )
        return None
    return [{c: (row.get(c) or "") for c in columns(table)} for row in reader]


def read_zip(data: bytes) -> tuple[Tables, list[Problem]]:
    """The tables of a ZIP data package; missing files and wrong columns are problems."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise PackageError("not a ZIP file") from None
    names = {PurePathName(n): n for n in archive.namelist()}
    problems: list[Problem] = []
    if "datapackage.json" not in names:
        problems.append(Problem("datapackage.json", _("missing file: the package has no datapackage.json.")))
        listed: set[str] = set()
    else:
        try:
            descriptor = json.loads(archive.read(names["datapackage.json"]).decode("utf-8"))
            listed = {str(r.get("path", "")) for r in descriptor.get("resources", [])}
        except (ValueError, AttributeError, TypeError):
            problems.append(
                Problem("datapackage.json", _("the file is not a valid JSON data package descriptor."))
            )
            listed = set()
    tables: Tables = {t: [] for t in TABLES}
    for table in TABLES:
        path = csv_path(table)
        if path not in names:
            if table in ("organization", "service") or path in listed:
                problems.append(Problem(path, _("missing file: the package lists or needs this table.")))
            continue
        rows = _rows(table, archive.read(names[path]), problems)
        if rows is not None:
            tables[table] = rows
    return tables, problems


def PurePathName(name: str) -> str:  # noqa: N802 - a file's name without the ZIP's folders
    return name.rsplit("/", 1)[-1]


def read_json(data: bytes) -> tuple[Tables, list[Problem]]:
    """The tables of HSDS's JSON form (a page with ``contents``, or a list of services)."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise PackageError("not JSON") from None
    services = document.get("contents") if isinstance(document, dict) else document
    problems: list[Problem] = []
    tables: Tables = {t: [] for t in TABLES}
    if not isinstance(services, list):
        problems.append(
            Problem("JSON", _("missing services: expected a list of services or a page with “contents”."))
        )
        return tables, problems

    def row(table: str, obj: Any, where: str, **extra: str) -> str:
        if not isinstance(obj, dict):
            problems.append(Problem(where, _("expected an object.")))
            return ""
        unknown = [k for k, v in obj.items() if k not in columns(table) and not isinstance(v, list | dict)]
        if unknown:
            problems.append(
                Problem(
                    where,
                    _("wrong columns: fields HSDS does not define %(columns)s.")
                    % {"columns": ", ".join(unknown)},
                )
            )
        values = {c: _text(obj.get(c)) for c in columns(table)}
        values.update({k: v for k, v in extra.items() if not values.get(k)})
        tables[table].append(values)
        return values["id"]

    for i, service in enumerate(services, start=1):
        where = f"services[{i}]"
        sid = row("service", service, where)
        if not isinstance(service, dict):
            continue
        organization = service.get("organization")
        if isinstance(organization, dict):
            oid = row("organization", organization, f"{where}.organization")
            tables["service"][-1]["organization_id"] = tables["service"][-1]["organization_id"] or oid
        for j, link in enumerate(service.get("service_at_locations") or [], start=1):
            location = link.get("location") if isinstance(link, dict) else None
            lid = ""
            if isinstance(location, dict):
                lid = row("location", location, f"{where}.service_at_locations[{j}].location")
                for k, address in enumerate(
                    location.get("addresss") or location.get("addresses") or [], start=1
                ):
                    row("address", address, f"{where}.location.addresss[{k}]", location_id=lid)
            row(
                "service_at_location",
                link,
                f"{where}.service_at_locations[{j}]",
                service_id=sid,
                location_id=lid,
            )
        for table, name in (
            ("schedule", "schedules"),
            ("language", "languages"),
            ("contact", "contacts"),
            ("phone", "phones"),
            ("cost_option", "cost_options"),
            ("service_area", "service_areas"),
        ):
            for j, obj in enumerate(service.get(name) or [], start=1):
                row(table, obj, f"{where}.{name}[{j}]", service_id=sid)
        for j, attribute in enumerate(service.get("attributes") or [], start=1):
            term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
            tid = row("taxonomy_term", term, f"{where}.attributes[{j}].taxonomy_term") if term else ""
            row(
                "attribute",
                attribute,
                f"{where}.attributes[{j}]",
                link_id=sid,
                taxonomy_term_id=tid,
                link_entity="service",
            )
    # the same organisation, location or term nested in many services is one record
    for table in ("organization", "location", "address", "taxonomy_term"):
        unique: dict[str, Row] = {}
        for values in tables[table]:
            if unique.setdefault(values["id"], values) != values:
                problems.append(Problem(f"{table} {values['id']}", _("duplicate id with different values.")))
        tables[table] = list(unique.values())
    return tables, problems


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)


def _decimal(value: str, where: str, problems: list[Problem]) -> Decimal | None:
    if value == "":
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        problems.append(Problem(where, _("“%(value)s” is not a number.") % {"value": value}))
        return None
    if not number.is_finite():
        problems.append(Problem(where, _("“%(value)s” is not a number.") % {"value": value}))
        return None
    return number


def _whole(value: str, where: str, problems: list[Problem]) -> int | None:
    number = _decimal(value, where, problems)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0:
        problems.append(
            Problem(where, _("“%(value)s” is not a whole number of 0 or more.") % {"value": value})
        )
        return None
    return int(number)


def resources_from_tables(tables: Tables, problems: list[Problem] | None = None) -> Reading:
    """The resources the tables describe; every problem found, none written."""
    reading = Reading(problems=list(problems or []))
    issues = reading.problems
    index: dict[str, dict[str, Row]] = {}
    for table in TABLES:
        seen: dict[str, Row] = {}
        for n, row in enumerate(tables.get(table, []), start=2):
            where = _("%(file)s row %(row)s") % {"file": csv_path(table), "row": n}
            if not row.get("id"):
                issues.append(Problem(where, _("missing id.")))
            elif row["id"] in seen:
                issues.append(Problem(where, _("duplicate id %(id)s.") % {"id": row["id"]}))
            else:
                seen[row["id"]] = row
        index[table] = seen

    def ref(table: str, row: Row, column: str, target: str, where: str, required: bool = True) -> Row | None:
        value = row.get(column, "")
        if not value:
            if required:
                issues.append(Problem(where, _("missing %(column)s.") % {"column": column}))
            return None
        found = index[target].get(value)
        if found is None:
            issues.append(
                Problem(
                    where,
                    _("broken reference: %(column)s %(value)s is not in %(file)s.")
                    % {"column": column, "value": value, "file": csv_path(target)},
                )
            )
        return found

    children: dict[str, dict[str, list[Row]]] = {}
    for table in (
        "schedule",
        "language",
        "contact",
        "phone",
        "cost_option",
        "service_area",
        "service_at_location",
    ):
        children[table] = {}
        for row in index[table].values():
            where = f"{csv_path(table)} id {row['id']}"
            if ref(table, row, "service_id", "service", where):
                children[table].setdefault(row["service_id"], []).append(row)
    for row in index["service_at_location"].values():
        ref(
            "service_at_location",
            row,
            "location_id",
            "location",
            f"{csv_path('service_at_location')} id {row['id']}",
        )
    addresses: dict[str, Row] = {}
    for row in index["address"].values():
        if ref("address", row, "location_id", "location", f"{csv_path('address')} id {row['id']}"):
            addresses.setdefault(row["location_id"], row)
    attributes: dict[str, list[tuple[Row, Row]]] = {}
    for row in index["attribute"].values():
        where = f"{csv_path('attribute')} id {row['id']}"
        if row.get("link_entity", "service") not in ("", "service"):
            continue
        service = ref("attribute", row, "link_id", "service", where)
        term = ref("attribute", row, "taxonomy_term_id", "taxonomy_term", where)
        if service and term:
            attributes.setdefault(row["link_id"], []).append((row, term))
    for row in index["location"].values():
        where = f"{csv_path('location')} id {row['id']}"
        lat = _decimal(row.get("latitude", ""), f"{where} latitude", issues)
        lon = _decimal(row.get("longitude", ""), f"{where} longitude", issues)
        if lat is not None and not Decimal(-90) <= lat <= Decimal(90):
            issues.append(
                Problem(
                    where,
                    _("coordinates out of range: latitude %(value)s is not between -90 and 90.")
                    % {"value": row["latitude"]},
                )
            )
        if lon is not None and not Decimal(-180) <= lon <= Decimal(180):
            issues.append(
                Problem(
                    where,
                    _("coordinates out of range: longitude %(value)s is not between -180 and 180.")
                    % {"value": row["longitude"]},
                )
            )
        if (lat is None) != (lon is None):
            issues.append(
                Problem(where, _("coordinates incomplete: give both latitude and longitude, or neither."))
            )

    for service in index["service"].values():
        where = f"{csv_path('service')} id {service['id']}"
        try:
            uid = uuid.UUID(service["id"])
        except ValueError:
            issues.append(Problem(where, _("the id is not a UUID.")))
            continue
        organization = ref("service", service, "organization_id", "organization", where)
        if not service.get("name"):
            issues.append(Problem(where, _("missing name.")))
        values: dict[str, Any] = {
            "name": service.get("name", "")[:200],
            "description": service.get("description", ""),
            "url": service.get("url", ""),
            "email": service.get("email", ""),
            "cost_description": service.get("fees_description", "")[:300],
            "min_age": _whole(service.get("minimum_age", ""), f"{where} minimum_age", issues),
            "max_age": _whole(service.get("maximum_age", ""), f"{where} maximum_age", issues),
            "provider_name": (organization or {}).get("name", "")[:200],
            "provider_uid": _uuid((organization or {}).get("id", ""), where, issues),
        }
        if (
            values["min_age"] is not None
            and values["max_age"] is not None
            and values["min_age"] > values["max_age"]
        ):
            issues.append(Problem(where, _("the minimum age is above the maximum age.")))
        links = children["service_at_location"].get(service["id"], [])
        location = index["location"].get(links[0]["location_id"]) if links else None
        if len(links) > 1:
            reading.notes.append(
                _("%(where)s: %(count)s locations; only the first is kept.")
                % {"where": where, "count": len(links)}
            )
        if location is not None:
            address = addresses.get(location["id"], {})
            values.update(
                {
                    "location_uid": _uuid(location["id"], where, issues),
                    "location_name": location.get("name", "")[:200],
                    "latitude": _decimal(location.get("latitude", ""), where, []),
                    "longitude": _decimal(location.get("longitude", ""), where, []),
                    "address": address.get("address_1", "")[:200],
                    "postal_code": address.get("postal_code", "")[:10],
                    "city": address.get("city", "")[:100] or "Crema",
                }
            )
        first = {
            t: (children[t].get(service["id"]) or [{}])[0]
            for t in ("schedule", "contact", "phone", "cost_option", "service_area")
        }
        values["schedule_text"] = first["schedule"].get("description", "")[:300]
        values["contact_name"] = first["contact"].get("name", "")[:200]
        values["phone"] = first["phone"].get("number", "")[:40]
        values["zone"] = first["service_area"].get("name", "")[:100]
        values["cost_amount"] = _decimal(first["cost_option"].get("amount", ""), f"{where} cost", issues)
        values["languages"] = ",".join(
            sorted(
                row.get("code") or row.get("name", "") for row in children["language"].get(service["id"], [])
            )
        )[:100]
        groups: list[str] = []
        for attribute, term in attributes.get(service["id"], []):
            code = term.get("code", "")
            if code.startswith(f"{KIND_TAXONOMY}:") and code.split(":", 1)[1] in Resource.Kind.values:
                values["kind"] = code.split(":", 1)[1]
            elif code.startswith(f"{GROUP_TAXONOMY}:") and code.split(":", 1)[1] in TargetGroup.values:
                groups.append(code.split(":", 1)[1])
            elif code == f"coprogetta:{CAPACITY_TERM}":
                values["capacity"] = _whole(attribute.get("value", ""), f"{where} capacity", issues)
        values["target_groups"] = sorted(groups, key=list(TargetGroup.values).index)
        reading.resources.append(ImportedResource(uid=uid, values=values))
    return reading


def _uuid(value: str, where: str, problems: list[Problem]) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        problems.append(Problem(where, _("the id %(id)s is not a UUID.") % {"id": value}))
        return None
