"""Production settings pass ``check --deploy``; passwords, sessions, headers, downloads and
uploads are hardened as SECURITY.md says."""

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coprogetta.accounts.headers import ascii_filename, content_disposition
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "coprogetta" / "templates"
STATIC = ROOT / "coprogetta" / "static"


def _production_env(tmp_path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "COPROGETTA_ALLOW_INSECURE_KEY", "COPROGETTA_INSECURE_COOKIES"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "coprogetta.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": "https://coprogetta.comune.example.it",
        "ALLOWED_HOSTS": "coprogetta.comune.example.it",
        "COPROGETTA_VAR": str(tmp_path),
    })
    env.update(extra)
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coprogetta.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def test_check_deploy_passes_on_production_settings(tmp_path):
    result = _run(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_the_site_is_not_served_over_https(tmp_path):
    env = _production_env(tmp_path, SITE_URL="http://coprogetta.comune.example.it")
    result = _run(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    result = _run(env, "check")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_the_session_idle_time_is_configurable(tmp_path):
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE, s.SESSION_ENGINE)"
    env = _production_env(tmp_path, COPROGETTA_SESSION_IDLE_MINUTES="10")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], env=env,
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.split() == ["600", "coprogetta.accounts.sessions"], result.stderr


def test_passwords_are_hashed_with_argon2_in_production():
    from coprogetta import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("correct horse", hasher.salt())
    assert encoded.startswith("argon2$argon2id$") and hasher.verify("correct horse", encoded)


@pytest.mark.django_db
def test_a_session_ends_after_30_idle_minutes_and_requests_renew_it(world):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = Client()
    response = client.post(reverse("login"), {"username": world.owner.username, "password": PASSWORD})
    assert response.status_code == 302
    key = client.session.session_key

    def expires_in() -> timedelta:
        return Session.objects.get(session_key=key).expire_date - timezone.now()

    def idle(minutes: float) -> None:
        """As if the last request (the last renewal) had been ``minutes`` ago."""
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() + timedelta(minutes=30 - minutes))

    assert timedelta(minutes=29) < expires_in() <= timedelta(minutes=30)
    # A request soon after the last one does not write the session again.
    idle(0.5)
    assert client.get(reverse("agreements:list")).status_code == 200
    assert expires_in() < timedelta(minutes=29, seconds=40)
    # After 29 idle minutes: still in, and the request gives another 30 minutes.
    idle(29)
    assert client.get(reverse("agreements:list")).status_code == 200
    assert expires_in() > timedelta(minutes=29, seconds=50)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800
    # After 31 idle minutes: out.
    idle(31)
    response = client.get(reverse("agreements:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_page_costs_no_session_write(world):
    client = world.client_for(world.owner)
    client.get(reverse("accounts:organization_list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:organization_list")).status_code == 200
    session_sql = [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]
    assert len(session_sql) == 1 and session_sql[0].lstrip().upper().startswith("SELECT")


@pytest.mark.django_db
def test_pages_carry_a_csp_with_a_nonce_and_the_security_headers(world):
    response = world.client_for(world.owner).get(reverse("agreements:list"))
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["script-src-attr"] == "'none'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "https://tile.openstreetmap.org" in policy["img-src"].split()
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all(f'nonce="{nonce}"' in attributes for attributes in inline)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    # Another request, another nonce.
    again = world.client_for(world.owner).get(reverse("agreements:list"))
    assert nonce not in again["Content-Security-Policy"]


def _template_files() -> list[Path]:
    return [p for p in TEMPLATES.rglob("*.html") if "email" not in p.parts]


def test_templates_have_no_inline_handlers_no_nonceless_inline_script_and_no_external_urls():
    assert _template_files()
    problems = []
    for path in _template_files():
        text = path.read_text(encoding="utf-8")
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", text, re.S):
            if "src=" not in attrs and "csp_nonce" not in attrs and "CSP_NONCE" not in attrs:
                problems.append(f"{path.name}: inline script without the nonce")
            if "src=" in attrs and body.strip():
                problems.append(f"{path.name}: a script with both src and a body")
        problems += [f"{path.name}: inline handler {m}" for m in re.findall(r"\son[a-z]+\s*=", text, re.I)]
        problems += [f"{path.name}: javascript: URL" for _ in re.findall(r"javascript:", text, re.I)]
        problems += [f"{path.name}: external resource {m}" for m in
                     re.findall(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=\"(https?://[^\"]+)", text)]
    for path in STATIC.rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        unsafe = re.findall(r"\beval\(|new Function\(|setAttribute\(\"on", text)
        problems += [f"{path.name}: {m}" for m in unsafe]
    assert problems == []


@pytest.mark.parametrize(("name", "fallback"), [
    ("Relazione n° 1 – Crema.pdf", "Relazione_n_1_Crema.pdf"),
    ('evil"\r\nSet-Cookie: x=1.csv', "evil_Set-Cookie_x_1.csv"),
    ("../../etc/pass wd", "pass_wd"),
    ("àèìòù", "aeiou"),
    ("…", "download"),
])
def test_download_names_are_safe_ascii_with_the_exact_name_beside(name, fallback):
    value = content_disposition(name)
    exact = name.rsplit("/", 1)[-1].replace("\r", "").replace("\n", "")
    assert value == f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(exact, safe='')}"
    assert value.isascii() and "\r" not in value and "\n" not in value
    assert ascii_filename(name.rsplit("/", 1)[-1]) == fallback


def test_a_safe_ascii_name_is_given_as_it_is():
    assert content_disposition("scheda-economica-1.xlsx") == 'attachment; filename="scheda-economica-1.xlsx"'
    assert content_disposition("coprogetta.ics", attachment=False) == 'inline; filename="coprogetta.ics"'


@pytest.mark.django_db
def test_every_download_header_is_rewritten_by_the_middleware(rf):
    from django.http import HttpResponse

    from coprogetta.accounts.headers import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse(b"x")
        response["Content-Disposition"] = 'attachment; filename="Relazione n° 1.pdf"'
        return response

    response = SecurityHeadersMiddleware(view)(rf.get("/"))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Relazione_n_1.pdf\"; filename*=UTF-8''Relazione%20n%C2%B0%201.pdf")


@pytest.mark.django_db
def test_a_download_gets_the_server_set_name(world):
    response = world.client_for(world.owner).get(
        reverse("documents:summary_export", args=[world.agreement.pk, "csv"]))
    assert response.status_code == 200
    name = f"scheda-economica-{world.agreement.pk}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


@pytest.mark.django_db
def test_a_request_larger_than_the_cap_is_refused_before_it_is_read(world):
    client = world.client_for(world.owner)
    response = client.generic("POST", reverse("documents:import_upload"), b"x",
                              CONTENT_LENGTH=str(settings.COPROGETTA_MAX_REQUEST_BYTES + 1),
                              content_type="application/octet-stream")
    assert response.status_code == 413


def test_each_upload_has_its_cap_under_the_request_cap():
    from coprogetta.documents.reading import max_bytes
    from coprogetta.monitoring.expense_services import MAX_DOCUMENT_BYTES
    from coprogetta.territory.hsds_views import MAX_PACKAGE_BYTES

    assert MAX_DOCUMENT_BYTES == 10 * 1024 * 1024
    assert max_bytes() == MAX_PACKAGE_BYTES == 20 * 1024 * 1024
    assert max(MAX_DOCUMENT_BYTES, max_bytes(), MAX_PACKAGE_BYTES) < settings.COPROGETTA_MAX_REQUEST_BYTES
