"""Restoring an archive into an empty database and directory and checking
them against its manifest; the drill, which does so in scratch ones."""

from __future__ import annotations

import json
import secrets
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import psycopg
from psycopg import sql

from core.backups.archive import plain_archive
from core.backups.common import (
    CHUNK,
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
)

# --- Restoring and checking -----------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict
    differences: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def summary(self) -> str:
        tables = self.manifest.get("tables", {})
        files = self.manifest.get("files", {})
        return (
            f"{len(tables)} tables ({sum(tables.values())} rows) and {len(files)} files "
            f"from the backup of {self.manifest.get('created_at', 'an unknown time')}"
        )


def _database_is_empty(conn: psycopg.Connection) -> bool:
    return conn.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
        " AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp%%'"
        " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f'))"
    ).fetchone()[0]


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        handle = tar.extractfile(MANIFEST_NAME)
    except KeyError:
        raise BackupError("This is not a Waymark backup: it has no manifest.json") from None
    try:
        manifest = json.load(handle)
    except ValueError:
        raise BackupError("The archive's manifest.json cannot be read") from None
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}")
    return manifest


def _safe_media_name(member_name: str) -> str | None:
    """The file's name under MEDIA_ROOT, or None for anything that could
    escape the directory (absolute, ``..``)."""
    if not member_name.startswith(MEDIA_PREFIX):
        return None
    relative = PurePosixPath(member_name[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return str(relative)


def backup_restore(
    *,
    archive: str | Path,
    database: Database | str,
    media_root: str | Path,
    identity_file: str | Path | None = None,
) -> RestoreResult:
    """Restore ``archive`` into an empty database and an empty (or new)
    directory, then compare both with the manifest. Refuses, touching nothing,
    when either target holds anything, or when the dump's checksum is wrong."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist")
    target = Database.from_url(database) if isinstance(database, str) else database
    media_root = Path(media_root)
    if media_root.exists() and (not media_root.is_dir() or any(media_root.iterdir())):
        raise BackupError(f"{media_root} is not empty: restore only into an empty directory")
    with target.connect() as conn:
        if not _database_is_empty(conn):
            raise BackupError(
                f"The database {target.describe()} is not empty: restore only into an empty "
                "database (create one with createdb)"
            )
        server_major = server_major_of(conn)
    with tempfile.TemporaryDirectory(prefix="waymark-restore-") as work_dir:
        work = Path(work_dir)
        with tarfile.open(plain_archive(archive, work, identity_file)) as tar:
            manifest = _read_manifest(tar)
            dump = work / DUMP_NAME
            with tar.extractfile(DUMP_NAME) as source, dump.open("wb") as copy:
                shutil.copyfileobj(source, copy, CHUNK)
            if sha256_file(dump) != manifest["database"]["dump_sha256"]:
                raise BackupError("The database dump's checksum does not match the manifest")
            pg_restore = find_tool("pg_restore", server_major=server_major)
            # One transaction: a restore that fails leaves the database empty.
            run_tool(
                [pg_restore, "--single-transaction", "--exit-on-error", "--no-owner", str(dump)]
                + ["--dbname", target.name],
                database=target,
                what="pg_restore",
            )
            dump.unlink()
            unexpected = _extract_media(tar, media_root)
    differences = [f"file {name} is in the archive but not in the manifest" for name in unexpected]
    differences += compare_with_manifest(target, media_root, manifest)
    return RestoreResult(manifest, differences, _migration_warnings(manifest))


def _extract_media(tar: tarfile.TarFile, media_root: Path) -> list[str]:
    media_root.mkdir(parents=True, exist_ok=True, mode=0o700)
    unexpected = []
    for member in tar:
        if member.name in (MANIFEST_NAME, DUMP_NAME):
            continue
        name = _safe_media_name(member.name)
        if name is None or not member.isfile():
            unexpected.append(member.name)
            continue
        path = media_root / name
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tar.extractfile(member) as source, path.open("xb") as copy:
            shutil.copyfileobj(source, copy, CHUNK)
        path.chmod(0o600)
    return unexpected


def compare_with_manifest(target: Database, media_root: Path, manifest: dict) -> list[str]:
    """Every way the database and the directory differ from the manifest."""
    differences = []
    with target.connect() as conn:
        counts = row_counts(conn)
        migrations = migration_state(conn)
    expected = manifest.get("tables", {})
    for table, rows in sorted(expected.items()):
        if table not in counts:
            differences.append(f"table {table} is missing (the manifest has {rows} rows)")
        elif counts[table] != rows:
            differences.append(f"table {table} has {counts[table]} rows; the manifest has {rows}")
    for table in sorted(set(counts) - set(expected)):
        differences.append(f"table {table} is not in the manifest")
    if migrations != manifest.get("migrations", {}):
        differences.append("the migrations applied differ from the manifest")
    files = manifest.get("files", {})
    for name, info in sorted(files.items()):
        path = media_root / name
        if not path.is_file():
            differences.append(f"file {name} is missing")
        elif sha256_file(path) != info["sha256"]:
            differences.append(f"file {name} does not match its SHA-256 in the manifest")
    present = {
        str(p.relative_to(media_root).as_posix()) for p in media_root.rglob("*") if p.is_file()
    }
    for name in sorted(present - set(files)):
        differences.append(f"file {name} is not in the manifest")
    return differences


def _migration_warnings(manifest: dict) -> list[str]:
    """Migrations in the archive this code does not have: restored by newer code."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known and app in {a for a, _ in known}
    ]
    if not unknown:
        return []
    return [
        "The archive was made by a newer Waymark: this code lacks the migrations "
        + ", ".join(unknown[:10])
        + ("..." if len(unknown) > 10 else "")
        + ". Run the same or a newer version against the restored database."
    ]


# --- The drill ------------------------------------------------------------------------------


def backup_drill(*, archive: str | Path, identity_file: str | Path | None = None) -> RestoreResult:
    """Restore ``archive`` into a scratch database and directory, compare them
    with the manifest, and drop both, whatever happened. The role in use needs
    CREATEDB."""
    server = backup_source()
    scratch = server.with_name(f"waymark_drill_{secrets.token_hex(6)}")
    with server.connect(autocommit=True) as conn:
        # template0: a pristine database, whatever extensions template1 has gained.
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(scratch.name))
        )
    try:
        with tempfile.TemporaryDirectory(prefix="waymark-drill-") as media_dir:
            return backup_restore(
                archive=archive,
                database=scratch,
                media_root=Path(media_dir) / "media",
                identity_file=identity_file,
            )
    finally:
        with server.connect(autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(scratch.name)
                )
            )
