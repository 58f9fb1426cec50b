"""The agreement page leads to its work plan and its calendar feed."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_agreement_page_links_the_work_plan_and_the_calendar_feed(world):
    html = world.client_for(world.reader).get(reverse("agreements:detail", args=[world.agreement.pk]))
    html = html.content.decode()
    assert reverse("planning:workplan", args=[world.agreement.pk]) in html
    assert reverse("planning:agreement_feed", args=[world.agreement.pk]) in html
