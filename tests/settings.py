"""Settings for the test suite: the project's own, with a throwaway key and fast hashing."""

import os

os.environ.setdefault("COPROGETTA_ALLOW_INSECURE_KEY", "1")

from coprogetta.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

COPROGETTA_JOBS_SYNC = True
