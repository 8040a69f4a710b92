"""One clock per fact: pathway steps that mirror an NRM fact take the episode's dates,
and the episode sends the one reminder for each fact."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from pathways.definitions import PATHWAYS
from pathways.models import CasePathway
from pathways.services import pathway_send_reminders
from referrals.clocks import EPISODE_CLOCKS
from referrals.services import nrm_end_recovery_periods, nrm_send_reminders
from tests.referrals.factories import case_with_person, episode_rg_positive, episode_submitted

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def during(case):
    return CasePathway.objects.get(case=case, pathway_key="during_nrm")


def test_every_episode_clock_a_step_names_is_one_the_episode_keeps():
    named = {s.episode_clock for p in PATHWAYS.values() for s in p.states if s.episode_clock}
    assert named and named <= set(EPISODE_CLOCKS)


def test_a_submission_recorded_late_is_due_when_the_episode_expects_the_decision(
    worker_a, agency_a
):
    case, person = case_with_person(raised_by=agency_a)
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(20), submitted_on=days_ago(20)
    )
    # Not 5 working days from the day it was typed in: the episode's date.
    assert during(case).due_on == episode.rg_expected_on < timezone.localdate()


def test_an_overdue_rg_sends_one_email_not_two(worker_a, agency_a, worker_b):
    case, person = case_with_person(raised_by=agency_a)
    episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(20), submitted_on=days_ago(20)
    )
    mail.outbox.clear()
    assert pathway_send_reminders() == (0, 0)
    assert nrm_send_reminders() == 1
    assert len(mail.outbox) == 1
    assert worker_b.email not in mail.outbox[0].to


def test_the_recovery_period_step_is_due_when_the_episode_says_it_ends(worker_a, agency_a):
    case, person = case_with_person(raised_by=agency_a)
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(20), rg_on=days_ago(10)
    )
    assert during(case).state_key == "recovery_period"
    assert during(case).due_on == episode.recovery_period_ends_on


def test_awaiting_cg_is_due_at_the_first_waiting_alert(settings, worker_a, agency_a):
    settings.WAYMARK_NRM_AWAITING_CG_ALERT_DAYS = [182, 365]
    case, person = case_with_person(raised_by=agency_a)
    episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(60), rg_on=days_ago(50)
    )
    nrm_end_recovery_periods()
    assert during(case).state_key == "awaiting_cg"
    assert during(case).due_on == days_ago(60) + timedelta(days=182)
