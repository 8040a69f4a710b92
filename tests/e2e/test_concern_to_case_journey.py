"""A public report becomes a case the police can work, and no one else sees it."""

import re

import pytest
from playwright.sync_api import expect

from tests.demo_seed import seed_demo_through

pytestmark = pytest.mark.django_db(transaction=True)

POLICE = "West Midlands Police - Serious Organised Crime & Exploitation"


@pytest.fixture
def demo_users(settings):
    settings.WAYMARK_DEMO = True
    # Agencies, their information-sharing agreements and sign-ins only: the
    # journey starts from an empty case list.
    seed_demo_through("governance.demo")


def test_public_report_is_triaged_into_a_case_shared_with_police(
    browser, live_server, axe_check, demo_users, sign_in
):
    public = browser.new_context().new_page()
    public.goto(f"{live_server.url}/report/")
    expect(public.get_by_text("call 999", exact=False).first).to_be_visible()
    axe_check(public)
    public.get_by_label("What did you see or hear?").fill(
        "Four men sleeping in the back of the hand car wash on Foleshill Road. "
        "They looked exhausted and one had no shoes."
    )
    public.get_by_label("Where did you see it?").fill("Sparkle Hand Car Wash, Foleshill Road")
    public.get_by_role("group", name=re.compile("Can we contact you")).get_by_label("No").check()
    public.get_by_role("button", name=re.compile("Send")).click()
    expect(public.get_by_text(re.compile(r"CN-\d{4}-\d{5}"))).to_be_visible()
    axe_check(public)
    reference = re.search(r"CN-\d{4}-\d{5}", public.content()).group(0)

    lead = browser.new_context().new_page()
    sign_in(lead, "lead")
    lead.get_by_role("navigation", name="Menu").get_by_role("link", name="Triage").click()
    axe_check(lead)
    lead.get_by_role("link", name=reference).click()
    expect(lead.get_by_text("Four men sleeping").first).to_be_visible()
    axe_check(lead)
    lead.get_by_label("High").check()
    lead.get_by_label(POLICE).check()
    # Nobody named has consented: sharing with the police rests on a lawful basis.
    lead.get_by_label("Preventing or detecting unlawful acts").check()
    lead.get_by_label("Why is sharing without consent justified?").fill(
        "Possible forced labour at a car wash: the police need to investigate"
    )
    lead.get_by_role("button", name="Open case").click()
    expect(lead.get_by_text(re.compile(r"Case MS-\d{4}-\d{5} opened"))).to_be_visible()
    case_reference = re.search(r"MS-\d{4}-\d{5}", lead.url).group(0)
    axe_check(lead)

    police = browser.new_context().new_page()
    sign_in(police, "police")
    police.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    police.get_by_label("Reference or name").fill(case_reference)
    police.get_by_role("button", name="Apply filters").click()
    axe_check(police)
    police.get_by_role("link", name=case_reference).click()
    expect(police.get_by_role("heading", level=1)).to_contain_text(case_reference)
    expect(police.get_by_text("Four men sleeping").first).to_be_visible()
    axe_check(police)

    charity = browser.new_context().new_page()
    sign_in(charity, "charity")
    response = charity.goto(f"{live_server.url}/cases/{case_reference}/")
    assert response.status == 404
    expect(charity.get_by_role("heading", name="Page not found")).to_be_visible()
    charity.goto(f"{live_server.url}/cases/?q={case_reference}")
    expect(charity.get_by_text("No cases match")).to_be_visible()
