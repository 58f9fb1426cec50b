"""Shared cache and shared file storage are chosen by the environment (read at start-up, so
each case runs the settings in a child process)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
cache, default_storage = caches["default"], storages["default"]
print(json.dumps({
    "cache": type(cache).__name__, "location": settings.CACHES["default"].get("LOCATION"),
    "storage": type(default_storage).__name__,
    "bucket": getattr(default_storage, "bucket_name", None),
    "endpoint": getattr(default_storage, "endpoint_url", None),
    "acl": getattr(default_storage, "default_acl", None),
    "overwrite": getattr(default_storage, "file_overwrite", None),
}))
"""


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("COPROGETTA_CACHE", "COPROGETTA_S3", "DATABASE_URL"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "coprogetta.settings", "COPROGETTA_ALLOW_INSECURE_KEY": "1",
                  **env})
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True,
                          text=True, timeout=60)


def _probe(**env: str) -> dict[str, object]:
    result = _settings(**env)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_by_default_files_are_on_disk_and_the_cache_in_memory():
    found = _probe()
    assert (found["cache"], found["storage"]) == ("LocMemCache", "FileSystemStorage")


def test_the_cache_in_the_database_or_redis():
    assert _probe(COPROGETTA_CACHE_URL="db")["cache"] == "DatabaseCache"
    redis = _probe(COPROGETTA_CACHE_URL="redis://cache.internal:6379/2")
    assert (redis["cache"], redis["location"]) == ("RedisCache", "redis://cache.internal:6379/2")


def test_an_unknown_cache_address_is_refused():
    result = _settings(COPROGETTA_CACHE_URL="memcached://x")
    assert result.returncode != 0
    assert "COPROGETTA_CACHE_URL is 'db' or a redis:// address." in result.stderr


def test_uploaded_files_in_an_s3_bucket_when_one_is_named():
    found = _probe(COPROGETTA_S3_BUCKET="coprogetta-allegati", COPROGETTA_S3_ENDPOINT_URL="https://s3.example.it",
                   COPROGETTA_S3_ACCESS_KEY="id", COPROGETTA_S3_SECRET_KEY="secret")
    assert found["storage"] == "S3Storage"
    assert (found["bucket"], found["endpoint"]) == ("coprogetta-allegati", "https://s3.example.it")
    assert (found["acl"], found["overwrite"]) == ("private", False)
