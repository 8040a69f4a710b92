"""NRM clocks: recovery periods ending, one-time reminders, the Duty to Notify check."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import AgencyType
from cases.models import TimelineEvent
from pathways.models import CasePathway
from referrals.models import DutyToNotifyFlag, NrmReminder
from referrals.selectors import next_event
from referrals.services import (
    dtn_check,
    nrm_end_recovery_periods,
    nrm_record_cg_decision,
    nrm_send_reminders,
)
from tests.factories import AgencyFactory, CaseFactory
from tests.referrals.factories import case_with_person, episode_rg_positive, episode_submitted

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def test_the_recovery_period_ends_into_awaiting_cg_with_the_pathway(worker_a, agency_a):
    case, person = case_with_person(raised_by=agency_a)
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(20), rg_on=days_ago(10)
    )
    assert nrm_end_recovery_periods(today=days_ago(-19)) == 0  # day 29: still recovering
    assert nrm_end_recovery_periods(today=days_ago(-20)) == 1  # day 30
    episode.refresh_from_db()
    assert episode.state == "awaiting_cg"
    assert CasePathway.objects.get(case=case, pathway_key="during_nrm").state_key == "awaiting_cg"
    assert nrm_end_recovery_periods(today=days_ago(-21)) == 0


def test_recovery_period_length_comes_from_settings(settings, worker_a, agency_a):
    settings.WAYMARK_NRM_RECOVERY_PERIOD_DAYS = 45
    case, person = case_with_person(raised_by=agency_a)
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(20), rg_on=days_ago(10)
    )
    assert episode.recovery_period_ends_on == days_ago(10) + timedelta(days=45)
    assert next_event(episode).on == episode.recovery_period_ends_on


def test_an_overdue_rg_is_reminded_once(worker_a, agency_a):
    case, person = case_with_person(raised_by=agency_a)
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(20), submitted_on=days_ago(20)
    )
    assert nrm_send_reminders() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [worker_a.email]
    assert case.reference in message.body
    assert person.first_name not in message.body and person.last_name not in message.body
    assert NrmReminder.objects.get(episode=episode).kind == "rg_overdue"
    assert nrm_send_reminders() == 0
    assert nrm_send_reminders(today=days_ago(-1)) == 0
    assert len(mail.outbox) == 1


def test_an_rg_not_yet_overdue_is_not_reminded(worker_a, agency_a):
    case, person = case_with_person(raised_by=agency_a)
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(1), submitted_on=days_ago(1)
    )
    assert nrm_send_reminders(today=episode.rg_expected_on) == 0
    assert nrm_send_reminders(today=episode.rg_expected_on + timedelta(days=1)) == 1


def test_awaiting_cg_alerts_go_once_at_each_configured_age(settings, worker_a, lead, agency_a):
    settings.WAYMARK_NRM_AWAITING_CG_ALERT_DAYS = [100, 200]
    case, person = case_with_person(raised_by=agency_a)
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(150), rg_on=days_ago(140)
    )
    sent = nrm_send_reminders()
    kinds = set(NrmReminder.objects.filter(episode=episode).values_list("kind", flat=True))
    assert kinds == {"recovery_ended", "awaiting_cg_100"}
    assert sent == 2
    recipients = {address for m in mail.outbox for address in m.to}
    assert lead.email in recipients and worker_a.email in recipients
    assert nrm_send_reminders() == 0
    assert nrm_send_reminders(today=days_ago(150) + timedelta(days=200)) == 1
    assert NrmReminder.objects.filter(episode=episode, kind="awaiting_cg_200").exists()


def test_move_on_ending_is_reminded_a_week_before(worker_a, agency_a):
    case, person = case_with_person(raised_by=agency_a)
    episode = episode_rg_positive(
        actor=worker_a, case=case, person=person, submitted_on=days_ago(120), rg_on=days_ago(110)
    )
    nrm_record_cg_decision(
        actor=worker_a, episode=episode, decision="positive_trafficking", decided_on=days_ago(2)
    )
    episode.refresh_from_db()
    assert nrm_send_reminders(today=episode.move_on_ends_on - timedelta(days=8)) == 0
    assert nrm_send_reminders(today=episode.move_on_ends_on - timedelta(days=7)) == 1
    assert NrmReminder.objects.filter(episode=episode, kind="move_on_ending").exists()


# --- Duty to Notify check ---------------------------------------------------------------


def _age(case, days):
    type(case).objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_a_public_authority_case_with_no_nrm_is_flagged_to_the_lead_once(lead, agency_a):
    case = CaseFactory(raised_by=agency_a)  # police
    _age(case, 30)
    assert dtn_check() == 1
    flag = DutyToNotifyFlag.objects.get(case=case)
    assert flag.resolved_at is None
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert case.reference in mail.outbox[0].body
    assert TimelineEvent.objects.filter(
        case=case, description__contains="Duty to Notify check"
    ).exists()
    assert dtn_check() == 0
    assert len(mail.outbox) == 1


def test_the_dtn_check_counts_working_days_from_triage(settings, lead, agency_a):
    settings.WAYMARK_DTN_CHECK_DAYS = 10
    settings.WAYMARK_DTN_CHECK_WORKING_DAYS = True
    case = CaseFactory(raised_by=agency_a)
    _age(case, 0)
    today = timezone.localdate()
    from core.dates import add_working_days

    due = add_working_days(today, 10)
    assert dtn_check(today=due) == 0
    assert dtn_check(today=due + timedelta(days=1)) == 1


def test_a_case_shared_with_a_public_authority_counts(lead, agency_b):
    council = AgencyFactory(name="Housing", agency_type=AgencyType.LOCAL_AUTHORITY)
    charity_only = CaseFactory(raised_by=agency_b)
    shared = CaseFactory(raised_by=agency_b, shared_with=[council])
    _age(charity_only, 60)
    _age(shared, 60)
    dtn_check()
    assert list(DutyToNotifyFlag.objects.values_list("case", flat=True)) == [shared.pk]


def test_a_case_with_a_submitted_referral_is_not_flagged(worker_a, agency_a):
    case, person = case_with_person(raised_by=agency_a)
    episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(2), submitted_on=days_ago(1)
    )
    _age(case, 60)
    assert dtn_check() == 0


def test_the_lead_sees_dtn_flags_on_the_tracker_and_dashboard(client, lead, worker_a, agency_a):
    from django.urls import reverse

    case = CaseFactory(raised_by=agency_a)
    _age(case, 60)
    dtn_check()
    client.force_login(lead)
    assert case.reference in client.get(reverse("referrals:nrm_tracker")).content.decode()
    assert "Duty to Notify check" in client.get(reverse("dashboard")).content.decode()
    client.force_login(worker_a)
    assert (
        "Duty to Notify check" not in client.get(reverse("referrals:nrm_tracker")).content.decode()
    )


def test_the_beat_runs_the_clocks_and_the_chase_hourly(settings):
    from celery import current_app

    import referrals.tasks  # noqa: F401  (registers the tasks)

    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"referrals.run_nrm_clocks", "referrals.chase_service_referrals"} <= schedule
    assert "referrals.run_nrm_clocks" in current_app.tasks
    assert "referrals.chase_service_referrals" in current_app.tasks


def test_the_clock_task_runs_every_check(lead, agency_a):
    from referrals.tasks import run_nrm_clocks

    case = CaseFactory(raised_by=agency_a)
    _age(case, 60)
    assert run_nrm_clocks() == {"recovery_periods_ended": 0, "reminders_sent": 0, "dtn_flags": 1}
