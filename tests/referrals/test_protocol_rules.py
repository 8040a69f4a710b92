"""The protocol's rules on NRM episodes: children, and First Responders' decisions."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.errors import ServiceError
from core.models import OutboundEmail
from pathways.models import CasePathway
from referrals.services import (
    nrm_episode_start,
    nrm_record_consent,
    nrm_record_dtn_submission,
    nrm_record_rg_decision,
)
from tests.factories import CaseFactory, PersonFactory
from tests.referrals.factories import episode_submitted

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def years_ago(n):
    return TODAY.replace(year=TODAY.year - n) - timedelta(days=1)


def episode_for(actor, agency, **person):
    person = PersonFactory(**person)
    case = CaseFactory(raised_by=agency, survivors=[person])
    return nrm_episode_start(actor=actor, case=case, person=person)


def test_not_needed_child_is_refused_for_a_man_born_in_1994(worker_a, agency_a):
    episode = episode_for(worker_a, agency_a, date_of_birth=date(1994, 5, 1))
    with pytest.raises(ServiceError, match="only for a child"):
        nrm_record_consent(
            actor=worker_a, episode=episode, referral="not_needed", referral_on=TODAY
        )


def test_a_child_goes_into_the_nrm_without_consent(worker_a, agency_a):
    episode = episode_for(worker_a, agency_a, date_of_birth=years_ago(16))
    episode = nrm_record_consent(
        actor=worker_a, episode=episode, referral="not_needed", referral_on=TODAY
    )
    assert episode.state == "consent_given"
    pre = CasePathway.objects.get(case=episode.case, pathway_key="pre_nrm")
    assert pre.state_key == "consent_given"


def test_a_child_cannot_decline_and_so_cannot_be_routed_to_a_duty_to_notify(worker_a, agency_a):
    episode = episode_for(worker_a, agency_a, estimated_age=15)
    with pytest.raises(ServiceError, match="Every suspected child goes into the NRM"):
        nrm_record_consent(actor=worker_a, episode=episode, referral="declined", referral_on=TODAY)


def test_a_duty_to_notify_is_refused_for_someone_who_was_a_child(worker_a, agency_a):
    episode = episode_for(worker_a, agency_a)  # age unknown when consent was declined
    nrm_record_consent(
        actor=worker_a, episode=episode, referral="declined", referral_on=TODAY, age_unknown=True
    )
    person = episode.person
    person.date_of_birth = years_ago(17)  # found out later
    person.save()
    episode.refresh_from_db()
    with pytest.raises(ServiceError, match="only for adults"):
        nrm_record_dtn_submission(actor=worker_a, episode=episode, submitted_on=TODAY)


def test_age_is_the_age_at_the_time_of_the_conversation(worker_a, agency_a):
    # 18 today, but 17 at a conversation two weeks ago.
    episode = episode_for(worker_a, agency_a, date_of_birth=years_ago(18) + timedelta(days=1))
    episode = nrm_record_consent(
        actor=worker_a,
        episode=episode,
        referral="not_needed",
        referral_on=TODAY - timedelta(days=14),
    )
    assert episode.state == "consent_given"


def test_where_age_is_unknown_the_user_says_so_and_the_lead_is_told(
    worker_a, agency_a, lead, worker_b
):
    episode = episode_for(worker_a, agency_a)
    with pytest.raises(ServiceError, match="age is not known"):
        nrm_record_consent(
            actor=worker_a, episode=episode, referral="not_needed", referral_on=TODAY
        )
    nrm_record_consent(
        actor=worker_a, episode=episode, referral="not_needed", referral_on=TODAY, age_unknown=True
    )
    # Queued in the outbox with the answer (sent after the commit).
    rows = OutboundEmail.objects.filter(key__startswith="referrals.age_unknown")
    assert [r.to for r in rows] == [lead.email]
    assert worker_b.email not in [r.to for r in rows]
    assert episode.person.full_name not in rows[0].body


def test_only_a_first_responder_on_the_case_or_the_lead_records_decisions(
    worker_a, worker_b, agency_a, agency_b, lead
):
    person = PersonFactory()
    case = CaseFactory(raised_by=agency_a, shared_with=[agency_b], survivors=[person])
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=TODAY, submitted_on=TODAY
    )
    # Agency B (a charity, not a First Responder) can see and work the case.
    with pytest.raises(ServiceError, match="First Responder"):
        nrm_record_rg_decision(
            actor=worker_b, episode=episode, decision="positive", decided_on=TODAY
        )
    episode = nrm_record_rg_decision(
        actor=lead, episode=episode, decision="positive", decided_on=TODAY
    )
    assert episode.state == "recovery_period"


def test_a_first_responder_agency_not_on_the_case_may_not_record_decisions(agency_a, lead):
    from types import SimpleNamespace

    from accounts.models import AgencyType
    from accounts.roles import Role
    from referrals.states import FIRST_RESPONDER_ON_CASE
    from tests.factories import AgencyFactory, UserFactory

    other_police = AgencyFactory(
        name="Other Police", agency_type=AgencyType.POLICE, is_first_responder=True
    )
    officer = UserFactory(username="other", agency=other_police, roles=[Role.FRONTLINE_WORKER])
    record = SimpleNamespace(case=CaseFactory(raised_by=agency_a))
    assert FIRST_RESPONDER_ON_CASE.refuses(officer, record)
    assert not FIRST_RESPONDER_ON_CASE.refuses(lead, record)
