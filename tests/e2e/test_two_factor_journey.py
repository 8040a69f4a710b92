"""Two-factor sign-in in a real browser, with axe on every page: set up an
authenticator app from the key on the page, sign out, sign in with password
and code, then set up a passkey through Chromium's virtual authenticator and
sign in with it."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import TEST_PASSWORD, AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(settings, live_server):
    settings.WAYMARK_DEMO = False
    settings.WAYMARK_REQUIRE_2FA = None
    # Passkeys belong to the address the browser uses.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    agency = AgencyFactory(name="Adavu")
    return UserFactory(
        username="sam.worker",
        first_name="Sam",
        last_name="Okafor",
        agency=agency,
        roles=[Role.FRONTLINE_WORKER],
    )


def code_for_key(key: str, steps_ahead: int = 0) -> str:
    secret = key.replace(" ", "")
    secret += "=" * (-len(secret) % 8)
    return f"{totp(b32decode(secret), drift=steps_ahead):06d}"


def sign_in_with_password(page, url):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("sam.worker")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page, url):
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name="Sign in to Waymark")).to_be_visible()


def test_set_up_an_app_sign_in_with_a_code_then_add_and_use_a_passkey(
    page, live_server, axe_check, worker
):
    url = live_server.url

    # First sign-in: the password, then set-up before any other page.
    sign_in_with_password(page, url)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    axe_check(page)
    page.get_by_role("link", name="Use an authenticator app").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    axe_check(page)
    key = page.locator("#authenticator-key").inner_text()
    page.get_by_label("Code from your authenticator app").fill(code_for_key(key))
    page.get_by_role("button", name="Continue").click()

    # Recovery codes, shown once.
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Create recovery codes").click()
    expect(page.get_by_text("Waymark will not show them again")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    axe_check(page)
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()
    assert page.url == f"{url}/"
    axe_check(page)

    # Sign out, then in again with password and code.
    sign_out(page, url)
    sign_in_with_password(page, url)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    axe_check(page)
    # The code for the next 30 seconds: the one used at set-up is spent.
    page.get_by_label("Code from your authenticator app").fill(code_for_key(key, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()

    # A passkey, through Chromium's virtual authenticator.
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    page.get_by_role("link", name="Your sign-ins").click()
    expect(page.get_by_role("heading", name="Your sign-ins")).to_be_visible()
    expect(page.get_by_text("Username and password and authenticator app").first).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Add an authenticator app or passkey").click()
    page.get_by_role("link", name="Use a passkey or security key").click()
    expect(page.get_by_role("heading", name="Set up a passkey or security key")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Set up a passkey").click()
    expect(page.get_by_role("heading", name="Your sign-ins")).to_be_visible()
    expect(page.get_by_role("term").filter(has_text="Passkey")).to_be_visible()
    axe_check(page)

    # Sign in with the passkey as the second step.
    sign_out(page, url)
    sign_in_with_password(page, url)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Use a passkey or security key").click()
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()
    page.get_by_role("link", name="Your sign-ins").click()
    expect(
        page.get_by_text("Username and password and passkey or security key").first
    ).to_be_visible()
