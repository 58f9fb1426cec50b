"""Settings of Coprogetta: one module, driven by environment variables.

DATABASE_URL   database (default: SQLite under var/); e.g. postgres://user@host:5432/name
SECRET_KEY     required when DEBUG is off
DEBUG          "1" for development (``make run`` sets it)
ALLOWED_HOSTS  comma-separated host names
COPROGETTA_VAR where the embedded database and generated files live (default: ./var)
SITE_URL       the address people reach the site at (https://host), for links in e-mails
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL
               the SMTP server reminders go through (DEBUG prints e-mails to the console)
COPROGETTA_SESSION_IDLE_MINUTES  a session ends after this many idle minutes (default 30)
COPROGETTA_LOGIN_FAILURES        failed logins allowed per username and per address in
                                 COPROGETTA_LOGIN_WINDOW_MINUTES (defaults 5 and 30); more get 429
COPROGETTA_CLIENT_IP_HEADER      behind a reverse proxy: the request header carrying the client's
                                 address, as Django names it (e.g. HTTP_X_REAL_IP)
COPROGETTA_CACHE_URL             the cache (login throttling) shared by several servers: "db" (the
                                 database's coprogetta_cache table) or redis://host:6379/0
COPROGETTA_CACHE_DIR             a directory for the cache (login throttling) shared by all the
                                 server's processes; default: each process's memory
COPROGETTA_S3_BUCKET             uploaded files in this S3-compatible bucket (with
                                 COPROGETTA_S3_ENDPOINT_URL, _REGION, _ACCESS_KEY, _SECRET_KEY, _PREFIX)
COPROGETTA_TILE_URL              the map's tile server (allowed by the Content-Security-Policy)
COPROGETTA_MIN_COUNT             counts below this (default 3) are shown as "< 3" in published and
                                 exported aggregates
COPROGETTA_HSTS_SECONDS          Strict-Transport-Security max-age when SITE_URL is https (1 year)
COPROGETTA_PROXY_SSL_HEADER      "1": trust X-Forwarded-Proto: https from the reverse proxy
COPROGETTA_GANTT_ROWS            actions per page of the work plan's Gantt (default 50)
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("COPROGETTA_VAR", BASE_DIR / "var"))

DEBUG = os.environ.get("DEBUG", "") in {"1", "true", "True", "yes"}
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("COPROGETTA_ALLOW_INSECURE_KEY") != "1":
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "coprogetta.accounts",
    "coprogetta.agreements",
    "coprogetta.documents",
    "coprogetta.planning",
    "coprogetta.monitoring",
    "coprogetta.territory",
    "rest_framework",
    "drf_spectacular",
    "coprogetta.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "coprogetta.accounts.headers.SecurityHeadersMiddleware",
    "coprogetta.accounts.headers.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "coprogetta.accounts.sessions.SessionRenewMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "coprogetta.accounts.audit.AuditMiddleware",
    "coprogetta.accounts.throttle.LoginThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "coprogetta.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
            "builtins": ["coprogetta.templatetags.coprogetta", "coprogetta.templatetags.glossary"],
        },
    },
]

WSGI_APPLICATION = "coprogetta.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'coprogetta.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Background jobs write from their own thread: wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

#: Background jobs (reports, imports): how many run at once, and whether to run them at once
#: in the request instead (the test suite does).
COPROGETTA_JOB_WORKERS = int(os.environ.get("COPROGETTA_JOB_WORKERS", "2"))
COPROGETTA_JOBS_SYNC = os.environ.get("COPROGETTA_JOBS_SYNC", "") == "1"
#: Actions per page of the work plan's Gantt chart and table (the PDF has them all).
COPROGETTA_GANTT_ROWS = int(os.environ.get("COPROGETTA_GANTT_ROWS", "50"))

#: Uploaded documents (expense receipts); served only through views that check access.
MEDIA_ROOT = Path(os.environ.get("COPROGETTA_MEDIA", VAR_DIR / "media"))
#: Several servers share MEDIA_ROOT (a network file system), or an S3-compatible bucket when
#: COPROGETTA_S3_BUCKET is set (django-storages; files stay private, read through the views).
if os.environ.get("COPROGETTA_S3_BUCKET"):
    STORAGES = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": os.environ["COPROGETTA_S3_BUCKET"],
            "endpoint_url": os.environ.get("COPROGETTA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("COPROGETTA_S3_REGION") or None,
            "access_key": os.environ.get("COPROGETTA_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("COPROGETTA_S3_SECRET_KEY") or None,
            "location": os.environ.get("COPROGETTA_S3_PREFIX", ""),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        }},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify, and are upgraded to Argon2 at the next login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "agreements:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "it"
LANGUAGES = [("it", "Italiano"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("bootstrap-italia", BASE_DIR / "node_modules" / "bootstrap-italia" / "dist"),
    ("leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
]

SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# -- hardening (see SECURITY.md) --------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = os.environ.get("COPROGETTA_INSECURE_COOKIES") != "1"
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SITE_URL.startswith("https://"):
    # Served over HTTPS: plain HTTP is redirected, and browsers are told to remember it.
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("COPROGETTA_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^salute/$"]  # load balancers poll the health check over HTTP
if os.environ.get("COPROGETTA_PROXY_SSL_HEADER") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

#: A session ends after this many minutes without a request (coprogetta.accounts.sessions:
#: requests renew it, writing the database at most once a minute).
COPROGETTA_SESSION_IDLE_MINUTES = int(os.environ.get("COPROGETTA_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = COPROGETTA_SESSION_IDLE_MINUTES * 60
SESSION_ENGINE = "coprogetta.accounts.sessions"

#: Login throttling (coprogetta.accounts.throttle): failures allowed per username and per
#: client address within the window; the next attempt gets 429 until the window has passed.
COPROGETTA_LOGIN_FAILURES = int(os.environ.get("COPROGETTA_LOGIN_FAILURES", "5"))
COPROGETTA_LOGIN_WINDOW_MINUTES = int(os.environ.get("COPROGETTA_LOGIN_WINDOW_MINUTES", "30"))
COPROGETTA_CLIENT_IP_HEADER = os.environ.get("COPROGETTA_CLIENT_IP_HEADER", "REMOTE_ADDR")
#: The cache (login failures) must be shared by every server process: COPROGETTA_CACHE_URL
#: "db" (a table of the database; run ``coprogetta createcachetable`` once) or redis://...;
#: without it, COPROGETTA_CACHE_DIR (one machine's processes) or each process's own memory.
COPROGETTA_CACHE_URL = os.environ.get("COPROGETTA_CACHE_URL", "")
if COPROGETTA_CACHE_URL == "db":
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "coprogetta_cache",
    }}
elif COPROGETTA_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": COPROGETTA_CACHE_URL,
    }}
elif COPROGETTA_CACHE_URL:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("COPROGETTA_CACHE_URL is 'db' or a redis:// address.")
elif os.environ.get("COPROGETTA_CACHE_DIR"):
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ["COPROGETTA_CACHE_DIR"],
    }}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

#: No request body may be larger than this (the largest upload form takes 20 MB).
COPROGETTA_MAX_REQUEST_BYTES = int(os.environ.get("COPROGETTA_MAX_REQUEST_BYTES", str(25 * 1024 * 1024)))

#: Aggregate counts below this are published and exported as "< N" (no small groups).
COPROGETTA_MIN_COUNT = int(os.environ.get("COPROGETTA_MIN_COUNT", "3"))

#: The home page offers the demo logins (username, role, password) when this is "1" and the
#: demo is loaded; ``make run`` turns it on. Never on by default: a real installation does not
#: advertise accounts.
COPROGETTA_DEMO_LOGINS = os.environ.get("COPROGETTA_DEMO_LOGINS", "") == "1"

#: The accessibility statement (/accessibilita/): who runs this installation and how to reach
#: them. Empty values are said as missing on the page, never invented.
COPROGETTA_ACCESSIBILITY = {
    "body": os.environ.get("COPROGETTA_A11Y_BODY", ""),
    "email": os.environ.get("COPROGETTA_A11Y_EMAIL", ""),
    "feedback_url": os.environ.get("COPROGETTA_A11Y_FEEDBACK_URL", ""),
    "status": os.environ.get("COPROGETTA_A11Y_STATUS", "partial"),
    "method": os.environ.get("COPROGETTA_A11Y_METHOD", "self"),
    "prepared_on": os.environ.get("COPROGETTA_A11Y_DATE", ""),
    "reviewed_on": os.environ.get("COPROGETTA_A11Y_REVIEWED", ""),
}

#: The map's tile server; its origin is the only external address the pages may load.
COPROGETTA_TILE_URL = os.environ.get("COPROGETTA_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_tiles = urlsplit(COPROGETTA_TILE_URL)
_TILE_ORIGIN = f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}" if _tiles.netloc else ""

#: Content-Security-Policy (django-csp): scripts only from this site, inline ones with the
#: request's nonce; inline style attributes are allowed (Bootstrap Italia and the progress
#: bars use them), inline event handlers are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "font-src": ["'self'", "data:"],  # Bootstrap Italia's CSS embeds an icon font
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") in {"1", "true", "True", "yes"}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Coprogetta <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint narrates every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

REST_FRAMEWORK = {
    # The bearer token first: an anonymous API request then gets 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "coprogetta.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "coprogetta.api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "coprogetta.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "coprogetta.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coprogetta API",
    "DESCRIPTION": (
        "Agreements, their money, and their monitoring. Amounts are decimal strings, dates ISO 8601."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "AgreementKindEnum": "coprogetta.agreements.models.Agreement.Kind",
        "AgreementStatusEnum": "coprogetta.agreements.models.Agreement.Status",
        "ActionKindEnum": "coprogetta.agreements.models.Action.Kind",
        "ActionStatusEnum": "coprogetta.agreements.models.Action.Status",
        "ContributionKindEnum": "coprogetta.agreements.models.Contribution.Kind",
        "TrancheStatusEnum": "coprogetta.agreements.models.PaymentTranche.Status",
        "PartyRoleEnum": "coprogetta.agreements.models.Party.Role",
        "MembershipRoleEnum": "coprogetta.accounts.models.Membership.Role",
        "CreatorRoleEnum": "coprogetta.agreements.services.CREATOR_ROLES",
        "BudgetLineUnitEnum": "coprogetta.agreements.models.BudgetLine.Unit",
        "IndicatorUnitEnum": "coprogetta.monitoring.models.Indicator.Unit",
        "IndicatorValueStatusEnum": "coprogetta.monitoring.models.IndicatorValue.Status",
        "ReportKindEnum": "coprogetta.documents.models.Report.Kind",
        "MonthsEnum": "coprogetta.api.schema.month_choices",
    },
}
