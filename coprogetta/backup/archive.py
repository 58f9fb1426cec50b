"""Writing and restoring the backup archive (see the package docstring for its layout)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import posixpath
import tarfile
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

logger = logging.getLogger(__name__)

FORMAT = "coprogetta-backup@1"
MANIFEST = "manifest.json"
#: Rows that ``migrate`` creates itself (and sessions, which a restore must not bring back).
EXCLUDED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})


class BackupError(Exception):
    """A backup that cannot be written, or an archive that cannot (or may not) be restored."""


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes and times keep their microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the tables --------------------------------------------------------------------------------


def backed_up_models() -> list[type[Model]]:
    """Every concrete table of the site, those that others refer to by natural key first."""
    models = [
        m for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in EXCLUDED
    ]
    ordered = serializers.sort_dependencies([(None, models)], allow_cycles=True)
    return [m for m in ordered if m in models]


def _m2m_tables(model: type[Model]) -> list[type[Model]]:
    """The model's many-to-many tables that Django made (their rows ride on the model's)."""
    return [f.remote_field.through for f in model._meta.local_many_to_many
            if f.remote_field.through._meta.auto_created]


def _table_bytes(model: type[Model]) -> tuple[bytes, int]:
    """The table as canonical JSON (ordered by primary key), and its row count."""
    rows = serializers.serialize(
        "python", model._base_manager.order_by("pk").iterator(chunk_size=2000),
        use_natural_foreign_keys=True, use_natural_primary_keys=False,
    )
    text = json.dumps(rows, cls=_Encoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8"), len(rows)


def table_digests() -> dict[str, dict[str, Any]]:
    """Per table (``app.model``): ``rows``, ``sha256`` of its canonical JSON, and the row
    counts of its many-to-many tables."""
    result: dict[str, dict[str, Any]] = {}
    for model in backed_up_models():
        data, rows = _table_bytes(model)
        result[model._meta.label_lower] = {
            "table": model._meta.db_table, "rows": rows, "sha256": _sha256(data),
            "m2m": {t._meta.db_table: t._base_manager.count() for t in _m2m_tables(model)},
        }
    return result


def database_is_empty() -> bool:
    """No row in any table a backup holds (what ``migrate`` writes by itself does not count)."""
    return not any(model._base_manager.exists() for model in backed_up_models())


def _migrations() -> dict[str, list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    result: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        result.setdefault(app_label, []).append(name)
    return result


# -- the uploaded files ------------------------------------------------------------------------


def _walk(storage: Storage, path: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for name in sorted(directories):
        yield from _walk(storage, posixpath.join(path, name) if path else name)


def _read(storage: Storage, name: str) -> bytes:
    with storage.open(name, "rb") as handle:
        return bytes(handle.read())


def _safe_name(name: str) -> str:
    """A storage name from the manifest, refused if it could leave the storage's directory."""
    normal = posixpath.normpath(name)
    if not name or normal != name or normal.startswith(("/", "../")) or normal == ".." or "\\" in name:
        raise BackupError(f"The archive names a file outside the uploads: {name!r}.")
    return name


# -- backup ------------------------------------------------------------------------------------


def _add(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(mtime), 0o600
    tar.addfile(info, io.BytesIO(data))


def backup_write(output: Path, *, storage: Storage | None = None) -> dict[str, Any]:
    """Write the whole site (rows and uploaded files) to the archive ``output``; its manifest.

    The rows are read in one transaction (a snapshot on PostgreSQL), so they agree together.
    """
    storage = storage or default_storage
    now = time.time()
    tables: list[dict[str, Any]] = []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        payloads: dict[str, bytes] = {}
        for model in backed_up_models():
            label = model._meta.label_lower
            data, rows = _table_bytes(model)
            path = f"data/{label}.json"
            payloads[path] = data
            tables.append({
                "model": label, "table": model._meta.db_table, "path": path, "rows": rows,
                "sha256": _sha256(data),
                "m2m": {t._meta.db_table: t._base_manager.count() for t in _m2m_tables(model)},
            })
        migrations = _migrations()
    files: list[dict[str, Any]] = []
    contents: dict[str, bytes] = {}
    for name in _walk(storage):
        data = _read(storage, name)
        contents[name] = data
        files.append({"path": name, "size": len(data), "sha256": _sha256(data)})
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "software": {"coprogetta": _version(), "django": django.get_version()},
        "database": connection.vendor,
        "migrations": migrations,
        "tables": tables,
        "files": files,
    }
    try:
        with tarfile.open(output, "w:gz") as tar:
            _add(tar, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode(), now)
            for path, data in payloads.items():
                _add(tar, path, data, now)
            for name, data in contents.items():
                _add(tar, f"media/{name}", data, now)
    except OSError as error:
        raise BackupError(f"Cannot write {output}: {error.strerror or error}.") from None
    logger.info("Backup written to %s: %d tables, %d files", output, len(tables), len(files))
    return manifest


def _version() -> str:
    try:
        return metadata.version("coprogetta")
    except metadata.PackageNotFoundError:
        return "unknown"


# -- restore -----------------------------------------------------------------------------------


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    try:
        handle = tar.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError(f"The archive has no {name}: it is incomplete.")
    return handle.read()


def read_archive(path: Path) -> tuple[dict[str, Any], dict[str, bytes], dict[str, bytes]]:
    """The manifest, the tables' data and the files of the archive, every checksum verified."""
    try:
        tar = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read {path} as a backup archive (.tar.gz): {error}.") from None
    with tar:
        try:
            manifest = json.loads(_member(tar, MANIFEST))
        except ValueError:
            raise BackupError("The archive's manifest.json is not valid JSON.") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"This is not a {FORMAT} archive (its format: "
                              f"{manifest.get('format') if isinstance(manifest, dict) else None!r}).")
        data: dict[str, bytes] = {}
        for table in manifest["tables"]:
            content = _member(tar, table["path"])
            if _sha256(content) != table["sha256"]:
                raise BackupError(f"The data of {table['model']} does not match its checksum: "
                                  "the archive is damaged.")
            data[table["model"]] = content
        files: dict[str, bytes] = {}
        for entry in manifest["files"]:
            name = _safe_name(entry["path"])
            content = _member(tar, f"media/{name}")
            if _sha256(content) != entry["sha256"] or len(content) != entry["size"]:
                raise BackupError(f"The file {name} does not match its checksum: the archive is damaged.")
            files[name] = content
    return manifest, data, files


def _check_migrations(manifest: dict[str, Any]) -> None:
    here = _migrations()
    theirs = {app: list(names) for app, names in manifest["migrations"].items()}
    if here != theirs:
        missing = sorted(f"{a}.{n}" for a, names in theirs.items() for n in names if n not in here.get(a, []))
        extra = sorted(f"{a}.{n}" for a, names in here.items() for n in names if n not in theirs.get(a, []))
        raise BackupError(
            "The database's migrations differ from the backup's: run this version's `migrate` on an "
            "empty database, with the code the backup was taken with. "
            f"Missing here: {', '.join(missing) or 'none'}; not in the backup: {', '.join(extra) or 'none'}."
        )


def _clear(models: list[type[Model]]) -> None:
    if connection.vendor == "postgresql":
        # One TRUNCATE: the audit trail's trigger refuses deleting its rows one by one, not
        # replacing the whole database (TRUNCATE fires no row trigger).
        tables = [t._meta.db_table for m in models for t in (m, *_m2m_tables(m))]
        with connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), tables):
                cursor.execute(sql)
        return
    for model in reversed(models):
        for through in _m2m_tables(model):
            through._base_manager.all()._raw_delete(connection.alias)
        model._base_manager.all()._raw_delete(connection.alias)


def _load(manifest: dict[str, Any], data: dict[str, bytes]) -> list[type[Model]]:
    models: list[type[Model]] = []
    with connection.constraint_checks_disabled():
        for table in manifest["tables"]:
            try:
                model = apps.get_model(table["model"])
            except LookupError:
                raise BackupError(
                    f"The backup holds {table['model']}, which this version does not know."
                ) from None
            models.append(model)
            deferred = []
            for item in serializers.deserialize("python", json.loads(data[table["model"]]),
                                                handle_forward_references=True):
                item.save()
                if item.deferred_fields:
                    deferred.append(item)
            for item in deferred:
                item.save_deferred_fields()
    connection.check_constraints(table_names=[m._meta.db_table for m in models])
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return models


def _verify(manifest: dict[str, Any]) -> None:
    digests = table_digests()
    for table in manifest["tables"]:
        now = digests.get(table["model"])
        if now is None or (now["rows"], now["sha256"], now["m2m"]) != (table["rows"], table["sha256"],
                                                                     table["m2m"]):
            raise BackupError(f"After the restore, {table['model']} differs from the backup "
                              f"({now and now['rows']} rows, {table['rows']} expected): nothing was kept.")


def backup_restore(path: Path, *, force: bool = False, storage: Storage | None = None) -> dict[str, Any]:
    """Restore the archive ``path`` into this database and the uploads' storage, in one
    transaction; its manifest. Refused if the database holds data, unless ``force`` (which
    deletes it first). Every checksum is verified before anything is written, and every table
    again after: a difference undoes the whole restore."""
    storage = storage or default_storage
    manifest, data, files = read_archive(path)
    _check_migrations(manifest)
    clashes = [name for name in files if storage.exists(name)]
    if not force and clashes:
        raise BackupError(f"{len(clashes)} uploaded file(s) already exist (e.g. {clashes[0]}): "
                          "use --force to replace them.")
    written: list[str] = []
    try:
        with transaction.atomic():
            if not database_is_empty():
                if not force:
                    raise BackupError("The database is not empty: restore into an empty database "
                                      "(after `migrate`), or use --force to replace its data.")
                _clear(backed_up_models())
            _load(manifest, data)
            _verify(manifest)
            for name, content in files.items():
                if storage.exists(name):
                    storage.delete(name)
                saved = storage.save(name, ContentFile(content))
                written.append(saved)
                if saved != name:
                    raise BackupError(f"The storage saved {name} as {saved}.")
    except (IntegrityError, DatabaseError) as error:
        _remove(storage, written)
        raise BackupError(f"The database refused the restore, nothing was kept: {error}") from None
    except BaseException:
        _remove(storage, written)
        raise
    logger.info("Backup %s restored: %d tables, %d files", path, len(manifest["tables"]), len(files))
    return manifest


def _remove(storage: Storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not remove %s after a failed restore", name)
