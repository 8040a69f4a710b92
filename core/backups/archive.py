"""Making an archive: dump, files and manifest in one tar, encrypted to age
keys when asked; keeping the newest N."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import posixpath
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.files.storage import default_storage

from core.backups.common import (
    ABANDONED_WORK_AGE,
    AGE_HEADER,
    ARCHIVE_PATTERN,
    ARCHIVE_PREFIX,
    DUMP_NAME,
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    MEDIA_PREFIX,
    BackupError,
    sha256_file,
)
from core.backups.database import (
    Database,
    backup_source,
    find_tool,
    migration_state,
    row_counts,
    run_tool,
    server_major_of,
    server_version_of,
    waymark_version,
)

logger = logging.getLogger(__name__)

# --- Files ------------------------------------------------------------------------------------


def _storage_files(storage, path: str = ""):
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for directory in sorted(directories):
        yield from _storage_files(storage, posixpath.join(path, directory) if path else directory)


def _private_member(info: tarfile.TarInfo) -> tarfile.TarInfo:
    # Readable by whoever restores it only; no owner names from this machine.
    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
    return info


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(content))


# --- Encryption (age, through pyrage) ------------------------------------------------------------


def _recipients(keys: list[str]):
    from pyrage import RecipientError, x25519

    recipients = []
    for key in keys:
        try:
            recipients.append(x25519.Recipient.from_str(key.strip()))
        except RecipientError:
            raise BackupError(
                "WAYMARK_BACKUP_ENCRYPTION_KEY must be age public keys (age1...), "
                f"comma-separated; {key.strip()[:12]!r}... is not one"
            ) from None
    return recipients


def read_identities(identity_file: str | Path):
    """The age secret keys (``AGE-SECRET-KEY-1...`` lines, as age-keygen writes them)."""
    from pyrage import IdentityError, x25519

    path = Path(identity_file)
    try:
        lines = path.read_text().splitlines()
    except OSError as error:
        raise BackupError(f"Cannot read the identity file {path}: {error.strerror}") from None
    identities = []
    for line in lines:
        if line.strip().startswith("AGE-SECRET-KEY-"):
            try:
                identities.append(x25519.Identity.from_str(line.strip()))
            except IdentityError:
                raise BackupError(f"{path} holds a line that is not an age secret key") from None
    if not identities:
        raise BackupError(f"{path} holds no age secret key (AGE-SECRET-KEY-1...)")
    return identities


def is_encrypted(archive: Path) -> bool:
    with archive.open("rb") as handle:
        return handle.read(len(AGE_HEADER)) == AGE_HEADER


def plain_archive(archive: Path, work: Path, identity_file) -> Path:
    """The archive as a plain tar: itself, or decrypted into ``work``."""
    if not is_encrypted(archive):
        return archive
    from pyrage import DecryptError, decrypt_file

    identity_file = identity_file or settings.WAYMARK_BACKUP_IDENTITY_FILE
    if not identity_file:
        raise BackupError(
            f"{archive.name} is encrypted: give the age identity file that opens it "
            "(--identity FILE, or WAYMARK_BACKUP_IDENTITY_FILE)"
        )
    plain = work / "archive.tar"
    try:
        decrypt_file(str(archive), str(plain), read_identities(identity_file))
    except DecryptError as error:
        raise BackupError(
            f"{archive.name} could not be decrypted with that identity: {error}"
        ) from None
    return plain


# --- Making a backup ------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict


def backup_create(
    *, out_dir: str | Path, now: datetime | None = None, encrypt_to: list[str] | None = None
) -> BackupResult:
    """Write one archive into ``out_dir`` and return it with its manifest.

    The archive appears under its final name only when complete (written
    beside it, then renamed), readable by its owner only."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = now or datetime.now(UTC)
    if encrypt_to is None:
        encrypt_to = list(settings.WAYMARK_BACKUP_ENCRYPTION_KEY)
    recipients = _recipients(encrypt_to) if encrypt_to else []
    name = f"{ARCHIVE_PREFIX}{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar" + (
        ".age" if recipients else ""
    )
    final = out_dir / name
    if final.exists():
        raise BackupError(f"{final} already exists")
    source = backup_source()
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=f".{ARCHIVE_PREFIX}") as work_dir:
        work = Path(work_dir)
        dump = work / DUMP_NAME
        manifest = _dump_with_counts(source, dump, now)
        plain = work / "archive.tar"
        with tarfile.open(plain, "w", format=tarfile.PAX_FORMAT) as tar:
            tar.add(dump, arcname=DUMP_NAME, filter=_private_member)
            manifest["files"] = _add_media(tar)
            _add_bytes(tar, MANIFEST_NAME, json.dumps(manifest, indent=2).encode())
        written = work / "archive.out"
        if recipients:
            from pyrage import encrypt_file

            encrypt_file(str(plain), str(written), recipients)
        else:
            plain.rename(written)
        written.chmod(0o600)
        written.rename(final)
    logger.info(
        "Backup written: %s (%s tables, %s rows, %s files)",
        final,
        len(manifest["tables"]),
        sum(manifest["tables"].values()),
        len(manifest["files"]),
    )
    return BackupResult(final, manifest)


def _dump_with_counts(source: Database, dump: Path, now: datetime) -> dict:
    """pg_dump the database and count its rows in the same snapshot."""
    with source.connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts = row_counts(conn)
            migrations = migration_state(conn)
            server_major = server_major_of(conn)
            server_version = server_version_of(conn)
            pg_dump = find_tool("pg_dump", server_major=server_major)
            # The snapshot lives as long as this transaction: pg_dump must finish first.
            run_tool(
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--file", str(dump)],
                database=source,
                what="pg_dump",
            )
    return {
        "format": MANIFEST_FORMAT,
        "created_at": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "waymark_version": waymark_version(),
        "database": {
            "name": source.name,
            "server_version": server_version,
            "dump": DUMP_NAME,
            "dump_sha256": sha256_file(dump),
            "dump_bytes": dump.stat().st_size,
        },
        "tables": counts,
        "migrations": migrations,
    }


def _add_media(tar: tarfile.TarFile) -> dict[str, dict]:
    files = {}
    for name in _storage_files(default_storage):
        with default_storage.open(name, "rb") as handle:
            content = handle.read()
        files[name] = {"sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}
        _add_bytes(tar, MEDIA_PREFIX + name, content)
    return files


# --- Keeping the last N ---------------------------------------------------------------------------


def backup_archives(out_dir: str | Path) -> list[Path]:
    """Waymark's archives in ``out_dir``, oldest first (their names sort by time)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    return sorted(p for p in out_dir.iterdir() if p.is_file() and ARCHIVE_PATTERN.match(p.name))


def backup_prune(*, out_dir: str | Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives, and work directories a
    killed backup left. Returns the archives deleted."""
    if keep < 1:
        raise BackupError("WAYMARK_BACKUP_KEEP must be at least 1")
    archives = backup_archives(out_dir)
    doomed = archives[:-keep]
    for path in doomed:
        path.unlink()
        logger.info("Old backup deleted: %s", path)
    cutoff = datetime.now(UTC) - ABANDONED_WORK_AGE
    for leftover in Path(out_dir).glob(f".{ARCHIVE_PREFIX}*"):
        modified = datetime.fromtimestamp(leftover.stat().st_mtime, UTC)
        if leftover.is_dir() and modified < cutoff:
            shutil.rmtree(leftover, ignore_errors=True)
    return doomed
