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

``backup_restore`` loads an archive into an empty database and an empty
directory and then checks every count and checksum; ``backup_drill`` does that
in a scratch database it drops afterwards. ``pg_dump``/``pg_restore`` are the
system's, or the ones inside the pgserver wheel (always for the embedded
PostgreSQL, and whenever the system's are older than the server).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import json
import logging
import os
import posixpath
import re
import secrets
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

import dj_database_url
import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connections
from psycopg import sql

logger = logging.getLogger(__name__)

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


# --- Where the database is ------------------------------------------------------------------


@dataclass(frozen=True)
class Database:
    """Connection details for one PostgreSQL database, for psycopg and for
    the command-line tools (through PG* variables, so a password never shows
    in the process list)."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""
    options: dict = field(default_factory=dict)

    @classmethod
    def from_settings(cls, config: dict) -> Database:
        return cls(
            name=config.get("NAME") or "",
            host=str(config.get("HOST") or ""),
            port=str(config.get("PORT") or ""),
            user=config.get("USER") or "",
            password=config.get("PASSWORD") or "",
            options={k: v for k, v in (config.get("OPTIONS") or {}).items() if isinstance(v, str)},
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        try:
            config = dj_database_url.parse(url)
        except Exception as error:  # noqa: BLE001 - any unreadable URL
            raise BackupError(f"The database URL cannot be read: {error}") from None
        if "postgresql" not in config.get("ENGINE", ""):
            raise BackupError("The database URL must be a PostgreSQL URL (postgres://...)")
        if not config.get("NAME"):
            raise BackupError("The database URL must name a database (postgres://.../NAME)")
        return cls.from_settings(config)

    def with_name(self, name: str) -> Database:
        return Database(name, self.host, self.port, self.user, self.password, dict(self.options))

    def connect(self, **kwargs) -> psycopg.Connection:
        params = {"dbname": self.name, **self.options, **kwargs}
        for key in ("host", "port", "user", "password"):
            if getattr(self, key):
                params[key] = getattr(self, key)
        try:
            return psycopg.connect(**params, connect_timeout=10)
        except psycopg.OperationalError as error:
            raise BackupError(f"Cannot connect to database {self.name!r}: {error}") from None

    def tool_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        values = {
            "PGDATABASE": self.name,
            "PGHOST": self.host,
            "PGPORT": self.port,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGSSLMODE": self.options.get("sslmode", ""),
            "PGSSLROOTCERT": self.options.get("sslrootcert", ""),
        }
        env.update({k: v for k, v in values.items() if v})
        return env

    def describe(self) -> str:
        where = self.host or "the default socket"
        return f"{self.name!r} on {where}" + (f":{self.port}" if self.port else "")


def _embedded() -> bool:
    return not os.environ.get("DATABASE_URL")


def backup_source() -> Database:
    """The database to back up, through the role that can read every table:
    ``MIGRATE_DATABASE_URL`` (the owner) when set, else Waymark's own connection."""
    url = os.environ.get("MIGRATE_DATABASE_URL") or getattr(settings, "MIGRATE_DATABASE_URL", "")
    if url:
        return Database.from_url(url)
    return Database.from_settings(connections["default"].settings_dict)


# --- pg_dump and pg_restore -------------------------------------------------------------------


def _pgserver_bin() -> Path | None:
    # Found without importing pgserver, which starts looking for a runtime directory.
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return path if path.is_dir() else None


def _tool_major(path: str) -> int | None:
    try:
        output = subprocess.run(  # noqa: S603 - a PostgreSQL tool we located ourselves
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\)\s*(\d+)", output)
    return int(found.group(1)) if found else None


def find_tool(name: str, *, server_major: int, prefer_embedded: bool | None = None) -> str:
    """The ``pg_dump`` or ``pg_restore`` to use with a server of ``server_major``:
    pgserver's first for the embedded PostgreSQL, the system's first otherwise,
    skipping any older than the server (an older pg_dump refuses a newer server)."""
    if prefer_embedded is None:
        prefer_embedded = _embedded()
    bundled = _pgserver_bin()
    candidates = [
        str(bundled / name) if bundled and (bundled / name).exists() else None,
        shutil.which(name),
    ]
    if not prefer_embedded:
        candidates.reverse()
    found = []
    for path in filter(None, candidates):
        major = _tool_major(path)
        found.append(f"{path} ({major or 'unknown version'})")
        if major is not None and major >= server_major:
            return path
    if not found:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL {server_major} client tools "
            f"(postgresql-client-{server_major})."
        )
    raise BackupError(
        f"No {name} can work with PostgreSQL {server_major}: found {', '.join(found)}. "
        f"Install postgresql-client-{server_major} or newer."
    )


def _run_tool(command: list[str], *, database: Database, what: str) -> None:
    result = subprocess.run(  # noqa: S603 - arguments are paths and fixed options, no shell
        command, env=database.tool_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{what} failed: {detail}")


# --- Reading a database's state ----------------------------------------------------------------

_TABLES = """
    SELECT n.nspname, c.relname FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp%%'
      AND NOT EXISTS (
          SELECT 1 FROM pg_depend d
          WHERE d.objid = c.oid AND d.deptype = 'e'
      )
    ORDER BY 1, 2
"""


def row_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Exact row count of every table (not those an extension owns), by
    ``schema.table``."""
    counts = {}
    for schema, table in conn.execute(_TABLES).fetchall():
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table)
        )
        counts[f"{schema}.{table}"] = conn.execute(query).fetchone()[0]
    return counts


def migration_state(conn: psycopg.Connection) -> dict[str, list[str]]:
    exists = conn.execute("SELECT to_regclass('public.django_migrations')").fetchone()[0]
    if exists is None:
        return {}
    state: dict[str, list[str]] = {}
    for app, name in conn.execute(
        "SELECT app, name FROM public.django_migrations ORDER BY app, name"
    ).fetchall():
        state.setdefault(app, []).append(name)
    return state


def _server_major(conn: psycopg.Connection) -> int:
    return conn.info.server_version // 10000


def _server_version(conn: psycopg.Connection) -> str:
    number = conn.info.server_version
    return f"{number // 10000}.{number % 10000}"


def waymark_version() -> str:
    try:
        return version("waymark")
    except PackageNotFoundError:
        return "unknown"


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


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


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


def _plain_archive(archive: Path, work: Path, identity_file) -> Path:
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
            server_major = _server_major(conn)
            server_version = _server_version(conn)
            pg_dump = find_tool("pg_dump", server_major=server_major)
            # The snapshot lives as long as this transaction: pg_dump must finish first.
            _run_tool(
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
            "dump_sha256": _sha256_file(dump),
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
        server_major = _server_major(conn)
    with tempfile.TemporaryDirectory(prefix="waymark-restore-") as work_dir:
        work = Path(work_dir)
        with tarfile.open(_plain_archive(archive, work, identity_file)) as tar:
            manifest = _read_manifest(tar)
            dump = work / DUMP_NAME
            with tar.extractfile(DUMP_NAME) as source, dump.open("wb") as copy:
                shutil.copyfileobj(source, copy, CHUNK)
            if _sha256_file(dump) != manifest["database"]["dump_sha256"]:
                raise BackupError("The database dump's checksum does not match the manifest")
            pg_restore = find_tool("pg_restore", server_major=server_major)
            # One transaction: a restore that fails leaves the database empty.
            _run_tool(
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
        elif _sha256_file(path) != info["sha256"]:
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


# --- What the beat tasks run --------------------------------------------------------------------


def backup_scheduled() -> BackupResult:
    """The daily backup: one archive into WAYMARK_BACKUP_DIR, then keep the last N."""
    result = backup_create(out_dir=settings.WAYMARK_BACKUP_DIR)
    backup_prune(out_dir=settings.WAYMARK_BACKUP_DIR, keep=settings.WAYMARK_BACKUP_KEEP)
    return result


def backup_drill_latest() -> tuple[Path, RestoreResult]:
    """The weekly drill, on the newest archive in WAYMARK_BACKUP_DIR."""
    archives = backup_archives(settings.WAYMARK_BACKUP_DIR)
    if not archives:
        raise BackupError(f"There is no backup in {settings.WAYMARK_BACKUP_DIR} to drill")
    return archives[-1], backup_drill(archive=archives[-1])


def alert_recipients() -> list[str]:
    """The system administrators' addresses, and WAYMARK_BACKUP_ALERT_EMAILS,
    which still work when the database is what failed."""
    addresses = list(settings.WAYMARK_BACKUP_ALERT_EMAILS)
    with contextlib.suppress(Exception):
        # System administrators are the staff users (accounts.services sets
        # is_staff from the role); the kernel does not import accounts.
        addresses += list(
            get_user_model()
            .objects.filter(is_active=True, is_staff=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return sorted(set(addresses))


def backup_alert(*, subject: str, body: str) -> int:
    """Email the administrators straight away (not through the outbox: the
    database may be what failed). Returns how many were emailed."""
    from django.core.mail import send_mail

    recipients = alert_recipients()
    if not recipients:
        logger.error("No administrator to tell: %s", subject)
        return 0
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception:
        logger.exception("Could not email the administrators: %s", subject)
        return 0
    return len(recipients)
