"""Everyday journeys that lose nothing (issue 15): linking a known person at
triage, meeting mode, the public reporter's contact, the character count, and
pages that hold up with long words on a phone. axe, and the check that no page
is wider than the window at 390 and 1280 px, run on every page visited."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import POLICE_SOCEX

pytestmark = pytest.mark.django_db(transaction=True)

LONG_WORD = "A" * 5000


@pytest.fixture
def demo_users(settings):
    settings.WAYMARK_DEMO = True
    from accounts.demo import seed

    seed()


def test_linking_a_known_person_at_triage_keeps_the_concerns_safety_details(
    browser, live_server, axe_check, demo_users, sign_in
):
    from cases.models import Person
    from tests.factories import CaseFactory, ConcernFactory, PersonFactory

    born = datetime.date(1988, 2, 14)
    known = PersonFactory(
        first_name="Tomasz", last_name="Nowicki", date_of_birth=born, gender="female"
    )
    known.pregnant = "yes"
    known.save()
    case = CaseFactory(survivors=[known])
    tomas = PersonFactory(
        first_name="Tomas",
        last_name="Nowicki",
        date_of_birth=born,
        gender="male",
        safe_contact_method="Contact only via WMP officer PC 1234",
        safe_to_leave_message="no",
    )
    concern = ConcernFactory(people=[tomas], is_emergency="yes", what_happened=LONG_WORD)

    lead = sign_in(browser.new_context().new_page(), "lead")
    lead.goto(f"{live_server.url}/cases/triage/")
    axe_check(lead)
    lead.get_by_role("link", name=concern.reference).click()
    expect(lead.get_by_text("Possibly already known")).to_be_visible()
    case_link = lead.get_by_role("link", name=f"{case.reference} (opens in new tab)").first
    expect(case_link).to_have_attribute("target", "_blank")
    axe_check(lead)
    lead.get_by_role("link", name="Compare with Tomasz Nowicki").click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text("same person as Tomasz Nowicki")
    axe_check(lead)
    # Gender differs and both records know it: the Lead must choose.
    lead.get_by_role("button", name="They are the same person").click()
    expect(lead.get_by_text("There is a problem")).to_be_visible()
    axe_check(lead)
    lead.get_by_role("group", name="First name: which to keep").get_by_text("Already known").click()
    lead.get_by_role("group", name="Gender: which to keep").get_by_text("This concern's").click()
    lead.get_by_role("group", name="Pregnant: which to keep").get_by_text("This concern's").click()
    lead.get_by_role("button", name="They are the same person").click()
    expect(lead.get_by_text(re.compile("^Will be recorded as"))).to_be_visible()
    lead.get_by_role("tab", name="Add to an existing case").click()
    lead.get_by_label("Case reference").fill(case.reference)
    lead.get_by_role("button", name="Add to case").click()
    expect(lead.get_by_text(f"added to case {case.reference}")).to_be_visible()
    axe_check(lead)
    people = lead.locator("#people")
    expect(people).to_contain_text("Contact only via WMP officer PC 1234")
    expect(people).to_contain_text("Male")
    expect(people).to_contain_text("Tomas Nowicki")  # kept as another name
    expect(lead.locator("#concerns")).to_contain_text(concern.reference)
    known = Person.objects.get(pk=known.pk)
    assert (known.gender, known.safe_to_leave_message, known.pregnant) == ("male", "no", "unknown")


def test_meeting_mode_keeps_the_chairs_notes_when_an_action_is_added(
    browser, live_server, axe_check, demo_users, sign_in
):
    from accounts.models import Agency, User
    from cases.services.cases import case_create
    from serac.models import AgendaItem
    from serac.services import agenda_add, meeting_create

    lead = User.objects.get(username="lead")
    police = Agency.objects.get(name=POLICE_SOCEX)
    case = case_create(actor=lead, date_reported=timezone.localdate(), summary=LONG_WORD)
    meeting = meeting_create(
        actor=User.objects.get(username="chair"),
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        place="Council House",
        agencies=[police],
    )
    item = agenda_add(
        actor=User.objects.get(username="chair"), meeting=meeting, case=case, summary=LONG_WORD
    )

    chair = sign_in(browser.new_context().new_page(), "chair")
    chair.goto(f"{live_server.url}/serac/meetings/{meeting.pk}/run/")
    axe_check(chair)
    section = chair.locator(f"#item-{item.pk}")
    section.get_by_label("Discussion").fill("Talked it through with police")
    section.get_by_label("Risks identified").fill("Debt; threats to family")
    section.get_by_label("Decisions").fill("Joint visit this week")
    section.get_by_label("What").fill("Visit the car wash")
    section.get_by_role("button", name="Add action").click()
    # The action needs an owner: the error is at the top, and nothing typed is lost.
    summary = chair.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the agency that owns the action")
    axe_check(chair)
    section = chair.locator(f"#item-{item.pk}")
    expect(section.get_by_label("Risks identified")).to_have_value("Debt; threats to family")
    expect(section.get_by_label("What")).to_have_value("Visit the car wash")
    section.get_by_label("Owning agency").select_option(label=POLICE_SOCEX)
    due = timezone.localdate() + datetime.timedelta(days=7)
    section.get_by_label("Day").fill(str(due.day))
    section.get_by_label("Month").fill(str(due.month))
    section.get_by_label("Year").fill(str(due.year))
    # GOV.UK's input widths hold: the day box fits two digits, not the column.
    assert section.get_by_label("Day").bounding_box()["width"] < 80
    section.get_by_role("button", name="Add action").click()
    expect(chair.get_by_text("action recorded")).to_be_visible()
    axe_check(chair)
    item = AgendaItem.objects.get(pk=item.pk)
    assert (item.discussion, item.risks, item.decisions) == (
        "Talked it through with police",
        "Debt; threats to family",
        "Joint visit this week",
    )
    assert item.actions.get().description == "Visit the car wash"


def test_a_long_agenda_is_run_ten_cases_a_page_from_the_contents(
    browser, live_server, axe_check, demo_users, sign_in
):
    from accounts.models import Agency, User
    from cases.services.cases import case_create
    from serac.models import AgendaItem
    from serac.services import agenda_add, meeting_create

    lead, chair = User.objects.get(username="lead"), User.objects.get(username="chair")
    meeting = meeting_create(
        actor=chair,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        place="Council House",
        agencies=[Agency.objects.get(name=POLICE_SOCEX)],
    )
    items = [
        agenda_add(
            actor=chair,
            meeting=meeting,
            case=case_create(actor=lead, date_reported=timezone.localdate(), summary=f"Case {n}"),
            summary=f"Agenda summary {n}",
        )
        for n in range(1, 13)
    ]
    page = sign_in(browser.new_context().new_page(), "chair")
    page.goto(f"{live_server.url}/serac/meetings/{meeting.pk}/run/")
    axe_check(page)
    expect(page.get_by_text("This page shows cases 1 to 10 of 12")).to_be_visible()
    # The contents take the chair to the eleventh case, on the second page.
    eleventh = items[10]
    contents = page.get_by_role("navigation", name="In this meeting")
    contents.get_by_role("link", name=f"11. {eleventh.case.reference}").click()
    expect(page.get_by_text("This page shows cases 11 to 12 of 12")).to_be_visible()
    axe_check(page)
    section = page.locator(f"#item-{eleventh.pk}")
    section.get_by_label("Discussion").fill("Discussed on the second page")
    section.get_by_role("button", name="Save").click()
    # Back on the same page, at the same case, with what was saved.
    expect(page.get_by_text("discussion saved")).to_be_visible()
    expect(page.get_by_text("This page shows cases 11 to 12 of 12")).to_be_visible()
    expect(page.locator(f"#item-{eleventh.pk}").get_by_label("Discussion")).to_have_value(
        "Discussed on the second page"
    )
    assert AgendaItem.objects.get(pk=eleventh.pk).discussion == "Discussed on the second page"
    # The meeting is closed from the last page.
    expect(page.get_by_role("button", name="Record the meeting as held")).to_be_visible()


def test_a_public_report_counts_characters_and_its_contact_reaches_the_lead(
    browser, live_server, axe_check, demo_users, sign_in
):
    from tests.factories import CaseFactory

    case = CaseFactory()
    public = browser.new_context().new_page()
    public.goto(f"{live_server.url}/report/")
    axe_check(public)
    box = public.get_by_label("What did you see or hear?")
    box.fill(LONG_WORD + "B")
    count = public.locator(".govuk-character-count__status").first
    expect(count).to_have_text("You have 1 character too many")
    public.get_by_label("Where did you see it?").fill(LONG_WORD[:300])
    public.get_by_role("group", name=re.compile("Can we contact you")).get_by_label("Yes").check()
    public.get_by_label("Your name (optional)").fill("Sam Reporter")
    public.get_by_label("Phone number").fill("call me maybe")
    public.get_by_label("Email address").fill("sam@example.org")
    public.get_by_role("button", name=re.compile("Send")).click()
    summary = public.locator(".govuk-error-summary")
    expect(summary).to_contain_text("What you saw or heard must be 5,000 characters or fewer")
    expect(summary).to_contain_text("Enter a phone number")
    # Nothing was cut: the person can see and shorten what they wrote.
    assert len(public.get_by_label("What did you see or hear?").input_value()) == 5001
    axe_check(public)
    public.get_by_label("What did you see or hear?").fill(LONG_WORD)
    public.get_by_label("Phone number").fill("07700 900123")
    public.get_by_role("button", name=re.compile("Send")).click()
    expect(public.get_by_text(re.compile(r"CN-\d{4}-\d{5}"))).to_be_visible()
    axe_check(public)
    reference = re.search(r"CN-\d{4}-\d{5}", public.content()).group(0)
    # The header takes the public back to the form, not to a sign-in page.
    public.get_by_role("link", name="Waymark").click()
    expect(public.get_by_label("What did you see or hear?")).to_be_visible()

    lead = sign_in(browser.new_context().new_page(), "lead")
    lead.goto(f"{live_server.url}/cases/triage/")
    axe_check(lead)
    lead.get_by_role("link", name=reference).click()
    expect(lead.get_by_role("link", name="sam@example.org")).to_have_attribute(
        "href", "mailto:sam@example.org"
    )
    expect(lead.get_by_text("Sam Reporter")).to_be_visible()
    axe_check(lead)
    lead.get_by_role("tab", name="Add to an existing case").click()
    lead.get_by_label("Case reference").fill(case.reference)
    lead.get_by_role("button", name="Add to case").click()
    concerns = lead.locator("#concerns")
    expect(concerns).to_contain_text("sam@example.org")
    axe_check(lead)
    lead.locator("#timeline").get_by_role("link", name=f"View concern {reference}").click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text(reference)
    axe_check(lead)
    lead.goto(f"{live_server.url}/cases/")
    axe_check(lead)


def test_a_worker_reports_a_concern_from_home_choosing_a_nationality_by_typing(
    browser, live_server, axe_check, demo_users, sign_in
):
    police = sign_in(browser.new_context().new_page(), "police")
    axe_check(police)
    police.get_by_role("button", name="Report a concern").click()
    axe_check(police)
    police.get_by_role("button", name="Start now").click()
    expect(police.get_by_role("heading", level=1)).to_be_visible()
    # The people page: nationality is typed, and chosen from matches.
    police.goto(police.url.split("?")[0].replace("immediate-risk", "people"))
    police.get_by_label("First name").fill("Anh")
    nationality = police.get_by_role("combobox", name="Nationality (optional)")
    nationality.fill("Viet")
    police.get_by_role("option", name=re.compile("^Viet")).click()
    axe_check(police)
    police.get_by_role("button", name="Add this person and add another").click()
    expect(police.get_by_text("Person added")).to_be_visible()
    from cases.models import Person

    assert Person.objects.get(first_name="Anh").nationalities == ["VN"]
    axe_check(police)
