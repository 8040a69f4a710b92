"""A case goes through SERAC: referred by police, listed by the chair, researched
by the hospital, an action agreed in meeting mode and completed by its owner,
and the minutes downloaded as a PDF. axe runs on every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import POLICE_SOCEX
from cases.services.cases import case_create
from cases.services.sharing import case_share
from tests.demo_seed import seed_demo_through

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(settings):
    settings.WAYMARK_DEMO = True
    from accounts.demo import ADULT_SOCIAL_CARE, UHCW, seed
    from accounts.models import Agency, User
    from serac.services import meeting_create

    seed()
    lead = User.objects.get(username="lead")
    police = Agency.objects.get(name=POLICE_SOCEX)
    case = case_create(
        actor=lead, date_reported=timezone.localdate(), summary="Men living at a car wash"
    )
    case_share(actor=lead, case=case, agency=police, reason="Police lead the response")
    # The meeting began an hour ago, so the chair can record it as held today.
    meeting = meeting_create(
        actor=User.objects.get(username="chair"),
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        place="Council House, Committee Room 3",
        agencies=[
            police,
            Agency.objects.get(name=ADULT_SOCIAL_CARE),
            Agency.objects.get(name=UHCW),
        ],
    )
    return case, meeting


def test_a_case_goes_through_serac(browser, live_server, axe_check, setting, sign_in):
    case, meeting = setting
    url = live_server.url

    # Police refer the case from the case page.
    police = sign_in(browser.new_context(accept_downloads=True).new_page(), "police")
    police.goto(f"{url}{case.get_absolute_url()}")
    expect(police.locator("#serac")).to_contain_text("has not been referred to SERAC")
    axe_check(police)
    police.get_by_role("link", name="Refer this case to SERAC").click()
    axe_check(police)
    police.get_by_role("button", name="Refer to SERAC").click()
    expect(police.get_by_text("There is a problem")).to_be_visible()
    axe_check(police)
    police.get_by_label("High risk on professional judgement").check()
    police.get_by_label("Why does this case need SERAC?").fill("Debt bondage; threats to family.")
    police.get_by_role("radio", name="No").check()
    police.get_by_label("Safeguarding of children and individuals at risk").check()
    police.get_by_label("If not, why is sharing without consent justified?").fill(
        "Serious harm is likely"
    )
    police.get_by_role("button", name="Refer to SERAC").click()
    expect(police.get_by_text("Referred to SERAC. The chair will decide on it.")).to_be_visible()
    expect(police.locator("#serac")).to_contain_text("Waiting for the chair")

    # The chair accepts it onto the meeting's agenda and circulates it.
    chair = sign_in(browser.new_context(accept_downloads=True).new_page(), "chair")
    chair.get_by_role("navigation", name="Menu").get_by_role("link", name="SERAC").click()
    axe_check(chair)
    chair.get_by_role("link", name=case.reference).click()
    axe_check(chair)
    chair.get_by_label("List it on the agenda for (optional)").select_option(index=1)
    chair.get_by_label("Short summary for the agenda").fill("Men held by debt at a car wash.")
    chair.get_by_role("button", name="Accept referral").click()
    expect(chair.get_by_role("heading", name="Agenda", exact=True)).to_be_visible()
    expect(chair.get_by_text("Men held by debt at a car wash.")).to_be_visible()
    axe_check(chair)
    chair.get_by_role("link", name="Back to the meeting").click()
    axe_check(chair)
    chair.get_by_role("button", name="Circulate the agenda").click()
    expect(chair.get_by_text("Agenda circulated.")).to_be_visible()

    # The hospital, a member agency, returns its research.
    nhs = sign_in(browser.new_context(accept_downloads=True).new_page(), "nhs")
    nhs.goto(f"{url}/serac/meetings/{meeting.pk}/")
    axe_check(nhs)
    nhs.get_by_role("link", name=f"Return your agency's research on {case.reference}").click()
    axe_check(nhs)
    nhs.get_by_label("Facts your agency holds").fill("Treated for a hand injury in June.")
    nhs.get_by_label("Your agency's professional opinion").fill("Consistent with forced labour.")
    nhs.get_by_role("button", name="Return research to the chair").click()
    expect(nhs.get_by_text("returned to the chair")).to_be_visible()
    expect(nhs.get_by_text("Treated for a hand injury in June.")).to_be_visible()

    # The chair sees who returned, then runs the meeting.
    chair.reload()
    expect(chair.locator("table").filter(has_text="Research")).to_contain_text("Returned")
    chair.get_by_role("link", name="Meeting mode").click()
    axe_check(chair)
    item = chair.locator("section").filter(has_text="Add action")
    item.get_by_label("Risks identified").fill("Debt; threats to family")
    item.get_by_label("Decisions").fill("Joint visit this week")
    item.get_by_role("button", name="Save everything").click()
    expect(chair.get_by_text("discussion saved")).to_be_visible()
    item = chair.locator("section").filter(has_text="Add action")
    item.get_by_label("What").fill("Visit the car wash with Trading Standards")
    item.get_by_label("Owning agency").select_option(label=POLICE_SOCEX)
    item.get_by_label("Owning person (optional)").select_option(
        label=f"Dan Whitmore, {POLICE_SOCEX}"
    )
    due = timezone.localdate() + datetime.timedelta(days=7)
    item.get_by_label("Day").fill(str(due.day))
    item.get_by_label("Month").fill(str(due.month))
    item.get_by_label("Year").fill(str(due.year))
    item.get_by_role("button", name="Add action").click()
    expect(chair.get_by_text("action recorded")).to_be_visible()
    axe_check(chair)

    # The owner completes the action from their home page.
    police.goto(f"{url}/")
    axe_check(police)
    police.get_by_role("link", name="Visit the car wash with Trading Standards").click()
    axe_check(police)
    police.get_by_role("radio", name="Done").check()
    police.get_by_role("button", name="Save").click()
    expect(police.get_by_text(f"Action on {case.reference} updated")).to_be_visible()
    expect(police.get_by_text("Visit the car wash with Trading Standards")).to_have_count(0)

    # The chair records the meeting as held, approves the minutes, downloads them.
    chair.get_by_role("button", name="Record the meeting as held").click()
    expect(chair.get_by_role("heading", name="Minutes")).to_be_visible()
    expect(chair.get_by_label("Minutes")).to_contain_text("Visit the car wash")
    axe_check(chair)
    chair.get_by_role("button", name="Approve minutes").click()
    expect(chair.get_by_text("Minutes approved", exact=True)).to_be_visible()
    axe_check(chair)
    with chair.expect_download() as download:
        chair.get_by_role("link", name="Download the minutes (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


@pytest.fixture
def demo_serac(settings):
    settings.WAYMARK_DEMO = True
    from serac.models import SeracMeeting

    seed_demo_through("serac.demo")
    return SeracMeeting.objects.order_by("starts_at")


def test_every_serac_page_passes_axe(browser, live_server, axe_check, demo_serac, sign_in):
    past, upcoming = demo_serac
    url = live_server.url
    chair = sign_in(browser.new_context(accept_downloads=True).new_page(), "chair")
    for path in [
        "/serac/",
        "/serac/referrals/",
        "/serac/figures/",
        f"/serac/meetings/{upcoming.pk}/",
        f"/serac/meetings/{upcoming.pk}/agenda/",
        f"/serac/meetings/{upcoming.pk}/run/",
        f"/serac/meetings/{upcoming.pk}/edit/",
        f"/serac/meetings/{past.pk}/",
        f"/serac/meetings/{past.pk}/minutes/",
    ]:
        chair.goto(f"{url}{path}")
        axe_check(chair)
    chair.goto(f"{url}/serac/meetings/{upcoming.pk}/run/")
    expect(chair.locator("#previous-actions")).to_contain_text("Overdue")
    chair.goto(f"{url}/serac/meetings/new/")
    chair.get_by_label("Place").fill("")
    chair.get_by_label("Day", exact=True).fill("31")
    chair.get_by_label("Month").fill("2")
    chair.get_by_role("button", name="Schedule meeting").click()
    expect(chair.get_by_text("Enter the meeting date as a real date").first).to_be_visible()
    axe_check(chair)
    chair.goto(f"{url}/serac/figures/?date_from_0=1&date_from_1=1&date_from_2=2026")
    expect(chair.get_by_text("There is a problem")).to_be_visible()
    axe_check(chair)

    police = sign_in(browser.new_context(accept_downloads=True).new_page(), "police")
    expect(police.get_by_role("heading", name="SERAC actions")).to_be_visible()
    axe_check(police)
    # Five weeks on, the window has closed: the date and the police's own
    # actions, never the cases (the minutes answer 404).
    police.goto(f"{url}/serac/meetings/{past.pk}/")
    expect(police.get_by_text("The access window for this meeting has closed")).to_be_visible()
    axe_check(police)
    police.goto(f"{url}/serac/meetings/{upcoming.pk}/")
    police.get_by_role("link", name="Return your agency's research").first.click()
    axe_check(police)
    police.get_by_label("Facts your agency holds").fill("")
    police.get_by_label("Your agency's professional opinion").fill("")
    police.get_by_role("button", name="Return research to the chair").click()
    expect(police.get_by_text("There is a problem")).to_be_visible()
    axe_check(police)

    charity = sign_in(browser.new_context(accept_downloads=True).new_page(), "charity")
    assert charity.goto(f"{url}/serac/meetings/{upcoming.pk}/").status == 404
    assert charity.goto(f"{url}/serac/").status == 404
