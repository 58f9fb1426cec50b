"""Two application servers, one PostgreSQL database, one shared media directory.

Each server is a gunicorn process with the production settings (DEBUG off) on its own port,
pointed at the test database; nothing is shared between them but the database (sessions,
cache) and the media directory. A session started on A continues on B, a document uploaded
through A is downloaded through B, and failed logins counted on A are refused on B.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from coprogetta.accounts.models import Membership
from coprogetta.agreements.models import Party
from coprogetta.monitoring.models import Expense
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "due-server-una-base-dati"
PDF = b"%PDF-1.4\n% a receipt uploaded through server A\n" + secrets.token_bytes(64)
DB_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                        "LOCATION": "coprogetta_cache"}}

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="two server processes need a server database: run with DATABASE_URL=postgres://..."),
    pytest.mark.skipif(shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None,
                       reason="gunicorn (a dev dependency) is not installed"),
]


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def servers(transactional_db, tmp_path):
    """Start servers A and B (gunicorn, one worker each); yield their base URLs."""
    with override_settings(CACHES=DB_CACHE):
        call_command("createcachetable", verbosity=0)
    media = tmp_path / "media"
    media.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "COPROGETTA_ALLOW_INSECURE_KEY", "COPROGETTA_CACHE_DIR"}}
    env.update({
        "DATABASE_URL": _database_url(), "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1", "COPROGETTA_CACHE_URL": "db", "COPROGETTA_MEDIA": str(media),
        "COPROGETTA_VAR": str(tmp_path), "COPROGETTA_INSECURE_COOKIES": "1",
        "COPROGETTA_LOGIN_FAILURES": "3", "DJANGO_SETTINGS_MODULE": "coprogetta.settings",
        "LOG_LEVEL": "WARNING",
    })
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    processes, bases = [], []
    try:
        for name in ("a", "b"):
            port = _free_port()
            log = (tmp_path / f"server-{name}.log").open("wb")
            processes.append(subprocess.Popen(
                [gunicorn, "coprogetta.wsgi:application", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            ))
            bases.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 45
        for process, base in zip(processes, bases, strict=True):
            while True:
                assert process.poll() is None, (tmp_path / "server-a.log").read_text()[-2000:]
                try:
                    if requests.get(base + "/salute/", timeout=5).status_code == 200:
                        break
                except (requests.ConnectionError, requests.Timeout):
                    pass
                assert time.monotonic() < deadline, "a server did not start within 45 s"
                time.sleep(0.2)
        yield {"a": bases[0], "b": bases[1], "media": media}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _csrf(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "no CSRF token in the form"
    return found.group(1)


def _login(session: requests.Session, base: str, username: str, password: str) -> requests.Response:
    form = session.get(base + reverse("login"))
    return session.post(base + reverse("login"), allow_redirects=False, data={
        "csrfmiddlewaretoken": _csrf(form.text), "username": username, "password": password,
    })


def test_session_upload_and_throttle_are_shared_by_two_servers(servers):
    municipality = f.OrganizationFactory(name="Comune di Due Server")
    agreement = f.AgreementFactory(title="Accordo servito da due server")
    f.PartyFactory(agreement=agreement, organization=municipality, role=Party.Role.PUBLIC_BODY)
    line = f.ContributionFactory(agreement=agreement, description="Supervisione", amount="700.00")
    user = f.MembershipFactory(organization=municipality, role=Membership.Role.OFFICER).user
    hasher = Argon2PasswordHasher()  # the servers' hasher (the test settings use MD5)
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    a, b = servers["a"], servers["b"]
    browser = requests.Session()

    # A session started on A continues on B.
    response = _login(browser, a, user.username, PASSWORD)
    assert response.status_code == 302, response.text[-500:]
    page = browser.get(b + reverse("agreements:detail", args=[agreement.pk]), allow_redirects=False)
    assert page.status_code == 200
    assert "Accordo servito da due server" in page.text

    # An expense document uploaded through A is served by B.
    create = reverse("monitoring:expense_create", args=[agreement.pk])
    form = browser.get(a + create)
    assert form.status_code == 200
    response = browser.post(a + create, allow_redirects=False, data={
        "csrfmiddlewaretoken": _csrf(form.text), "line": f"c{line.pk}", "date": "2016-03-10",
        "amount": "250,00", "description": "Supervisione di marzo", "over_budget_reason": "",
    }, files={"document": ("ricevuta.pdf", PDF, "application/pdf")})
    assert response.status_code == 302, response.text[-500:]
    expense = Expense.objects.get(agreement=agreement)
    assert (servers["media"] / expense.document.name).read_bytes() == PDF
    download = browser.get(b + reverse("monitoring:expense_document", args=[agreement.pk, expense.pk]))
    assert download.status_code == 200
    assert download.content == PDF

    # Logging out on B ends the session on A too.
    browser.post(b + reverse("logout"), data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]})
    gone = browser.get(a + reverse("agreements:detail", args=[agreement.pk]), allow_redirects=False)
    assert gone.status_code == 302 and gone.headers["Location"].startswith(reverse("login"))

    # Failed logins counted on A (3 allowed here) are refused on B.
    attacker = requests.Session()
    for _ in range(3):
        assert _login(attacker, a, "nessuno", "sbagliata").status_code == 200
    refused = _login(attacker, b, "nessuno", "sbagliata")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
