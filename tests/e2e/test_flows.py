"""The flows of issue 9 in a real browser, on the demo: log in; create an agreement with an area,
an action, a budget line with VAT, a fee tier and a tranche, and see the summary table follow;
import the sample DOCX, correct a value and confirm; log hours and an enrolment count; generate
the monitoring report and download it; the deadlines and the calendar feed; an outsider sees
nothing. With COPROGETTA_SCREENSHOTS=1 the main pages are saved in docs/screenshots/."""

import re

from coprogetta.agreements.models import Agreement

from .conftest import screenshot
from .world import SAMPLE


def log_in(page, base: str, username: str, password: str = "coprogetta-demo") -> None:
    page.goto(f"{base}/accesso/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    assert "/accesso/" not in page.url


def fill_form(page, values: dict[str, str]) -> None:
    """Types into the named fields of the page's main form; dates as the widget wants them."""
    for name, value in values.items():
        field = page.locator(f"main [name='{name}']")
        if field.count() > 1:  # radio buttons
            radio = page.locator(f"main [name='{name}'][value='{value}']")
            page.click(f"label[for='{radio.get_attribute('id')}']")  # as a person does
            assert radio.is_checked()
            continue
        tag = field.evaluate("(el) => el.tagName.toLowerCase() + ':' + (el.type || '')")
        if tag.startswith("select"):
            field.select_option(value)
        elif tag == "input:checkbox":
            field.set_checked(value == "on")
        elif tag == "input:date":
            day, month, year = value.split("/")
            field.fill(f"{year}-{month}-{day}")
        else:
            field.fill(value)


def submit(page, form: str = "main form[method=post]") -> None:
    with page.expect_navigation():
        page.locator(form).last.locator("button[type=submit]").last.click()
    errors = page.locator("#form-errors")
    assert not errors.count(), errors.inner_text()


def test_log_in_create_an_agreement_and_see_the_summary_follow(demo, new_page, live_server):
    base = live_server.url
    page = new_page()
    log_in(page, base, "funzionario")
    page.goto(f"{base}/accordi/nuovo/")
    option = page.locator("main select[name=organization] option", has_text="Comune di Crema")
    fill_form(page, {
        "title": "Centri estivi 2017", "kind": "codesign", "start_date": "01/01/2017",
        "end_date": "31/12/2017",
        "organization": option.get_attribute("value"),
    })
    submit(page)
    pk = int(re.search(r"/accordi/(\d+)/", page.url).group(1))
    assert Agreement.objects.get(pk=pk).title == "Centri estivi 2017"

    page.goto(f"{base}/accordi/{pk}/ambiti/nuovo/")
    fill_form(page, {"number": "1", "title": "Servizi per la prima infanzia"})
    submit(page)
    area = int(re.search(r"/ambiti/(\d+)/", page.url).group(1))
    page.goto(f"{base}/accordi/{pk}/ambiti/{area}/azioni/nuova/")
    fill_form(page, {
        "kind": "consolidation", "number": "1", "title": "Asilo nido comunale",
        "schedule_text": "da gennaio a luglio",
    })
    submit(page)
    page.goto(f"{base}/accordi/{pk}/scheda-economica/")
    assert "12.480,00" not in page.locator("main").inner_text()

    page.goto(f"{base}/accordi/{pk}/voci/nuova/")
    fill_form(page, {
        "area": str(area), "description": "Retta mensile", "unit_amount": "1.000,00",
        "quantity": "12", "unit": "month", "vat_rate": "4",
    })
    submit(page)
    line = Agreement.objects.get(pk=pk).budget_lines.get()
    page.goto(f"{base}/accordi/{pk}/voci/{line.pk}/fasce/nuova/")
    fill_form(page, {"min_count": "21", "consequence": "amount", "unit_amount": "1.100,00"})
    submit(page)
    page.goto(f"{base}/accordi/{pk}/tranche/nuova/")
    fill_form(page, {"due_date": "30/06/2017", "kind": "amount", "amount": "6.240,00"})
    submit(page)

    page.goto(f"{base}/accordi/{pk}/scheda-economica/")
    summary = page.locator("main").inner_text()
    assert "12.000,00" in summary and "480,00" in summary and "12.480,00" in summary
    assert line.fee_tiers.count() == 1 and Agreement.objects.get(pk=pk).tranches.count() == 1
    page.goto(f"{base}/accordi/{pk}/")
    assert "6.240,00" in page.locator("main").inner_text()


def test_import_the_sample_correct_a_value_and_confirm(demo, new_page, live_server):
    base = live_server.url
    page = new_page(demo.users["funzionario"])
    page.goto(f"{base}/accordi/importa/")
    page.set_input_files("main input[type=file]", str(SAMPLE))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if "/lavori/" in page.url:  # the job's page: continue to the review
        with page.expect_navigation():
            page.click("#job-result-link")
    assert re.search(r"/accordi/importa/\d+/$", page.url), page.url
    screenshot(page, "import-review")
    title = page.locator("#id_v-title")
    assert title.input_value().strip()
    title.fill("Coprogettazione Crema 2016 (importata)")
    submit(page, "#draft-form")
    assert page.locator("#id_v-title").input_value() == "Coprogettazione Crema 2016 (importata)"
    with page.expect_navigation():
        page.locator("main a[href$='/conferma/']").first.click()
    submit(page)
    imported = Agreement.objects.get(title="Coprogettazione Crema 2016 (importata)")
    assert f"/accordi/{imported.pk}/" in page.url
    assert imported.budget_lines.count() == demo.agreement.budget_lines.count()


def test_log_hours_and_an_enrolment_count(demo, new_page, live_server):
    base, pk = live_server.url, demo.agreement.pk
    page = new_page()
    log_in(page, base, "referente")
    page.goto(f"{base}/accordi/{pk}/ore/nuova/")
    staff = page.locator("main select[name=staff_cost] option:not([value=''])").first
    fill_form(page, {
        "staff_cost": staff.get_attribute("value"), "date": "14/03/2016", "hours": "3,5",
        "note": "Verifica e2e",
    })
    submit(page)
    entry = demo.agreement.time_entries.get(note="Verifica e2e")
    assert str(entry.hours) in {"3.5", "3.50"}
    page.goto(f"{base}/accordi/{pk}/ore/")
    assert "Verifica e2e" in page.locator("main").inner_text()

    line = demo.ids["line"]
    page.goto(f"{base}/accordi/{pk}/voci/{line}/iscrizioni/nuova/")
    page.fill("main [name=month]", "2016-11")
    fill_form(page, {"count": "23", "note": "Conteggio e2e"})
    submit(page)
    from coprogetta.monitoring.models import EnrolmentCount

    counted = EnrolmentCount.objects.get(note="Conteggio e2e")
    assert counted.count == 23 and counted.month.month == 11
    page.goto(f"{base}/accordi/{pk}/iscrizioni/")
    assert "Conteggio e2e" in page.locator("main").inner_text() or "23" in page.locator("main").inner_text()


def test_generate_the_monitoring_report_and_download_it(demo, new_page, live_server):
    base, pk = live_server.url, demo.agreement.pk
    page = new_page(demo.users["funzionario"])
    page.goto(f"{base}/accordi/{pk}/relazioni/")
    screenshot(page, "reports")
    with page.expect_navigation():
        page.locator("main button[name=fmt][value=pdf]").first.click()
    assert "/lavori/" in page.url  # the job's page: its progress, then the file
    page.wait_for_selector("#job-result-link[href*='/scarica/']", state="visible")
    with page.expect_download() as download:
        page.click("#job-result-link")
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")


def test_deadlines_and_the_calendar_feed(demo, new_page, live_server):
    base, pk = live_server.url, demo.agreement.pk
    page = new_page(demo.users["funzionario"])
    page.goto(f"{base}/scadenze/")
    assert page.locator("main table tbody tr").count() >= 1
    screenshot(page, "deadlines")
    with page.expect_navigation():
        page.locator("main a[href$='/scadenze/calendario/']").click()
    submit(page)
    feed_url = page.locator("#feed-url").input_value()
    assert re.search(r"/calendario/[^/]+\.ics$", feed_url), feed_url
    answer = page.request.get(base + feed_url[feed_url.index("/calendario/"):])
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar")
    assert answer.text().startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in answer.text()
    page.goto(f"{base}/accordi/{pk}/calendario/")
    submit(page)
    assert page.locator("#feed-url").input_value() != feed_url


def test_an_outsider_sees_nothing(demo, new_page, live_server):
    base, pk = live_server.url, demo.agreement.pk
    page = new_page()
    log_in(page, base, "esterno")
    page.goto(f"{base}/accordi/")
    assert demo.agreement.title not in page.locator("main").inner_text()
    for path in ("", "scheda-economica/", "cruscotto/", "piano-di-lavoro/", "ore/", "relazioni/"):
        response = page.goto(f"{base}/accordi/{pk}/{path}")
        assert response.status == 404, path
        assert demo.agreement.title not in page.content()
    page.goto(f"{base}/scadenze/")
    assert demo.agreement.title not in page.locator("main").inner_text()


def test_screens_of_the_main_pages(demo, new_page, live_server, settings):
    """The main pages of the demo show their content (and, with COPROGETTA_SCREENSHOTS=1, are saved)."""
    settings.COPROGETTA_DEMO_LOGINS = True
    base, pk = live_server.url, demo.agreement.pk
    visitor = new_page()
    visitor.goto(base + "/")
    assert "funzionario" in visitor.locator("main").inner_text()
    screenshot(visitor, "home", anchor=None)
    page = new_page(demo.users["funzionario"])
    pages = {
        "agreement": (f"/accordi/{pk}/", "h1", "main h1"),
        "summary": (f"/accordi/{pk}/scheda-economica/", "table", "main table"),
        "workplan": (f"/accordi/{pk}/piano-di-lavoro/", "svg", "main .workplan-chart-scroll"),
        "dashboard": (f"/accordi/{pk}/cruscotto/", "h1", "main .agreement-subnav"),
        "directory": ("/territorio/risorse/", "#resource-list", "main h1"),
        "report-preview": (f"/accordi/{pk}/relazioni/anteprima/", "table", "main h1"),
    }
    for name, (path, selector, anchor) in pages.items():
        response = page.goto(base + path)
        assert response.status == 200, path
        assert page.locator(f"main {selector}").count() >= 1, (name, selector)
        screenshot(page, name, anchor)
