"""HSDS 3: the export validates against the vendored schema, a round trip changes nothing,
and a bad package is refused whole with the reasons."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from coprogetta.territory import hsds, hsds_schema
from coprogetta.territory.demo import load_territory_demo
from coprogetta.territory.hsds_services import hsds_import
from coprogetta.territory.hsds_views import read_package
from coprogetta.territory.models import Resource
from coprogetta.territory.selectors import resources_visible_to

from .conftest import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(world):
    load_territory_demo(world.agreement)
    return world


def _export(world) -> bytes:
    return hsds.package_zip(hsds.package_tables(resources_visible_to(world.owner).order_by("uid")))


def _tables_of(data: bytes) -> dict[str, list[dict[str, str]]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {
        name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
        for name in archive.namelist()
        if name.endswith(".csv")
    }


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_vendored_schema_files_are_hsds_3_with_their_licence():
    assert (
        (hsds_schema.SCHEMA_DIR / "LICENSE").read_text().count("Creative Commons Attribution Share-Alike 4.0")
    )
    assert hsds_schema.csv_path("service") == "services.csv"
    assert "organization_id" in hsds_schema.required_columns("service")
    assert hsds_schema.schema("service")["properties"]["status"]["enum"][0] == "active"


def test_the_demo_export_validates_against_the_hsds_schema(demo):
    data = _export(demo)
    archive = zipfile.ZipFile(io.BytesIO(data))
    descriptor = json.loads(archive.read("datapackage.json"))
    assert descriptor["profile"] == "tabular-data-package"
    tables = _tables_of(data)
    for resource in descriptor["resources"]:
        table = resource["name"]
        assert resource["path"] in archive.namelist()
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert fields == hsds_schema.columns(table)
        rows = tables[resource["path"]]
        for row in rows:
            record = hsds._typed(table, row)
            assert hsds_schema.errors(table, record) == [], (table, row)
    assert len(tables["services.csv"]) >= 25
    organizations = {r["id"] for r in tables["organizations.csv"]}
    assert all(s["organization_id"] in organizations for s in tables["services.csv"])
    locations = {r["id"] for r in tables["locations.csv"]}
    assert all(link["location_id"] in locations for link in tables["service_at_location.csv"])


def test_the_json_form_validates_against_the_service_schema(demo):
    page = json.loads(
        hsds.package_json(hsds.package_tables(resources_visible_to(demo.owner).order_by("uid")))
    )
    assert page["total_items"] == len(page["contents"]) >= 25
    for service in page["contents"]:
        assert hsds_schema.errors("service", service) == [], service["name"]
    nido = next(s for s in page["contents"] if s["name"] == "Asilo Nido di Via Dante/Pesadori")
    location = nido["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (45.3621, 9.6849)
    assert nido["minimum_age"] == 0 and nido["maximum_age"] == 3
    assert {a["taxonomy_term"]["code"] for a in nido["attributes"]} >= {
        "coprogetta-kind:service",
        "coprogetta-target-group:early_0_3",
    }


def test_the_schema_check_catches_a_wrong_record():
    assert hsds_schema.errors("service", {"id": "x", "name": "n", "status": "open"})
    assert hsds_schema.errors("location", {"id": "x"})  # location_type is required


def test_export_import_export_is_identical(demo):
    first = _export(demo)
    snapshot = {
        r.uid: (r.name, r.latitude, r.target_groups, r.capacity, r.cost_amount, r.zone)
        for r in Resource.objects.all()
    }
    Resource.objects.all().delete()
    report = hsds_import(user=demo.member, owner=demo.consortium, reading=read_package("p.zip", first))
    assert report.ok, report.problems
    assert report.created == len(snapshot)
    assert _export(demo) == first
    assert {
        r.uid: (r.name, r.latitude, r.target_groups, r.capacity, r.cost_amount, r.zone)
        for r in Resource.objects.all()
    } == snapshot


def test_the_json_form_round_trips_too(demo):
    tables = hsds.package_tables(resources_visible_to(demo.owner).order_by("uid"))
    first = hsds.package_json(tables)
    zipped = hsds.package_zip(tables)
    Resource.objects.all().delete()
    report = hsds_import(user=demo.member, owner=demo.consortium, reading=read_package("p.json", first))
    assert report.ok, report.problems
    again = hsds.package_tables(resources_visible_to(demo.owner).order_by("uid"))
    assert hsds.package_json(again) == first and hsds.package_zip(again) == zipped


def test_importing_the_same_package_again_updates_nothing(demo):
    data = _export(demo)
    Resource.objects.update(owner=demo.consortium)
    report = hsds_import(user=demo.member, owner=demo.consortium, reading=read_package("p.zip", data))
    assert report.ok and report.created == 0 and report.updated == 0


def _package(world, **changes) -> dict[str, bytes]:
    make_resource(world.consortium, 1, name="Oratorio", capacity=20)
    make_resource(world.consortium, 2, name="Palestra")
    archive = zipfile.ZipFile(io.BytesIO(_export(world)))
    files = {name: archive.read(name) for name in archive.namelist()}
    files.update(changes)
    return {k: v for k, v in files.items() if v is not None}


def _csv(rows: list[dict[str, str]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _refused(world, files: dict[str, bytes]) -> list[str]:
    before = sorted(Resource.objects.values_list("uid", "name", "version"))
    Resource.objects.filter(name="Palestra").delete()  # the import would create it again
    before = sorted(Resource.objects.values_list("uid", "name", "version"))
    with translation.override("en"):  # the report's sentences, as the tests read them
        report = hsds_import(
            user=world.member, owner=world.consortium, reading=read_package("p.zip", _zip(files))
        )
        assert not report.ok
        # nothing half-imported
        assert sorted(Resource.objects.values_list("uid", "name", "version")) == before
        return [str(p) for p in report.problems]


def test_a_package_without_services_or_descriptor_is_refused(world):
    problems = _refused(world, _package(world, **{"services.csv": None, "datapackage.json": None}))
    assert any("datapackage.json: missing file" in p for p in problems)
    assert any("services.csv: missing file" in p for p in problems)


def test_wrong_columns_are_refused(world):
    files = _package(world)
    rows = list(csv.DictReader(io.StringIO(files["services.csv"].decode())))
    columns = [c for c in hsds_schema.columns("service") if c != "organization_id"] + ["colore"]
    problems = _refused(
        world, {**files, "services.csv": _csv([{c: r.get(c, "") for c in columns} for r in rows], columns)}
    )
    assert any(
        "wrong columns: missing columns organization_id; columns HSDS does not define colore" in p
        for p in problems
    )


def test_duplicate_ids_and_broken_references_are_refused(world):
    files = _package(world)
    rows = list(csv.DictReader(io.StringIO(files["services.csv"].decode())))
    rows[1]["name"] = "Palestra rinominata"
    rows.append(dict(rows[0]))
    rows[1]["organization_id"] = "00000000-0000-4000-8000-000000000000"
    problems = _refused(world, {**files, "services.csv": _csv(rows, hsds_schema.columns("service"))})
    assert any(f"duplicate id {rows[0]['id']}" in p for p in problems)
    assert any(
        "broken reference: organization_id 00000000-0000-4000-8000-000000000000 is not in "
        "organizations.csv" in p
        for p in problems
    )
    assert Resource.objects.filter(name="Palestra rinominata").count() == 0


def test_coordinates_out_of_range_are_refused(world):
    files = _package(world)
    rows = list(csv.DictReader(io.StringIO(files["locations.csv"].decode())))
    rows[0]["latitude"] = "145.2"
    problems = _refused(world, {**files, "locations.csv": _csv(rows, hsds_schema.columns("location"))})
    assert any("coordinates out of range: latitude 145.2 is not between -90 and 90" in p for p in problems)


def test_a_service_of_another_organisation_is_not_taken_over(world):
    make_resource(world.municipality, 5, name="Sala del Comune")
    data = _export(world)
    with translation.override("en"):
        report = hsds_import(user=world.member, owner=world.consortium, reading=read_package("p.zip", data))
        assert not report.ok
        assert any("another organisation" in str(p) for p in report.problems)
    assert Resource.objects.get(name="Sala del Comune").owner == world.municipality


def test_the_pages_export_and_import(world):
    make_resource(world.consortium, 1, name="Oratorio", cost_amount=Decimal("5.00"))
    client = world.client_for(world.member)
    data = client.get(reverse("territory:hsds_export_zip")).content
    assert "Oratorio" in _tables_of(data)["services.csv"][0]["name"]
    page = json.loads(client.get(reverse("territory:hsds_export_json"), {"q": "nulla"}).content)
    assert page["contents"] == []
    Resource.objects.all().delete()
    upload = io.BytesIO(data)
    upload.name = "risorse.zip"
    response = client.post(
        reverse("territory:hsds_import"), {"owner": world.consortium.pk, "package": upload}
    )
    assert "Imported: 1 new resources, 0 updated." in response.content.decode()
    assert Resource.objects.get().cost_amount == Decimal("5.00")
    bad = io.BytesIO(b"not a package")
    bad.name = "x.zip"
    response = client.post(reverse("territory:hsds_import"), {"owner": world.consortium.pk, "package": bad})
    assert "Nothing has been imported" in response.content.decode()
    assert world.client_for(world.reader).get(reverse("territory:hsds_import")).status_code == 403


def test_formula_like_texts_are_neutral_in_the_csv_and_come_back_as_they_were(world):
    make_resource(
        world.consortium, name='=HYPERLINK("http://evil.example","x")', provider_name="@SUM(A1)",
        zone="-2+3", phone="+39 0373 894111",
    )
    data = _export(world)
    services = _tables_of(data)["services.csv"]
    assert services[0]["name"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    everything = [v for rows in _tables_of(data).values() for row in rows for v in row.values()]
    assert not [v for v in everything if v and v[0] in "=@\t\r"]
    assert "+39 0373 894111" in everything  # a phone number stays a phone number
    Resource.objects.all().delete()
    report = hsds_import(user=world.member, owner=world.consortium, reading=read_package("p.zip", data))
    assert report.ok, report.problems
    resource = Resource.objects.get()
    assert resource.name == '=HYPERLINK("http://evil.example","x")'
    assert (resource.provider_name, resource.zone) == ("@SUM(A1)", "-2+3")
    assert _export(world) == data
