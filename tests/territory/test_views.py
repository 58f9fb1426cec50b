"""Pages of the territory: access, filters, forms, the coverage matrix and its downloads."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coprogetta.territory.models import Activity, Need, Programme, Resource

from .conftest import make_resource

pytestmark = pytest.mark.django_db


def _agreement_urls(t):
    world = t["world"]
    pk = world.agreement.pk
    return [
        reverse("territory:agreement", args=[pk]),
        reverse("territory:needs", args=[pk]),
        reverse("territory:analysis_create", args=[pk]),
        reverse("territory:analysis_delete", args=[t["analysis"].pk]),
        reverse("territory:need_create", args=[t["analysis"].pk]),
        reverse("territory:need_edit", args=[t["covered"].pk]),
        reverse("territory:need_delete", args=[t["covered"].pk]),
        reverse("territory:programmes", args=[pk]),
        reverse("territory:programme_create", args=[pk]),
        reverse("territory:programme_detail", args=[t["programme"].pk]),
        reverse("territory:programme_edit", args=[t["programme"].pk]),
        reverse("territory:programme_delete", args=[t["programme"].pk]),
        reverse("territory:programme_copy", args=[t["programme"].pk]),
        reverse("territory:activity_create", args=[t["programme"].pk]),
        reverse("territory:activity_edit", args=[t["activity"].pk]),
        reverse("territory:activity_delete", args=[t["activity"].pk]),
        reverse("territory:coverage", args=[pk]),
        reverse("territory:coverage_download", args=[pk, "csv"]),
        reverse("territory:resource_detail", args=[t["used"].pk]),
        reverse("territory:resource_edit", args=[t["used"].pk]),
        reverse("territory:resource_delete", args=[t["used"].pk]),
    ]


def test_the_outsider_gets_404_and_changes_nothing(territory):
    outsider = territory["world"].client_for(territory["world"].outsider)
    for url in _agreement_urls(territory):
        assert outsider.get(url).status_code == 404, url
        assert outsider.post(url, {}).status_code in {404, 405}, url
    assert Activity.objects.count() == 1 and Resource.objects.count() == 2


def test_anonymous_visitors_are_sent_to_log_in(territory, client):
    for url in [
        *_agreement_urls(territory),
        reverse("territory:directory"),
        reverse("territory:hsds_import"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accesso/"), url


def test_the_owner_and_the_member_reach_every_page(territory):
    world = territory["world"]
    for user in (world.owner, world.member):
        client = world.client_for(user)
        for url in _agreement_urls(territory):
            if "risorse" in url and user == world.owner and ("modifica" in url or "elimina" in url):
                continue  # the consortium's resource: the municipality's officer sees, not changes
            assert client.get(url).status_code == 200, (user, url)


def test_readers_see_but_do_not_change(territory):
    world = territory["world"]
    reader = world.client_for(world.reader)
    assert reader.get(reverse("territory:needs", args=[world.agreement.pk])).status_code == 200
    assert reader.get(reverse("territory:need_create", args=[territory["analysis"].pk])).status_code == 403
    assert (
        reader.post(reverse("territory:activity_delete", args=[territory["activity"].pk])).status_code == 403
    )
    assert reader.get(reverse("territory:resource_edit", args=[territory["used"].pk])).status_code == 403
    assert reader.get(reverse("territory:resource_create")).status_code == 403
    assert Activity.objects.count() == 1


def test_resources_are_seen_by_the_partners_of_their_organisation_only(territory):
    world = territory["world"]
    hidden = make_resource(world.other, 7, name="Centro di Altrove")
    owner = world.client_for(world.owner)
    page = owner.get(reverse("territory:directory")).content.decode()
    assert "Oratorio di San Carlo" in page and "Centro di Altrove" not in page
    assert owner.get(reverse("territory:resource_detail", args=[hidden.pk])).status_code == 404
    outsider = world.client_for(world.outsider)
    assert "Oratorio di San Carlo" not in outsider.get(reverse("territory:directory")).content.decode()
    assert outsider.get(reverse("territory:resource_detail", args=[hidden.pk])).status_code == 200


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"q": "palestra"}, "Palestra comunale", "Oratorio di San Carlo"),
        ({"tipo": "space"}, "Oratorio di San Carlo", "Palestra comunale"),
        ({"gruppo": "elderly"}, "Centro anziani", "Oratorio di San Carlo"),
        ({"zona": "Centro"}, "Centro anziani", "Palestra comunale"),
    ],
)
def test_the_directory_filters(territory, query, shown, hidden):
    world = territory["world"]
    make_resource(world.consortium, 3, name="Centro anziani", zone="Centro", target_groups=",elderly,")
    page = world.client_for(world.owner).get(reverse("territory:directory"), query).content.decode()
    assert shown in page and hidden not in page


def test_the_directory_lists_everything_and_leaves_the_map_to_its_script(territory):
    world = territory["world"]
    page = world.client_for(world.owner).get(reverse("territory:directory")).content.decode()
    assert 'id="territory-map-section" class="mb-4" aria-labelledby="map-heading" hidden' in page
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in page
    assert 'data-lat="45.361000"' in page
    assert "leaflet/leaflet.js" in page and "coprogetta/territory-map.js" in page
    assert "<script>" not in page.split("</footer>")[1] if "</footer>" in page else True


def test_the_tile_server_is_a_setting(territory, settings):
    settings.COPROGETTA_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    world = territory["world"]
    page = world.client_for(world.owner).get(reverse("territory:directory")).content.decode()
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in page


def _bulk(world, start: int, stop: int) -> None:
    Resource.objects.bulk_create(
        [
            Resource(
                owner=world.consortium,
                name=f"Risorsa {n:04}",
                provider_name="Consorzio",
                zone=f"Zona {n % 5}",
                target_groups=",children,",
                latitude=45,
                longitude=9,
            )
            for n in range(start, stop)
        ]
    )


def test_the_directory_takes_the_same_queries_with_10_or_1000_resources(world, django_assert_max_num_queries):
    client = world.client_for(world.owner)
    counts = []
    for start, stop, shown in ((0, 10, "Risorsa 0009"), (10, 1000, "Risorsa 0025")):
        _bulk(world, start, stop)
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(9):
            response = client.get(
                reverse("territory:directory"), {"gruppo": "children", "pagina": 2, "q": "risorsa"}
            )
        assert response.status_code == 200 and shown in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_resource_is_added_and_edited_through_the_forms(world):
    client = world.client_for(world.member)
    response = client.post(
        reverse("territory:resource_create"),
        {
            "owner": world.consortium.pk,
            "kind": "space",
            "name": "Oratorio di Sabbioni",
            "provider_name": "Parrocchia",
            "city": "Crema",
            "latitude": "45,357",
            "longitude": "9,661",
            "target_groups": ["adolescents"],
            "languages": "it, EN",
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert (resource.latitude, resource.languages, resource.target_groups) == (
        __import__("decimal").Decimal("45.357"),
        "it,en",
        ",adolescents,",
    )
    response = client.post(
        reverse("territory:resource_edit", args=[resource.pk]),
        {
            "kind": "space",
            "name": "Oratorio",
            "provider_name": "Parrocchia",
            "city": "Crema",
            "latitude": "95",
            "longitude": "9,661",
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert "A latitude is between -90 and 90 degrees." in response.content.decode()
    resource.refresh_from_db()
    assert resource.name == "Oratorio di Sabbioni"


def test_a_stale_resource_form_keeps_the_input_and_tells(world):
    resource = make_resource(world.consortium)
    client = world.client_for(world.member)
    data = {"kind": "space", "name": "Primo", "provider_name": "P", "city": "Crema", "version": 1}
    assert client.post(reverse("territory:resource_edit", args=[resource.pk]), data).status_code == 302
    response = client.post(
        reverse("territory:resource_edit", args=[resource.pk]), {**data, "name": "Secondo"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "while you were editing it" in page and 'value="Secondo"' in page
    assert Resource.objects.get(pk=resource.pk).name == "Primo"


def test_a_need_and_an_activity_are_added_through_the_forms(territory):
    world = territory["world"]
    client = world.client_for(world.owner)
    response = client.post(
        reverse("territory:need_create", args=[territory["analysis"].pk]),
        {
            "target_group": "families",
            "zone": "Crema Nuova",
            "description": "Conciliazione",
            "evidence": "Questionario",
            "priority": "1",
            "recorded_on": "2016-02-01",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get(zone="Crema Nuova")
    response = client.post(
        reverse("territory:activity_create", args=[territory["programme"].pk]),
        {
            "title": "Sportello",
            "needs": [need.pk],
            "resources": [territory["unused"].pk],
            "responsible": world.consortium.pk,
            "schedule_text": "da marzo",
            "budget": "1.500,00",
            "expected_participants": "30",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Sportello")
    assert list(activity.needs.all()) == [need] and str(activity.budget) == "1500.00"


def test_the_copy_page_creates_the_next_programme(territory):
    world = territory["world"]
    client = world.client_for(world.owner)
    page = client.get(reverse("territory:programme_copy", args=[territory["programme"].pk])).content.decode()
    assert 'value="2016-05-01"' in page
    response = client.post(
        reverse("territory:programme_copy", args=[territory["programme"].pk]),
        {"title": "Maggio-agosto", "start_date": "2016-05-01"},
    )
    new = Programme.objects.get(title="Maggio-agosto")
    assert response["Location"] == reverse("territory:programme_detail", args=[new.pk])
    assert new.activities.count() == 1


def test_the_coverage_matrix_marks_uncovered_needs_and_unused_resources_in_words(territory):
    world = territory["world"]
    page = world.client_for(world.owner).get(reverse("territory:coverage", args=[world.agreement.pk]))
    html = page.content.decode()
    assert "1 need is not answered by any activity." in html
    assert "1 resource is not used by any activity." in html
    uncovered = html.split(f'id="need-{territory["uncovered"].pk}"')[1].split("</tr>")[0]
    assert "NOT COVERED" in uncovered
    covered = html.split(f'id="need-{territory["covered"].pk}"')[1].split("</tr>")[0]
    assert "NOT COVERED" not in covered and "answers it" in covered
    assert "Palestra comunale" in html and "NOT USED" in html


def test_the_coverage_of_a_programme_counts_only_its_activities(territory):
    world = territory["world"]
    later = Programme.objects.create(
        agreement=world.agreement, title="Maggio", start_date=date(2016, 5, 1), end_date=date(2016, 8, 31)
    )
    client = world.client_for(world.owner)
    html = client.get(
        reverse("territory:coverage", args=[world.agreement.pk]), {"programma": later.pk}
    ).content.decode()
    assert "2 needs are not answered by any activity." in html
    assert (
        client.get(
            reverse("territory:coverage", args=[world.agreement.pk]), {"programma": 999999}
        ).status_code
        == 404
    )


def test_the_matrix_takes_the_same_queries_with_few_or_many(territory, django_assert_max_num_queries):
    world = territory["world"]
    client = world.client_for(world.owner)
    counts = []
    for start, stop in ((0, 2), (2, 30)):
        Resource.objects.bulk_create(
            [
                Resource(owner=world.municipality, name=f"R{n}", provider_name="C")
                for n in range(start * 30, stop * 30)
            ]
        )
        for n in range(start, stop):
            need = Need.objects.create(
                analysis=territory["analysis"],
                target_group="children",
                zone=f"Z{n}",
                description="d",
                evidence="e",
            )
            activity = Activity.objects.create(programme=territory["programme"], title=f"A{n}")
            activity.needs.set([need])
            activity.resources.set([territory["unused"]])
        for params in ({}, {"programma": territory["programme"].pk}):
            with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(12):
                response = client.get(reverse("territory:coverage", args=[world.agreement.pk]), params)
            assert response.status_code == 200
            counts.append(len(queries))
        assert f"A{stop - 1}" in response.content.decode()
    assert counts[0] == counts[2] and counts[1] == counts[3]


def test_the_matrix_downloads_as_csv_xlsx_and_ods(territory):
    world = territory["world"]
    client = world.client_for(world.owner)
    url = reverse("territory:coverage_download", args=[world.agreement.pk, "csv"])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Need", "Target group", "Zone", "Priority"]
    assert rows[0][4] == "Laboratori"
    statuses = {row[0]: row[-1] for row in rows[1:3]}
    assert statuses == {"Dispersione scolastica": "yes", "Anziani soli": "NOT COVERED"}
    assert ["Palestra comunale", "Service", "Parrocchia", "", "NOT USED"] in rows
    for fmt, member in (("xlsx", "xl/workbook.xml"), ("ods", "content.xml")):
        data = client.get(reverse("territory:coverage_download", args=[world.agreement.pk, fmt])).content
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert member in archive.namelist()
    from openpyxl import load_workbook

    book = load_workbook(
        io.BytesIO(
            client.get(reverse("territory:coverage_download", args=[world.agreement.pk, "xlsx"])).content
        )
    )
    values = [c for row in book["Needs"].iter_rows(values_only=True) for c in row if c]
    assert "NOT COVERED" in values and "Anziani soli" in values
    content = zipfile.ZipFile(
        io.BytesIO(
            client.get(reverse("territory:coverage_download", args=[world.agreement.pk, "ods"])).content
        )
    ).read("content.xml")
    assert b"NOT COVERED" in content and b"Palestra comunale" in content
    assert (
        client.get(reverse("territory:coverage_download", args=[world.agreement.pk, "pdf"])).status_code
        == 404
    )


def test_the_directory_links_to_the_territory_of_each_agreement(territory):
    world = territory["world"]
    page = world.client_for(world.owner).get(reverse("territory:directory")).content.decode()
    assert reverse("territory:agreement", args=[world.agreement.pk]) in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL")
def test_postgresql_searches_italian_words_by_their_stem(territory):
    world = territory["world"]
    page = (
        world.client_for(world.owner).get(reverse("territory:directory"), {"q": "palestre"}).content.decode()
    )
    assert "Palestra comunale" in page and "Oratorio di San Carlo" not in page


def test_sqlite_searches_every_word_as_a_substring(territory):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL uses full-text search")
    world = territory["world"]
    client = world.client_for(world.owner)
    page = client.get(reverse("territory:directory"), {"q": "orator carlo"}).content.decode()
    assert "Oratorio di San Carlo" in page and "Palestra comunale" not in page
    page = client.get(reverse("territory:directory"), {"q": "oratorio palestra"}).content.decode()
    assert "No resource matches these filters." in page


@pytest.mark.parametrize("kind", ["need", "programme", "activity"])
def test_stale_edit_forms_keep_the_input_and_tell(territory, kind):
    world = territory["world"]
    client = world.client_for(world.owner)
    obj = territory["covered"] if kind == "need" else territory[kind]
    url = reverse(f"territory:{kind}_edit", args=[obj.pk])
    data = {
        "need": {
            "target_group": "families",
            "zone": "Centro",
            "description": "D",
            "evidence": "E",
            "priority": "2",
            "recorded_on": "2016-01-15",
        },
        "programme": {"title": "Gennaio", "start_date": "2016-01-01", "end_date": "2016-04-30"},
        "activity": {"title": "Laboratori", "budget": "10"},
    }[kind]
    assert client.post(url, {**data, "version": 1}).status_code == 302
    changed = {"zone": "Seconda"} if kind == "need" else {"title": "Seconda"}
    response = client.post(url, {**data, "version": 1, **changed})
    page = response.content.decode()
    assert response.status_code == 200 and "while you were editing it" in page and 'value="Seconda"' in page
    obj.refresh_from_db()
    assert obj.version == 2
