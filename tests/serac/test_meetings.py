"""Agendas, circulation and the access window, research, meeting mode and minutes,
and who may see each of them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessAction, AccessLogEntry, CaseShare, ShareKind, TimelineEvent
from cases.selectors import case_list_visible_to
from cases.services.sharing import case_share_end_expired
from core.errors import ServiceError
from serac.models import MeetingStatus, ResearchReturn, SeracAction, SeracMeeting, SeracMinutes
from serac.services import (
    action_add,
    agenda_add,
    item_record_discussion,
    meeting_circulate,
    meeting_mark_held,
    minutes_save,
    research_save,
)
from tests.factories import CaseFactory
from tests.serac.factories import SeracMeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(meeting, serac_chair, case_b):
    """The charity's case, listed on the meeting's agenda (not yet circulated)."""
    return agenda_add(actor=serac_chair, meeting=meeting, case=case_b, summary="Debt bondage.")


def circulate(meeting, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_circulate(actor=chair, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


# --- The access window -------------------------------------------------------


@pytest.fixture
def week_window(settings):
    settings.WAYMARK_SERAC_ACCESS_DAYS_AFTER_MEETING = 7


def test_members_see_listed_cases_from_circulation_until_days_after_the_meeting(
    week_window,
    meeting,
    listed,
    serac_chair,
    police_member,
    nhs_member,
    worker_b,
    django_capture_on_commit_callbacks,
):
    case = listed.case
    assert case not in case_list_visible_to(user=police_member)
    # The chair's agency can read a case once it is listed, to prepare the meeting.
    assert case in case_list_visible_to(user=serac_chair)

    circulate(meeting, serac_chair, django_capture_on_commit_callbacks)

    last_day = meeting.meeting_date + datetime.timedelta(days=7)
    for member in (police_member, nhs_member):
        assert case in case_list_visible_to(user=member)
        share = CaseShare.objects.get(case=case, agency=member.agency, revoked_at=None)
        assert share.kind == ShareKind.SERAC and share.ends_on == last_day
    # The raising agency keeps its own access; it gets no SERAC share.
    assert case in case_list_visible_to(user=worker_b)
    assert not CaseShare.objects.filter(case=case, agency=worker_b.agency, kind="serac").exists()

    # Still open on the last day...
    assert case_share_end_expired(today=last_day) == 0
    assert case in case_list_visible_to(user=police_member)
    # ...and ended by the beat task the day after, on the case's timeline
    # (the two members' access and the chair's agency's).
    assert case_share_end_expired(today=last_day + datetime.timedelta(days=1)) == 3
    for member in (police_member, nhs_member, serac_chair):
        assert case not in case_list_visible_to(user=member)
    expired = TimelineEvent.objects.filter(case=case, kind="share_expired")
    assert expired.count() == 3
    assert case in case_list_visible_to(user=worker_b)


def test_circulation_emails_members_without_personal_data(
    meeting,
    listed,
    serac_chair,
    police_member,
    nhs_member,
    worker_b,
    survivor,
    django_capture_on_commit_callbacks,
):
    circulate(meeting, serac_chair, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([police_member.email, nhs_member.email])
    for message in mail.outbox:
        assert listed.case.reference not in message.body
        assert survivor.last_name not in message.body
        assert f"/serac/meetings/{meeting.pk}/" in message.body


def test_a_case_listed_after_circulation_is_shared_at_once(
    meeting, listed, serac_chair, police_member, django_capture_on_commit_callbacks
):
    circulate(meeting, serac_chair, django_capture_on_commit_callbacks)
    late = CaseFactory()
    agenda_add(actor=serac_chair, meeting=meeting, case=late, summary="Late addition")
    assert late in case_list_visible_to(user=police_member)


def test_circulating_twice_or_empty_is_refused(
    meeting, serac_chair, listed, django_capture_on_commit_callbacks
):
    empty = SeracMeetingFactory(chair=serac_chair, members=list(meeting.member_agencies.all()))
    with pytest.raises(ServiceError, match="at least one case"):
        meeting_circulate(actor=serac_chair, meeting=empty)
    circulate(meeting, serac_chair, django_capture_on_commit_callbacks)
    with pytest.raises(ServiceError, match="already"):
        meeting_circulate(actor=serac_chair, meeting=meeting)


def test_agenda_puts_repeats_and_highest_risk_first(meeting, serac_chair):
    low = CaseFactory(risk_level="low")
    high = CaseFactory(risk_level="high")
    medium = CaseFactory(risk_level="medium")
    for case in (low, medium, high):
        agenda_add(actor=serac_chair, meeting=meeting, case=case, summary="s")
    assert [i.case for i in meeting.items.order_by("order")] == [high, medium, low]


# --- Who may see what --------------------------------------------------------


def meeting_urls(meeting, item):
    return {
        "meeting": reverse("serac:meeting_detail", args=[meeting.pk]),
        "agenda_pdf": reverse("serac:agenda_pdf", args=[meeting.pk]),
        "actions_pdf": reverse("serac:actions_pdf", args=[meeting.pk]),
        "minutes": reverse("serac:minutes", args=[meeting.pk]),
        "minutes_pdf": reverse("serac:minutes_pdf", args=[meeting.pk]),
        "research": reverse("serac:research_edit", args=[meeting.pk, item.pk]),
        "invite": reverse("serac:meeting_invite", args=[meeting.pk]),
    }


@pytest.fixture
def held_meeting(meeting, listed, serac_chair, police_member, django_capture_on_commit_callbacks):
    """Circulated, researched, discussed with an action, held, minutes approved."""
    circulate(meeting, serac_chair, django_capture_on_commit_callbacks)
    research_save(
        actor=police_member,
        item=listed,
        facts="Known at the address since March.",
        opinion="High risk.",
        withheld="",
        return_it=True,
    )
    item_record_discussion(
        actor=serac_chair, item=listed, discussion="Agreed plan", risks="Debt", decisions="Visit"
    )
    action_add(
        actor=serac_chair,
        item=listed,
        description="Joint visit",
        owner_agency=police_member.agency,
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    meeting.refresh_from_db()
    meeting_mark_held(actor=serac_chair, meeting=meeting)
    minutes_save(actor=serac_chair, meeting=meeting, text=meeting.minutes.text, approve=True)
    meeting.refresh_from_db()
    return meeting


def test_members_chair_and_lead_see_agenda_research_minutes_and_pdfs(
    client, held_meeting, listed, serac_chair, lead, police_member, nhs_member
):
    urls = meeting_urls(held_meeting, listed)
    for user in (serac_chair, lead, police_member, nhs_member):
        client.force_login(user)
        for name, url in urls.items():
            if name == "research":
                continue  # research closes when the meeting is held
            response = client.get(url)
            assert response.status_code == 200, (user.username, name)
        page = client.get(urls["meeting"])
        assert b"Known at the address since March." in page.content


@pytest.mark.parametrize("who", ["worker_b", "worker_a", "board_member", "outsider"])
def test_non_members_board_and_outsiders_get_404_everywhere(
    request, client, held_meeting, listed, who, agency_a
):
    # worker_a: police is a member agency, but this worker is not a SERAC member.
    user = request.getfixturevalue(who)
    client.force_login(user)
    for name, url in meeting_urls(held_meeting, listed).items():
        assert client.get(url).status_code == 404, (who, name)
    assert client.get(reverse("serac:home")).status_code == 404
    assert client.get(reverse("serac:meeting_mode", args=[held_meeting.pk])).status_code == 404


def test_member_of_another_meeting_gets_404(client, held_meeting, listed, serac_chair, agency_b):
    from accounts.roles import Role
    from tests.factories import UserFactory

    charity_member = UserFactory(agency=agency_b, roles=[Role.SERAC_MEMBER])
    SeracMeetingFactory(chair=serac_chair, members=[agency_b])
    client.force_login(charity_member)
    for url in meeting_urls(held_meeting, listed).values():
        assert client.get(url).status_code == 404


def test_members_see_no_agenda_before_circulation(client, meeting, listed, police_member):
    client.force_login(police_member)
    page = client.get(reverse("serac:meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert listed.case.reference.encode() not in page.content
    assert client.get(reverse("serac:agenda_pdf", args=[meeting.pk])).status_code == 404
    assert (
        client.get(reverse("serac:research_edit", args=[meeting.pk, listed.pk])).status_code == 404
    )


def test_members_see_minutes_only_once_approved(
    client, meeting, listed, serac_chair, police_member, django_capture_on_commit_callbacks
):
    circulate(meeting, serac_chair, django_capture_on_commit_callbacks)
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    meeting.refresh_from_db()
    meeting_mark_held(actor=serac_chair, meeting=meeting)
    client.force_login(police_member)
    assert client.get(reverse("serac:minutes", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("serac:minutes_pdf", args=[meeting.pk])).status_code == 404
    minutes_save(actor=serac_chair, meeting=meeting, text="Approved text", approve=True)
    assert client.get(reverse("serac:minutes", args=[meeting.pk])).status_code == 200


def test_every_pdf_download_is_logged(client, held_meeting, police_member):
    client.force_login(police_member)
    for name in ("agenda_pdf", "minutes_pdf", "actions_pdf"):
        response = client.get(reverse(f"serac:{name}", args=[held_meeting.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    logged = AccessLogEntry.objects.filter(user=police_member, action=AccessAction.DOWNLOAD_PDF)
    assert logged.count() == 3
    assert all(f"meeting {held_meeting.pk}" in entry.detail for entry in logged)


def test_every_page_and_pdf_showing_a_listed_case_logs_a_read_of_it(
    client, held_meeting, listed, police_member
):
    client.force_login(police_member)
    urls = meeting_urls(held_meeting, listed)
    for name in ("meeting", "minutes", "agenda_pdf", "minutes_pdf", "actions_pdf"):
        client.get(urls[name])
    reads = AccessLogEntry.objects.filter(
        user=police_member, action=AccessAction.VIEW_CASE, case=listed.case
    )
    assert sorted(entry.detail.split(",")[0] for entry in reads) == [
        "SERAC action log PDF",
        "SERAC agenda",
        "SERAC agenda pack PDF",
        "SERAC minutes",
        "SERAC minutes PDF",
    ]


def test_the_invitation_logs_no_case_read(client, held_meeting, listed, police_member):
    client.force_login(police_member)
    client.get(meeting_urls(held_meeting, listed)["invite"])
    assert not AccessLogEntry.objects.filter(user=police_member, case=listed.case).exists()


# --- Research ----------------------------------------------------------------


def test_each_member_agency_writes_its_own_research_and_the_chair_sees_who_returned(
    client,
    meeting,
    listed,
    serac_chair,
    police_member,
    nhs_member,
    django_capture_on_commit_callbacks,
):
    circulate(meeting, serac_chair, django_capture_on_commit_callbacks)
    url = reverse("serac:research_edit", args=[meeting.pk, listed.pk])
    client.force_login(police_member)
    client.post(url, {"facts": "Arrested twice", "opinion": "", "withheld": "", "return": ""})
    client.force_login(nhs_member)
    client.post(url, {"facts": "Seen at A&E", "opinion": "", "withheld": "", "draft": ""})
    police = ResearchReturn.objects.get(agency=police_member.agency)
    nhs = ResearchReturn.objects.get(agency=nhs_member.agency)
    assert police.facts == "Arrested twice" and police.returned_at is not None
    assert nhs.facts == "Seen at A&E" and nhs.returned_at is None
    # A member's draft is not shown to other members.
    client.force_login(police_member)
    assert b"Seen at A&amp;E" not in client.get(meeting.get_absolute_url()).content
    client.force_login(serac_chair)
    page = client.get(meeting.get_absolute_url()).content.decode()
    matrix = page[page.index("Research returned") :]
    assert "Returned" in matrix and "In progress" in matrix


def test_returning_empty_research_names_what_is_missing(
    client, meeting, listed, serac_chair, police_member, django_capture_on_commit_callbacks
):
    circulate(meeting, serac_chair, django_capture_on_commit_callbacks)
    client.force_login(police_member)
    response = client.post(
        reverse("serac:research_edit", args=[meeting.pk, listed.pk]),
        {"facts": "", "opinion": "", "withheld": "", "return": ""},
    )
    assert b"Enter what your agency knows" in response.content
    assert not ResearchReturn.objects.exists()


# --- Meeting mode and minutes ------------------------------------------------


def test_chair_records_discussion_and_an_action_in_meeting_mode(
    client, meeting, listed, serac_chair, police_member
):
    client.force_login(serac_chair)
    page = client.get(reverse("serac:meeting_mode", args=[meeting.pk]))
    assert page.status_code == 200
    client.post(
        reverse("serac:item_discussion", args=[meeting.pk, listed.pk]),
        {
            f"d{listed.pk}-discussion": "Talked it through",
            f"d{listed.pk}-risks": "Debt; threats",
            f"d{listed.pk}-decisions": "Safety plan",
        },
    )
    due = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        reverse("serac:item_action_add", args=[meeting.pk, listed.pk]),
        {
            f"a{listed.pk}-description": "Check the address",
            f"a{listed.pk}-owner_agency": str(police_member.agency_id),
            f"a{listed.pk}-owner": str(police_member.pk),
            f"a{listed.pk}-due_on_0": str(due.day),
            f"a{listed.pk}-due_on_1": str(due.month),
            f"a{listed.pk}-due_on_2": str(due.year),
        },
    )
    assert response.status_code == 302
    listed.refresh_from_db()
    assert listed.risks == "Debt; threats"
    action = SeracAction.objects.get()
    assert (action.owner, action.due_on, action.case) == (police_member, due, listed.case)


def test_action_with_a_person_from_another_agency_is_refused(
    client, meeting, listed, serac_chair, nhs_member, police_member
):
    client.force_login(serac_chair)
    due = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        reverse("serac:item_action_add", args=[meeting.pk, listed.pk]),
        {
            f"a{listed.pk}-description": "Check the address",
            f"a{listed.pk}-owner_agency": str(police_member.agency_id),
            f"a{listed.pk}-owner": str(nhs_member.pk),
            f"a{listed.pk}-due_on_0": str(due.day),
            f"a{listed.pk}-due_on_1": str(due.month),
            f"a{listed.pk}-due_on_2": str(due.year),
        },
    )
    assert response.status_code == 400
    assert b"is not in Agency A Police" in response.content
    assert not SeracAction.objects.exists()


def _action_boxes(listed, agency_id, due, description="Check the address"):
    return {
        f"a{listed.pk}-description": description,
        f"a{listed.pk}-owner_agency": str(agency_id),
        f"a{listed.pk}-owner": "",
        f"a{listed.pk}-due_on_0": str(due.day),
        f"a{listed.pk}-due_on_1": str(due.month),
        f"a{listed.pk}-due_on_2": str(due.year),
    }


def _discussion_boxes(listed):
    return {
        f"d{listed.pk}-discussion": "Talked it through",
        f"d{listed.pk}-risks": "Debt; threats",
        f"d{listed.pk}-decisions": "Safety plan",
    }


def test_add_action_in_meeting_mode_also_saves_the_discussion_typed_for_that_case(
    client, meeting, listed, serac_chair, police_member
):
    client.force_login(serac_chair)
    page = client.get(reverse("serac:meeting_mode", args=[meeting.pk])).content.decode()
    # One form per agenda item holds the discussion and the new action.
    assert page.count(f'action="{reverse("serac:item_save", args=[meeting.pk, listed.pk])}"') == 1
    due = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        reverse("serac:item_save", args=[meeting.pk, listed.pk]),
        {
            **_discussion_boxes(listed),
            **_action_boxes(listed, police_member.agency_id, due),
            "button": "action",
        },
    )
    assert response.status_code == 302
    listed.refresh_from_db()
    assert (listed.discussion, listed.risks, listed.decisions) == (
        "Talked it through",
        "Debt; threats",
        "Safety plan",
    )
    assert SeracAction.objects.get().description == "Check the address"


def test_an_action_with_errors_keeps_every_note_typed_and_lists_the_errors_at_the_top(
    client, meeting, listed, serac_chair, police_member
):
    client.force_login(serac_chair)
    response = client.post(
        reverse("serac:item_save", args=[meeting.pk, listed.pk]),
        {**_discussion_boxes(listed), f"a{listed.pk}-description": "Visit", "button": "action"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index("govuk-error-summary") : html.index("Meeting mode</span>")]
    assert "Select the agency that owns the action" in summary
    assert f'href="#id_a{listed.pk}-owner_agency"' in summary
    # What was typed is still on the page, and the notes were saved anyway.
    assert "Visit</textarea>" in html
    listed.refresh_from_db()
    assert listed.risks == "Debt; threats"
    assert not SeracAction.objects.exists()


def test_save_in_meeting_mode_also_adds_an_action_whose_boxes_were_filled(
    client, meeting, listed, serac_chair, police_member
):
    client.force_login(serac_chair)
    due = timezone.localdate() + datetime.timedelta(days=3)
    client.post(
        reverse("serac:item_save", args=[meeting.pk, listed.pk]),
        {
            **_discussion_boxes(listed),
            **_action_boxes(listed, police_member.agency_id, due),
            "button": "discussion",
        },
    )
    assert SeracAction.objects.filter(item=listed).count() == 1


def test_saving_an_untouched_item_does_not_mark_it_discussed(client, meeting, listed, serac_chair):
    client.force_login(serac_chair)
    client.post(
        reverse("serac:item_save", args=[meeting.pk, listed.pk]),
        {f"d{listed.pk}-discussion": "", "button": "discussion"},
    )
    listed.refresh_from_db()
    assert listed.discussed_at is None


def test_members_cannot_use_meeting_mode(client, meeting, listed, police_member):
    client.force_login(police_member)
    assert client.get(reverse("serac:meeting_mode", args=[meeting.pk])).status_code == 404
    response = client.post(
        reverse("serac:item_discussion", args=[meeting.pk, listed.pk]),
        {f"d{listed.pk}-discussion": "x"},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("serac:item_save", args=[meeting.pk, listed.pk]),
        {f"d{listed.pk}-discussion": "x"},
    )
    assert response.status_code == 404


def test_meeting_mode_shows_last_meetings_open_actions_first(
    client, held_meeting, serac_chair, agency_a, nhs
):
    upcoming = SeracMeetingFactory(
        chair=serac_chair,
        members=[agency_a, nhs],
        starts_at=timezone.now() + datetime.timedelta(days=30),
    )
    next_case = CaseFactory(risk_level="high")
    item = agenda_add(actor=serac_chair, meeting=upcoming, case=next_case, summary="New")
    client.force_login(serac_chair)
    page = client.get(reverse("serac:meeting_mode", args=[upcoming.pk])).content.decode()
    previous = page.index('id="previous-actions"')
    assert previous < page.index("Joint visit") < page.index(f'id="item-{item.pk}"')


@pytest.fixture
def long_agenda(meeting, serac_chair):
    """Twelve cases listed: more than meeting mode shows in full on one page."""
    return [
        agenda_add(actor=serac_chair, meeting=meeting, case=CaseFactory(), summary=f"Case {n}")
        for n in range(1, 13)
    ]


def test_meeting_mode_shows_ten_cases_a_page_and_lists_every_case_in_its_contents(
    client, meeting, long_agenda, serac_chair, outsider
):
    client.force_login(serac_chair)
    url = reverse("serac:meeting_mode", args=[meeting.pk])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    on_first = [item for item in long_agenda if f'id="item-{item.pk}"' in first]
    on_second = [item for item in long_agenda if f'id="item-{item.pk}"' in second]
    assert (on_first, on_second) == (long_agenda[:10], long_agenda[10:])
    # The contents name all twelve on both pages, linking across pages.
    for page in (first, second):
        assert all(item.case.reference in page for item in long_agenda)
    assert f'href="{url}?page=2#item-{long_agenda[11].pk}"' in first
    assert f'href="{url}?page=1#item-{long_agenda[0].pk}"' in second
    # Attendance and last meeting's actions open the meeting; closing it ends it.
    assert 'id="attendance"' in first and 'id="attendance"' not in second
    assert 'id="close"' in second and 'id="close"' not in first
    assert "11. " in second  # numbered as on the agenda
    # Every case the contents name is logged as read.
    logged = set(
        AccessLogEntry.objects.filter(user=serac_chair, action=AccessAction.VIEW_CASE)
        .filter(detail__startswith="SERAC meeting mode")
        .values_list("case", flat=True)
    )
    assert logged == {item.case_id for item in long_agenda}
    client.force_login(outsider)
    assert client.get(url + "?page=2").status_code == 404


def test_saving_a_case_on_the_second_page_comes_back_to_it(
    client, meeting, long_agenda, serac_chair
):
    client.force_login(serac_chair)
    eleventh = long_agenda[10]
    response = client.post(
        reverse("serac:item_save", args=[meeting.pk, eleventh.pk]),
        {**_discussion_boxes(eleventh), "button": "discussion"},
    )
    url = reverse("serac:meeting_mode", args=[meeting.pk])
    assert response["Location"] == f"{url}?page=2#item-{eleventh.pk}"


def test_an_error_on_the_second_page_shows_that_page_with_everything_typed(
    client, meeting, long_agenda, serac_chair
):
    client.force_login(serac_chair)
    eleventh = long_agenda[10]
    response = client.post(
        reverse("serac:item_save", args=[meeting.pk, eleventh.pk]),
        {**_discussion_boxes(eleventh), f"a{eleventh.pk}-description": "Visit", "button": "action"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="item-{eleventh.pk}"' in html and "Visit</textarea>" in html
    assert "Select the agency that owns the action" in html
    # Links to the other page go to meeting mode, not to the address posted to.
    url = reverse("serac:meeting_mode", args=[meeting.pk])
    assert f'href="{url}?page=1#item-{long_agenda[0].pk}"' in html


def test_an_action_is_owned_only_by_a_member_agency(client, meeting, listed, serac_chair, agency_b):
    client.force_login(serac_chair)
    due = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        reverse("serac:item_save", args=[meeting.pk, listed.pk]),
        {**_action_boxes(listed, agency_b.pk, due), "button": "action"},
    )
    assert response.status_code == 400
    assert "Select one of the meeting&#x27;s member agencies" in response.content.decode()
    assert not SeracAction.objects.exists()


def test_minutes_are_drafted_from_what_was_recorded(held_meeting, listed):
    minutes = SeracMinutes.objects.get(meeting=held_meeting)
    for text in ("Agreed plan", "Debt", "Joint visit", listed.case.reference, "Agency A Police"):
        assert text in minutes.text
    assert minutes.is_approved
    assert held_meeting.status == MeetingStatus.HELD
    with pytest.raises(ServiceError, match="approved"):
        minutes_save(actor=held_meeting.chair, meeting=held_meeting, text="changed")


def test_invitation_is_rfc5545_with_no_case_details(client, held_meeting, listed, police_member):
    from serac.models import SeracMeeting

    SeracMeeting.objects.filter(pk=held_meeting.pk).update(
        place="Council House; Room 2, Earl Street " + "x" * 80
    )
    client.force_login(police_member)
    body = client.get(reverse("serac:meeting_invite", args=[held_meeting.pk])).content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    unfolded = body.replace(b"\r\n ", b"").decode()
    assert "LOCATION:Council House\\; Room 2\\, Earl Street" in unfolded
    assert listed.case.reference not in unfolded
    assert "Joint visit" not in unfolded


def test_chair_lists_by_reference_only_cases_they_can_see_or_known_to_serac(
    client, meeting, serac_chair, council, agency_b
):
    hidden = CaseFactory(raised_by=agency_b)
    own = CaseFactory(raised_by=council)
    client.force_login(serac_chair)
    url = reverse("serac:agenda_edit", args=[meeting.pk])
    response = client.post(url, {"add-reference": hidden.reference, "add-summary": "s"})
    assert f"No case you can list has the reference {hidden.reference}".encode() in (
        response.content
    )
    assert not meeting.items.exists()
    assert not CaseShare.objects.filter(case=hidden, kind=ShareKind.SERAC).exists()
    client.post(url, {"add-reference": own.reference, "add-summary": "Known to the council"})
    assert [item.case for item in meeting.items.all()] == [own]


def test_minutes_record_attendance_and_apologies(
    meeting, listed, serac_chair, agency_a, nhs, django_capture_on_commit_callbacks
):
    from serac.services import meeting_record_attendance, minutes_draft_text

    meeting = meeting_record_attendance(
        actor=serac_chair,
        meeting=meeting,
        representatives={agency_a.pk: "DC Dan Whitmore", nhs.pk: "Helen Carter"},
        apologies={nhs.pk},
        confidentiality_agreed=True,
    )
    text = minutes_draft_text(meeting=meeting)
    assert "- Agency A Police: DC Dan Whitmore" in text
    assert "Apologies: City Hospital (Helen Carter)" in text
    assert "read and agreed by all present" in text


def test_the_next_meeting_is_offered_a_month_after_the_last_on_a_working_day(serac_chair, settings):
    from serac.services import meeting_next_start_default

    last = timezone.make_aware(datetime.datetime(2027, 1, 31, 10, 30))
    SeracMeetingFactory(chair=serac_chair, starts_at=last)
    offered = timezone.localtime(meeting_next_start_default())
    # A month on is Sunday 28 February: the Monday is offered instead.
    assert (offered.date(), offered.hour, offered.minute) == (datetime.date(2027, 3, 1), 10, 30)
    settings.WAYMARK_SERAC_MEETING_EVERY_MONTHS = 2
    assert timezone.localtime(meeting_next_start_default()).date() == datetime.date(2027, 3, 31)


def _meeting_form_data(day, agency, chair, **extra):
    return {
        "date_0": str(day.day),
        "date_1": str(day.month),
        "date_2": str(day.year),
        "start_time": "10:00",
        "place": "Council House",
        "chair": str(chair.pk),
        "agencies": [str(agency.pk)],
        **extra,
    }


def test_a_meeting_on_a_weekend_or_bank_holiday_is_questioned_then_allowed(
    client, serac_chair, agency_a
):
    client.force_login(serac_chair)
    url = reverse("serac:meeting_create")
    saturday = datetime.date(2030, 3, 2)
    response = client.post(url, _meeting_form_data(saturday, agency_a, serac_chair))
    assert "2 March 2030 is a Saturday. Choose a working day" in response.content.decode()
    christmas = datetime.date(2030, 12, 25)
    response = client.post(url, _meeting_form_data(christmas, agency_a, serac_chair))
    assert "25 December 2030 is a bank holiday" in response.content.decode()
    assert not SeracMeeting.objects.exists()
    response = client.post(
        url,
        _meeting_form_data(saturday, agency_a, serac_chair, not_a_working_day_confirmed="on"),
    )
    assert response.status_code == 302
    assert SeracMeeting.objects.get().meeting_date == saturday


def test_after_the_meeting_members_are_not_asked_for_research(
    client, held_meeting, police_member, listed
):
    client.force_login(police_member)
    page = client.get(held_meeting.get_absolute_url()).content.decode()
    assert "Return your agency's research" not in page
    assert reverse("serac:research_edit", args=[held_meeting.pk, listed.pk]) not in page
    url = reverse("serac:research_edit", args=[held_meeting.pk, listed.pk])
    assert client.get(url).status_code == 404


def test_the_date_cannot_be_offered_for_change_once_the_agenda_is_circulated(
    client, meeting, listed, serac_chair, django_capture_on_commit_callbacks
):
    client.force_login(serac_chair)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Change date, place or members" in page
    circulate(meeting, serac_chair, django_capture_on_commit_callbacks)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Change date" not in page
    assert "Change place or members" in page


def test_a_member_agency_without_an_agreement_is_given_no_window_and_the_case_says_why(
    serac_chair, agency_a, case_b, django_capture_on_commit_callbacks
):
    from accounts.roles import Role
    from tests.factories import AgencyFactory, UserFactory

    unsigned = AgencyFactory(name="Unsigned Housing Trust", agreement=False)
    unsigned_member = UserFactory(agency=unsigned, roles=[Role.FRONTLINE_WORKER, Role.SERAC_MEMBER])
    meeting = SeracMeetingFactory(chair=serac_chair, members=[agency_a, unsigned])
    agenda_add(actor=serac_chair, meeting=meeting, case=case_b, summary="Debt bondage.")
    circulate(meeting, serac_chair, django_capture_on_commit_callbacks)
    assert case_b not in case_list_visible_to(user=unsigned_member)
    assert CaseShare.objects.filter(case=case_b, agency=agency_a, kind=ShareKind.SERAC).exists()
    withheld = case_b.timeline.get(kind="serac_window_withheld")
    assert "Unsigned Housing Trust" in withheld.description
    assert "no current information-sharing agreement" in withheld.description


def test_a_window_rests_on_the_basis_recorded_with_the_serac_referral(
    serac_chair, agency_a, case_b, worker_b, django_capture_on_commit_callbacks
):
    from serac.services import referral_accept, referral_create

    referral = referral_create(
        actor=worker_b,
        case=case_b,
        criteria_high_risk=True,
        summary="Threats to the family at home",
        consent_given=False,
        lawful_basis="safeguarding",
        consent_justification="Risk of serious harm to the survivor",
    )
    referral_accept(actor=serac_chair, referral=referral)
    meeting = SeracMeetingFactory(chair=serac_chair, members=[agency_a])
    agenda_add(
        actor=serac_chair, meeting=meeting, case=case_b, summary="Threats.", referral=referral
    )
    circulate(meeting, serac_chair, django_capture_on_commit_callbacks)
    window = CaseShare.objects.get(case=case_b, agency=agency_a, kind=ShareKind.SERAC)
    assert window.basis == "safeguarding"
    assert "Risk of serious harm to the survivor" in window.basis_note


def test_a_long_unbroken_word_wraps_inside_the_agenda_pdf_and_nothing_is_cut_off(
    client, meeting, serac_chair, case_b
):
    import shutil
    import subprocess
    import tempfile

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("Poppler's pdftotext is not installed (apt-get install poppler-utils)")
    word = "Trafficked" * 300  # 3,000 characters with no space to break at
    agenda_add(actor=serac_chair, meeting=meeting, case=case_b, summary=word)
    client.force_login(serac_chair)
    pdf = client.get(reverse("serac:agenda_pdf", args=[meeting.pk])).content
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.run(  # noqa: S603 - our own temporary file
            [pdftotext, "-layout", handle.name, "-"], capture_output=True, check=True, text=True
        ).stdout
    lines = [line.strip() for line in text.splitlines() if "Trafficked" in line]
    # Wrapped across many lines of the page's width, every character kept.
    assert len(lines) > 10
    assert max(len(line) for line in lines) < 150
    assert "".join(lines).count("Trafficked") >= 300
