"""A frontline worker walks a case through Initial Identification."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.services.cases import case_create
from cases.services.sharing import case_share
from core.dates import long_date

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
    return case


def test_worker_moves_a_case_to_the_nrm_consent_conversation(
    browser, live_server, axe_check, police_case, sign_in
):
    page = browser.new_context().new_page()
    sign_in(page, "police")
    page.goto(f"{live_server.url}{police_case.get_absolute_url()}")
    card = page.locator("#pathway-initial_identification")
    expect(card).to_contain_text("Check now whether the person is in immediate danger")
    today = timezone.localdate()
    expect(card).to_contain_text(f"{long_date(today)}")
    axe_check(page)

    card.get_by_label('Note for "Immediate danger assessed" (required)').fill("Safe tonight")
    card.get_by_role("button", name="Immediate danger assessed").click()
    expect(
        page.get_by_text("Step recorded on 4.1 Initial Identification & Safeguarding")
    ).to_be_visible()
    card = page.locator("#pathway-initial_identification")
    expect(card).to_contain_text("Establish the person's age")
    tomorrow = today + timezone.timedelta(days=1)
    expect(card).to_contain_text(f"{long_date(tomorrow)}")

    for step in [
        "Age established",
        "Neither: reported to the Modern Slavery Lead and own safeguarding lead",
        "NRM consent conversation held",
    ]:
        page.locator("#pathway-initial_identification").get_by_role("button", name=step).click()
    card = page.locator("#pathway-initial_identification")
    expect(card).to_contain_text("NRM consent conversation")
    axe_check(page)

    charity = browser.new_context().new_page()
    sign_in(charity, "charity")
    response = charity.goto(f"{live_server.url}{police_case.get_absolute_url()}")
    assert response.status == 404


@pytest.mark.graphviz
def test_the_case_page_diagram_names_the_current_step_and_fits_its_column(
    browser, live_server, axe_check, police_case, sign_in
):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, "police")
    page.goto(f"{live_server.url}{police_case.get_absolute_url()}")
    card = page.locator("#pathway-initial_identification")
    card.get_by_text("Show the 4.1 Initial Identification & Safeguarding diagram").click()
    diagram = card.get_by_role("img", name="4.1 Initial Identification & Safeguarding pathway")
    expect(diagram).to_be_visible()
    expect(diagram.locator(".state-current")).to_contain_text("Concern raised (current)")
    column = card.locator(".govuk-details__text").bounding_box()
    box = diagram.bounding_box()
    # Drawn at a readable size, and never wider than the column it sits in.
    assert 400 < box["width"] <= column["width"]
    axe_check(page)
