"""Lockout: five failed sign-ins for a username within fifteen minutes lock it
for fifteen minutes; every failure is recorded; administrators see lockouts
and lift them, and each lift is audited."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountEvent, AccountEventKind
from tests.factories import TEST_PASSWORD, authenticator_app_for, code_for

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LOCKOUTS = reverse("accounts:lockouts")
LIFT = reverse("accounts:lockout_lift")


def sign_in(browser, username, password=TEST_PASSWORD):
    return browser.post(LOGIN, {"username": username, "password": password})


def fail(username, times, browser=None):
    browser = browser or Client()
    for _ in range(times):
        sign_in(browser, username, "not-the-password")
    return browser


def test_five_failures_lock_the_username_even_for_the_right_password(settings, worker_b):
    assert settings.WAYMARK_LOCKOUT_FAILURES == 5
    assert settings.WAYMARK_LOCKOUT_MINUTES == 15
    browser = fail("worker.b", 4)
    assert sign_in(browser, "worker.b")["Location"] == "/"  # the fifth try, right

    browser.post("/accounts/logout/")
    fail("worker.b", 5, browser)
    response = sign_in(browser, "worker.b")

    assert response.status_code == 429
    assert "You cannot sign in with this username for 15 minutes" in response.content.decode()
    assert browser.get("/").status_code == 302


def test_the_lockout_reads_the_same_for_a_username_that_does_not_exist(worker_b):
    real = fail("worker.b", 5)
    made_up = fail("no.such.person", 5)
    real_page = sign_in(real, "worker.b")
    made_up_page = sign_in(made_up, "no.such.person")
    assert real_page.status_code == made_up_page.status_code == 429
    assert real_page.content == made_up_page.content


def test_every_failure_and_the_lockout_are_recorded_with_the_address(worker_b):
    fail("worker.b", 5)
    rows = list(AccessFailureLog.objects.filter(username="worker.b").order_by("attempt_time"))
    assert len(rows) == 5
    assert [row.locked_out for row in rows] == [False, False, False, False, True]
    assert {row.ip_address for row in rows} == {"127.0.0.1"}


def test_the_lockout_ends_after_the_lockout_period(worker_b):
    browser = fail("worker.b", 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    )
    assert sign_in(browser, "worker.b")["Location"] == "/"


def test_the_limit_and_period_are_settings(settings, worker_b):
    settings.AXES_FAILURE_LIMIT = 3
    browser = fail("worker.b", 3)
    assert sign_in(browser, "worker.b").status_code == 429


def test_wrong_codes_count_towards_the_lockout_and_end_the_session(worker_b):
    app = authenticator_app_for(worker_b)
    wrong = f"{(int(code_for(app)) + 1) % 1_000_000:06d}"
    browser = Client()

    def wrong_code():
        # Each wrong code makes the next wait a little longer (django-otp's
        # throttling); this person waits each time, as someone guessing would.
        TOTPDevice.objects.filter(pk=app.pk).update(throttling_failure_timestamp=None)
        return browser.post("/accounts/two-factor/", {"code": wrong})

    for _ in range(4):
        sign_in(browser, "worker.b")
        assert "The code is not correct" in wrong_code().content.decode()
        browser.post("/accounts/logout/")
    sign_in(browser, "worker.b")
    locked = wrong_code()

    assert locked.status_code == 429
    assert browser.get("/")["Location"].startswith("/accounts/login/")
    assert sign_in(browser, "worker.b").status_code == 429


def test_a_completed_sign_in_clears_earlier_failures(worker_b):
    app = authenticator_app_for(worker_b)
    browser = fail("worker.b", 4)
    sign_in(browser, "worker.b")
    assert AccessAttempt.objects.filter(username="worker.b").exists()  # password alone: kept
    browser.post("/accounts/two-factor/", {"code": code_for(app)})
    assert not AccessAttempt.objects.filter(username="worker.b").exists()


def test_an_administrator_sees_current_lockouts_and_lifts_one_which_is_audited(
    client, administrator, worker_b
):
    fail("worker.b", 5)
    fail("someone.else", 2)
    client.force_login(administrator)

    page = client.get(LOCKOUTS)

    assert [row["username"] for row in page.context["lockouts"]] == ["worker.b"]
    assert page.context["lockouts"][0]["failures"] == 5
    body = page.content.decode()
    assert "Lift lockout" in body
    assert "someone.else" in body  # among the recent failures, not the lockouts

    lifted = client.post(LIFT, {"username": "worker.b"}, follow=True)

    assert "The lockout on worker.b has been lifted" in lifted.content.decode()
    assert lifted.context["lockouts"] == []
    event = AccountEvent.objects.get(kind=AccountEventKind.LOCKOUT_LIFTED)
    assert (event.actor, event.subject, event.username) == (administrator, worker_b, "worker.b")
    assert event.ip_address == "127.0.0.1"
    assert sign_in(Client(), "worker.b")["Location"] == "/"


def test_the_audit_of_lifts_cannot_be_changed_or_deleted(client, administrator):
    from django.db import DatabaseError, transaction

    client.force_login(administrator)
    client.post(LIFT, {"username": "anyone"})
    event = AccountEvent.objects.get()
    for change in (lambda: AccountEvent.objects.update(detail="x"), event.delete):
        with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
            change()


@pytest.mark.parametrize("persona", ["lead", "worker_a", "board_member", "outsider"])
def test_only_administrators_find_the_lockouts(client, request, persona, worker_b):
    fail("worker.b", 5)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LOCKOUTS).status_code == 404
    assert client.post(LIFT, {"username": "worker.b"}).status_code == 404
    assert sign_in(Client(), "worker.b").status_code == 429
    assert not AccountEvent.objects.exists()
