"""``coprogetta restore FILE [--force]``: put back a backup made by ``coprogetta backup``.

The database must have been migrated (``coprogetta migrate``) by the same version and hold no
data; ``--force`` replaces the data it holds. Everything happens in one transaction, after
every checksum of the archive has been verified, and the tables are compared with the manifest
again before the transaction commits.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coprogetta.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive (.tar.gz) into an empty database and the uploads' storage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the .tar.gz written by `coprogetta backup`")
        parser.add_argument("--force", action="store_true",
                            help="replace the data of a database that is not empty")

    def handle(self, *args: Any, archive: str, force: bool, **options: Any) -> None:
        try:
            manifest = backup_restore(Path(archive), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(
            f"Restored {archive} (taken {manifest['created_at']}): {len(manifest['tables'])} tables, "
            f"{rows} rows, {len(manifest['files'])} files; checksums verified."
        )
