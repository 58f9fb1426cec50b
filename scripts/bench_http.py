"""Benchmark (not a test): page latency under a real application server, at scale 1 and 600.

For each database (by default coprogetta_scale1 and coprogetta_scale600 on the local
PostgreSQL, as ``coprogetta generate --scale N`` leaves them) it:

1. picks the busiest agreement (the most time entries, then actions) and gives a benchmark
   user, ``bench-http``, an officer's membership of that agreement's public body, a fresh
   password and a fresh API token (the only rows it writes; the token is revoked at the end);
2. starts gunicorn with 2 workers and production settings (DEBUG off, a random SECRET_KEY,
   ALLOWED_HOSTS localhost, the cache in the database; cookies without the Secure flag,
   since the benchmark speaks plain HTTP to 127.0.0.1);
3. logs in through the login form (CSRF cookie and token, session cookie);
4. runs wrk (``-t2 -c2 -d20s`` by default) on each page, a Lua script sending the session
   cookie (or the bearer token for the API) and printing p50/p95/p99, requests and non-2xx
   answers; the health check ``/salute/`` is the trivial view every figure is divided by.

It then prints and writes its own section of BENCHMARKS.md: per scale, each page's p50, p95,
p99, throughput, errors and ratios to the trivial view; the scale-600/scale-1 p50 ratio per
page; and the targets of issue 8.

    .venv/bin/python scripts/bench_http.py [--duration 20] [--connections 2] [--threads 2]
        [--scale1 URL] [--scale600 URL] [--only 1|600] [--no-write] [--profile PAGE]

``--profile PAGE`` (dashboard, summary, ...) instead renders that page 20 times in this
process under pyinstrument, on the scale-600 database (or --only's), and prints the profile.
"""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import bench_report  # noqa: E402  (machine, commit, BENCHMARKS.md sections)

BIN = Path(sys.executable).parent
SECTION = "## HTTP latency (`scripts/bench_http.py`)"
DEFAULT_URLS = {
    "1": os.environ.get("BENCH_SCALE1_URL", "postgres://postgres@127.0.0.1:5432/coprogetta_scale1"),
    "600": os.environ.get("BENCH_SCALE600_URL", "postgres://postgres@127.0.0.1:5432/coprogetta_scale600"),
}
BENCH_USER = "bench-http"
#: (name, path template, authentication): the trivial view first.
PAGES = [
    ("trivial view (/salute/)", "/salute/", "none"),
    ("agreement dashboard", "/accordi/{pk}/cruscotto/", "session"),
    ("summary economic table", "/accordi/{pk}/scheda-economica/", "session"),
    ("Gantt (work plan)", "/accordi/{pk}/piano-di-lavoro/", "session"),
    ("deadlines", "/scadenze/", "session"),
    ("resource directory", "/territorio/risorse/", "session"),
    ("API list (time entries)", "/api/v1/agreements/{pk}/time-entries/", "bearer"),
]
PROFILE_NAMES = {"dashboard": 1, "summary": 2, "gantt": 3, "deadlines": 4, "directory": 5, "api": 6}

WRK_LUA = r"""
local cookie = os.getenv("BENCH_COOKIE")
local bearer = os.getenv("BENCH_BEARER")
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
if bearer and bearer ~= "" then wrk.headers["Authorization"] = "Bearer " .. bearer end
wrk.headers["Accept-Language"] = "it"

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  non2xx = 0
  first_bad = ""
end
function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_bad == "" then first_bad = tostring(status) end
  end
end
function done(summary, latency, requests)
  local bad, first = 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    local f = thread:get("first_bad")
    if first == "" and f ~= "" then first = f end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"p50": %d, "p95": %d, "p99": %d, "max": %d, "requests": %d, "duration_us": %d, ' ..
    '"non2xx": %d, "first_bad_status": "%s", "socket_errors": %d, "timeouts": %d}\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.requests, summary.duration, bad, first, e.connect + e.read + e.write, e.timeout))
end
"""


# -- preparing a database (run in a child process: one database per Django process) ---------------

def prepare(database_url: str) -> dict[str, object]:
    """Pick the busiest agreement, set up the benchmark user; return what the run needs."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("COPROGETTA_ALLOW_INSECURE_KEY", "1")
    os.environ["COPROGETTA_CACHE_URL"] = "db"
    os.environ["DJANGO_SETTINGS_MODULE"] = "coprogetta.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.migrations.executor import MigrationExecutor
    from django.db.models import Count
    from django.utils import timezone

    from coprogetta.accounts.models import Membership
    from coprogetta.agreements.models import Agreement, Party
    from coprogetta.api.models import ApiToken
    from coprogetta.api.token_services import TOKEN_START, hash_secret

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("migrating the database to the code's schema", file=sys.stderr)
        call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT agreement_id FROM monitoring_timeentry GROUP BY agreement_id "
            "ORDER BY count(*) DESC, agreement_id LIMIT 1"
        )
        row = cursor.fetchone()
    if row:
        agreement = Agreement.objects.get(pk=row[0])
    else:
        agreement = Agreement.objects.annotate(n=Count("areas__actions")).order_by("-n", "pk").first()
    if agreement is None:
        raise SystemExit(f"No agreement in {database_url}")
    party = (Party.objects.filter(agreement=agreement, role=Party.Role.PUBLIC_BODY)
             .select_related("organization").order_by("pk").first())
    if party is None:
        raise SystemExit(f"Agreement {agreement.pk} has no public-body party")
    password = secrets.token_urlsafe(16)
    with transaction.atomic():
        user, _ = get_user_model().objects.get_or_create(username=BENCH_USER)
        user.set_password(password)
        user.is_active = True
        user.save()
        Membership.objects.update_or_create(
            user=user, organization=party.organization, defaults={"role": Membership.Role.OFFICER})
        user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        # The token as api_token_create makes it, without its audit entry (a benchmark fixture).
        prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        ApiToken.objects.create(user=user, name="bench_http", prefix=prefix, secret_hash=hash_secret(secret))
    token = f"{TOKEN_START}{prefix}_{secret}"
    counts = {}
    with connection.cursor() as cursor:
        for table in ("agreements_agreement", "agreements_action", "monitoring_timeentry",
                      "territory_resource"):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
            counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM monitoring_timeentry WHERE agreement_id = %s", [agreement.pk])
        agreement_entries = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM agreements_action a JOIN agreements_area r ON r.id = a.area_id "
                       "WHERE r.agreement_id = %s", [agreement.pk])
        agreement_actions = cursor.fetchone()[0]
    return {
        "agreement": agreement.pk, "title": agreement.title[:80], "organization": party.organization.name,
        "password": password, "token": token, "counts": counts,
        "agreement_time_entries": agreement_entries, "agreement_actions": agreement_actions,
    }


def revoke(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("COPROGETTA_ALLOW_INSECURE_KEY", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coprogetta.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.utils import timezone

    from coprogetta.api.models import ApiToken

    ApiToken.objects.filter(user__username=BENCH_USER, revoked_at__isnull=True).update(
        revoked_at=timezone.now())


def child(mode: str, database_url: str) -> dict[str, object]:
    result = subprocess.run([sys.executable, __file__, f"--{mode}", database_url], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{mode} failed on {database_url}:\n{result.stderr[-3000:]}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


# -- the server -------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "COPROGETTA_ALLOW_INSECURE_KEY"}}
    env.update({
        "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "COPROGETTA_INSECURE_COOKIES": "1",
        "COPROGETTA_CACHE_URL": "db", "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "coprogetta.settings",
    })
    return env


def start_gunicorn(database_url: str, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(BIN)) or "gunicorn"
    process = subprocess.Popen(
        [gunicorn, "coprogetta.wsgi:application", "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=server_env(database_url), stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/salute/", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def login(base: str, password: str) -> str:
    """Log in through the form; return the Cookie header (session and CSRF cookies)."""
    opener = urllib.request.build_opener(NoRedirect)
    jar: dict[str, str] = {}

    def remember(headers: object) -> None:
        for value in headers.get_all("Set-Cookie") or []:  # type: ignore[attr-defined]
            cookie = SimpleCookie()
            cookie.load(value)
            jar.update({k: m.value for k, m in cookie.items()})

    with opener.open(base + "/accesso/") as response:
        remember(response.headers)
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        raise SystemExit("No CSRF token in the login form")
    body = urllib.parse.urlencode({
        "csrfmiddlewaretoken": token.group(1), "username": BENCH_USER, "password": password,
    }).encode()
    request = urllib.request.Request(base + "/accesso/", data=body, headers={
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()), "Referer": base + "/accesso/",
    })
    try:
        opener.open(request)
        raise SystemExit("The login form answered 200: wrong password or throttled")
    except urllib.error.HTTPError as redirect:
        if redirect.code != 302:
            raise SystemExit(f"Login answered {redirect.code}") from redirect
        remember(redirect.headers)
    if "sessionid" not in jar:
        raise SystemExit("No session cookie after the login")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def fetch(url: str, headers: dict[str, str]) -> tuple[int, int, float]:
    opener = urllib.request.build_opener(NoRedirect)
    start = time.perf_counter()
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=300) as response:
            size = len(response.read())
            return response.status, size, time.perf_counter() - start
    except urllib.error.HTTPError as error:
        return error.code, 0, time.perf_counter() - start


def wrk(url: str, lua: Path, env: dict[str, str], args: dict[str, int]) -> dict[str, object]:
    command = ["wrk", f"-t{args['threads']}", f"-c{args['connections']}", f"-d{args['duration']}s",
               "--timeout", "60s", "-s", str(lua), url]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env})
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result:\n{result.stdout}\n{result.stderr}")
    figures: dict[str, object] = json.loads(line[6:])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)  # type: ignore[operator]
    return figures


def measure(scale: str, database_url: str, args: dict[str, int], workdir: Path) -> dict[str, object]:
    print(f"== scale {scale}: {database_url}", flush=True)
    load = os.getloadavg()[0]
    info = child("prepare", database_url)
    print(f"   agreement {info['agreement']} ({info['title']}), {info['agreement_actions']} actions, "
          f"{info['agreement_time_entries']} time entries; database: {info['counts']}", flush=True)
    lua = workdir / "bench.lua"
    lua.write_text(WRK_LUA)
    process, base = start_gunicorn(database_url, args["workers"], workdir / f"gunicorn-{scale}.log")
    try:
        cookie = login(base, str(info["password"]))
        results = []
        for name, template, auth in PAGES:
            url = base + template.format(pk=info["agreement"])
            env = {"BENCH_COOKIE": cookie if auth == "session" else "",
                   "BENCH_BEARER": str(info["token"]) if auth == "bearer" else ""}
            headers = {"Cookie": env["BENCH_COOKIE"]} if env["BENCH_COOKIE"] else {}
            if env["BENCH_BEARER"]:
                headers["Authorization"] = "Bearer " + env["BENCH_BEARER"]
            status, size, first = 0, 0, 0.0
            for _ in range(3):  # warm-up: both workers, the templates, the connections
                status, size, first = fetch(url, headers)
            if status != 200:
                raise SystemExit(f"{name}: {url} answered {status} before the run")
            figures = wrk(url, lua, env, args)
            figures.update({"page": name, "path": template.format(pk=info["agreement"]), "bytes": size})
            results.append(figures)
            print(f"   {name:32} p50 {figures['p50'] / 1000:8.1f} ms  p95 {figures['p95'] / 1000:8.1f} ms"
                  f"  {figures['rps']:8.1f} req/s  non-2xx {figures['non2xx']}  "
                  f"errors {figures['socket_errors']}+{figures['timeouts']}", flush=True)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        child("revoke", database_url)
    return {"scale": scale, "info": {k: v for k, v in info.items() if k not in {"password", "token"}},
            "pages": results, "load": [load, os.getloadavg()[0]]}


# -- the report -------------------------------------------------------------------------------------

def versions() -> str:
    out = []
    for command in (["wrk", "-v"], [str(BIN / "gunicorn"), "--version"],
                    ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version"]):
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=10)
            text = (result.stdout or result.stderr).strip().splitlines()
            out.append(text[0].split(" Copyright")[0] if text else "?")
        except OSError:
            out.append("?")
    return f"{out[0]}; {out[1]}; PostgreSQL {out[2]}"


def ms(us: object) -> str:
    return f"{int(us) / 1000:.1f}"  # type: ignore[call-overload]


def scale_table(run: dict[str, object]) -> list[str]:
    pages: list[dict[str, object]] = run["pages"]  # type: ignore[assignment]
    trivial = pages[0]
    t50, trps = float(trivial["p50"]), float(trivial["rps"])  # type: ignore[arg-type]
    info: dict[str, object] = run["info"]  # type: ignore[assignment]
    lines = [
        f"Scale {run['scale']}: agreement {info['agreement']} ({info['title']}; "
        f"{info['organization']}), {info['agreement_actions']} actions, "
        f"{info['agreement_time_entries']} time entries. Load average of the machine (1 minute) "
        f"before and after: {run['load'][0]:.1f}, {run['load'][1]:.1f} on {os.cpu_count()} CPUs. Database: "
        + ", ".join(f"{v:,} {k.split('_', 1)[1]}" for k, v in info["counts"].items())  # type: ignore[attr-defined]
        + ".",
        "",
        "| page | p50 ms | p95 ms | p99 ms | req/s | non-2xx | socket errors | KiB | p50 / trivial p50 "
        "| p95 / trivial p50 | req/s / trivial req/s |",
        "|------|-------:|-------:|-------:|------:|--------:|--------------:|----:|------:|------:|------:|",
    ]
    for page in pages:
        p50, p95, rps = float(page["p50"]), float(page["p95"]), float(page["rps"])  # type: ignore[arg-type]
        lines.append(
            f"| {page['page']} | {ms(p50)} | {ms(p95)} | {ms(page['p99'])} | {rps:.1f} | {page['non2xx']} "
            f"| {int(page['socket_errors']) + int(page['timeouts'])} | {int(page['bytes']) // 1024} "  # type: ignore[call-overload]
            f"| {p50 / t50:.1f} | {p95 / t50:.1f} | {rps / trps:.3f} |"
        )
    return lines


def targets(runs: dict[str, dict[str, object]]) -> list[str]:
    lines = []
    if "1" in runs and "600" in runs:
        lines += ["", "Scale 600 against scale 1 (target: p50 ratio at most 1.3 for every page):", "",
                  "| page | p50 scale 1 ms | p50 scale 600 ms | ratio | target |",
                  "|------|------:|------:|------:|:------:|"]
        one: list[dict[str, object]] = runs["1"]["pages"]  # type: ignore[assignment]
        six: list[dict[str, object]] = runs["600"]["pages"]  # type: ignore[assignment]
        for a, b in zip(one, six, strict=True):
            ratio = float(b["p50"]) / float(a["p50"])  # type: ignore[arg-type]
            lines.append(f"| {a['page']} | {ms(a['p50'])} | {ms(b['p50'])} | {ratio:.2f} | "
                         f"{'met' if ratio <= 1.3 else 'missed'} |")
    lines += ["", "Dashboard targets (p95 at most 10x the trivial view's p50; throughput at least "
              "0.1x the trivial view's):", ""]
    for scale, run in runs.items():
        pages: list[dict[str, object]] = run["pages"]  # type: ignore[assignment]
        trivial, dashboard = pages[0], pages[1]
        p95 = float(dashboard["p95"]) / float(trivial["p50"])  # type: ignore[arg-type]
        rps = float(dashboard["rps"]) / float(trivial["rps"])  # type: ignore[arg-type]
        errors = sum(int(p["non2xx"]) + int(p["socket_errors"]) + int(p["timeouts"]) for p in pages)  # type: ignore[call-overload]
        lines.append(f"- scale {scale}: dashboard p95 = {p95:.1f}x trivial p50 "
                     f"({'met' if p95 <= 10 else 'missed'}); dashboard throughput = {rps:.3f}x trivial "
                     f"({'met' if rps >= 0.1 else 'missed'}); non-2xx and socket errors over all pages: "
                     f"{errors}")
    return lines


NOTES_MARK = "<!-- bench_http notes: kept by the script -->"


def report(runs: dict[str, dict[str, object]], args: dict[str, int]) -> str:
    body = [
        SECTION, "",
        "Every page under gunicorn (2 sync workers, production settings: DEBUG off, the cache in the",
        "database) on PostgreSQL, loaded by wrk with a Lua script that sends the session cookie from a",
        "real login (the API: a bearer token) and prints the percentiles. Each scale's database is the",
        "output of `coprogetta generate --scale N`; the agreement measured is its busiest (the most time",
        "entries). The trivial view is the health check `/salute/` (no login, no query), measured in",
        "the same run. Ratios are to the trivial view's p50 and throughput.",
        "",
        "Command:", "", "```", "make bench", "# or, once the virtualenv exists and the databases are there:",
        f".venv/bin/python scripts/bench_http.py --duration {args['duration']} --connections "
        f"{args['connections']} --threads {args['threads']}",
        "# profile one page in-process: .venv/bin/python scripts/bench_http.py --profile dashboard",
        "```", "",
        f"Machine: {bench_report.machine()}; CPython {platform.python_version()}; {versions()}.",
        "The load generator, the server and PostgreSQL share the machine (a shared virtual machine: other",
        f"jobs ran beside it). Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"at commit {bench_report.commit()}.",
        f"wrk: {args['threads']} threads, {args['connections']} connections, {args['duration']} s per page.",
        "",
    ]
    for run in runs.values():
        body += scale_table(run) + [""]
    body += targets(runs)
    body += ["", NOTES_MARK, ""]
    notes = bench_report.kept_notes(SECTION, NOTES_MARK)
    return "\n".join(body) + ("\n" + notes if notes else "")


def profile(page: str, database_url: str) -> None:
    """Render one page 20 times in this process under pyinstrument and print the profile."""
    info = prepare(database_url)
    from django.conf import settings
    from django.test import Client
    from pyinstrument import Profiler

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    _, template, auth = PAGES[PROFILE_NAMES[page]]
    client = Client()
    headers = {}
    if auth == "bearer":
        headers["Authorization"] = f"Bearer {info['token']}"
    else:
        client.login(username=BENCH_USER, password=info["password"])
    url = template.format(pk=info["agreement"])
    client.get(url, headers=headers)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(20):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, response.status_code
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def database_exists(url: str) -> bool:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    parts = urllib.parse.urlsplit(url)
    result = subprocess.run(
        ["psql", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432), "-U",
         parts.username or "postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
         "postgres"], capture_output=True, text=True, env={**os.environ, "PGPASSWORD": parts.password or ""})
    return result.stdout.strip() == "1"


def option(argv: list[str], name: str, default: str) -> str:
    return argv[argv.index(name) + 1] if name in argv else default


def main(argv: list[str]) -> None:
    for mode, function in (("--prepare", prepare), ("--revoke", revoke)):
        if mode in argv:
            result = function(argv[argv.index(mode) + 1])
            print(json.dumps(result if result is not None else {}))
            return
    urls = {"1": option(argv, "--scale1", DEFAULT_URLS["1"]),
            "600": option(argv, "--scale600", DEFAULT_URLS["600"])}
    if "--profile" in argv:
        scale = option(argv, "--only", "600")
        profile(option(argv, "--profile", "dashboard"), urls[scale])
        return
    args = {"duration": int(option(argv, "--duration", "20")),
            "connections": int(option(argv, "--connections", "2")),
            "threads": int(option(argv, "--threads", "2")), "workers": 2}
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    scales = [option(argv, "--only", "")] if "--only" in argv else ["1", "600"]
    missing = [s for s in scales if not database_exists(urls[s])]
    if missing:
        print("bench_http: skipped, no database for scale " + ", ".join(missing) + ": create it with\n"
              + "\n".join(f"  createdb {urllib.parse.urlsplit(urls[s]).path.lstrip('/')} && DATABASE_URL="
                          f"{urls[s]} .venv/bin/coprogetta migrate && DATABASE_URL={urls[s]} "
                          f".venv/bin/coprogetta generate --scale {s} --seed 1" for s in missing))
        return
    runs = {}
    workdir = ROOT / "var" / "bench-http"  # the servers' logs stay there
    workdir.mkdir(parents=True, exist_ok=True)
    for scale in scales:
        runs[scale] = measure(scale, urls[scale], args, workdir)
    text = report(runs, args)
    print("\n".join(targets(runs)))
    (workdir / "results.json").write_text(json.dumps(runs, indent=1, default=str))
    if "--no-write" not in argv and "--only" not in argv:
        bench_report.write_section(text, SECTION)


if __name__ == "__main__":
    main(sys.argv[1:])
