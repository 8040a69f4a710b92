"""Sessions end after 30 minutes idle or 10 hours in all; expired sessions are
deleted daily; each person sees their recent sign-ins and can sign out of
every other session."""

import datetime
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import AccountEvent, AccountEventKind, SignIn
from accounts.tasks import delete_expired_sessions
from accounts.two_factor import SESSION_LAST_SEEN, SESSION_SIGNED_IN_AT
from tests.factories import TEST_PASSWORD, authenticator_app_for, code_for

pytestmark = pytest.mark.django_db

SIGN_INS = "/accounts/sign-ins/"


def move_clock(client, **ages):
    """Make the session look as if it was signed in / last used that long ago."""
    session = client.session
    now = time.time()
    for key, age in ages.items():
        session[key] = now - age.total_seconds()
    session.save()


def test_the_limits_are_thirty_minutes_idle_and_ten_hours_in_all(settings):
    assert settings.WAYMARK_IDLE_MINUTES == 30
    assert settings.WAYMARK_SESSION_MAX_HOURS == 10


def test_a_session_idle_for_longer_than_the_limit_is_signed_out_and_told_why(client, worker_a):
    client.force_login(worker_a)
    move_clock(client, **{SESSION_LAST_SEEN: datetime.timedelta(minutes=31)})

    response = client.get("/cases/", follow=True)

    assert response.redirect_chain[0][0] == "/accounts/login/?next=/cases/"
    assert "you had not used Waymark for 30 minutes" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/").status_code == 302


def test_using_waymark_keeps_the_session_open_and_restarts_the_idle_clock(client, worker_a):
    client.force_login(worker_a)
    move_clock(client, **{SESSION_LAST_SEEN: datetime.timedelta(minutes=29)})
    assert client.get("/cases/").status_code == 200
    assert time.time() - client.session[SESSION_LAST_SEEN] < 60
    stored = Session.objects.get(session_key=client.session.session_key)
    assert stored.expire_date > timezone.now() + datetime.timedelta(minutes=30)


def test_pages_within_a_minute_of_each_other_do_not_write_the_session(client, worker_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(worker_a)
    client.get("/cases/")  # stores the idle clock
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/cases/").status_code == 200
    assert not [q for q in queries.captured_queries if 'UPDATE "django_session"' in q["sql"]]
    move_clock(client, **{SESSION_LAST_SEEN: datetime.timedelta(seconds=61)})
    with CaptureQueriesContext(connection) as queries:
        client.get("/cases/")
    assert [q for q in queries.captured_queries if 'UPDATE "django_session"' in q["sql"]]
    assert time.time() - client.session[SESSION_LAST_SEEN] < 60


def test_the_idle_limit_is_a_setting(client, worker_a, settings):
    settings.WAYMARK_IDLE_MINUTES = 5
    client.force_login(worker_a)
    move_clock(client, **{SESSION_LAST_SEEN: datetime.timedelta(minutes=6)})
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_a_session_ends_ten_hours_after_sign_in_however_busy(client, worker_a):
    client.force_login(worker_a)
    move_clock(
        client,
        **{
            SESSION_SIGNED_IN_AT: datetime.timedelta(hours=10, seconds=1),
            SESSION_LAST_SEEN: datetime.timedelta(seconds=5),
        },
    )
    response = client.get("/", follow=True)
    assert "you signed in more than 10 hours ago" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_the_daily_task_deletes_expired_sessions_only(worker_a):
    assert django_settings.CELERY_BEAT_SCHEDULE["delete-expired-sessions"] == {
        "task": "accounts.delete_expired_sessions",
        "schedule": 24 * 60 * 60.0,
    }
    live = SessionStore()
    live["x"] = 1
    live.create()
    old = SessionStore()
    old["x"] = 1
    old.create()
    Session.objects.filter(session_key=old.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )

    delete_expired_sessions()

    assert set(Session.objects.values_list("session_key", flat=True)) == {live.session_key}


# --- The sign-ins page ---------------------------------------------------------------


def sign_in_fully(user, address="127.0.0.1") -> Client:
    app = authenticator_app_for(user)
    browser = Client(REMOTE_ADDR=address, HTTP_USER_AGENT="Test browser")
    browser.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD})
    # A code is accepted once, and one step ahead is accepted: a second sign-in
    # in the same test uses the next step's code.
    later = SignIn.objects.filter(user=user).count() - 1
    browser.post("/accounts/two-factor/", {"code": code_for(app, steps_ahead=later)})
    return browser


def test_the_sign_ins_page_lists_when_from_where_and_how(worker_a):
    office = sign_in_fully(worker_a, "192.0.2.10")
    home = sign_in_fully(worker_a, "198.51.100.7")

    page = home.get(SIGN_INS)

    rows = page.context["sign_ins"]
    assert [row["sign_in"].ip_address for row in rows] == ["198.51.100.7", "192.0.2.10"]
    assert [row["current"] for row in rows] == [True, False]
    assert [row["open"] for row in rows] == [True, True]
    body = page.content.decode()
    assert "Username and password and authenticator app" in body
    assert "This session" in body
    assert office.get("/").status_code == 200


def test_signing_out_of_every_other_session_ends_them_and_is_audited(worker_a):
    office = sign_in_fully(worker_a, "192.0.2.10")
    home = sign_in_fully(worker_a, "198.51.100.7")

    response = home.post("/accounts/sign-ins/sign-out-others/", follow=True)

    assert "You have been signed out of 1 other session" in response.content.decode()
    assert office.get("/")["Location"].startswith("/accounts/login/")
    assert home.get("/").status_code == 200
    assert [row["open"] for row in home.get(SIGN_INS).context["sign_ins"]] == [True, False]
    event = AccountEvent.objects.get(kind=AccountEventKind.OTHER_SESSIONS_ENDED)
    assert (event.actor, event.detail) == (worker_a, "1 session ended")


def test_signing_out_marks_the_sign_in_ended(worker_a):
    browser = sign_in_fully(worker_a)
    browser.post("/accounts/logout/")
    assert SignIn.objects.get(user=worker_a).ended_at is not None


def test_nobody_sees_anyone_elses_sign_ins_or_ends_their_sessions(worker_a, worker_b):
    theirs = sign_in_fully(worker_a, "192.0.2.10")
    mine = sign_in_fully(worker_b, "198.51.100.7")
    page = mine.get(SIGN_INS).content.decode()
    assert "192.0.2.10" not in page
    mine.post("/accounts/sign-ins/sign-out-others/")
    assert theirs.get("/").status_code == 200
