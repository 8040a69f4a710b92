"""Backups: the database and the uploaded documents in one archive, with a
manifest that a restore is checked against.

An archive (``waymark-backup-<UTC timestamp>.tar``) holds:

- ``database.dump``: ``pg_dump --format=custom`` of the whole database;
- ``media/...``: every uploaded file (documents, report PDFs), read through
  Django's storage, so a shared volume and S3 are backed up alike;
- ``manifest.json``: the row count of every table, the SHA-256 of the dump and
  of every file, the Waymark version and the migrations applied.

The counts and the dump come from one snapshot (``pg_export_snapshot``), so
they agree even while people keep working. With
``WAYMARK_BACKUP_ENCRYPTION_KEY`` (an age public key) the archive is encrypted
with pyrage and named ``.tar.age``.

The package: ``common`` (layout, the error), ``database`` (where it is, the
PostgreSQL tools, row counts), ``archive`` (making and pruning archives),
``restore`` (restore, compare, the drill), ``schedule`` (the beat tasks' work).

``backup_restore`` loads an archive into an empty database and an empty
directory and then checks every count and checksum; ``backup_drill`` does that
in a scratch database it drops afterwards. ``pg_dump``/``pg_restore`` are the
system's, or the ones inside the pgserver wheel (always for the embedded
PostgreSQL, and whenever the system's are older than the server).
"""

from core.backups.archive import (
    BackupResult,
    backup_archives,
    backup_create,
    backup_prune,
    is_encrypted,
)
from core.backups.common import ARCHIVE_PATTERN, BackupError
from core.backups.database import Database, backup_source, find_tool, waymark_version
from core.backups.restore import (
    RestoreResult,
    backup_drill,
    backup_restore,
    compare_with_manifest,
)
from core.backups.schedule import (
    backup_alert,
    backup_drill_latest,
    backup_run_daily,
    backup_run_weekly_drill,
    backup_scheduled,
)

__all__ = [
    "ARCHIVE_PATTERN",
    "BackupError",
    "BackupResult",
    "Database",
    "RestoreResult",
    "backup_alert",
    "backup_archives",
    "backup_create",
    "backup_drill",
    "backup_drill_latest",
    "backup_prune",
    "backup_restore",
    "backup_run_daily",
    "backup_run_weekly_drill",
    "backup_scheduled",
    "backup_source",
    "compare_with_manifest",
    "find_tool",
    "is_encrypted",
    "waymark_version",
]
