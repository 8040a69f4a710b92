"""Waymark's database role owns nothing and may only add to the logs and history.

The tests connect as the owner (pytest-django creates the test database) and
take the app role with SET LOCAL ROLE for each check, so the statements below
run with exactly the app role's privileges. With the embedded PostgreSQL that
is the configured role (``waymark_app``), granted by the post-migrate handler
when the test database was migrated. On a one-role server (``DATABASE_URL``
naming a superuser only) a role made for the test, inside its transaction, is
granted by the same handler, so these checks run everywhere.
"""

import json
import uuid

import pytest
from django.conf import settings
from django.db import ProgrammingError, transaction

from accounts.roles import Role
from cases.models import AccessAction, AccessLogEntry, TimelineEvent, TimelineKind
from cases.services.cases import case_update
from cases.services.common import access_log_record, timeline_add
from core.database_roles import append_only_tables
from tests.database_roles import query
from tests.factories import AgencyFactory, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

REFUSED = r"permission denied|must be (the )?owner"


@pytest.fixture
def as_app(app_role):
    """Run the rest of the test as the app role (until the test's rollback)."""
    query(f'SET LOCAL ROLE "{app_role}"')
    yield app_role
    query("RESET ROLE")


def refused(statement, params=None):
    with pytest.raises(ProgrammingError, match=REFUSED), transaction.atomic():
        query(statement, params)


@pytest.fixture
def logged(worker_a, agency_a):
    """One row in each log, written as the owner before the app role is taken."""
    case = CaseFactory(raised_by=agency_a)
    access_log_record(user=worker_a, case=case, action=AccessAction.VIEW_CASE, detail="Viewed")
    timeline_add(case=case, actor=worker_a, kind=TimelineKind.NOTE, description="A note")
    return case


def test_the_app_role_is_not_a_superuser_and_owns_nothing(app_role):
    [(superuser, createdb, createrole, bypassrls)] = query(
        "SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles"
        " WHERE rolname = %s",
        [app_role],
    )
    assert not (superuser or createdb or createrole or bypassrls)
    owned = query(
        "SELECT relname FROM pg_class"
        " WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = %s)"
        " UNION ALL SELECT proname FROM pg_proc"
        " WHERE proowner = (SELECT oid FROM pg_roles WHERE rolname = %s)"
        " UNION ALL SELECT nspname FROM pg_namespace"
        " WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = %s)",
        [app_role, app_role, app_role],
    )
    assert owned == []


@pytest.mark.parametrize(
    "table",
    ["cases_accesslogentry", "cases_timelineevent", "cases_caseevent", "pghistory_context"],
)
def test_the_app_role_cannot_change_delete_or_empty_a_log(logged, as_app, table):
    refused(f"UPDATE {table} SET created_at = created_at")  # noqa: S608 - fixed names
    refused(f"DELETE FROM {table}")  # noqa: S608
    refused(f"TRUNCATE {table}")
    refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    refused(f"DROP TABLE {table}")


def test_the_app_role_cannot_switch_the_triggers_off_for_its_session(as_app):
    refused("SET session_replication_role = replica")
    refused("SET LOCAL session_replication_role = replica")


@pytest.fixture
def earlier_change(lead):
    """Who made a change in an earlier transaction, as the history recorded it."""
    context_id = uuid.uuid4()
    query(
        "INSERT INTO pghistory_context (id, metadata, created_at, updated_at)"
        " VALUES (%s, %s, now() - interval '1 day', now() - interval '1 day')",
        [context_id, json.dumps({"user": lead.pk})],
    )
    return context_id


def test_the_app_role_cannot_rewrite_who_made_a_change(lead, earlier_change, as_app):
    refused("UPDATE pghistory_context SET metadata = '{}'::jsonb")
    # Nor through the function every history trigger calls, which can write
    # only the context of its own transaction.
    query("SELECT set_config('pghistory.context_id', %s, true)", [str(earlier_change)])
    query("SELECT set_config('pghistory.context_metadata', '{\"user\": 0}', true)")
    assert query("SELECT _pgh_attach_context()")[0][0] == earlier_change
    [(metadata,)] = query("SELECT metadata FROM pghistory_context WHERE id = %s", [earlier_change])
    recorded = json.loads(metadata) if isinstance(metadata, str) else metadata
    assert recorded == {"user": lead.pk}


def test_a_change_is_still_recorded_with_who_made_it_as_the_app_role(lead, agency_a, as_app):
    case = CaseFactory(raised_by=agency_a, summary="First")
    case_update(actor=lead, case=case, expected_version=case.version, summary="Second")
    assert case.events.latest("pgh_id").pgh_context.metadata["user"] == lead.pk


def test_every_table_is_open_to_the_app_role_except_for_changing_the_logs(app_role):
    append_only = set(append_only_tables())
    assert {"cases_accesslogentry", "cases_timelineevent", "cases_caseevent"} <= append_only
    assert "pghistory_context" in append_only and "accounts_accountevent" in append_only
    tables = [
        row[0] for row in query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ]
    assert "cases_case" in tables
    for table in tables:
        may = {
            privilege
            for privilege in ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER"]
            if query(
                "SELECT has_table_privilege(%s, %s, %s)", [app_role, f"public.{table}", privilege]
            )[0][0]
        }
        if table == "django_migrations":
            expected = {"SELECT"}
        elif table in append_only:
            expected = {"SELECT", "INSERT"}
        else:
            expected = {"SELECT", "INSERT", "UPDATE", "DELETE"}
        assert may == expected, table


def test_the_app_role_does_the_applications_work_and_history_says_who(agency_a, as_app):
    lead = UserFactory(username="lead.as.app", agency=agency_a, roles=[Role.MODERN_SLAVERY_LEAD])
    AgencyFactory(name="Made as the app role")
    case = CaseFactory(raised_by=agency_a, summary="First")
    case_update(actor=lead, case=case, expected_version=case.version, summary="Second")
    case.refresh_from_db()
    assert case.summary == "Second"
    latest = case.events.latest("pgh_id")
    assert latest.summary == "Second" and latest.pgh_context.metadata.get("user") == lead.pk
    access_log_record(user=lead, case=case, action=AccessAction.VIEW_CASE, detail="Viewed")
    timeline_add(case=case, actor=lead, kind=TimelineKind.NOTE, description="Added as the app")
    assert AccessLogEntry.objects.filter(case=case).exists()
    assert TimelineEvent.objects.filter(case=case, description="Added as the app").exists()


def test_the_embedded_database_has_two_roles_and_the_app_is_not_the_owner():
    if settings.DATABASES["default"]["USER"] == settings.WAYMARK_DATABASE_APP_ROLE:
        pytest.skip("DATABASE_URL names a one-role server")
    from config import embedded

    assert settings.WAYMARK_DATABASE_APP_ROLE == embedded.APP_ROLE
    assert settings.DATABASES["default"]["USER"] == embedded.OWNER_ROLE
