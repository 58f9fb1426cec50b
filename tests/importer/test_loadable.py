"""Every draft the importer makes loads through the checked JSON import."""

from __future__ import annotations

import pytest

from coprogetta.agreements import models as m
from coprogetta.documents.interchange import agreement_import
from coprogetta.lib.importer import extract

from .helpers import FIXTURES, fixture, sample

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["sample", *sorted(p.name for p in FIXTURES.glob("*.txt"))])
def test_draft_loads(name):
    lines = sample() if name == "sample" else fixture(name)
    document = extract(lines).document
    agreement = agreement_import(user=None, document=document)
    assert agreement.areas.count() == len(document["areas"])
    lines_count = len(document.get("budget_lines", [])) + sum(
        len(a["budget_lines"]) for a in document["areas"]
    )
    assert m.BudgetLine.objects.filter(agreement=agreement).count() == lines_count
