"""The review page of an import: the findings that need a look in the table, the checks that
hold folded away under it (the sample has one approximation and dozens of correct checks)."""

import re

import pytest
from django.urls import reverse

from .test_import_web import sample_draft  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_checks_that_hold_are_folded_under_the_findings(world, sample_draft):  # noqa: F811
    url = reverse("documents:import_review", kwargs={"draft": sample_draft.pk})
    html = world.client_for(world.owner).get(url).content.decode()
    table = re.search(r'<table class="table table-sm" id="findings">.*?</table>', html, re.S).group(0)
    assert 'class="finding-approximate"' in table and 'class="finding-ok"' not in table
    folded = re.search(r'<details class="mt-2" id="findings-ok">.*?</details>', html, re.S).group(0)
    kinds = set(re.findall(r'<tr class="finding-(\w+)"', folded))
    assert kinds == {"ok"}
    shown = re.search(r"Show the (\d+) checks that hold", folded)
    assert shown and int(shown.group(1)) == folded.count('<tr class="finding-ok"') > 10


def test_the_confirmation_shows_the_period_as_italian_dates(world, sample_draft):  # noqa: F811
    url = reverse("documents:import_confirm", kwargs={"draft": sample_draft.pk})
    html = world.client_for(world.owner).get(url).content.decode()
    assert "01/01/2016 – 31/12/2016" in html and "2016-01-01" not in html
