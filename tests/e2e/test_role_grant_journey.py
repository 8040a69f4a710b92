"""Two people give the Modern Slavery Lead role: the administrator proposes it
in the admin site, a Lead approves it on their home page, and the account
changes page shows who did what."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_users(settings):
    settings.WAYMARK_DEMO = True
    from accounts.demo import seed

    seed()


def test_an_administrator_proposes_the_lead_role_and_the_lead_approves_it(
    browser, live_server, axe_check, sign_in, demo_users
):
    from accounts.models import User
    from accounts.roles import Role
    from accounts.selectors import user_has_role

    admin = sign_in(browser.new_page(), "admin")
    admin.goto(f"{live_server.url}/admin/accounts/user/?q=police")
    admin.get_by_role("link", name="police", exact=True).click()
    admin.get_by_label("Modern Slavery Lead").check()
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("must approve it")
    assert not user_has_role(User.objects.get(username="police"), Role.MODERN_SLAVERY_LEAD)

    lead = sign_in(browser.new_page(), "lead")
    panel = lead.get_by_role("table", name="Roles waiting for approval")
    expect(panel).to_contain_text("Modern Slavery Lead")
    axe_check(lead)
    panel.get_by_role("button", name="Approve Modern Slavery Lead for police").click()
    expect(lead.get_by_text("approved and given")).to_be_visible()
    assert user_has_role(User.objects.get(username="police"), Role.MODERN_SLAVERY_LEAD)

    lead.get_by_role("navigation", name="Menu").get_by_role("link", name="Account changes").click()
    expect(lead.get_by_role("heading", name="Account changes")).to_be_visible()
    expect(lead.get_by_role("row").filter(has_text="approved by")).to_contain_text("police")
    axe_check(lead)
