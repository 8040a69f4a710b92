"""Recording NRM facts: each step, its checks, and how it moves the pathways."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import AgencyType
from accounts.roles import Role
from cases.models import TimelineEvent
from core.errors import ServiceError
from pathways.models import CasePathway
from referrals.models import DutyToNotifyFlag, NrmEpisode, ReconsiderationOutcome
from referrals.services import (
    nrm_episode_start,
    nrm_record_cg_decision,
    nrm_record_consent,
    nrm_record_disqualification,
    nrm_record_dtn_submission,
    nrm_record_exit,
    nrm_record_move_on,
    nrm_record_rg_decision,
    nrm_record_rna,
    nrm_record_submission,
    nrm_record_temporary_permission,
    nrm_record_withdrawal,
    nrm_request_reconsideration,
)
from tests.factories import AgencyFactory, PersonFactory, UserFactory
from tests.referrals.factories import case_with_person, episode_rg_positive, episode_submitted

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def at(case, pathway_key):
    row = CasePathway.objects.filter(case=case, pathway_key=pathway_key).first()
    return row.state_key if row else None


@pytest.fixture
def case_and_person(agency_a, agency_b):
    return case_with_person(raised_by=agency_a, shared_with=[agency_b])


# --- Starting and consent ------------------------------------------------------------------


def test_starting_an_episode_starts_pre_nrm_and_writes_the_timeline(worker_a, case_and_person):
    case, person = case_and_person
    episode = nrm_episode_start(actor=worker_a, case=case, person=person)
    assert episode.state == "consent_pending"
    assert at(case, "pre_nrm") == "consent_explained"
    assert TimelineEvent.objects.filter(case=case, kind="nrm").exists()


def test_an_episode_is_only_for_a_person_on_the_case(worker_a, case_and_person):
    case, _ = case_and_person
    with pytest.raises(ServiceError, match="person named on this case"):
        nrm_episode_start(actor=worker_a, case=case, person=PersonFactory())


def test_a_person_has_one_open_episode_at_a_time_but_may_have_several(worker_a, case_and_person):
    case, person = case_and_person
    first = nrm_episode_start(actor=worker_a, case=case, person=person)
    with pytest.raises(ServiceError, match="already has an open NRM episode"):
        nrm_episode_start(actor=worker_a, case=case, person=person)
    nrm_record_consent(actor=worker_a, episode=first, referral="given", referral_on=days_ago(3))
    nrm_record_withdrawal(actor=worker_a, episode=first, withdrawn_on=days_ago(2))
    second = nrm_episode_start(actor=worker_a, case=case, person=person)
    assert NrmEpisode.objects.filter(person=person).count() == 2
    assert second.state == "consent_pending"


def test_a_worker_who_cannot_see_the_case_cannot_record(outsider, case_and_person):
    case, person = case_and_person
    other = UserFactory(
        username="other.police",
        agency=AgencyFactory(
            name="Other force", agency_type=AgencyType.POLICE, is_first_responder=True
        ),
        roles=[Role.FRONTLINE_WORKER],
    )
    for user in (other, outsider):
        with pytest.raises(ServiceError, match="cannot record NRM information"):
            nrm_episode_start(actor=user, case=case, person=person)


def test_consent_given_moves_pre_nrm(worker_b, case_and_person):
    case, person = case_and_person
    episode = nrm_episode_start(actor=worker_b, case=case, person=person)
    nrm_record_consent(
        actor=worker_b,
        episode=episode,
        referral="given",
        referral_on=days_ago(1),
        vcc_support="yes",
        police_contact="no",
        interpreter_used="yes",
    )
    episode.refresh_from_db()
    assert episode.state == "consent_given"
    assert episode.consent_vcc_support == "yes" and episode.consent_vcc_support_on == days_ago(1)
    assert episode.consent_police_contact == "no"
    assert at(case, "pre_nrm") == "consent_given"


def test_consent_date_cannot_be_in_the_future(worker_a, case_and_person):
    case, person = case_and_person
    episode = nrm_episode_start(actor=worker_a, case=case, person=person)
    with pytest.raises(ServiceError, match="date of the consent conversation must be today or"):
        nrm_record_consent(
            actor=worker_a, episode=episode, referral="given", referral_on=days_ago(-1)
        )
    episode.refresh_from_db()
    assert episode.state == "consent_pending"


def test_declined_consent_then_duty_to_notify_by_a_first_responder(
    worker_a, worker_b, lead, case_and_person
):
    case, person = case_and_person
    DutyToNotifyFlag.objects.create(case=case, triaged_on=days_ago(20), due_on=days_ago(5))
    episode = nrm_episode_start(actor=worker_b, case=case, person=person)
    nrm_record_consent(
        actor=worker_b, episode=episode, referral="declined", referral_on=days_ago(2)
    )
    episode.refresh_from_db()
    assert (episode.state, episode.route) == ("consent_declined", "dtn")
    assert at(case, "pre_nrm") == "consent_declined"
    with pytest.raises(ServiceError, match="First Responder"):
        nrm_record_dtn_submission(actor=worker_b, episode=episode, submitted_on=days_ago(1))
    nrm_record_dtn_submission(actor=worker_a, episode=episode, submitted_on=days_ago(1))
    episode.refresh_from_db()
    assert episode.state == "dtn_submitted"
    assert episode.first_responder_agency == worker_a.agency
    assert at(case, "pre_nrm") == "dtn_submitted"
    assert DutyToNotifyFlag.objects.get(case=case).resolved_at is not None


def test_a_later_consent_turns_a_declined_episode_into_an_nrm_referral(worker_a, case_and_person):
    case, person = case_and_person
    episode = nrm_episode_start(actor=worker_a, case=case, person=person)
    nrm_record_consent(
        actor=worker_a, episode=episode, referral="declined", referral_on=days_ago(4)
    )
    nrm_record_consent(actor=worker_a, episode=episode, referral="given", referral_on=days_ago(2))
    episode.refresh_from_db()
    assert (episode.state, episode.route) == ("consent_given", "nrm")
    assert at(case, "pre_nrm") == "consent_given"


def test_a_child_needs_no_consent(worker_a, case_and_person):
    case, person = case_and_person
    person.estimated_age = 16
    person.save()
    episode = nrm_episode_start(actor=worker_a, case=case, person=person)
    nrm_record_consent(
        actor=worker_a, episode=episode, referral="not_needed", referral_on=days_ago(1)
    )
    assert at(case, "pre_nrm") == "consent_given"


# --- Submission --------------------------------------------------------------------------


def test_only_first_responder_staff_record_a_submission(worker_b, case_and_person):
    case, person = case_and_person
    episode = nrm_episode_start(actor=worker_b, case=case, person=person)
    nrm_record_consent(actor=worker_b, episode=episode, referral="given", referral_on=days_ago(2))
    with pytest.raises(ServiceError, match="Only staff of a First Responder organisation"):
        nrm_record_submission(actor=worker_b, episode=episode, submitted_on=days_ago(1))
    episode.refresh_from_db()
    assert episode.state == "consent_given" and episode.submitted_on is None
    assert at(case, "during_nrm") is None


def test_submission_needs_consent_first(worker_a, case_and_person):
    case, person = case_and_person
    episode = nrm_episode_start(actor=worker_a, case=case, person=person)
    with pytest.raises(ServiceError, match="cannot record an NRM submission now"):
        nrm_record_submission(actor=worker_a, episode=episode, submitted_on=days_ago(1))


def test_submission_moves_pre_nrm_to_submitted_and_starts_during_nrm(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(3), submitted_on=days_ago(2)
    )
    assert episode.state == "awaiting_rg"
    assert episode.first_responder_type == "police"
    assert at(case, "pre_nrm") == "nrm_submitted"
    assert at(case, "during_nrm") == "awaiting_rg"


def test_submission_cannot_predate_consent(worker_a, case_and_person):
    case, person = case_and_person
    episode = nrm_episode_start(actor=worker_a, case=case, person=person)
    nrm_record_consent(actor=worker_a, episode=episode, referral="given", referral_on=days_ago(2))
    with pytest.raises(ServiceError, match="cannot be before the consent"):
        nrm_record_submission(actor=worker_a, episode=episode, submitted_on=days_ago(5))


def test_rg_expected_counts_working_days_over_christmas(worker_a, case_and_person):
    case, person = case_and_person
    # Tuesday 23 December 2025: 24th, (25th, 26th bank holidays), 29th, 30th, 31st,
    # (1 January bank holiday), 2 January 2026.
    episode = episode_submitted(
        actor=worker_a,
        case=case,
        person=person,
        consent_on=date(2025, 12, 22),
        submitted_on=date(2025, 12, 23),
    )
    assert episode.rg_expected_on == date(2026, 1, 2)


def test_rg_clock_comes_from_settings(settings, worker_a, case_and_person):
    settings.WAYMARK_NRM_RG_EXPECTED_WORKING_DAYS = 1
    case, person = case_and_person
    episode = episode_submitted(
        actor=worker_a,
        case=case,
        person=person,
        consent_on=date(2026, 4, 2),
        submitted_on=date(2026, 4, 2),  # Thursday before Easter
    )
    assert episode.rg_expected_on == date(2026, 4, 7)  # Good Friday and Easter Monday skipped


# --- Reasonable Grounds ------------------------------------------------------------------


def test_positive_rg_starts_the_recovery_period(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(10), rg_on=days_ago(3)
    )
    assert episode.state == "recovery_period"
    assert episode.recovery_period_ends_on == days_ago(3) + timedelta(days=30)
    assert episode.earliest_cg_on == days_ago(3) + timedelta(days=30)
    assert at(case, "during_nrm") == "recovery_period"


def test_a_positive_rg_recorded_late_goes_straight_to_awaiting_cg(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(60), rg_on=days_ago(40)
    )
    assert episode.state == "awaiting_cg"
    assert at(case, "during_nrm") == "awaiting_cg"


def test_a_decision_cannot_predate_the_submission(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(5), submitted_on=days_ago(5)
    )
    with pytest.raises(ServiceError, match="cannot be before the submission"):
        nrm_record_rg_decision(
            actor=worker_a, episode=episode, decision="positive", decided_on=days_ago(6)
        )
    episode.refresh_from_db()
    assert episode.rg_decision == "" and at(case, "during_nrm") == "awaiting_rg"


def test_negative_rg_then_reconsideration_then_positive(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(20), submitted_on=days_ago(20)
    )
    nrm_record_rg_decision(
        actor=worker_a, episode=episode, decision="negative", decided_on=days_ago(15)
    )
    assert at(case, "during_nrm") == "rg_negative"
    request = nrm_request_reconsideration(
        actor=worker_a, episode=episode, requested_on=days_ago(10), reason="New evidence"
    )
    assert at(case, "during_nrm") == "reconsideration_requested"
    nrm_record_rg_decision(
        actor=worker_a, episode=episode, decision="positive", decided_on=days_ago(2)
    )
    episode.refresh_from_db()
    request.refresh_from_db()
    assert episode.state == "recovery_period"
    assert request.outcome == ReconsiderationOutcome.OVERTURNED
    assert at(case, "during_nrm") == "recovery_period"


def test_upheld_negative_rg_ends_the_nrm(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(20), submitted_on=days_ago(20)
    )
    nrm_record_rg_decision(
        actor=worker_a, episode=episode, decision="negative", decided_on=days_ago(15)
    )
    nrm_request_reconsideration(actor=worker_a, episode=episode, requested_on=days_ago(10))
    nrm_record_rg_decision(
        actor=worker_a, episode=episode, decision="negative", decided_on=days_ago(2)
    )
    episode.refresh_from_db()
    assert episode.state == "exited"
    assert at(case, "during_nrm") == "exited"


def test_only_a_first_responder_or_support_provider_asks_for_reconsideration(
    worker_a, case_and_person
):
    case, person = case_and_person
    nhs = AgencyFactory(name="Hospital", agency_type=AgencyType.NHS)
    nurse = UserFactory(username="nurse", agency=nhs, roles=[Role.FRONTLINE_WORKER])
    from cases.services.sharing import case_share

    case_share(actor=None, case=case, agency=nhs, reason="Treating")
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(20), submitted_on=days_ago(20)
    )
    nrm_record_rg_decision(
        actor=worker_a, episode=episode, decision="negative", decided_on=days_ago(15)
    )
    with pytest.raises(ServiceError, match="Only the First Responder or a support provider"):
        nrm_request_reconsideration(actor=nurse, episode=episode, requested_on=days_ago(1))


def test_negative_rg_exit_records_the_destination(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(20), submitted_on=days_ago(20)
    )
    nrm_record_rg_decision(
        actor=worker_a, episode=episode, decision="negative", decided_on=days_ago(15)
    )
    with pytest.raises(ServiceError, match="Enter where the person went"):
        nrm_record_exit(actor=worker_a, episode=episode, exited_on=days_ago(1), destination=" ")
    nrm_record_exit(
        actor=worker_a, episode=episode, exited_on=days_ago(1), destination="Returned to family"
    )
    assert at(case, "during_nrm") == "exited"


# --- Conclusive Grounds and after ---------------------------------------------------------


def test_a_cg_needs_a_positive_rg(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(9), submitted_on=days_ago(9)
    )
    with pytest.raises(ServiceError, match="needs a positive Reasonable Grounds decision"):
        nrm_record_cg_decision(
            actor=worker_a, episode=episode, decision="negative", decided_on=days_ago(1)
        )


def test_a_cg_sooner_than_rg_plus_30_days_needs_a_confirmed_reason(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(20), rg_on=days_ago(15)
    )
    with pytest.raises(ServiceError, match="earlier than expected"):
        nrm_record_cg_decision(
            actor=worker_a, episode=episode, decision="positive_trafficking", decided_on=days_ago(1)
        )
    with pytest.raises(ServiceError, match="earlier than expected"):
        nrm_record_cg_decision(
            actor=worker_a,
            episode=episode,
            decision="positive_trafficking",
            decided_on=days_ago(1),
            early_reason="Expedited by the SCA",
        )
    nrm_record_cg_decision(
        actor=worker_a,
        episode=episode,
        decision="positive_trafficking",
        decided_on=days_ago(1),
        early_reason="Expedited by the SCA",
        early_confirmed=True,
    )
    episode.refresh_from_db()
    assert episode.state == "move_on"
    assert episode.move_on_ends_on == days_ago(1) + timedelta(days=45)
    # The recovery period is over once the decision is in; both pathways follow.
    assert at(case, "during_nrm") == "cg_positive"
    assert at(case, "post_nrm") == "move_on_support"


def test_positive_cg_then_rna_then_temporary_permission_then_exit(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(120), rg_on=days_ago(110)
    )
    nrm_record_cg_decision(
        actor=worker_a, episode=episode, decision="positive_slavery", decided_on=days_ago(50)
    )
    nrm_record_rna(
        actor=worker_a,
        episode=episode,
        assessed_on=days_ago(10),
        note="Needs trauma support",
        support_extended_until=days_ago(-60),
    )
    assert at(case, "post_nrm") == "extended_support"
    nrm_record_temporary_permission(
        actor=worker_a, episode=episode, decision="granted", decided_on=days_ago(5)
    )
    assert at(case, "post_nrm") == "temporary_permission_considered"
    nrm_record_exit(
        actor=worker_a, episode=episode, exited_on=days_ago(1), destination="Own tenancy"
    )
    episode.refresh_from_db()
    assert episode.state == "exited" and episode.tps_decision == "granted"
    assert at(case, "post_nrm") == "exited"


def test_negative_cg_then_short_move_on(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(120), rg_on=days_ago(110)
    )
    nrm_record_cg_decision(
        actor=worker_a, episode=episode, decision="negative", decided_on=days_ago(20)
    )
    assert at(case, "post_nrm") == "cg_negative_review"
    with pytest.raises(ServiceError, match="cannot be before the Conclusive Grounds decision"):
        nrm_record_move_on(actor=worker_a, episode=episode, started_on=days_ago(25))
    nrm_record_move_on(actor=worker_a, episode=episode, started_on=days_ago(10))
    episode.refresh_from_db()
    assert episode.state == "short_move_on"
    assert episode.move_on_ends_on == days_ago(10) + timedelta(days=14)
    assert at(case, "post_nrm") == "short_move_on"


def test_cg_reconsideration_moves_post_nrm(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(120), rg_on=days_ago(110)
    )
    nrm_record_cg_decision(
        actor=worker_a, episode=episode, decision="negative", decided_on=days_ago(20)
    )
    nrm_request_reconsideration(actor=worker_a, episode=episode, requested_on=days_ago(15))
    assert at(case, "post_nrm") == "reconsideration_requested"
    nrm_record_cg_decision(
        actor=worker_a, episode=episode, decision="positive_trafficking", decided_on=days_ago(3)
    )
    assert at(case, "post_nrm") == "move_on_support"


def test_withdrawal_moves_during_nrm(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(9), submitted_on=days_ago(9)
    )
    nrm_record_withdrawal(actor=worker_a, episode=episode, withdrawn_on=days_ago(1), reason="Left")
    episode.refresh_from_db()
    assert episode.state == "withdrawn"
    assert at(case, "during_nrm") == "withdrawn"
    with pytest.raises(ServiceError, match="cannot record a withdrawal now"):
        nrm_record_withdrawal(actor=worker_a, episode=episode, withdrawn_on=days_ago(1))


def test_public_order_disqualification_after_positive_rg(worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(20), rg_on=days_ago(10)
    )
    with pytest.raises(ServiceError, match="Enter the grounds"):
        nrm_record_disqualification(
            actor=worker_a, episode=episode, disqualified_on=days_ago(1), reason=""
        )
    nrm_record_disqualification(
        actor=worker_a, episode=episode, disqualified_on=days_ago(1), reason="Public order"
    )
    assert at(case, "during_nrm") == "disqualified"


def test_a_failure_moving_the_pathway_leaves_nothing_half_written(
    monkeypatch, worker_a, case_and_person
):
    case, person = case_and_person
    episode = nrm_episode_start(actor=worker_a, case=case, person=person)
    nrm_record_consent(actor=worker_a, episode=episode, referral="given", referral_on=days_ago(2))
    timeline_before = TimelineEvent.objects.filter(case=case).count()

    def refuse(**kwargs):
        raise ServiceError("The pathway refused")

    monkeypatch.setattr("referrals.services.nrm.common.pathway_transition", refuse)
    with pytest.raises(ServiceError, match="The pathway refused"):
        nrm_record_submission(actor=worker_a, episode=episode, submitted_on=days_ago(1))
    episode.refresh_from_db()
    assert (episode.state, episode.submitted_on) == ("consent_given", None)
    assert TimelineEvent.objects.filter(case=case).count() == timeline_before
    assert at(case, "during_nrm") is None
