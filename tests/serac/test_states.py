"""SERAC referrals', meetings' and actions' definitions, and the services that follow them."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.errors import ServiceError
from serac.models import ActionStatus, MeetingStatus
from serac.services import (
    action_update_status,
    agenda_add,
    agenda_move,
    meeting_cancel,
    meeting_circulate,
    meeting_mark_held,
    meeting_record_attendance,
    referral_accept,
    referral_create,
    referral_decline,
)
from serac.states import ACTION, MEETING, SERAC_REFERRAL
from tests.serac.factories import AgendaItemFactory, SeracActionFactory, SeracMeetingFactory

CHAIR = SimpleNamespace(is_authenticated=True, _waymark_roles=frozenset({Role.SERAC_CHAIR}))
MEMBER = SimpleNamespace(
    is_authenticated=True, _waymark_roles=frozenset({Role.SERAC_MEMBER}), agency_id=7
)


@pytest.mark.parametrize("machine", [SERAC_REFERRAL, MEETING, ACTION], ids=lambda m: m.name)
def test_the_definition_is_sound(machine):
    assert machine.validate() == []
    assert machine.reachable() == set(machine.state_keys)


def test_a_referral_is_decided_once_by_the_chair():
    waiting = SimpleNamespace(status="referred")
    assert SERAC_REFERRAL.available_steps(record=waiting, actor=CHAIR) == ["accept", "decline"]
    assert SERAC_REFERRAL.available_steps(record=waiting, actor=MEMBER) == []
    with pytest.raises(ServiceError, match="Only the SERAC chair or the Modern Slavery Lead"):
        SERAC_REFERRAL.check("accept", record=waiting, actor=MEMBER)
    for decided in ("accepted", "declined"):
        with pytest.raises(ServiceError, match="The chair has already decided on this referral"):
            SERAC_REFERRAL.check("decline", record=SimpleNamespace(status=decided), actor=CHAIR)


@pytest.mark.parametrize(
    ("status", "steps"),
    [
        ("scheduled", ["circulate", "hold", "cancel"]),
        ("circulated", ["hold", "cancel"]),
        ("held", []),
        ("cancelled", []),
    ],
)
def test_what_the_chair_may_do_to_a_meeting_in_each_status(status, steps):
    meeting = SimpleNamespace(status=status)
    assert MEETING.available_steps(record=meeting, actor=CHAIR) == steps
    assert MEETING.available_steps(record=meeting, actor=MEMBER) == []


def test_a_meeting_refuses_each_move_that_does_not_fit_in_words():
    held, cancelled = SimpleNamespace(status="held"), SimpleNamespace(status="cancelled")
    with pytest.raises(ServiceError, match="The agenda has already been circulated"):
        MEETING.check("circulate", record=SimpleNamespace(status="circulated"), actor=CHAIR)
    with pytest.raises(ServiceError, match="The meeting was cancelled"):
        MEETING.check("hold", record=cancelled, actor=CHAIR)
    with pytest.raises(ServiceError, match="A meeting that has been held cannot be cancelled"):
        MEETING.check("cancel", record=held, actor=CHAIR)


def test_an_actions_owner_may_set_any_status_at_any_time():
    owner = SimpleNamespace(is_authenticated=True, _waymark_roles=frozenset(), agency_id=7)
    other = SimpleNamespace(is_authenticated=True, _waymark_roles=frozenset(), agency_id=8)
    for status in ActionStatus.values:
        action = SimpleNamespace(status=status, owner_agency_id=7)
        assert sorted(ACTION.targets_from(status)) == sorted(ActionStatus.values)
        assert ACTION.target_refusal("done", record=action, actor=owner) == ""
        assert "Only the agency that owns the action" in ACTION.target_refusal(
            "done", record=action, actor=other
        )


# --- The services follow the definitions ----------------------------------------------


@pytest.mark.django_db
def test_only_the_chair_or_the_lead_decides_on_a_referral(
    serac_chair, police_member, worker_b, case_b
):
    referral = referral_create(
        actor=worker_b,
        case=case_b,
        summary="High risk",
        consent_given=True,
        criteria_high_risk=True,
    )
    with pytest.raises(ServiceError, match="Only the SERAC chair or the Modern Slavery Lead"):
        referral_accept(actor=police_member, referral=referral)
    referral.refresh_from_db()
    assert referral.status == "referred" and referral.decided_by is None
    referral_decline(actor=serac_chair, referral=referral, reason="Below the threshold")
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == ("declined", serac_chair)


@pytest.mark.django_db
def test_only_the_chair_or_the_lead_runs_a_meeting(
    meeting, serac_chair, police_member, case_b, django_capture_on_commit_callbacks
):
    item = agenda_add(actor=serac_chair, meeting=meeting, case=case_b, summary="Debt bondage.")
    for refused in (
        lambda: meeting_circulate(actor=police_member, meeting=meeting),
        lambda: meeting_cancel(actor=police_member, meeting=meeting),
        lambda: meeting_mark_held(actor=police_member, meeting=meeting),
        lambda: agenda_move(actor=police_member, item=item, up=True),
        lambda: meeting_record_attendance(
            actor=police_member,
            meeting=meeting,
            representatives={},
            apologies=set(),
            confidentiality_agreed=True,
        ),
    ):
        with pytest.raises(ServiceError, match="Only the SERAC chair or the Modern Slavery Lead"):
            refused()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and not meeting.confidentiality_agreed
    with django_capture_on_commit_callbacks(execute=True):
        meeting_circulate(actor=serac_chair, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CIRCULATED and meeting.circulated_at is not None


@pytest.mark.django_db
def test_cancelling_a_cancelled_meeting_changes_nothing_and_a_held_one_cannot_be(serac_chair):
    meeting = SeracMeetingFactory(chair=serac_chair)
    meeting_cancel(actor=serac_chair, meeting=meeting)
    assert meeting_cancel(actor=serac_chair, meeting=meeting).status == MeetingStatus.CANCELLED
    past = SeracMeetingFactory(
        chair=serac_chair, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    meeting_mark_held(actor=serac_chair, meeting=past)
    with pytest.raises(ServiceError, match="A meeting that has been held cannot be cancelled"):
        meeting_cancel(actor=serac_chair, meeting=past)


@pytest.mark.django_db
def test_only_the_owning_agency_the_chair_or_the_lead_updates_an_action(
    meeting, serac_chair, police_member, nhs_member, case_b
):
    action = SeracActionFactory(
        meeting=meeting,
        item=AgendaItemFactory(meeting=meeting, case=case_b),
        case=case_b,
        owner_agency=police_member.agency,
        created_by=serac_chair,
    )
    with pytest.raises(ServiceError, match="Only the agency that owns the action"):
        action_update_status(actor=nhs_member, action=action, status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    action_update_status(actor=police_member, action=action, status=ActionStatus.DONE)
    action_update_status(actor=serac_chair, action=action, status=ActionStatus.OPEN)
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.updated_by) == ("open", None, serac_chair)


@pytest.mark.django_db
def test_the_meeting_page_offers_the_chair_what_the_definition_allows(
    client, meeting, serac_chair, police_member, case_b, django_capture_on_commit_callbacks
):
    agenda_add(actor=serac_chair, meeting=meeting, case=case_b, summary="Debt bondage.")
    url = meeting.get_absolute_url()
    circulate_url = reverse("serac:meeting_circulate", args=[meeting.pk])
    cancel_url = reverse("serac:meeting_cancel", args=[meeting.pk])
    client.force_login(serac_chair)
    page = client.get(url).content.decode()
    assert circulate_url in page and cancel_url in page
    with django_capture_on_commit_callbacks(execute=True):
        meeting_circulate(actor=serac_chair, meeting=meeting)
    page = client.get(url).content.decode()
    # Circulated: it can no longer be circulated, and can still be cancelled.
    assert circulate_url not in page and cancel_url in page
    client.force_login(police_member)
    page = client.get(url).content.decode()
    assert circulate_url not in page and cancel_url not in page


@pytest.mark.django_db
def test_a_worker_from_a_non_member_agency_gets_404_for_the_meeting(client, meeting, worker_b):
    client.force_login(worker_b)
    assert client.get(meeting.get_absolute_url()).status_code == 404
