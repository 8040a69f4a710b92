"""The SERAC access window, stated once (``serac.selectors.may_see_meeting_cases``)
and used by every SERAC page and PDF: after it, members see the meeting's date
and their own agency's actions, never the case; the chair keeps the record of
the meetings they chaired."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLogEntry
from serac.models import MeetingStatus, ResearchReturn, SeracMinutes
from serac.selectors import may_see_meeting_cases
from tests.serac.factories import AgendaItemFactory, SeracActionFactory, SeracMeetingFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Debt bondage at a nail bar, controlled by a cousin."
FACTS = "Known to police since March."
WITHHELD = "Details of a live investigation."
ACTION = "Offer a GP registration appointment."


@pytest.fixture
def past_meeting(serac_chair, agency_a, nhs, case_b, police_member):
    """A meeting held 30 days ago (the window was 14 days), with everything on it."""
    starts_at = timezone.now() - datetime.timedelta(days=30)
    meeting = SeracMeetingFactory(
        chair=serac_chair,
        members=[agency_a, nhs],
        starts_at=starts_at,
        circulated_at=starts_at - datetime.timedelta(days=5),
        status=MeetingStatus.HELD,
    )
    item = AgendaItemFactory(meeting=meeting, case=case_b, summary=SUMMARY)
    ResearchReturn.objects.create(
        item=item,
        agency=agency_a,
        facts=FACTS,
        withheld=WITHHELD,
        written_by=police_member,
        returned_at=starts_at,
    )
    SeracMinutes.objects.create(
        meeting=meeting,
        text=f"1. {case_b.reference}\n{SUMMARY}",
        approved_by=serac_chair,
        approved_at=starts_at,
    )
    SeracActionFactory(
        meeting=meeting,
        item=item,
        case=case_b,
        owner_agency=nhs,
        description=ACTION,
        created_by=serac_chair,
    )
    return meeting


def meeting_routes(meeting):
    return {
        name: reverse(f"serac:{name}", args=[meeting.pk])
        for name in ("minutes", "agenda_pdf", "minutes_pdf", "actions_pdf")
    }


def test_after_the_window_a_member_sees_the_date_and_own_actions_without_the_case(
    client, past_meeting, nhs_member, case_b
):
    client.force_login(nhs_member)
    assert client.get(case_b.get_absolute_url()).status_code == 404
    assert not may_see_meeting_cases(nhs_member, past_meeting)
    page = client.get(past_meeting.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert f"{past_meeting.starts_at:%Y}" in body
    assert ACTION in body
    for secret in (case_b.reference, SUMMARY, FACTS, WITHHELD):
        assert secret not in body
    for name, url in meeting_routes(past_meeting).items():
        assert client.get(url).status_code == 404, name
    item = past_meeting.items.get()
    research = reverse("serac:research_edit", args=[past_meeting.pk, item.pk])
    assert client.get(research).status_code == 404
    action = past_meeting.actions.get()
    action_page = client.get(reverse("serac:action_update", args=[action.pk]))
    assert action_page.status_code == 200
    assert case_b.reference not in action_page.content.decode()
    home = client.get("/").content.decode()
    assert ACTION[:20] in home
    assert case_b.reference not in home


def test_the_chair_keeps_the_record_of_the_meetings_they_chaired(
    client, past_meeting, serac_chair, case_b
):
    client.force_login(serac_chair)
    assert may_see_meeting_cases(serac_chair, past_meeting)
    body = client.get(past_meeting.get_absolute_url()).content.decode()
    assert case_b.reference in body and SUMMARY in body
    for name, url in meeting_routes(past_meeting).items():
        assert client.get(url).status_code == 200, name


def test_another_chair_sees_no_case_of_a_meeting_past_its_window(
    client, past_meeting, council, case_b
):
    from accounts.roles import Role
    from tests.factories import UserFactory

    other_chair = UserFactory(username="chair.two", agency=council, roles=[Role.SERAC_CHAIR])
    client.force_login(other_chair)
    assert not may_see_meeting_cases(other_chair, past_meeting)
    body = client.get(past_meeting.get_absolute_url()).content.decode()
    assert case_b.reference not in body and SUMMARY not in body
    assert client.get(meeting_routes(past_meeting)["agenda_pdf"]).status_code == 404


def test_within_the_window_members_see_the_case_but_not_what_another_agency_held_back(
    client, past_meeting, nhs_member, police_member, case_b
):
    meeting = past_meeting
    meeting.starts_at = timezone.now() - datetime.timedelta(days=1)
    meeting.save()
    client.force_login(nhs_member)
    assert may_see_meeting_cases(nhs_member, meeting)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert SUMMARY in body and FACTS in body
    assert WITHHELD not in body
    client.force_login(police_member)
    assert WITHHELD in client.get(meeting.get_absolute_url()).content.decode()


def test_a_member_agency_not_on_the_meeting_never_sees_it(client, past_meeting, worker_b):
    client.force_login(worker_b)
    assert client.get(past_meeting.get_absolute_url()).status_code == 404
    assert not AccessLogEntry.objects.filter(user=worker_b).exists()
