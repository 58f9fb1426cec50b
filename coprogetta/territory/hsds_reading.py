"""Reading an HSDS 3 data package back into resources (see ``hsds`` for the mapping).

``read_zip`` / ``read_json`` -> tables -> ``resources_from_tables``, which collects every
problem (missing files, wrong columns, duplicate ids, broken references, coordinates out of
range) before anything is written; ``hsds_services.hsds_import`` writes in one transaction.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .hsds import CAPACITY_TERM, GROUP_TAXONOMY, KIND_TAXONOMY, Row, Tables
from .hsds_schema import TABLES, columns, csv_path, required_columns
from .models import Resource, TargetGroup


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
    return [{c: csv_value(row.get(c) or "") for c in columns(table)} for row in reader]


def csv_value(text: str) -> str:
    """A CSV value as it was before export: the ``'`` that ``hsds.csv_cell`` puts before a
    formula-like text is taken off (a package from elsewhere is read as it is)."""
    if text[:1] == "'" and text[1:2] and text[1:2] in "=+-@\t\r":
        return text[1:]
    return text


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
