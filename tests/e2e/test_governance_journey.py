"""Information governance in a real browser: a worker records that a survivor
withdrew consent, and the Lead reviews and ends the share that rested on it;
the Lead is refused a share with an agency that has no information-sharing
agreement; the Lead anonymises a case due for review."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Agency, User
from cases.extensions import share_request
from cases.models import CasePerson, CaseShare
from cases.services.cases import case_close, case_create
from cases.services.sharing import case_share
from tests.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings):
    settings.WAYMARK_DEMO = True
    from accounts.demo import POLICE_SOCEX, seed
    from accounts.models import Agency, User
    from governance import demo as governance_demo

    seed()
    governance_demo.seed()
    lead = User.objects.get(username="lead")
    police = Agency.objects.get(name=POLICE_SOCEX)
    return lead, police


@pytest.fixture
def police_case(demo):
    lead, police = demo
    case = case_create(actor=lead, date_reported=timezone.localdate(), summary="Car wash")
    case_share(actor=lead, case=case, agency=police, reason="Lead")
    CasePerson.objects.create(case=case, person=PersonFactory(first_name="Minh", last_name="Le"))
    return case


def fill_date(page, field, day):
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def test_a_worker_records_that_consent_was_withdrawn(
    browser, live_server, axe_check, police_case, sign_in
):
    from accounts.demo import ADAVU

    page = browser.new_context().new_page()
    sign_in(page, "police")
    page.goto(f"{live_server.url}{police_case.get_absolute_url()}")
    consent = page.locator("#consent")
    expect(consent).to_contain_text("No consent recorded")
    axe_check(page)

    def record(decision):
        consent.get_by_role("link", name="Record consent or a withdrawal").click()
        page.get_by_label(decision, exact=True).check()
        page.get_by_label("Sharing with named agencies").check()
        page.get_by_label(ADAVU, exact=True).check()
        page.get_by_label("Through an interpreter").check()
        fill_date(page, "decided_on", timezone.localdate())
        axe_check(page)
        page.get_by_role("button", name="Save consent").click()
        expect(page.get_by_text("Consent of Minh Le recorded")).to_be_visible()

    record("Given")
    # On that consent the Lead shares the case with Adavu.
    lead = User.objects.get(username="lead")
    share_request(
        actor=lead, case=police_case, agency=Agency.objects.get(name=ADAVU), reason="Support"
    )
    record("Withdrawn")

    expect(consent).to_contain_text(f"Sharing with named agencies: {ADAVU}")
    expect(consent).to_contain_text("Withdrawn")
    expect(consent).not_to_contain_text("Given")
    axe_check(page)

    # The Lead is told on their home page, reviews the share and ends it.
    lead_page = browser.new_context().new_page()
    sign_in(lead_page, "lead")
    lead_page.get_by_role("link", name="1 share to review: consent withdrawn").click()
    axe_check(lead_page)
    lead_page.get_by_role("link", name=f"Review {ADAVU}'s access").click()
    lead_page.get_by_label("End this agency's access").check()
    lead_page.get_by_role("button", name="Save decision").click()
    expect(lead_page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the access is ended"
    )
    axe_check(lead_page)
    lead_page.get_by_label("Why is the access ended?").fill("Minh withdrew consent")
    lead_page.get_by_role("button", name="Save decision").click()
    expect(lead_page.get_by_text(f"Access for {ADAVU} ended")).to_be_visible()
    axe_check(lead_page)
    assert not CaseShare.objects.filter(
        case=police_case, agency__name=ADAVU, revoked_at__isnull=True
    ).exists()


def test_the_lead_is_refused_a_share_with_an_agency_without_an_agreement(
    browser, live_server, axe_check, police_case, sign_in
):
    unsigned = AgencyFactory(name="Unsigned Housing Association", agreement=False)
    page = browser.new_context().new_page()
    sign_in(page, "lead")
    page.goto(f"{live_server.url}{police_case.get_absolute_url()}")
    page.get_by_role("link", name="Share this case with an agency").click()
    page.get_by_label("Agency", exact=True).select_option(label=unsigned.name)
    page.get_by_label("Why does this agency need to see the case?").fill("Housing")
    page.get_by_label("Safeguarding of children and individuals at risk").check()
    page.get_by_label("Why is sharing without consent justified?").fill("At risk tonight")
    page.get_by_role("button", name="Share case").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("has no current information-sharing agreement")
    axe_check(page)
    assert not CaseShare.objects.filter(agency=unsigned).exists()


def test_the_lead_anonymises_a_case_due_for_review(browser, live_server, axe_check, demo, sign_in):
    from governance.services import retention_find_due
    from governance.tasks import anonymise_case

    lead, _ = demo
    closed_on = timezone.localdate() - timedelta(days=7 * 366)
    case = case_create(
        actor=lead, date_reported=closed_on - timedelta(days=90), summary="Minh at the car wash"
    )
    CasePerson.objects.create(case=case, person=PersonFactory(first_name="Minh", last_name="Le"))
    case_close(actor=lead, case=case, outcomes=["nrm_referral"], closed_on=closed_on)
    retention_find_due()

    page = browser.new_context().new_page()
    sign_in(page, "lead")
    page.goto(f"{live_server.url}/governance/retention/")
    axe_check(page)
    page.get_by_role("link", name=f"Review {case.reference}").click()
    page.get_by_label("Anonymise the case").check()
    axe_check(page)
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text(f"{case.reference} is being anonymised")).to_be_visible()
    expect(page.get_by_text("No case is due for review")).to_be_visible()
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.locator("#retention")).to_contain_text("Being anonymised")

    # The worker carries out the decision, connected as the tables' owner.
    anonymise_case(case.pk, lead.pk)
    page.reload()
    expect(page.locator("#retention")).to_contain_text("Anonymised on")
    expect(page.locator("#people")).not_to_contain_text("Minh")
    axe_check(page)
