"""What every part of the backups shares: the archive's layout and its error."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from pathlib import Path

ARCHIVE_PREFIX = "waymark-backup-"
ARCHIVE_PATTERN = re.compile(r"^waymark-backup-\d{8}T\d{6}Z\.tar(\.age)?$")
MANIFEST_NAME = "manifest.json"
DUMP_NAME = "database.dump"
MEDIA_PREFIX = "media/"
MANIFEST_FORMAT = 1
AGE_HEADER = b"age-encryption.org/v1"
CHUNK = 1024 * 1024
# Work directories a backup killed part-way left behind are removed after this.
ABANDONED_WORK_AGE = timedelta(hours=12)


class BackupError(Exception):
    """A backup, restore or drill that cannot go on, with a message for the operator."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
