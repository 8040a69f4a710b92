"""Shared personas. Every view test includes someone who must not see the record.

- ``worker_a``: frontline worker in agency A (a police force, First Responder)
- ``worker_b``: frontline worker in agency B (a charity, not a First Responder)
- ``lead``: the Modern Slavery Lead (council community safety)
- ``serac_chair``, ``board_member``, ``administrator``
- ``outsider``: signed in, but with no agency and no role
"""

import os
import shutil

import pytest
from django.test import Client

from accounts.models import AgencyType
from accounts.roles import Role
from tests.database_roles import app_role  # noqa: F401 - a shared fixture
from tests.factories import AgencyFactory, UserFactory, give_verified_second_factor


class VerifiedClient(Client):
    """The test client. Waymark asks every staff sign-in for a second factor
    (WAYMARK_REQUIRE_2FA is on in tests, as in production), so ``force_login``
    here also records that the session gave one, as signing in with a password
    and an authenticator-app code would. ``second_factor=False`` stops after
    the password, for tests of the second step itself."""

    def force_login(self, user, backend=None, *, second_factor=True):
        super().force_login(user, backend)
        if second_factor:
            give_verified_second_factor(self, user)


@pytest.fixture
def client():
    return VerifiedClient()


def pytest_runtest_setup(item):
    """Tests marked ``graphviz`` need Debian's graphviz package (``dot``).

    Skipped where it is absent, unless CI (WAYMARK_REQUIRE_BROWSER or CI set):
    there a missing ``dot`` fails, so the diagrams are always checked somewhere.
    """
    if item.get_closest_marker("graphviz") is None:
        return
    if shutil.which("dot"):
        # Drawings are cached per process: start each diagram test from an
        # empty cache, so one drawn (or faked) by an earlier test can't stand in.
        from pathways.diagrams import _render

        _render.cache_clear()
        return
    reason = "Graphviz's dot not found (apt-get install graphviz)"
    if os.environ.get("WAYMARK_REQUIRE_BROWSER") or os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def agency_a(db):
    return AgencyFactory(
        name="Agency A Police", agency_type=AgencyType.POLICE, is_first_responder=True
    )


@pytest.fixture
def agency_b(db):
    return AgencyFactory(name="Agency B Charity", agency_type=AgencyType.VOLUNTARY)


@pytest.fixture
def council(db):
    return AgencyFactory(
        name="City Council Community Safety",
        agency_type=AgencyType.LOCAL_AUTHORITY,
        is_first_responder=True,
    )


@pytest.fixture
def worker_a(agency_a):
    return UserFactory(username="worker.a", agency=agency_a, roles=[Role.FRONTLINE_WORKER])


@pytest.fixture
def worker_b(agency_b):
    return UserFactory(username="worker.b", agency=agency_b, roles=[Role.FRONTLINE_WORKER])


@pytest.fixture
def lead(council):
    return UserFactory(username="lead", agency=council, roles=[Role.MODERN_SLAVERY_LEAD])


@pytest.fixture
def serac_chair(council):
    return UserFactory(username="chair", agency=council, roles=[Role.SERAC_CHAIR])


@pytest.fixture
def board_member(db):
    return UserFactory(username="board", roles=[Role.BOARD_MEMBER])


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")
