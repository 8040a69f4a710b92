"""Two database roles: the owner, which migrates, and the app, which owns nothing.

Waymark connects as the role in ``DATABASE_URL``. Migrations (and backups and
restores) run as the role in ``MIGRATE_DATABASE_URL``, which owns every table.
After every ``migrate`` the owner grants the app role what the application
needs and no more:

- ordinary tables: SELECT, INSERT, UPDATE and DELETE;
- the append-only tables (:func:`append_only_tables`: the access log, the
  account log, the case timeline and every change-history table with its
  context): SELECT and INSERT only;
- sequences: USAGE and SELECT; the migration record: SELECT only.

Nothing else: no TRUNCATE, no TRIGGER, no ownership (so no ALTER TABLE ...
DISABLE TRIGGER), no superuser (so no ``session_replication_role``), no CREATE
in the schema. Tables a future migration creates get SELECT and INSERT by
default until the grants after that migrate give them the rest.

On a one-role development database (``MIGRATE_DATABASE_URL`` unset, so the
same as ``DATABASE_URL``) there is nothing to grant: the pgtrigger triggers
still refuse updates and deletes of the logs, but the owner could drop them.
"""

from __future__ import annotations

import contextlib
import logging

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from psycopg import sql

logger = logging.getLogger(__name__)

SCHEMA = "public"
_CONNECTION_KEYS = ("USER", "PASSWORD", "HOST", "PORT")


def append_only_tables() -> list[str]:
    """Tables the application may only add to and read.

    Every change-history (pghistory) event table and its context table, every
    model whose pgtrigger triggers protect its rows (the access log, the
    account log), and every model that says ``append_only = True`` (the case
    timeline). A new log joins by doing either. The migration record is read-only.
    """
    import pgtrigger
    from pghistory.models import Context, Event

    tables = {Context._meta.db_table, "django_migrations"}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        protected = any(
            isinstance(trigger, pgtrigger.Protect) for trigger in getattr(meta, "triggers", [])
        )
        if issubclass(model, Event) or protected or getattr(model, "append_only", False):
            tables.add(meta.db_table)
    return sorted(tables)


# --- Connecting as the owner ---------------------------------------------------------------


def owner_settings(settings_dict: dict) -> dict:
    """``settings_dict`` (a connection's settings) with the owner's role and
    server from ``MIGRATE_DATABASE_URL``. The database name is kept: the owner
    works on the database Waymark uses (under tests, the test database)."""
    owner = dj_database_url.parse(settings.MIGRATE_DATABASE_URL)
    merged = dict(settings_dict)
    merged.update({key: owner.get(key) or "" for key in _CONNECTION_KEYS})
    merged["OPTIONS"] = {**(settings_dict.get("OPTIONS") or {}), **(owner.get("OPTIONS") or {})}
    return merged


@contextlib.contextmanager
def connected_as_owner(alias: str = DEFAULT_DB_ALIAS):
    """Within the block, the ``alias`` connection is the owner's (a no-op when
    it already is, as on a one-role database and under tests)."""
    connection = connections[alias]
    current = connection.settings_dict
    owner = owner_settings(current)
    if alias != DEFAULT_DB_ALIAS or all(
        str(current.get(key) or "") == str(owner.get(key) or "") for key in _CONNECTION_KEYS
    ):
        yield
        return
    saved = {key: current.get(key) for key in (*_CONNECTION_KEYS, "OPTIONS")}
    connection.close()
    current.update({key: owner[key] for key in (*_CONNECTION_KEYS, "OPTIONS")})
    try:
        yield
    finally:
        connection.close()
        current.update(saved)


# --- What the app role may do ---------------------------------------------------------------

# pghistory's _pgh_attach_context(), which every history trigger calls to
# record who made the change, upserts its context row. The app role may not
# UPDATE that table, so the function runs as its owner (SECURITY DEFINER,
# with a fixed search_path) and changes only a context row made in the same
# transaction: nobody can rewrite who made an earlier change through it.
CONTEXT_FUNCTION = """
CREATE OR REPLACE FUNCTION {schema}._pgh_attach_context()
RETURNS {schema}.pghistory_context.id%TYPE AS $$
    DECLARE
        _pgh_context_id UUID;
        _pgh_context_metadata JSONB;
    BEGIN
        BEGIN
            SELECT INTO _pgh_context_id CURRENT_SETTING('pghistory.context_id');
            SELECT INTO _pgh_context_metadata CURRENT_SETTING('pghistory.context_metadata');
            EXCEPTION WHEN OTHERS THEN
        END;
        IF _pgh_context_id IS NOT NULL AND _pgh_context_metadata IS NOT NULL THEN
            INSERT INTO {schema}.pghistory_context (id, metadata, created_at, updated_at)
                VALUES (_pgh_context_id, _pgh_context_metadata, NOW(), NOW())
                ON CONFLICT (id) DO UPDATE
                    SET metadata = EXCLUDED.metadata, updated_at = EXCLUDED.updated_at
                    WHERE pghistory_context.metadata != EXCLUDED.metadata
                      AND pghistory_context.created_at = NOW();
            RETURN _pgh_context_id;
        ELSE
            RETURN NULL;
        END IF;
    END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp;
"""


def install_context_function(*, using: str = DEFAULT_DB_ALIAS) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(
            sql.SQL(CONTEXT_FUNCTION).format(schema=sql.Identifier(SCHEMA)).as_string(None)
        )


def role_exists(role: str, *, using: str = DEFAULT_DB_ALIAS) -> bool:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        return cursor.fetchone() is not None


def grant_app_role(*, role: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Give ``role`` exactly what the application needs on every table, as
    the module docstring says. Safe to repeat; run by the owner."""
    schema = sql.Identifier(SCHEMA)
    grantee = sql.Identifier(role)
    statements = [
        # Nobody but the owner creates objects in the schema (PostgreSQL 15+
        # already refuses PUBLIC; older servers did not).
        sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC"),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}"),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}"),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}"),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}"),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}"),
        # Tables and sequences the owner creates later: add and read only,
        # until the grants after that migrate say more.
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT SELECT, INSERT ON TABLES TO {}"),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT USAGE, SELECT ON SEQUENCES TO {}"),
    ]
    with connections[using].cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.format(schema, grantee).as_string(None))
        existing = set(connections[using].introspection.table_names(cursor))
        for table in append_only_tables():
            if table not in existing:
                continue
            # The migration record is the owner's alone; the logs take new rows.
            refused = "INSERT, UPDATE, DELETE" if table == "django_migrations" else "UPDATE, DELETE"
            cursor.execute(
                sql.SQL("REVOKE {} ON {}.{} FROM {}")
                .format(sql.SQL(refused), schema, sql.Identifier(table), grantee)
                .as_string(None)
            )


def keep_grants_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate (after every migrate, and after a test flush): the context
    function, then the app role's grants when it is a role of its own."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    install_context_function(using=using)
    role = getattr(settings, "WAYMARK_DATABASE_APP_ROLE", "") if using == DEFAULT_DB_ALIAS else ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        current = cursor.fetchone()[0]
    if not role or role == current:
        return  # a one-role database: nothing to grant
    if not role_exists(role, using=using):
        logger.warning("The app role %r does not exist: no grants were made.", role)
        return
    grant_app_role(role=role, using=using)
