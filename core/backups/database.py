"""The database side of backups: where it is, the PostgreSQL tools, and its
state (row counts and migrations) read from a connection."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import dj_database_url
import psycopg
from django.db import connections
from psycopg import sql

from core.backups.common import BackupError
from core.database_roles import owner_settings

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
    """The database Waymark uses, through the role that owns every table
    (``MIGRATE_DATABASE_URL``; on a one-role database, Waymark's own)."""
    return Database.from_settings(owner_settings(connections["default"].settings_dict))


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


def run_tool(command: list[str], *, database: Database, what: str) -> None:
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


def server_major_of(conn: psycopg.Connection) -> int:
    return conn.info.server_version // 10000


def server_version_of(conn: psycopg.Connection) -> str:
    number = conn.info.server_version
    return f"{number // 10000}.{number % 10000}"


def waymark_version() -> str:
    try:
        return version("waymark")
    except PackageNotFoundError:
        return "unknown"
