"""Pages of agreements, parties, areas and actions: who may do what, and what each page does."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry, Membership
from coprogetta.agreements.models import Action, Agreement, Area, Party
from tests import factories as f

AGREEMENT_DATA = {
    "title": "Coprogettazione 2017",
    "kind": "codesign",
    "status": "draft",
    "start_date": "2017-01-01",
    "end_date": "2017-12-31",
    "tender_base_amount": "1.234,56",
    "financial_regime": "fee",
    "monitoring_frequency": "semestrale",
    "monitoring_every_months": "6",
}


def login(world, user):
    """A client of ``user`` reading the pages in English, the language of the messages' ids."""
    client = world.client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def things(world):
    """An area with an action in the world's agreement."""
    area = f.AreaFactory(agreement=world.agreement, number=1, title="Infanzia")
    action = f.ActionFactory(area=area, number=1, title="Supervisione", responsible=world.consortium)
    party = world.agreement.parties.get(organization=world.consortium)
    return {"pk": world.agreement.pk, "area": area.pk, "action": action.pk, "party": party.pk}


#: (URL name, its arguments from ``things``, whether it writes)
ROUTES = [
    ("detail", ["pk"], False),
    ("edit", ["pk"], True),
    ("delete", ["pk"], True),
    ("party_create", ["pk"], True),
    ("party_edit", ["pk", "party"], True),
    ("party_delete", ["pk", "party"], True),
    ("area_create", ["pk"], True),
    ("area_detail", ["pk", "area"], False),
    ("area_edit", ["pk", "area"], True),
    ("area_delete", ["pk", "area"], True),
    ("action_create", ["pk", "area"], True),
    ("action_edit", ["pk", "action"], True),
    ("action_delete", ["pk", "action"], True),
]


def url(name, things, args):
    return reverse(f"agreements:{name}", args=[things[a] for a in args])


def counts():
    return (Agreement.objects.count(), Party.objects.count(), Area.objects.count(),
            Action.objects.count(), AuditEntry.objects.count())


# -- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "args", "writes"), ROUTES)
def test_anonymous_is_sent_to_login(client, world, things, name, args, writes):
    for response in (client.get(url(name, things, args)), client.post(url(name, things, args))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args", "writes"), ROUTES)
def test_outsider_gets_404(world, things, name, args, writes):
    client = login(world, world.outsider)
    before = counts()
    assert client.get(url(name, things, args)).status_code == 404
    response = client.post(url(name, things, args), {"title": "X", "number": "9"})
    assert response.status_code == (404 if writes else 405)
    assert counts() == before


@pytest.mark.parametrize(("name", "args", "writes"), ROUTES)
def test_reader_reads_but_never_writes(world, things, name, args, writes):
    client = login(world, world.reader)
    before = counts()
    expected = 403 if writes else 200
    assert client.get(url(name, things, args)).status_code == expected
    if writes:
        assert client.post(url(name, things, args), {"title": "X", "number": "9"}).status_code == 403
    assert counts() == before


def test_operator_cannot_create_an_agreement(world):
    operator = f.MembershipFactory(organization=world.municipality, role=Membership.Role.OPERATOR).user
    client = login(world, operator)
    assert client.get(reverse("agreements:create")).status_code == 403
    assert client.post(reverse("agreements:create"), AGREEMENT_DATA).status_code == 403
    assert "New agreement" not in client.get(reverse("agreements:list")).content.decode()


@pytest.mark.parametrize(("name", "args", "writes"), [r for r in ROUTES if len(r[1]) == 2])
def test_children_of_another_agreement_are_404(world, things, name, args, writes):
    """An area, action or party id of another agreement, even one the user sees, is a 404."""
    mine = f.AgreementFactory()
    f.PartyFactory(agreement=mine, organization=world.municipality)
    client = login(world, world.owner)
    moved = {**things, "pk": mine.pk}
    before = counts()
    assert client.get(url(name, moved, args)).status_code == 404
    response = client.post(url(name, moved, args), {"title": "X", "number": "9"})
    assert response.status_code == (404 if writes else 405)
    assert counts() == before


# -- the list and the agreement --------------------------------------------------------------


def test_list_shows_only_the_users_agreements(world):
    f.AgreementFactory(title="Accordo di Altrove")
    response = login(world, world.owner).get(reverse("agreements:list"))
    html = response.content.decode()
    assert "Coprogettazione 2016" in html
    assert "Consorzio Sul Serio" in html
    assert "01/01/2016" in html
    assert "Accordo di Altrove" not in html
    assert reverse("agreements:create") in html
    assert "New agreement" not in login(world, world.reader).get(reverse("agreements:list")).content.decode()


@pytest.mark.parametrize(("typed", "stored"), [
    ("1.234,56", Decimal("1234.56")), ("26,25", Decimal("26.25")), ("1234.56", Decimal("1234.56")),
])
def test_create_agreement(world, typed, stored):
    client = login(world, world.owner)
    assert client.get(reverse("agreements:create")).status_code == 200
    response = client.post(reverse("agreements:create"), {
        **AGREEMENT_DATA, "tender_base_amount": typed,
        "organization": world.municipality.pk, "role": "public_body",
    }, follow=True)
    agreement = Agreement.objects.get(title="Coprogettazione 2017")
    assert response.redirect_chain[-1][0] == reverse("agreements:detail", args=[agreement.pk])
    assert "Agreement saved." in response.content.decode()
    assert agreement.tender_base_amount == stored
    assert agreement.parties.get().organization == world.municipality
    assert AuditEntry.objects.filter(agreement_id=agreement.pk, action="create").count() == 2


@pytest.mark.parametrize(("changes", "message"), [
    ({"end_date": "2016-06-01"}, "The end date must be after the start date."),
    ({"tender_base_amount": "-5"}, "Ensure this value is greater than or equal to 0."),
    ({"tender_base_amount": "99.999.999.999.999,00"}, "Ensure this value is less than or equal to"),
    ({"tender_base_amount": "dodici"}, "Enter a number, for example 1.234,56 or 26,25."),
    ({"organization": "999999"}, "Select a valid choice."),
])
def test_create_agreement_refuses_bad_input(world, changes, message):
    client = login(world, world.owner)
    before = counts()
    response = client.post(reverse("agreements:create"), {
        **AGREEMENT_DATA, "start_date": "2017-01-01", "organization": world.municipality.pk,
        "role": "public_body", **changes,
    })
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts() == before


def test_detail_shows_the_agreement(world, things):
    world.agreement.tender_base_amount = Decimal("294105.57")
    world.agreement.save()
    Action.objects.filter(pk=things["action"]).update(schedule_text="dal mese di gennaio")
    html = login(world, world.member).get(reverse("agreements:detail", args=[things["pk"]])).content.decode()
    assert html.count("<h1") == 1
    for text in ["Coprogettazione 2016", "Comune di Crema", "€ 294.105,57", "01/01/2016", "31/12/2016",
                 "Infanzia", "Supervisione", "dal mese di gennaio", "Development and innovation",
                 reverse("agreements:edit", args=[things["pk"]])]:
        assert text in html, text


def test_detail_hides_edit_links_from_a_reader(world, things):
    html = login(world, world.reader).get(reverse("agreements:detail", args=[things["pk"]])).content.decode()
    assert reverse("agreements:edit", args=[things["pk"]]) not in html
    assert reverse("agreements:area_create", args=[things["pk"]]) not in html


def test_edit_agreement(world):
    client = login(world, world.owner)
    edit = reverse("agreements:edit", args=[world.agreement.pk])
    assert 'value="Coprogettazione 2016"' in client.get(edit).content.decode()
    response = client.post(edit, {**AGREEMENT_DATA, "title": "Rinnovo"})
    assert response.status_code == 302
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Rinnovo"
    assert AuditEntry.objects.filter(action="update", agreement_id=world.agreement.pk).exists()


def test_edit_agreement_with_end_before_start_changes_nothing(world):
    client = login(world, world.member)
    response = client.post(
        reverse("agreements:edit", args=[world.agreement.pk]),
        {**AGREEMENT_DATA, "title": "Rinnovo", "end_date": "2016-12-31"},
    )
    html = response.content.decode()
    assert 'id="id_end_date_error"' in html
    assert "The end date must be after the start date." in html
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Coprogettazione 2016"
    assert not AuditEntry.objects.exists()


def test_delete_agreement(world, things):
    client = login(world, world.owner)
    delete = reverse("agreements:delete", args=[world.agreement.pk])
    assert "This cannot be undone" in client.get(delete).content.decode()
    assert Agreement.objects.exists()
    response = client.post(delete, follow=True)
    assert response.redirect_chain[-1][0] == reverse("agreements:list")
    assert "Agreement deleted." in response.content.decode()
    assert not Agreement.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_type="agreements.agreement").exists()


# -- parties ---------------------------------------------------------------------------------


def test_add_edit_and_remove_a_party(world):
    client = login(world, world.owner)
    response = client.post(reverse("agreements:party_create", args=[world.agreement.pk]),
                           {"organization": world.other.pk, "role": "partner"})
    assert response.status_code == 302
    party = world.agreement.parties.get(organization=world.other)
    edit = reverse("agreements:party_edit", args=[world.agreement.pk, party.pk])
    assert "selected" in client.get(edit).content.decode()
    client.post(edit, {"organization": world.other.pk, "role": "third_sector"})
    party.refresh_from_db()
    assert party.role == Party.Role.THIRD_SECTOR
    client.post(reverse("agreements:party_delete", args=[world.agreement.pk, party.pk]))
    assert not Party.objects.filter(pk=party.pk).exists()
    assert AuditEntry.objects.filter(object_type="agreements.party").count() == 3


def test_adding_a_party_twice_is_refused(world):
    before = counts()
    response = login(world, world.owner).post(
        reverse("agreements:party_create", args=[world.agreement.pk]),
        {"organization": world.consortium.pk, "role": "partner"},
    )
    assert "This organisation is already a party to the agreement." in response.content.decode()
    assert counts() == before


def test_removing_the_users_own_last_party_is_refused(world):
    own = world.agreement.parties.get(organization=world.municipality)
    response = login(world, world.owner).post(
        reverse("agreements:party_delete", args=[world.agreement.pk, own.pk])
    )
    assert response.status_code == 200
    assert "you would lose access" in response.content.decode()
    assert Party.objects.filter(pk=own.pk).exists()


# -- areas and actions -----------------------------------------------------------------------


def test_create_edit_and_delete_an_area(world):
    client = login(world, world.owner)
    create = reverse("agreements:area_create", args=[world.agreement.pk])
    assert 'value="1"' in client.get(create).content.decode()  # the next free number
    response = client.post(create, {"number": "1", "title": "Infanzia", "target": "0-3 anni"})
    area = world.agreement.areas.get()
    assert response["Location"] == reverse("agreements:area_detail", args=[world.agreement.pk, area.pk])
    edit = reverse("agreements:area_edit", args=[world.agreement.pk, area.pk])
    assert 'value="Infanzia"' in client.get(edit).content.decode()
    client.post(edit, {"number": "2", "title": "Prima infanzia"})
    area.refresh_from_db()
    assert (area.number, area.title, area.target) == (2, "Prima infanzia", "")
    client.post(reverse("agreements:area_delete", args=[world.agreement.pk, area.pk]))
    assert not Area.objects.exists()
    assert AuditEntry.objects.filter(object_type="agreements.area").count() == 3


@pytest.mark.parametrize(("number", "message"), [
    ("1", "Another area of this agreement already has this number."),
    ("0", "Areas are numbered from 1."),
])
def test_area_numbers_are_checked(world, things, number, message):
    before = counts()
    response = login(world, world.owner).post(
        reverse("agreements:area_create", args=[world.agreement.pk]), {"number": number, "title": "X"}
    )
    assert message in response.content.decode()
    assert counts() == before


def test_area_page(world, things):
    f.ActionFactory(area_id=things["area"], kind=Action.Kind.CONSOLIDATION, number=1, title="Asilo nido")
    response = login(world, world.owner).get(
        reverse("agreements:area_detail", args=[things["pk"], things["area"]])
    )
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'aria-label="Breadcrumb"' in html
    order = [html.index(text) for text in
             ["Consolidation", "Asilo nido", "Development and innovation", "Supervisione"]]
    assert order == sorted(order)
    assert "Consorzio Sul Serio" in html
    assert reverse("agreements:action_edit", args=[things["pk"], things["action"]]) in html


def test_create_edit_and_delete_an_action(world, things):
    client = login(world, world.member)
    create = reverse("agreements:action_create", args=[things["pk"], things["area"]])
    assert 'value="consolidation" selected' in client.get(create + "?kind=consolidation").content.decode()
    response = client.post(create, {
        "kind": "consolidation", "number": "1", "title": "Asilo nido",
        "responsible": world.consortium.pk, "schedule_text": "Gennaio-Dicembre 2016",
    })
    assert response.status_code == 302
    action = Action.objects.get(title="Asilo nido")
    edit = reverse("agreements:action_edit", args=[things["pk"], action.pk])
    assert "Gennaio-Dicembre 2016" in client.get(edit).content.decode()
    client.post(edit, {"kind": "consolidation", "number": "2", "title": "Asilo nido Via Dante"})
    action.refresh_from_db()
    assert (action.number, action.responsible) == (2, None)
    client.post(reverse("agreements:action_delete", args=[things["pk"], action.pk]))
    assert not Action.objects.filter(pk=action.pk).exists()
    assert AuditEntry.objects.filter(object_type="agreements.action").count() == 3


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"number": "1"}, "number", "Another action of the same kind in this area already has this number."),
    ({"responsible": "OTHER"}, "responsible", "Select a valid choice."),
    ({"kind": "nonsense"}, "kind", "Select a valid choice."),
])
def test_action_input_is_checked(world, things, changes, field, message):
    if changes.get("responsible") == "OTHER":
        changes = {"responsible": world.other.pk}
    before = counts()
    response = login(world, world.owner).post(
        reverse("agreements:action_create", args=[things["pk"], things["area"]]),
        {"kind": "development", "number": "5", "title": "Nuova", **changes},
    )
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert counts() == before


# -- queries do not grow with the agreement --------------------------------------------------


def build(agreement, areas, actions):
    for a in range(1, areas + 1):
        area = f.AreaFactory(agreement=agreement, number=a)
        for n in range(1, actions + 1):
            f.ActionFactory(area=area, number=n, responsible=agreement.parties.first().organization)
        f.BudgetLineFactory(agreement=agreement, area=area)


def queries(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


@pytest.mark.parametrize(("page", "limit"), [("list", 6), ("detail", 15), ("area_detail", 15)])
def test_pages_take_a_fixed_number_of_queries(world, django_assert_max_num_queries, page, limit):
    """1 area × 1 action or 5 × 6 (with their money): the same queries, within a fixed bound."""
    client = login(world, world.owner)
    small = f.AgreementFactory()
    f.PartyFactory(agreement=small, organization=world.municipality)
    build(small, 1, 1)
    big = f.AgreementFactory()
    f.PartyFactory(agreement=big, organization=world.municipality)
    f.PartyFactory(agreement=big, organization=world.consortium, role=Party.Role.THIRD_SECTOR)
    build(big, 5, 6)

    def path(agreement):
        if page == "list":
            return reverse("agreements:list")
        if page == "detail":
            return reverse("agreements:detail", args=[agreement.pk])
        return reverse("agreements:area_detail", args=[agreement.pk, agreement.areas.last().pk])

    with django_assert_max_num_queries(limit):
        client.get(path(small))
    with django_assert_max_num_queries(limit):
        client.get(path(big))
    assert queries(client, path(small)) == queries(client, path(big))
    for _ in range(3):
        f.PartyFactory(agreement=f.AgreementFactory(), organization=world.municipality)
    assert queries(client, path(small)) == queries(client, path(big))


def test_edit_and_delete_buttons_name_what_they_act_on_in_whole_sentences(world):
    area = f.AreaFactory(agreement=world.agreement, number=1, title="Infanzia")
    detail = reverse("agreements:detail", args=[world.agreement.pk])
    area_page = reverse("agreements:area_detail", args=[world.agreement.pk, area.pk])
    english = login(world, world.owner)
    html = english.get(detail).content.decode()
    assert '<span class="visually-hidden">Edit the agreement Coprogettazione 2016</span>' in html
    assert '<span class="visually-hidden">Delete the agreement Coprogettazione 2016</span>' in html
    html = english.get(area_page).content.decode()
    assert '<span class="visually-hidden">Edit the area Infanzia</span>' in html
    assert '<span class="visually-hidden">Delete the area Infanzia</span>' in html
    assert "No actions yet." in html
    html = world.client_for(world.owner, language=None).get(area_page).content.decode()
    assert '<span class="visually-hidden">Modifica l\'ambito Infanzia</span>' in html
    assert "Non ci sono ancora azioni." in html
