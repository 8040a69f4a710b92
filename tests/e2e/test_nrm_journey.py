"""A police worker records consent, the NRM submission and a Reasonable Grounds
decision; the case's pathway and the NRM tracker show the recovery period."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CasePerson
from cases.services.cases import case_create
from cases.services.sharing import case_share
from core.dates import long_date
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def police_case(settings):
    settings.WAYMARK_DEMO = True
    from accounts.demo import POLICE_SOCEX, seed
    from accounts.models import Agency, User

    seed()
    lead = User.objects.get(username="lead")
    case = case_create(actor=lead, date_reported=timezone.localdate(), summary="Car wash")
    case_share(actor=lead, case=case, agency=Agency.objects.get(name=POLICE_SOCEX), reason="Lead")
    person = PersonFactory(first_name="Minh", last_name="O'Brien")
    CasePerson.objects.create(case=case, person=person)
    return case


def fill_date(page, field, day):
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def test_police_worker_records_consent_submission_and_rg(
    browser, live_server, axe_check, police_case, sign_in
):
    today = timezone.localdate()
    page = browser.new_context().new_page()
    sign_in(page, "police")
    page.goto(f"{live_server.url}{police_case.get_absolute_url()}")
    panel = page.locator("#nrm")
    expect(panel).to_contain_text("No NRM referral or Duty to Notify is recorded")
    axe_check(page)

    panel.get_by_role("link", name="Start an NRM or Duty to Notify episode").click()
    axe_check(page)
    page.get_by_label("Minh O'Brien").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("NRM episode started for Minh O'Brien")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Record consent").click()
    page.get_by_role("button", name="Save").click()  # nothing chosen: errors name the fields
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether the person consented to an NRM referral"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date of the consent conversation"
    )
    axe_check(page)
    page.locator("#id_referral_1").check()
    fill_date(page, "referral_on", today - timedelta(days=3))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#episode-state")).to_contain_text("Consent given")

    page.get_by_role("link", name="Record the NRM submission").click()
    axe_check(page)
    fill_date(page, "submitted_on", today - timedelta(days=2))
    page.get_by_label("Home Office reference (optional)").fill("NRM-123")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#episode-state")).to_contain_text("Awaiting Reasonable Grounds decision")

    page.get_by_role("link", name="Record the Reasonable Grounds decision").click()
    axe_check(page)
    page.locator("#id_decision_1").check()  # Positive
    rg_on = today - timedelta(days=1)
    fill_date(page, "decided_on", rg_on)
    page.get_by_role("button", name="Save").click()
    ends = rg_on + timedelta(days=30)
    expect(page.locator("#episode-state")).to_contain_text("Recovery period")
    expect(page.locator("#episode-recovery")).to_contain_text(f"{long_date(ends)}")
    expect(page.locator("#episode-next")).to_contain_text("Recovery period ends")
    axe_check(page)

    page.goto(f"{live_server.url}{police_case.get_absolute_url()}")
    card = page.locator("#pathway-during_nrm")
    expect(card).to_contain_text("Recovery period")
    expect(card).to_contain_text("at least 30 days of recovery")
    expect(page.locator("#pathway-pre_nrm")).to_contain_text("NRM referral submitted")
    expect(page.locator("#nrm")).to_contain_text(f"Recovery period ends: {ends:%-d %b %Y}")
    expect(page.locator("#nrm")).to_contain_text("Minh O'Brien")
    axe_check(page)

    page.get_by_role("link", name="NRM tracker").first.click()
    row = page.locator("tr", has_text=police_case.reference)
    expect(row).to_contain_text("Recovery period")
    expect(row).to_contain_text("Recovery period ends")
    expect(row).to_contain_text(f"{ends:%-d %b %Y}")
    axe_check(page)

    board = browser.new_context().new_page()
    sign_in(board, "board")
    assert board.goto(f"{live_server.url}/referrals/nrm/").status == 404
