"""Keyboard use of every form: Tab reaches every field and the submit button in order, each
with a visible focus; Enter submits; refused values are tied to their fields. The work plan's
chart and table are reached with Tab as well."""


from .conftest import axe_violations
from .test_accessibility import PAGES, page_url, routes_by_name, viewer_pages

#: The focusable elements of a root, in DOM order; a radio group is one stop (its checked radio).
FOCUSABLES = """(root) => {
  const all = Array.from(root.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]'));
  const seen = new Set();
  return all.filter(el => {
    if (el.disabled || el.tabIndex < 0 || el.type === 'hidden') return false;
    if (!el.getClientRects().length && !(el.type === 'checkbox' || el.type === 'radio')) return false;
    if (getComputedStyle(el).visibility === 'hidden') return false;
    if (el.type === 'radio') {
      if (seen.has(el.name)) return false;
      const checked = root.querySelector(`input[type=radio][name="${el.name}"]:checked`);
      if (checked && checked !== el) return false;
      seen.add(el.name);
    }
    return true;
  });
}"""

#: Whether the focused element (or, for a styled checkbox/radio, its label) shows its focus.
FOCUS_SHOWN = """(el) => {
  const visible = (node, pseudo) => {
    const s = getComputedStyle(node, pseudo);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
      || (s.boxShadow && s.boxShadow !== 'none');
  };
  if (visible(el)) return true;
  const label = el.id && document.querySelector(`label[for="${el.id}"]`);
  return !!label && (visible(label) || visible(label, '::before') || visible(label, '::after'));
}"""

MAIN_FORMS = "main form"


def tab_walk(page, form_index: int) -> tuple[list[str], list[str], list[str], bool]:
    """Through one form: (expected stops, reached stops, stops without a visible focus, whether
    the form has a submit button). A stop is named by its place in the expected order; the page
    records each stop as focus arrives, and Tab is pressed once per stop (and per date part)."""
    form = page.locator(MAIN_FORMS).nth(form_index)
    expected, presses, has_submit = form.evaluate(f"""(form) => {{
        const stops = ({FOCUSABLES})(form);
        const shown = {FOCUS_SHOWN};
        const parts = {{date: 4, month: 3, 'datetime-local': 6, time: 3, week: 3}};  // parts, picker
        window.__stops = [];
        document.addEventListener('focusin', (event) => {{
            const el = event.target;
            const stop = [el.dataset.kbd || el.outerHTML.slice(0, 60), form.contains(el), true];
            window.__stops.push(stop);
            stop[2] = shown(el);
        }}, true);
        const names = stops.map((el, i) => {{
            el.dataset.kbd = i + ' ' + el.tagName.toLowerCase() + (el.name ? '[' + el.name + ']' : '')
                + (el.getAttribute('href') ? '[' + el.getAttribute('href') + ']' : '');
            return el.dataset.kbd;
        }});
        const presses = stops.reduce((n, el) => n + (parts[el.type] || 1), 1);
        const submit = !!form.querySelector(
            'button:not([type=button]):not([type=reset]), input[type=submit]');
        if (stops.length) stops[0].focus();
        window.__stops = [];
        return [names, presses, submit];
    }}""")
    if not expected:
        return [], [], [], False
    for _ in range(presses):
        page.keyboard.press("Tab")
    reached, unseen = [expected[0]], []
    for where, inside, shown in page.evaluate("window.__stops"):
        if not inside:
            break
        if where != reached[-1]:
            reached.append(where)
            if not shown:
                unseen.append(where)
    return expected, reached, unseen, has_submit


def enter_submits(page, form_index: int) -> bool:
    """Enter in the first text field (or on the submit button) submits the form (or asks for
    the missing values): the submission itself is stopped, nothing is saved."""
    form = page.locator(MAIN_FORMS).nth(form_index)
    form.evaluate("""(form) => {
        window.__entered = null;
        form.addEventListener('submit', (e) => { e.preventDefault(); window.__entered = 'submit'; });
        form.addEventListener('invalid', () => { window.__entered = 'invalid'; }, true);
    }""")
    typed = form.locator(
        "input:is([type=text],[type=number],[type=email],[type=date],[type=url],[type=tel],"
        "[type=password],[type=search],[type=month],:not([type])):visible:not([readonly])"
    )
    if typed.count():
        typed.first.focus()
    else:
        form.locator("button:not([type=button]), input[type=submit]").last.focus()
    page.keyboard.press("Enter")
    return page.evaluate("window.__entered") is not None


def test_every_form_is_usable_with_the_keyboard(demo, new_page, live_server):
    """Every page's forms as the municipality's officer, and the login page anonymously."""
    routes = routes_by_name()
    page_for, visitor = viewer_pages(demo, new_page), new_page()
    problems = []
    forms = 0
    for page, name in [(page_for(name), name) for name in PAGES] + [(visitor, "login")]:
        url = page_url(name, routes[name], demo)
        response = page.goto(live_server.url + url)
        assert response.status == 200, (name, url, response.status)
        for index in range(page.locator(MAIN_FORMS).count()):
            if index:
                page.goto(live_server.url + url)
            expected, reached, unseen, has_submit = tab_walk(page, index)
            if not expected:
                continue
            forms += 1
            where = f"{name} {url} form {index + 1}"
            if reached != expected:
                problems.append(f"{where}: Tab order {reached} instead of {expected}")
            if not has_submit:
                problems.append(f"{where}: no submit button")
            if unseen:
                problems.append(f"{where}: focus not visible on {unseen}")
            if not enter_submits(page, index):
                problems.append(f"{where}: Enter does not submit the form")
    assert forms > 60
    assert not problems, "\n".join(problems)


CREATE_PAGES = [name for name in PAGES if name.endswith("create") or name == "documents:import_upload"]


def test_refused_values_are_tied_to_their_fields(demo, new_page, live_server):
    """Each creation form sent empty: every refused field says why, tied by aria-describedby,
    marked aria-invalid, and the page has no serious axe violation."""
    routes = routes_by_name()
    page = new_page(demo.users["funzionario"])
    problems, refused = [], 0
    for name in CREATE_PAGES:
        url = page_url(name, routes[name], demo)
        page.goto(live_server.url + url)
        form = page.locator("main form[method=post], main form[method=POST]").last
        form.evaluate("""(form) => {
            form.noValidate = true;
            form.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea')
                .forEach((el) => { el.value = ''; });
            form.querySelectorAll('select').forEach((el) => { el.selectedIndex = -1; });
        }""")
        with page.expect_navigation():
            form.evaluate("(form) => form.requestSubmit()")
        invalid = page.locator("[aria-invalid=true]")
        if not invalid.count():
            continue
        refused += 1
        untied = page.evaluate("""() => Array.from(document.querySelectorAll('[aria-invalid=true]'))
            .filter((el) => {
                const ids = (el.getAttribute('aria-describedby')
                    || el.closest('fieldset')?.getAttribute('aria-describedby') || '').split(/\\s+/);
                return !ids.some((id) => id.endsWith('_error') && document.getElementById(id)
                    && document.getElementById(id).textContent.trim());
            }).map((el) => el.name || el.id)""")
        if untied:
            problems.append(f"{name} {url}: errors not tied to {untied}")
        if not page.locator("#form-errors a").count():
            problems.append(f"{name} {url}: no summary of the errors linking to the fields")
        for violation in axe_violations(page):
            problems.append(f"{name} {url} (refused): {violation['id']} {violation['nodes']}")
    assert refused > 20, refused
    assert not problems, "\n".join(problems)


def test_the_work_plan_chart_and_table_are_reached_and_scrolled_with_the_keyboard(
    demo, new_page, live_server
):
    """On a narrow screen: Tab goes from each part of the chart to the table, each showing its
    focus, and the arrow keys scroll them."""
    page = new_page(demo.users["funzionario"])
    page.set_viewport_size({"width": 600, "height": 800})
    page.goto(f"{live_server.url}/accordi/{demo.agreement.pk}/piano-di-lavoro/")
    scrollers = page.locator(".workplan-chart-scroll, .workplan-table-section .table-responsive")
    count = scrollers.count()
    assert count >= 2 and page.locator(".workplan-table-section table").count() == 1
    for index in range(count):
        scroller = scrollers.nth(index)
        if index == 0:
            scroller.focus()
        else:
            page.keyboard.press("Tab")
        assert scroller.evaluate("(el) => el === document.activeElement"), index
        assert page.evaluate(FOCUS_SHOWN, scroller.element_handle()), index
        assert scroller.get_attribute("role") == "region" and (
            scroller.get_attribute("aria-label") or scroller.get_attribute("aria-labelledby")
        )
        before = scroller.evaluate("(el) => el.scrollLeft")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("([el, x]) => el.scrollLeft > x", arg=[scroller.element_handle(), before])
