"""The work plan pages and PDF: access, content, warnings, query count, the demo."""

import io
from datetime import date
from html import escape

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from coprogetta.agreements.models import Action, Agreement
from coprogetta.lib.schedules import ONGOING, RESOLVED, UNRESOLVED, Interval, Note, Schedule
from coprogetta.planning import workplan_views
from tests import factories as f

pytestmark = pytest.mark.django_db


def stored(status, *, intervals=(), deadlines=(), notes=(), reason=None, text="") -> dict:
    return Schedule(
        text=text, status=status, intervals=tuple(Interval(*i) for i in intervals),
        deadlines=tuple(deadlines), notes=tuple(notes), reason=reason,
    ).to_dict()


@pytest.fixture
def plan(world):
    """Two areas of the world's agreement with actions of every kind of schedule."""
    first = f.AreaFactory(agreement=world.agreement, number=1, title="Infanzia")
    second = f.AreaFactory(agreement=world.agreement, number=2, title="Lavoro <&> inclusione")
    f.ActionFactory(area=first, kind=Action.Kind.CONSOLIDATION, number=1, title="Asilo nido",
                    schedule_text="Gennaio-Dicembre 2016",
                    schedule=stored(RESOLVED, intervals=[(date(2016, 1, 1), date(2016, 12, 31))]))
    f.ActionFactory(area=first, number=1, title="Supervisione psicologica",
                    schedule_text="entro maggio 2016",
                    schedule=stored(RESOLVED, deadlines=[date(2016, 5, 31)]))
    f.ActionFactory(area=first, number=2, title="Ricerca finanziamenti", schedule_text="in corso",
                    schedule=stored(ONGOING))
    f.ActionFactory(area=second, number=1, title="Pulizie straordinarie", schedule_text="quando serve",
                    schedule=stored(UNRESOLVED, reason=Note("not_a_schedule", (("text", "quando serve"),))))
    f.ActionFactory(area=second, number=2, title="Vecchio progetto", schedule_text="entro maggio 2015",
                    schedule=stored(RESOLVED, deadlines=[date(2015, 5, 31)],
                                    notes=[Note("outside_period", (("end", "2015-05-31"),
                                                                   ("start", "2015-05-31")))]))
    return world, first, second


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(workplan_views.timezone, "localdate", lambda: date(2016, 5, 15))


def url(name, *args):
    return reverse(f"planning:{name}", args=args)


def test_the_work_plan_page_shows_the_chart_and_the_table(plan, frozen):
    world, first, second = plan
    response = world.client_for(world.owner).get(url("workplan", world.agreement.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="gantt" role="img"') == 1
    assert 'class="gantt-today"' in html
    assert "Area 2 – Lavoro &lt;&amp;&gt; inclusione" in html
    for title in ("Asilo nido", "Supervisione psicologica", "Ricerca finanziamenti", "Pulizie straordinarie"):
        assert html.count(title) >= 2  # in the chart and in the table
    assert "from January 2016 to December 2016" in html
    assert "deadline 31/05/2016" in html
    assert "ongoing, throughout the period" in html
    assert "not understood" in html
    assert "“quando serve” does not say when the action takes place." in html
    assert "The date 31/05/2015 falls outside the agreement&#x27;s period." in html
    assert "The schedules of 2 actions should be checked" in html
    assert f'href="{url("workplan_pdf", world.agreement.pk)}"' in html
    assert f'href="{url("workplan_area", world.agreement.pk, second.pk)}"' in html


def test_the_page_is_italian_by_default(plan, frozen):
    world, *_ = plan
    client = world.client_for(world.owner, language=None)
    html = client.get(url("workplan", world.agreement.pk)).content.decode()
    assert '<html lang="it">' in html
    assert ">Gen</text>" in html and ">Dic</text>" in html


def test_the_area_page_shows_only_its_area(plan, frozen):
    world, first, second = plan
    response = world.client_for(world.member).get(url("workplan_area", world.agreement.pk, first.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Asilo nido" in html and "Pulizie straordinarie" not in html
    assert f'href="{url("workplan_pdf", world.agreement.pk)}?ambito={first.pk}"' in html


def test_no_today_line_outside_the_period(plan, monkeypatch):
    monkeypatch.setattr(workplan_views.timezone, "localdate", lambda: date(2024, 1, 1))
    world, *_ = plan
    html = world.client_for(world.owner).get(url("workplan", world.agreement.pk)).content.decode()
    assert 'class="gantt-today"' not in html


def test_an_agreement_without_areas_renders(world, frozen):
    response = world.client_for(world.owner).get(url("workplan", world.agreement.pk))
    assert response.status_code == 200
    assert "No areas yet." in response.content.decode()


@pytest.mark.parametrize("broken", [
    {"status": "resolved", "intervals": [{"start": "2016-02-30", "end": "2016-03-01"}]},
    {"status": "maybe"},
    {"intervals": "nonsense"},
    ["not", "an", "object"],
    "text",
    42,
    {"status": "resolved", "recurrences": [{"kind": "hourly"}]},
    {"status": "resolved", "notes": [{"params": {}}]},
])
def test_a_malformed_stored_schedule_is_shown_as_unresolved(plan, frozen, broken):
    world, first, _ = plan
    broken_action = f.ActionFactory(area=first, number=9, title="Azione rotta", schedule_text="da aprile",
                                    schedule=broken)
    client = world.client_for(world.owner)
    edit = reverse("agreements:action_edit", args=[world.agreement.pk, broken_action.pk])
    assert client.get(edit).status_code == 200
    for name, args in (("workplan", ()), ("workplan_area", (first.pk,)), ("workplan_pdf", ())):
        response = client.get(url(name, world.agreement.pk, *args))
        assert response.status_code == 200, name
    html = client.get(url("workplan", world.agreement.pk)).content.decode()
    assert "The stored schedule cannot be read" in html
    assert client.get(reverse("agreements:detail", args=[world.agreement.pk])).status_code == 200
    area_url = reverse("agreements:area_detail", args=[world.agreement.pk, first.pk])
    assert client.get(area_url).status_code == 200


def test_the_pdf_holds_the_chart_and_the_table(plan, frozen):
    world, *_ = plan
    response = world.client_for(world.owner).get(url("workplan_pdf", world.agreement.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    name = f"piano-di-lavoro-{world.agreement.pk}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = "\n".join(p.extract_text() for p in reader.pages)
    for title in ("Asilo nido", "Supervisione psicologica", "Pulizie straordinarie", "Vecchio progetto"):
        assert title in text
    assert "Work plan" in text and "Schedule to check" in text


def test_the_pdf_of_one_area(plan, frozen):
    world, first, second = plan
    client = world.client_for(world.owner)
    response = client.get(url("workplan_pdf", world.agreement.pk) + f"?ambito={second.pk}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'piano-di-lavoro-{world.agreement.pk}-ambito-2.pdf"')
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Pulizie straordinarie" in text and "Asilo nido" not in text


# -- refusals ---------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login(plan):
    world, first, _ = plan
    client = world.client_for(world.owner)
    client.logout()
    for path in (url("workplan", world.agreement.pk), url("workplan_area", world.agreement.pk, first.pk),
                 url("workplan_pdf", world.agreement.pk)):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accesso/"), path


def test_an_outsider_gets_404(plan):
    world, first, _ = plan
    client = world.client_for(world.outsider)
    pdf = url("workplan_pdf", world.agreement.pk)
    for path in (url("workplan", world.agreement.pk), url("workplan_area", world.agreement.pk, first.pk),
                 pdf, f"{pdf}?ambito={first.pk}"):
        assert client.get(path).status_code == 404, path


def test_an_area_of_another_agreement_gets_404(plan):
    world, *_ = plan
    foreign = f.AreaFactory(agreement=f.AgreementFactory())
    client = world.client_for(world.owner)
    assert client.get(url("workplan_area", world.agreement.pk, foreign.pk)).status_code == 404
    assert client.get(url("workplan_pdf", world.agreement.pk) + f"?ambito={foreign.pk}").status_code == 404
    assert client.get(url("workplan_pdf", world.agreement.pk) + "?ambito=uno").status_code == 404


def test_writes_are_refused(plan):
    world, *_ = plan
    assert world.client_for(world.owner).post(url("workplan", world.agreement.pk)).status_code == 405


# -- queries -----------------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_the_actions(plan, frozen, django_assert_max_num_queries):
    world, first, second = plan
    client = world.client_for(world.owner)
    client.get(url("workplan", world.agreement.pk))  # session and user warmed up the same way
    with django_assert_max_num_queries(6):
        client.get(url("workplan", world.agreement.pk))
    for number in range(10, 40):
        f.ActionFactory(area=second, number=number, schedule_text="in corso", schedule=stored(ONGOING))
    with django_assert_max_num_queries(6):
        response = client.get(url("workplan", world.agreement.pk))
    assert response.content.decode().count('class="gantt-row ') == 35


# -- the demo ----------------------------------------------------------------------------------


@pytest.fixture
def demo(client, frozen):
    call_command("load_demo", stdout=io.StringIO())
    agreement = Agreement.objects.get()
    client.login(username="funzionario", password="coprogetta-demo")
    return client, agreement


def test_the_demo_work_plan_covers_2016(demo):
    client, agreement = demo
    pages = []
    for number in (1, 2):  # 70 actions, 50 a page
        response = client.get(url("workplan", agreement.pk), {"pagina": number})
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count('class="gantt-month"') == 12 * html.count('class="gantt"')
        assert ">2016</text>" in html
        assert f"Page {number} of 2" in html or f"Pagina {number} di 2" in html
        pages.append(html)
    for action in Action.objects.filter(area__agreement=agreement):
        assert sum(escape(action.title) in html for html in pages) >= 1


def test_the_gantt_shows_at_most_the_configured_rows(demo, settings):
    client, agreement = demo
    settings.COPROGETTA_GANTT_ROWS = 4
    actions = list(Action.objects.filter(area__agreement=agreement)
                   .order_by("area__number", "area_id", "kind", "number", "id"))
    response = client.get(url("workplan", agreement.pk), {"pagina": 2})
    rows = [row.action for group in response.context["plan"].groups for row in group.rows]
    assert rows == actions[4:8]
    assert response.context["plan"].page.paginator.num_pages == (len(actions) + 3) // 4
    assert len(response.context["plan"].areas) == agreement.areas.count()


def test_the_demo_pdf_names_every_action(demo):
    client, agreement = demo
    response = client.get(url("workplan_pdf", agreement.pk))
    assert response.status_code == 200
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    for action in Action.objects.filter(area__agreement=agreement):
        assert "".join(action.title.split()) in text, action.title  # lines break anywhere


def test_the_agreement_and_area_pages_link_the_work_plan_and_show_warnings(plan):
    world, first, second = plan
    client = world.client_for(world.reader)
    html = client.get(reverse("agreements:detail", args=[world.agreement.pk])).content.decode()
    assert f'href="{url("workplan", world.agreement.pk)}"' in html
    assert "deadline 31/05/2016" in html
    assert html.count("Schedule to check") == 2
    area_page = reverse("agreements:area_detail", args=[world.agreement.pk, second.pk])
    html = client.get(area_page).content.decode()
    assert f'href="{url("workplan_area", world.agreement.pk, second.pk)}"' in html
    assert "The date 31/05/2015 falls outside the agreement&#x27;s period." in html
