"""Checking what Waymark's app role may do: run SQL on the test's connection,
and take the app role for the rest of a test's transaction."""

import pytest
from django.db import connection

from core.database_roles import keep_grants_after_migrate, role_exists

TEMPORARY_ROLE = "waymark_app_under_test"


def query(statement, params=None):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


@pytest.fixture
def app_role(db, settings):
    """The app role's name, its grants in place, with the owner still connected."""
    role = settings.WAYMARK_DATABASE_APP_ROLE
    owner = query("SELECT current_user")[0][0]
    if role and role != owner and role_exists(role):
        return role
    # A one-role server: make the role for this test only (rolled back with it).
    can_create = query(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    )
    if not can_create[0][0]:
        pytest.skip("The test database's role may not create roles to check the app role with")
    query(f"CREATE ROLE {TEMPORARY_ROLE} NOLOGIN")
    settings.WAYMARK_DATABASE_APP_ROLE = TEMPORARY_ROLE
    keep_grants_after_migrate(sender=None, using="default")
    return TEMPORARY_ROLE
