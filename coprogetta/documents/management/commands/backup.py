"""``coprogetta backup [--output FILE]``: the whole site (database rows and uploaded files) in
one ``.tar.gz`` archive with a manifest of checksums (see ``coprogetta.backup``)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from coprogetta.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Write a backup of the database and the uploaded files to a .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o", "--output",
            help="the archive to write (default: coprogetta-backup-<UTC date and time>.tar.gz here)",
        )

    def handle(self, *args: Any, output: str | None, **options: Any) -> None:
        path = Path(output or f"coprogetta-backup-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz")
        if path.exists():
            raise CommandError(f"{path} already exists: choose another file name.")
        try:
            manifest = backup_write(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(
            f"{path}: {len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files."
        )
