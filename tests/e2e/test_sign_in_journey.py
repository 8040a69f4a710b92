"""Each demo role signs in and sees the navigation its role may use."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

# username -> (navigation labels they see, labels they must not see)
EXPECTED_NAVIGATION = {
    "lead": (["Home", "Triage", "Cases", "Your concerns"], ["Admin"]),
    "police": (["Home", "Cases", "Your concerns"], ["Triage", "Admin"]),
    "council.asc": (["Home", "Cases", "Your concerns"], ["Triage", "Admin"]),
    "charity": (["Home", "Cases", "Your concerns"], ["Triage", "Admin"]),
    "nhs": (["Home", "Cases", "Your concerns"], ["Triage", "Admin"]),
    "chair": (["Home", "Cases"], ["Triage", "Admin"]),
    "board": (["Home"], ["Cases", "Triage", "Your concerns", "Admin"]),
    "admin": (["Home", "Admin"], ["Cases", "Triage", "Your concerns"]),
}


@pytest.fixture
def demo_users(settings):
    settings.WAYMARK_DEMO = True
    # The demo agencies and sign-ins only; demo cases are not needed here.
    from accounts.demo import seed

    seed()


def test_sign_in_page_has_no_accessibility_violations(page, live_server, axe_check):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in to Waymark")).to_be_visible()
    axe_check(page)


def test_a_failed_sign_in_shows_an_accessible_error_summary(page, live_server, axe_check, db):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your username")
    axe_check(page)


@pytest.mark.parametrize("username", list(EXPECTED_NAVIGATION))
def test_each_demo_role_sees_its_own_navigation(
    page, live_server, axe_check, sign_in, demo_users, username
):
    sign_in(page, username)
    menu = page.get_by_role("navigation", name="Menu")
    shown, hidden = EXPECTED_NAVIGATION[username]
    for label in shown:
        expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible()
    for label in hidden:
        expect(menu.get_by_role("link", name=label, exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    axe_check(page)
