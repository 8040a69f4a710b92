"""Factories and helpers for NRM episodes and service referrals."""

from datetime import date

from referrals.services import (
    nrm_episode_start,
    nrm_record_consent,
    nrm_record_rg_decision,
    nrm_record_submission,
)
from tests.factories import CaseFactory, PersonFactory


def case_with_person(*, raised_by, shared_with=(), **kwargs):
    # An adult by recorded age: consent answers that depend on age need one.
    person = PersonFactory(estimated_age=30)
    case = CaseFactory(
        raised_by=raised_by, shared_with=list(shared_with), survivors=[person], **kwargs
    )
    return case, person


def episode_submitted(*, actor, case, person, consent_on: date, submitted_on: date):
    episode = nrm_episode_start(actor=actor, case=case, person=person)
    nrm_record_consent(actor=actor, episode=episode, referral="given", referral_on=consent_on)
    return nrm_record_submission(actor=actor, episode=episode, submitted_on=submitted_on)


def episode_rg_positive(*, actor, case, person, submitted_on: date, rg_on: date):
    episode = episode_submitted(
        actor=actor, case=case, person=person, consent_on=submitted_on, submitted_on=submitted_on
    )
    return nrm_record_rg_decision(
        actor=actor, episode=episode, decision="positive", decided_on=rg_on
    )
