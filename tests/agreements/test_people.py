"""The People page and its services: roles narrowed per agreement (never widened), operators'
assignments, who may change them, and the API over the same services."""

from itertools import product

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from coprogetta.accounts.models import AuditEntry, Membership
from coprogetta.agreements import people_services as services
from coprogetta.agreements.access import RANK, access_for, narrower, narrowing_choices
from coprogetta.agreements.models import Agreement, AgreementRole, Assignment
from coprogetta.api.token_services import api_token_create

from .. import factories as f

pytestmark = pytest.mark.django_db
Role = Membership.Role


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


def fresh(agreement):
    """The agreement read again, so that ``access_for`` computes anew."""
    return Agreement.objects.get(pk=agreement.pk)


@pytest.fixture
def people(world):
    """The world, an area with an action, and an operator of the consortium."""
    area = f.AreaFactory(agreement=world.agreement, number=1, title="Prima infanzia")
    action = f.ActionFactory(area=area, number=1, title="Nido")
    operator = f.MembershipFactory(
        organization=world.consortium, role=Role.OPERATOR,
        user__first_name="Olga", user__last_name="Operatrice",
    ).user
    return world, area, action, operator


# -- the rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(("org_role", "narrowed"), list(product(Role.values, Role.values)))
def test_a_narrowed_role_is_never_wider_than_the_organisations(world, org_role, narrowed):
    user = f.MembershipFactory(organization=world.consortium, role=org_role).user
    AgreementRole.objects.create(agreement=world.agreement, user=user, role=narrowed)
    effective = access_for(user, fresh(world.agreement)).role
    assert RANK[Role(effective)] == min(RANK[Role(org_role)], RANK[Role(narrowed)])
    assert effective == narrower(org_role, narrowed)


def test_the_choices_are_the_role_and_the_narrower_ones():
    assert narrowing_choices(Role.OFFICER) == [Role.OFFICER, Role.OPERATOR, Role.READER]
    assert narrowing_choices(Role.ADMIN) == Role.values
    assert narrowing_choices(Role.READER) == [Role.READER]


def test_a_narrowed_officer_neither_edits_nor_approves(world):
    AgreementRole.objects.create(agreement=world.agreement, user=world.owner, role=Role.READER)
    access = access_for(world.owner, fresh(world.agreement))
    assert access.can_read
    assert not (access.can_edit or access.can_log or access.can_approve)
    client = world.client_for(world.owner)
    assert client.get(url("edit", world.agreement.pk)).status_code == 403
    assert client.get(reverse("monitoring:timeentry_create", args=[world.agreement.pk])).status_code == 403
    # other agreements of the same organisation are untouched
    other = f.AgreementFactory(title="Altro accordo")
    f.PartyFactory(agreement=other, organization=world.municipality)
    assert access_for(world.owner, other).can_approve


def test_anonymous_has_no_access(world):
    assert not access_for(AnonymousUser(), world.agreement).can_read


# -- the page ----------------------------------------------------------------------------


def test_the_page_lists_people_roles_and_assignments(people):
    world, area, action, operator = people
    AgreementRole.objects.create(agreement=world.agreement, user=world.member, role=Role.OPERATOR)
    Assignment.objects.create(agreement=world.agreement, user=operator, area=area)
    Assignment.objects.create(agreement=world.agreement, user=world.member, action=action)
    response = world.client_for(world.reader).get(url("people_list", world.agreement.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Olga Operatrice" in html
    assert "Comune di Crema: Public-body officer" in html
    assert "Consorzio Sul Serio: Third-Sector coordinator" in html
    assert "narrowed on this agreement" in html
    assert "Area 1. Prima infanzia" in html and "1. Nido" in html
    assert world.outsider.get_username() not in html
    # a reader sees, but is offered no change
    assert url("people_role", world.agreement.pk, operator.pk) not in html
    assert 'aria-current="page"' in html and url("people_list", world.agreement.pk) in html


def test_the_public_bodys_editor_is_offered_the_changes(people):
    world, area, action, operator = people
    html = world.client_for(world.owner).get(url("people_list", world.agreement.pk)).content.decode()
    assert url("people_role", world.agreement.pk, operator.pk) in html
    assert url("people_assign", world.agreement.pk, operator.pk) in html
    assert url("people_role", world.agreement.pk, world.owner.pk) not in html  # not their own
    assert url("people_assign", world.agreement.pk, world.member.pk) not in html  # not an operator


@pytest.mark.parametrize("who", ["member", "reader", "operator"])
def test_only_the_public_bodys_editors_change_people(people, who):
    world, area, action, operator = people
    user = operator if who == "operator" else getattr(world, who)
    Assignment.objects.create(agreement=world.agreement, user=operator, area=area)
    item = Assignment.objects.get()
    client = world.client_for(user)
    pk = world.agreement.pk
    for name, args in [
        ("people_role", [pk, operator.pk]), ("people_assign", [pk, operator.pk]),
        ("assignment_delete", [pk, item.pk]),
    ]:
        assert client.get(url(name, *args)).status_code == 403, name
        body = {"role": "reader", "target": f"area-{area.pk}"}
        assert client.post(url(name, *args), body).status_code == 403
    assert Assignment.objects.count() == 1
    assert not AgreementRole.objects.exists()
    with pytest.raises(PermissionDenied):
        services.agreement_role_set(user=user, agreement=world.agreement, person=operator, role="reader")
    with pytest.raises(PermissionDenied):
        services.people_remove(user=user, item=item)


def test_an_editor_narrows_a_role_and_removes_the_narrowing(people):
    world, area, action, operator = people
    client = world.client_for(world.owner)
    pk = world.agreement.pk
    form = client.get(url("people_role", pk, world.member.pk))
    assert form.status_code == 200
    choices = [value for value, _ in form.context["form"].fields["role"].choices]
    assert choices == [Role.COORDINATOR, Role.OPERATOR, Role.READER]
    response = client.post(url("people_role", pk, world.member.pk), {"role": "operator"})
    assert response.status_code == 302
    assert AgreementRole.objects.get(user=world.member).role == Role.OPERATOR
    assert AuditEntry.objects.filter(object_type="agreements.agreementrole", action="create").exists()
    assert not access_for(world.member, fresh(world.agreement)).can_edit
    # changing it again updates the one row
    client.post(url("people_role", pk, world.member.pk), {"role": "reader"})
    assert AgreementRole.objects.get(user=world.member).role == Role.READER
    # removing it asks first
    confirm = client.get(url("people_role_delete", pk, world.member.pk))
    assert confirm.status_code == 200 and b'method="post"' in confirm.content
    assert AgreementRole.objects.exists()
    assert client.post(url("people_role_delete", pk, world.member.pk)).status_code == 302
    assert not AgreementRole.objects.exists()
    assert access_for(world.member, fresh(world.agreement)).can_edit
    assert AuditEntry.objects.filter(object_type="agreements.agreementrole", action="delete").exists()
    assert client.get(url("people_role_delete", pk, world.member.pk)).status_code == 404


def test_a_wider_role_is_refused_with_a_message(people):
    world, area, action, operator = people
    pk = world.agreement.pk
    response = world.client_for(world.owner).post(url("people_role", pk, operator.pk), {"role": "officer"})
    assert response.status_code == 200
    assert not AgreementRole.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.agreement_role_set(
            user=world.owner, agreement=world.agreement, person=operator, role=Role.COORDINATOR,
        )
    assert "can only narrow the one the organisation grants" in str(refused.value)
    assert "Olga Operatrice holds the role Operator" in str(refused.value)
    assert not AgreementRole.objects.exists()


def test_own_role_and_outsiders_are_refused(people):
    world, area, action, operator = people
    with pytest.raises(ValidationError, match="your own role"):
        services.agreement_role_set(
            user=world.owner, agreement=world.agreement, person=world.owner, role=Role.READER,
        )
    with pytest.raises(ValidationError, match="through a party organisation"):
        services.agreement_role_set(
            user=world.owner, agreement=world.agreement, person=world.outsider, role=Role.READER,
        )
    assert world.client_for(world.owner).get(
        url("people_role", world.agreement.pk, world.outsider.pk)
    ).status_code == 404
    assert not AgreementRole.objects.exists()


def test_an_editor_assigns_and_unassigns_an_operator(people):
    world, area, action, operator = people
    client = world.client_for(world.owner)
    pk = world.agreement.pk
    form = client.get(url("people_assign", pk, operator.pk))
    assert form.status_code == 200
    assert f'value="area-{area.pk}"' in form.content.decode()
    response = client.post(url("people_assign", pk, operator.pk), {"target": f"action-{action.pk}"})
    assert response.status_code == 302
    item = Assignment.objects.get()
    assert (item.user, item.action, item.area) == (operator, action, None)
    again = client.post(url("people_assign", pk, operator.pk), {"target": f"action-{action.pk}"})
    assert "already assigned to this action" in again.content.decode()
    assert Assignment.objects.count() == 1
    assert access_for(operator, fresh(world.agreement)).action_ids == {action.pk}
    confirm = client.get(url("assignment_delete", pk, item.pk))
    assert confirm.status_code == 200
    assert "Take “1. Nido” away from Olga Operatrice?" in confirm.content.decode()
    assert client.post(url("assignment_delete", pk, item.pk)).status_code == 302
    assert not Assignment.objects.exists()
    assert AuditEntry.objects.filter(object_type="agreements.assignment").count() == 2


def test_only_operators_are_assigned_and_only_to_this_agreement(people):
    world, area, action, operator = people
    response = world.client_for(world.owner).post(
        url("people_assign", world.agreement.pk, world.member.pk), {"target": f"area-{area.pk}"}
    )
    assert "Only operators are assigned" in response.content.decode()
    foreign_area = f.AreaFactory()
    foreign = world.client_for(world.owner).post(
        url("people_assign", world.agreement.pk, operator.pk), {"target": f"area-{foreign_area.pk}"}
    )
    assert foreign.context["form"].errors["target"] == ["Choose one of this agreement's areas or actions."]
    with pytest.raises(ValidationError, match="this agreement's areas"):
        services.assignment_create(
            user=world.owner, agreement=world.agreement, person=operator, area=foreign_area,
        )
    with pytest.raises(ValidationError, match="either an area or an action"):
        services.assignment_create(
            user=world.owner, agreement=world.agreement, person=operator, area=area, action=action,
        )
    assert not Assignment.objects.exists()


def test_a_coordinator_narrowed_to_operator_can_be_assigned(people):
    world, area, action, operator = people
    services.agreement_role_set(
        user=world.owner, agreement=world.agreement, person=world.member, role=Role.OPERATOR,
    )
    services.assignment_create(user=world.owner, agreement=world.agreement, person=world.member, area=area)
    access = access_for(world.member, fresh(world.agreement))
    assert access.is_operator and access.area_ids == {area.pk} and access.area_action_ids == {action.pk}


def test_a_superuser_manages_people(people):
    world, area, action, operator = people
    admin = f.UserFactory(is_superuser=True)
    services.assignment_create(user=admin, agreement=world.agreement, person=operator, area=area)
    assert Assignment.objects.filter(user=operator).exists()


def test_the_page_costs_the_same_queries_for_4_or_34_people(people, django_assert_max_num_queries):
    world, area, action, operator = people
    client = world.client_for(world.owner)
    page = url("people_list", world.agreement.pk)
    client.get(page)  # warm the session and the caches

    def measure():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(page).status_code == 200
        return len(context)

    few = measure()
    for n in range(30):
        user = f.MembershipFactory(organization=world.consortium, role=Role.OPERATOR).user
        Assignment.objects.create(agreement=world.agreement, user=user, area=area)
        Assignment.objects.create(agreement=world.agreement, user=user, action=action)
        if n % 3 == 0:
            AgreementRole.objects.create(agreement=world.agreement, user=user, role=Role.READER)
    with django_assert_max_num_queries(few):
        response = client.get(page)
    assert response.content.decode().count('id="person-') == 34


# -- the API -------------------------------------------------------------------------------


def api_client(user):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='test')[1]}",
        HTTP_ACCEPT_LANGUAGE="en",  # the tests read the messages' ids
    )
    return client


def test_the_api_narrows_roles_and_assigns(people):
    world, area, action, operator = people
    base = f"/api/v1/agreements/{world.agreement.pk}/"
    owner = api_client(world.owner)
    created = owner.post(base + "roles/", {"user": world.member.pk, "role": "reader"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["role"] == "reader"
    listed = api_client(world.reader).get(base + "roles/").json()
    assert [r["user"] for r in listed["results"]] == [world.member.pk]
    assignment = owner.post(base + "assignments/", {"user": operator.pk, "area": area.pk}, format="json")
    assert assignment.status_code == 201, assignment.json()
    assert assignment.json()["area"] == area.pk and assignment.json()["action"] is None
    assert owner.put(base + f"roles/{created.json()['id']}/", {"role": "operator"},
                     format="json").status_code == 405
    assert owner.delete(base + f"assignments/{assignment.json()['id']}/").status_code == 204
    assert owner.delete(base + f"roles/{created.json()['id']}/").status_code == 204
    assert not AgreementRole.objects.exists() and not Assignment.objects.exists()


def test_the_api_refuses_wider_roles_strangers_and_other_roles(people):
    world, area, action, operator = people
    base = f"/api/v1/agreements/{world.agreement.pk}/"
    owner = api_client(world.owner)
    wider = owner.post(base + "roles/", {"user": operator.pk, "role": "admin"}, format="json")
    assert wider.status_code == 400
    assert "can only narrow" in wider.json()["role"][0]
    stranger = owner.post(base + "roles/", {"user": world.outsider.pk, "role": "reader"}, format="json")
    assert stranger.status_code == 400 and "user" in stranger.json()
    body = {"user": world.member.pk, "area": area.pk}
    not_operator = owner.post(base + "assignments/", body, format="json")
    assert not_operator.status_code == 400 and "Only operators" in not_operator.json()["user"][0]
    for who in (world.member, world.reader, operator):
        refused = api_client(who).post(base + "assignments/", {"user": operator.pk, "area": area.pk},
                                       format="json")
        assert refused.status_code == 403
    assert api_client(world.outsider).get(base + "roles/").status_code == 404
    assert not AgreementRole.objects.exists() and not Assignment.objects.exists()


# -- the demo ------------------------------------------------------------------------------


def test_the_demo_operator_is_assigned_the_nursery_area_and_two_actions():
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    operator = get_user_model().objects.get(username="operatore")
    agreement = Agreement.objects.get()
    access = access_for(operator, agreement)
    assert access.is_operator
    assert [a.number for a in agreement.areas.filter(pk__in=access.area_ids)] == [1]
    nursery_line = agreement.budget_lines.filter(area__number=1, unit="month").first()
    assert access.may_write_on_item(nursery_line)
    assert access.may_write_on_item(agreement.staff_costs.get())  # the psychologist's supervision
    assert not access.may_write_on_item(agreement.budget_lines.filter(area__number=5).first())
    assert len(access.action_ids) == 2
    assert AuditEntry.objects.filter(object_type="agreements.assignment", action="create").count() == 3
    # loading again adds nothing
    call_command("load_demo", stdout=StringIO())
    assert Assignment.objects.filter(user=operator).count() == 3
