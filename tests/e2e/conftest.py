"""The browser suite: Debian's chromium driven by Playwright against pytest-django's live server.

Chromium is launched once per session. Without it (or without Playwright) the tests are skipped
with a message saying how to install it; with REQUIRE_BROWSER=1 (CI) they fail instead.
axe-core comes from the npm registry (package.json) and is injected into each page checked.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = os.environ.get("COPROGETTA_CHROMIUM", "/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_HINT = "install it with `sudo apt-get install -y chromium` (`make browser` does it as root)"
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


def _missing(reason: str):
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(f"REQUIRE_BROWSER is set but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


class _Chromium:
    """The session's chromium, started by the first browser test, stopped after the last one.

    Playwright's sync API keeps an event loop in the main thread, and Django refuses database
    calls when it sees one: DJANGO_ALLOW_ASYNC_UNSAFE is set while the browser runs (the test
    and the live server never share a connection), and cleared when the browser tests are over.
    """

    def __init__(self):
        self.playwright = self.browser = None

    def start(self):
        if self.browser is None:
            try:
                from playwright.sync_api import sync_playwright
            except ImportError:
                _missing("Playwright is not installed (pip install -e '.[dev]')")
            if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
                _missing(f"{CHROMIUM} is missing; {INSTALL_HINT}")
            if not AXE.exists():
                _missing(f"{AXE} is missing; run `npm ci`")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"],
            )
        return self.browser

    def stop(self):
        if self.browser is not None:
            self.browser.close()
            self.playwright.stop()
            self.playwright = self.browser = None
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


_CHROMIUM = _Chromium()


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session."""
    yield _CHROMIUM.start()
    _CHROMIUM.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """The last browser test stops chromium: the rest of the suite runs without its event loop."""
    result = yield
    if nextitem is None or Path(__file__).parent not in Path(nextitem.path).parents:
        _CHROMIUM.stop()
    return result


@pytest.fixture
def demo(live_server):
    """The demo (load_demo) in the live server's database, with an object of every kind."""
    from .world import demo_world

    return demo_world()


@pytest.fixture
def new_page(browser, live_server):
    """A function opening a page in a fresh context, logged in as ``user`` (None: anonymous)."""
    contexts = []

    def open_page(user=None, language="it"):
        # bypass_csp: the injected axe-core script is inline, which the site's CSP refuses.
        context = browser.new_context(
            viewport={"width": 1280, "height": 800}, bypass_csp=True, locale=language,
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        if user is not None:
            client = Client()
            client.force_login(user)
            cookies.append({
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            })
        context.add_cookies(cookies)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of WCAG 2.1 A/AA on the page, of the given impacts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], iframes: false});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""",
        AXE_TAGS,
    )
    return [v for v in result if v["impact"] in impacts]


def screenshot(page, name: str, anchor: str | None = "main h1") -> None:
    """Saves the window (1280x800) as docs/screenshots/<name>.png when COPROGETTA_SCREENSHOTS=1,
    scrolled so that ``anchor`` is at its top (None: the top of the page)."""
    if os.environ.get("COPROGETTA_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if anchor:
        page.locator(anchor).first.evaluate(
            "(el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 24)"
        )
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
