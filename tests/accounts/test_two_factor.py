"""Two-factor sign-in: set-up, the second step, recovery codes, and the rule
that with WAYMARK_DEMO off no staff page opens without a second factor."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountEvent, AccountEventKind, SecondFactor, SignIn
from accounts.services import two_factor_reset
from accounts.two_factor import second_factor_required
from tests.factories import TEST_PASSWORD, authenticator_app_for, code_for
from tests.urls import PUBLIC_URL_NAMES, SECOND_STEP_URL_NAMES, every_url_path

pytestmark = pytest.mark.django_db

SET_UP = "/accounts/two-factor/set-up/"
SET_UP_APP = "/accounts/two-factor/set-up/app/"
VERIFY = "/accounts/two-factor/"
RECOVERY = "/accounts/two-factor/recovery-code/"
RECOVERY_CODES = "/accounts/two-factor/recovery-codes/"


def password_only(user) -> Client:
    """A browser that has given the right password and nothing more."""
    browser = Client()
    response = browser.post(
        "/accounts/login/", {"username": user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return browser


def key_on(page: str) -> str:
    return re.search(r'id="authenticator-key">([A-Z2-7 ]+)<', page).group(1)


def code_from_key(key: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app given ``key`` by hand would show."""
    from base64 import b32decode

    from django_otp.oath import totp

    secret = key.replace(" ", "")
    secret += "=" * (-len(secret) % 8)
    return f"{totp(b32decode(secret), drift=steps_ahead):06d}"


# --- The rule -------------------------------------------------------------------


@pytest.mark.parametrize("has_app", [False, True])
def test_with_demo_off_no_staff_page_opens_without_a_second_factor(settings, lead, has_app):
    settings.WAYMARK_DEMO = False
    settings.WAYMARK_REQUIRE_2FA = None
    if has_app:
        authenticator_app_for(lead)
    browser = password_only(lead)
    expected = VERIFY if has_app else SET_UP
    checked = 0
    for path, name in every_url_path():
        if name in PUBLIC_URL_NAMES or name in SECOND_STEP_URL_NAMES:
            continue
        if name == "admin:login":
            # Sends to the sign-in page, which sends a signed-in person on
            # through this same rule.
            assert browser.get(path)["Location"] == "/accounts/login/?next=/admin/"
            continue
        response = browser.get(path)
        checked += 1
        assert response.status_code == 302, path
        assert response["Location"].startswith(expected + "?next="), path
    for path in ["/admin/", "/admin/accounts/user/", "/admin/accounts/agency/add/"]:
        response = browser.get(path)
        assert response["Location"].startswith(expected), path
    assert checked > 50


def test_before_the_second_step_the_menu_offers_nowhere_to_go(lead):
    authenticator_app_for(lead)
    page = password_only(lead).get(VERIFY).content.decode()
    assert 'aria-label="Menu"' not in page
    assert "Your sign-ins" not in page
    assert "Sign out" in page


@pytest.mark.parametrize(
    ("demo", "explicit", "required"),
    [
        (False, None, True),
        (True, None, False),
        (True, True, True),
        (False, False, False),
    ],
)
def test_the_setting_is_on_unless_the_demo_is_and_an_explicit_value_wins(
    settings, demo, explicit, required
):
    settings.WAYMARK_DEMO = demo
    settings.WAYMARK_REQUIRE_2FA = explicit
    assert second_factor_required() is required


def test_in_the_demo_the_password_alone_signs_in(settings, worker_a):
    settings.WAYMARK_DEMO = True
    settings.WAYMARK_REQUIRE_2FA = None
    browser = password_only(worker_a)
    assert browser.get("/").status_code == 200
    assert SignIn.objects.get(user=worker_a).second_factor == SecondFactor.NONE


def test_in_the_demo_an_explicit_setting_still_asks_for_a_second_factor(settings, worker_a):
    settings.WAYMARK_DEMO = True
    settings.WAYMARK_REQUIRE_2FA = True
    assert password_only(worker_a).get("/")["Location"].startswith(SET_UP)


# --- Setting up an authenticator app ------------------------------------------------


def test_a_new_user_sets_up_an_app_from_the_key_on_the_page_and_is_let_in(worker_a):
    browser = password_only(worker_a)
    choose = browser.get(SET_UP + "?next=/cases/")
    assert "Use an authenticator app" in choose.content.decode()
    assert "Use a passkey or security key" in choose.content.decode()

    page = browser.get(SET_UP_APP + "?next=/cases/").content.decode()
    assert 'role="img" aria-label="QR code to scan with your authenticator app"' in page
    key = key_on(page)
    # Reloading shows the same key until the app is confirmed.
    assert key_on(browser.get(SET_UP_APP).content.decode()) == key

    done = browser.post(SET_UP_APP, {"code": code_from_key(key), "next": "/cases/"})

    assert done["Location"] == RECOVERY_CODES + "?next=/cases/"
    app = TOTPDevice.objects.get(user=worker_a)
    assert app.confirmed
    assert browser.get("/cases/").status_code == 200
    assert SignIn.objects.get(user=worker_a).second_factor == SecondFactor.AUTHENTICATOR_APP
    event = AccountEvent.objects.get(kind=AccountEventKind.TWO_FACTOR_ADDED)
    assert (event.actor, event.subject, event.detail) == (worker_a, worker_a, "Authenticator app")


def test_a_wrong_code_at_set_up_is_refused_and_nothing_is_confirmed(worker_a):
    browser = password_only(worker_a)
    key = key_on(browser.get(SET_UP_APP).content.decode())
    wrong = f"{(int(code_from_key(key)) + 1) % 1_000_000:06d}"
    for code, message in [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12ab56", "The code must be 6 numbers"),
        (wrong, "The code is not correct"),
    ]:
        page = browser.post(SET_UP_APP, {"code": code}).content.decode()
        assert "govuk-error-summary" in page
        assert message in page
    assert not TOTPDevice.objects.filter(user=worker_a, confirmed=True).exists()
    assert browser.get("/")["Location"].startswith(SET_UP)


def test_a_password_alone_cannot_set_up_a_new_app_on_an_account_that_has_one(worker_a):
    authenticator_app_for(worker_a)
    browser = password_only(worker_a)
    for path in (SET_UP, SET_UP_APP, "/accounts/two-factor/set-up/passkey/"):
        response = browser.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(VERIFY), path
    assert TOTPDevice.objects.filter(user=worker_a).count() == 1


def test_setting_up_a_new_app_replaces_the_old_one(client, worker_a):
    client.force_login(worker_a)
    old = TOTPDevice.objects.get(user=worker_a)
    key = key_on(client.get(SET_UP_APP).content.decode())
    client.post(SET_UP_APP, {"code": code_from_key(key)})
    assert list(TOTPDevice.objects.filter(user=worker_a).exclude(pk=old.pk)) != []
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert client.get("/").status_code == 200


# --- Signing in with the second step -----------------------------------------------


def test_a_code_from_the_app_signs_in_and_is_recorded(worker_a):
    app = authenticator_app_for(worker_a)
    browser = password_only(worker_a)
    assert browser.get("/")["Location"] == VERIFY + "?next=/"

    response = browser.post(VERIFY, {"code": code_for(app), "next": "/cases/"})

    assert response["Location"] == "/cases/"
    assert browser.get("/cases/").status_code == 200
    sign_in = SignIn.objects.get(user=worker_a)
    assert sign_in.how == "Username and password and authenticator app"


def test_a_wrong_code_is_refused_with_a_named_error(worker_a):
    app = authenticator_app_for(worker_a)
    browser = password_only(worker_a)
    wrong = f"{(int(code_for(app)) + 1) % 1_000_000:06d}"
    page = browser.post(VERIFY, {"code": wrong}).content.decode()
    assert "There is a problem" in page
    assert "The code is not correct" in page
    assert browser.get("/").status_code == 302


def test_a_code_works_once(worker_a):
    app = authenticator_app_for(worker_a)
    code = code_for(app, steps_ahead=1)
    first = password_only(worker_a)
    assert first.post(VERIFY, {"code": code})["Location"] == "/"
    second = password_only(worker_a)
    page = second.post(VERIFY, {"code": code}).content.decode()
    assert "The code is not correct" in page
    assert second.get("/").status_code == 302


def test_a_session_for_another_account_cannot_use_this_accounts_device(worker_a, worker_b):
    from django_otp import DEVICE_ID_SESSION_KEY

    app = authenticator_app_for(worker_a)
    browser = password_only(worker_b)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = app.persistent_id
    session.save()
    assert browser.get("/")["Location"].startswith(SET_UP)


# --- Recovery codes -----------------------------------------------------------------------


def test_ten_recovery_codes_are_shown_once(client, worker_a, settings):
    client.force_login(worker_a)
    assert "You have no recovery codes yet" in client.get(RECOVERY_CODES).content.decode()

    shown = client.post(RECOVERY_CODES)

    codes = shown.context["codes"]
    assert len(codes) == settings.WAYMARK_RECOVERY_CODE_COUNT == 10
    assert len(set(codes)) == 10
    page = shown.content.decode()
    assert all(code in page for code in codes)
    assert "Waymark will not show them again" in page
    later = client.get(RECOVERY_CODES).content.decode()
    assert "You have 10 unused recovery codes" in later
    assert not any(code in later for code in codes)
    assert not any(code in client.get("/accounts/sign-ins/").content.decode() for code in codes)
    assert AccountEvent.objects.filter(kind=AccountEventKind.RECOVERY_CODES_CREATED).count() == 1


def test_new_recovery_codes_replace_the_old_ones(client, worker_a):
    client.force_login(worker_a)
    old = client.post(RECOVERY_CODES).context["codes"]
    new = client.post(RECOVERY_CODES).context["codes"]
    assert not set(old) & set(new)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_a_recovery_code_signs_in_once(client, worker_a):
    client.force_login(worker_a)
    codes = client.post(RECOVERY_CODES).context["codes"]

    browser = password_only(worker_a)
    typed = codes[0].upper()[:4] + " " + codes[0].upper()[4:]  # as someone might copy it
    response = browser.post(RECOVERY, {"code": typed, "next": "/cases/"}, follow=True)

    assert response.redirect_chain[-1][0] == "/cases/"
    assert "You have 9 recovery codes left" in response.content.decode()
    assert SignIn.objects.filter(user=worker_a).first().second_factor == (
        SecondFactor.RECOVERY_CODE
    )
    again = password_only(worker_a)
    page = again.post(RECOVERY, {"code": codes[0]}).content.decode()
    assert "The recovery code is not correct, or it has been used already" in page
    assert again.get("/").status_code == 302


def test_an_account_with_only_recovery_codes_is_asked_for_one_not_sent_to_set_up(client, worker_a):
    client.force_login(worker_a)
    client.post(RECOVERY_CODES)
    TOTPDevice.objects.filter(user=worker_a).delete()
    assert password_only(worker_a).get("/")["Location"].startswith(VERIFY)


# --- Removing and resetting ------------------------------------------------------------------


def test_the_last_app_cannot_be_removed_while_a_second_factor_is_required(client, worker_a):
    client.force_login(worker_a)
    app = TOTPDevice.objects.get(user=worker_a)
    response = client.post(
        reverse("accounts:two_factor_remove"), {"device": f"totp/{app.pk}"}, follow=True
    )
    assert "Set up another authenticator app or passkey before you remove this one" in (
        response.content.decode()
    )
    assert TOTPDevice.objects.filter(pk=app.pk).exists()


def test_nobody_can_remove_someone_elses_app(client, worker_a, worker_b):
    other = authenticator_app_for(worker_b)
    client.force_login(worker_a)
    response = client.post(reverse("accounts:two_factor_remove"), {"device": f"totp/{other.pk}"})
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=other.pk).exists()


def test_an_administrator_resets_a_lost_second_factor_and_it_is_audited(
    client, administrator, worker_a
):
    client.force_login(worker_a)  # worker_a has an app and an open session
    client.post(RECOVERY_CODES)

    two_factor_reset(actor=administrator, user=worker_a)

    assert not TOTPDevice.objects.filter(user=worker_a).exists()
    assert not StaticToken.objects.filter(device__user=worker_a).exists()
    assert client.get("/")["Location"].startswith("/accounts/login/")
    assert password_only(worker_a).get("/")["Location"].startswith(SET_UP)
    event = AccountEvent.objects.get(kind=AccountEventKind.TWO_FACTOR_RESET)
    assert (event.actor, event.subject) == (administrator, worker_a)


def test_the_admin_site_offers_the_reset_to_administrators(client, administrator, worker_a):
    authenticator_app_for(worker_a)
    administrator.is_staff = True  # as user_create_or_update makes administrators
    administrator.save()
    client.force_login(administrator)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [worker_a.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=worker_a).exists()
    assert AccountEvent.objects.filter(
        kind=AccountEventKind.TWO_FACTOR_RESET, actor=administrator, subject=worker_a
    ).exists()
