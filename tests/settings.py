"""Settings for the test suite: the project's own, with a throwaway key and fast hashing."""

import os
import tempfile

os.environ.setdefault("COPROGETTA_ALLOW_INSECURE_KEY", "1")

from coprogetta.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

COPROGETTA_JOBS_SYNC = True

# SQLite: the test database is a file of this process rather than shared memory, so that threads
# with connections of their own wait for each other's writes as in production (the 20 s timeout;
# tests/security/test_parallel.py). Shared memory refuses them at once: "table is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"coprogetta-test-{os.getpid()}.sqlite3"),
    }
