"""Backup and restore of the whole site: the database's rows and the uploaded files.

A backup is one ``.tar.gz`` archive:

- ``manifest.json``: the format (``coprogetta-backup@1``), when and from what it was taken,
  the Django migrations applied, and for every table (model) its file, row count and SHA-256,
  and every uploaded file with its size and SHA-256;
- ``data/<app>.<model>.json``: the table's rows, one JSON list ordered by primary key, in
  Django's serialisation (foreign keys to users, content types and permissions by natural key,
  so a database that ``migrate`` filled with its own content types takes them);
- ``media/<path>``: the uploaded files (expense receipts, stored reports), as the storage names
  them.

A table's SHA-256 is that of its data file, which is canonical (keys sorted, no spaces,
datetimes with microseconds): after a restore the tables are serialised again from the
database and must give the same digests, so a restore proves itself.

``backup_write`` and ``backup_restore`` are what the ``backup`` and ``restore`` commands call.
"""

from .archive import (
    FORMAT,
    BackupError,
    backup_restore,
    backup_write,
    database_is_empty,
    table_digests,
)

__all__ = ["FORMAT", "BackupError", "backup_restore", "backup_write", "database_is_empty", "table_digests"]
