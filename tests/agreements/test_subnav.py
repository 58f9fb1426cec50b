"""The agreement's navigation (agreements/_subnav.html): on every page of the agreement, once,
under the page's h1 and breadcrumb, with the page's own item marked."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from coprogetta.monitoring.models import Indicator
from tests import factories as f

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="agreement-subnav.*?</nav>', re.S)
CURRENT = re.compile(r'<a class="nav-link active" aria-current="(page|true)" href="([^"]+)">')

# URL name -> the item marked on its page (the same URL, or the page above it)
PAGES = {
    "agreements:detail": "agreements:detail",
    "monitoring:dashboard": "monitoring:dashboard",
    "documents:summary": "documents:summary",
    "planning:workplan": "planning:workplan",
    "monitoring:timeentry_list": "monitoring:timeentry_list",
    "monitoring:enrolment_list": "monitoring:enrolment_list",
    "monitoring:indicator_list": "monitoring:indicator_list",
    "monitoring:progress_list": "monitoring:progress_list",
    "documents:report_list": "documents:report_list",
}


def _nav(page):
    navs = NAV.findall(page)
    assert len(navs) == 1, f"{len(navs)} agreement navigations"
    return navs[0]


@pytest.mark.parametrize("name", PAGES)
def test_each_page_has_the_navigation_once_under_its_heading(world, name):
    pk = world.agreement.pk
    page = world.client_for(world.reader).get(reverse(name, args=[pk])).content.decode()
    nav = _nav(page)
    assert CURRENT.findall(nav) == [("page", reverse(PAGES[name], args=[pk]))]
    assert 'aria-label="Pages of the agreement Coprogettazione 2016"' in nav
    # the breadcrumb, then the h1, then the navigation
    assert page.index('class="breadcrumb-container"') < page.index("<h1") < page.index(nav)


def test_pages_under_an_item_mark_it_as_the_current_section(world):
    pk = world.agreement.pk
    area = f.AreaFactory(agreement=world.agreement, number=1)
    f.ActionFactory(area=area)
    client = world.client_for(world.owner)
    for name, parent in (("planning:workplan_area", "planning:workplan"),
                         ("agreements:area_detail", "agreements:detail")):
        page = client.get(reverse(name, args=[pk, area.pk])).content.decode()
        assert CURRENT.findall(_nav(page)) == [("true", reverse(parent, args=[pk]))]
        assert page.count("<h1") == 1 and 'class="breadcrumb-container"' in page


def test_the_navigation_reaches_every_page_in_three_groups(world):
    pk = world.agreement.pk
    nav = _nav(world.client_for(world.owner).get(reverse("agreements:detail", args=[pk])).content.decode())
    names = ["agreements:detail", "documents:summary", "planning:workplan", "agreements:version_list",
             "planning:agreement_feed", "agreements:people_list", "history:agreement",
             "territory:agreement", "territory:needs", "territory:programmes", "territory:coverage",
             "monitoring:dashboard", "monitoring:timeentry_list", "monitoring:enrolment_list",
             "monitoring:expense_list", "monitoring:indicator_list", "monitoring:progress_list",
             "documents:report_list"]
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert hrefs == [reverse(name, args=[pk]) for name in names]
    groups = re.findall(r'<span class="agreement-subnav-label" id="([^"]+)">([^<]+)</span>\s*'
                        r'<ul class="nav" aria-labelledby="([^"]+)">', nav)
    assert [(label, own == labelled) for own, label, labelled in groups] == [
        ("Agreement", True), ("Territory", True), ("Monitoring", True)]


def test_a_page_that_does_not_resolve_is_left_out(world, settings):
    """Without the territory's routes the navigation drops the group, and renders no empty list."""
    settings.ROOT_URLCONF = "tests.agreements.urls_without_territory"
    request = RequestFactory().get(f"/accordi/{world.agreement.pk}/")
    html = render_to_string("agreements/_subnav.html", {"agreement": world.agreement}, request=request)
    assert "Territory" not in html and "territorio" not in html
    assert 'aria-current="page"' in html  # the overview is still marked


def test_the_agreement_list_keeps_its_two_buttons_together(world):
    page = world.client_for(world.owner).get(reverse("agreements:list")).content.decode()
    group = re.search(r'<div class="d-flex flex-wrap gap-2">(.*?)</div>', page, re.S).group(1)
    assert reverse("agreements:create") in group and 'id="import-link"' in group
    reader = world.client_for(world.reader).get(reverse("agreements:list")).content.decode()
    assert 'id="import-link"' not in reader and reverse("agreements:create") not in reader


def test_filter_forms_put_their_labels_above_the_fields(world):
    """The checkpoint and date filters carry the class whose CSS keeps the label in the flow."""
    pk = world.agreement.pk
    Indicator.objects.create(agreement=world.agreement, name="Bambini iscritti")
    client = world.client_for(world.owner)
    indicators = client.get(reverse("monitoring:indicator_list", args=[pk])).content.decode()
    progress = client.get(reverse("monitoring:progress_list", args=[pk])).content.decode()
    assert re.search(r'<form method="get" class="filter-form[^"]*" id="checkpoint-form"', indicators)
    assert '<form method="get" class="filter-form' in progress
    css = open(finders.find("coprogetta/coprogetta.css"), encoding="utf-8").read()
    assert ".filter-form .select-wrapper label" in css and "position: static" in css


def test_empty_pages_say_what_to_do(world):
    """An agreement with nothing in it yet: each page says where the missing data is entered."""
    pk = world.agreement.pk
    client = world.client_for(world.owner)
    money = reverse("agreements:detail", args=[pk]) + "#money"
    areas = reverse("agreements:detail", args=[pk]) + "#areas"

    def page(name):
        return client.get(reverse(name, args=[pk])).content.decode()

    workplan = page("planning:workplan")
    assert 'id="workplan-empty"' in workplan and f'href="{areas}"' in workplan
    hours = page("monitoring:timeentry_list")
    assert 'id="no-staff-costs"' in hours and f'href="{money}"' in hours
    assert f'href="{reverse("monitoring:timeentry_create", args=[pk])}">Log the first hours.' in hours
    enrolments = page("monitoring:enrolment_list")
    assert 'id="no-monthly-lines"' in enrolments and f'href="{money}"' in enrolments
    assert 'id="what-if-heading"' not in enrolments  # nothing to simulate
    indicators = page("monitoring:indicator_list")
    assert 'id="no-indicators"' in indicators and 'id="checkpoint-form"' not in indicators
    progress = page("monitoring:progress_list")
    assert 'id="no-actions"' in progress and f'href="{areas}"' in progress


def test_a_work_plan_with_actions_has_no_empty_notice(world):
    f.ActionFactory(area=f.AreaFactory(agreement=world.agreement))
    page = world.client_for(world.owner).get(reverse("planning:workplan", args=[world.agreement.pk]))
    assert 'id="workplan-empty"' not in page.content.decode()
