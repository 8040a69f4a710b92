"""SERAC actions (owners, overdue, reminders once each, dashboards) and the figures."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AgencyType
from accounts.roles import Role
from serac.models import ActionStatus, AgendaItem, MeetingStatus, SeracAction, SeracReferral
from serac.reporting import serac_report
from serac.services import action_send_reminders, action_update_status
from tests.factories import CaseFactory, UserFactory
from tests.serac.factories import AgendaItemFactory, SeracActionFactory, SeracMeetingFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 20)


@pytest.fixture
def action(meeting, case_b, serac_chair, police_member):
    item = AgendaItemFactory(meeting=meeting, case=case_b)
    return SeracActionFactory(
        meeting=meeting,
        item=item,
        case=case_b,
        owner_agency=police_member.agency,
        owner=police_member,
        created_by=serac_chair,
        due_on=TODAY,
    )


# --- Reminders ---------------------------------------------------------------


def test_reminders_are_sent_when_due_and_when_overdue_once_each(action, police_member):
    assert action_send_reminders(today=TODAY - datetime.timedelta(days=1)) == 0

    assert action_send_reminders(today=TODAY) == 1
    assert mail.outbox[-1].subject == "A SERAC action is due today"
    assert mail.outbox[-1].to == [police_member.email]
    assert action_send_reminders(today=TODAY) == 0  # the beat runs hourly

    day_after = TODAY + datetime.timedelta(days=1)
    assert action_send_reminders(today=day_after) == 1
    assert mail.outbox[-1].subject == "A SERAC action is overdue"
    assert action_send_reminders(today=day_after) == 0
    assert action_send_reminders(today=day_after + datetime.timedelta(days=10)) == 0
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert action.case.reference not in message.body
        assert action.description not in message.body


def test_an_action_first_seen_overdue_gets_only_the_overdue_reminder(action):
    assert action_send_reminders(today=TODAY + datetime.timedelta(days=3)) == 1
    assert mail.outbox[0].subject == "A SERAC action is overdue"
    assert action_send_reminders(today=TODAY + datetime.timedelta(days=4)) == 0


def test_done_actions_get_no_reminder(action, police_member):
    action_update_status(actor=police_member, action=action, status=ActionStatus.DONE)
    assert action_send_reminders(today=TODAY + datetime.timedelta(days=3)) == 0


def test_without_an_owner_the_agencys_serac_members_are_reminded(action, police_member):
    SeracAction.objects.filter(pk=action.pk).update(owner=None)
    UserFactory(agency=police_member.agency, roles=[Role.FRONTLINE_WORKER], email="not@x.example")
    action_send_reminders(today=TODAY)
    assert [m.to for m in mail.outbox] == [[police_member.email]]


# --- Status, overdue, who may update ----------------------------------------


def test_overdue_is_derived_from_the_due_date(action):
    action.due_on = timezone.localdate() - datetime.timedelta(days=1)
    assert action.is_overdue and action.status_label == "Overdue"
    action.due_on = timezone.localdate()
    assert not action.is_overdue and action.status_label == "Open"


def test_owner_agency_completes_an_action(client, action, worker_a):
    # worker_a is in the owning agency (police), though not the named owner.
    client.force_login(worker_a)
    url = reverse("serac:action_update", args=[action.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.completed_on == timezone.localdate()


def test_not_possible_needs_a_reason(client, action, police_member):
    client.force_login(police_member)
    response = client.post(
        reverse("serac:action_update", args=[action.pk]), {"status": "not_possible"}
    )
    assert b"Enter why the action is not possible" in response.content
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


@pytest.mark.parametrize("who", ["worker_b", "nhs_member", "board_member", "outsider"])
def test_other_agencies_cannot_see_or_update_an_action(request, client, action, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("serac:action_update", args=[action.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_each_agency_sees_its_own_open_actions_on_its_dashboard(
    client, action, police_member, nhs_member
):
    client.force_login(police_member)
    assert action.description.encode() in client.get("/").content
    client.force_login(nhs_member)
    assert action.description.encode() not in client.get("/").content


# --- Figures -----------------------------------------------------------------


def test_figures_count_referrals_repeats_sources_cases_heard_and_actions_on_time(
    serac_chair, agency_a, agency_b, nhs
):
    period = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    inside = timezone.make_aware(datetime.datetime(2026, 2, 10, 12))
    outside = timezone.make_aware(datetime.datetime(2026, 4, 10, 12))
    police_user = UserFactory(agency=agency_a)
    charity_user = UserFactory(agency=agency_b)
    cases = [CaseFactory() for _ in range(4)]

    def referral(case, user, when, repeat=False):
        return SeracReferral.objects.create(
            case=case,
            referring_agency=user.agency,
            referred_by=user,
            summary="s",
            consent_given=True,
            is_repeat=repeat,
            referred_at=when,
        )

    referral(cases[0], police_user, inside)
    referral(cases[1], charity_user, inside)
    referral(cases[2], charity_user, inside, repeat=True)
    referral(cases[3], charity_user, inside)
    referral(cases[0], police_user, outside, repeat=True)  # after the period

    held = SeracMeetingFactory(chair=serac_chair, starts_at=inside, status=MeetingStatus.HELD)
    SeracMeetingFactory(chair=serac_chair, starts_at=inside, status=MeetingStatus.CANCELLED)
    SeracMeetingFactory(chair=serac_chair, starts_at=outside, status=MeetingStatus.HELD)
    for case in cases[:3]:
        AgendaItem.objects.create(meeting=held, case=case, kind="review", summary="s")

    def action(agency, due, status=ActionStatus.OPEN, completed=None):
        return SeracAction.objects.create(
            meeting=held,
            case=cases[0],
            description="d",
            owner_agency=agency,
            due_on=due,
            status=status,
            completed_on=completed,
            created_by=serac_chair,
        )

    march = datetime.date(2026, 3, 1)
    action(agency_a, march, ActionStatus.DONE, march)  # on time
    action(agency_a, march, ActionStatus.DONE, march + datetime.timedelta(days=1))  # late
    action(nhs, march, ActionStatus.DONE, march - datetime.timedelta(days=5))  # on time
    action(nhs, march, ActionStatus.NOT_POSSIBLE)
    action(nhs, datetime.date(2026, 5, 1), ActionStatus.DONE, datetime.date(2026, 5, 1))  # later

    report = serac_report(date_from=period[0], date_to=period[1])
    assert report["figures"] == {
        "meetings": 1,
        "referrals": 4,
        "cases_heard": 3,
        "repeat_referrals": 1,
        "repeat_rate_percent": 25.0,
        "non_police_referral_percent": 75.0,
        "actions_due": 4,
        "actions_done_on_time": 2,
        "actions_on_time_percent": 50.0,
        # No expected number set, and no emerging threat at the meetings.
        "expected_referrals": None,
        "referrals_against_expected_percent": None,
        "emerging_threats": 0,
    }
    assert report["tables"]["serac_referral_source"] == [
        {"label": AgencyType.VOLUNTARY.label, "count": 3},
        {"label": AgencyType.POLICE.label, "count": 1},
    ]
    assert report["tables"]["serac_actions_by_agency"] == [
        {"label": agency_a.name, "count": 2, "done_on_time": 1},
        {"label": nhs.name, "count": 2, "done_on_time": 1},
    ]


def test_figures_with_nothing_in_the_period_give_no_percentages(db):
    figures = serac_report(date_from=TODAY, date_to=TODAY)["figures"]
    assert figures["referrals"] == 0
    assert figures["repeat_rate_percent"] is None
    assert figures["actions_on_time_percent"] is None


def test_figures_page_for_chair_and_members_but_not_board(
    client, serac_chair, police_member, board_member, worker_b
):
    url = reverse("serac:figures")
    for user in (serac_chair, police_member):
        client.force_login(user)
        assert b"Repeat referrals" in client.get(url).content
    for user in (board_member, worker_b):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_figures_page_names_a_wrong_date(client, serac_chair):
    client.force_login(serac_chair)
    response = client.get(
        reverse("serac:figures"),
        {
            "date_from_0": "1",
            "date_from_1": "6",
            "date_from_2": "2026",
            "date_to_0": "1",
            "date_to_1": "1",
            "date_to_2": "2026",
        },
    )
    assert b"The end date must be the same as or after the start date" in response.content
