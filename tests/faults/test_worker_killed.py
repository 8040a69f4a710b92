"""A Celery worker killed in the middle of its work: the task runs again and
nothing is lost or repeated.

The worker is real (``celery worker``, prefork pool, acks late) and is
killed with SIGKILL from inside the task, at the worst moment."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import OutboundEmail
from pathways.models import CasePathway
from pathways.services import pathway_start
from pathways.tasks import send_reminders
from reporting.models import ReportRun, RunStatus
from reporting.services import report_runs_requeue_waiting
from reporting.tasks import generate_report
from tests.factories import CaseFactory, UserFactory
from tests.faults.conftest import wait_for
from tests.faults.mailspool import spooled
from tests.reporting.factories import ReportRunFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reminders_due(lead, agency_a, worker_a, worker_b):
    """Two pathway steps needing a reminder, each to the three people of agency A
    (agency B's worker must get nothing)."""
    UserFactory(username="colleague.one", agency=agency_a)
    UserFactory(username="colleague.two", agency=agency_a)
    today = timezone.localdate()
    for due_on in (today, today - timedelta(days=3)):
        case = CaseFactory(raised_by=agency_a)
        on = pathway_start(actor=lead, case=case, pathway_key="initial_identification")
        CasePathway.objects.filter(pk=on.pk).update(due_on=due_on)
    return sorted(
        ["worker.a@waymark.example", "colleague.one@waymark.example"]
        + ["colleague.two@waymark.example"]
    )


def test_a_worker_killed_between_two_reminder_emails_sends_each_email_exactly_once(
    start_worker, reminders_due, worker_b
):
    worker = start_worker(fault="kill-at-second-email")

    send_reminders.delay()

    # Two reminders, three recipients each: six emails in the end.
    wait_for(lambda: len(spooled(worker.spool)) >= 6, what="the reminder emails")
    wait_for(
        lambda: not OutboundEmail.objects.filter(sent_at=None).exists(), what="the outbox to empty"
    )
    assert "Process 'ForkPoolWorker" in worker.log_text() and "SIGKILL" in worker.log_text()
    sent = Counter((message["to"][0], message["subject"]) for message in spooled(worker.spool))
    assert all(times == 1 for times in sent.values()), sent
    assert sorted(to for to, _ in sent) == sorted(reminders_due * 2)
    assert worker_b.email not in {to for to, _ in sent}
    assert {subject.split()[-1] for _, subject in sent} == {"today", "overdue"}
    assert CasePathway.objects.filter(due_reminded_at=None, overdue_reminded_at=None).count() == 0


def test_a_report_run_whose_worker_is_killed_while_drawing_is_made_by_the_next_one(
    start_worker, board_member
):
    worker = start_worker(fault="kill-while-drawing")
    run = ReportRunFactory(requested_by=board_member)

    generate_report.delay(run.pk)

    run = wait_for(
        lambda: ReportRun.objects.filter(pk=run.pk, status=RunStatus.DONE).first(),
        what="the report to be made again",
    )
    assert "SIGKILL" in worker.log_text()
    assert run.attempts == 2
    assert run.pdf.read().startswith(b"%PDF")


def test_a_run_left_generating_by_a_worker_that_died_entirely_is_picked_up_by_the_sweep(
    start_worker, board_member
):
    first = start_worker(fault="kill-worker-while-drawing")
    run = ReportRunFactory(requested_by=board_member)
    generate_report.delay(run.pk)
    first.process.wait(timeout=120)
    # Nobody is left to hand the task out again: the run says "being generated".
    assert ReportRun.objects.get(pk=run.pk).status == RunStatus.RUNNING

    start_worker()
    assert report_runs_requeue_waiting() == 1

    run = wait_for(
        lambda: ReportRun.objects.filter(pk=run.pk, status=RunStatus.DONE).first(),
        what="the sweep's run to finish",
    )
    assert run.attempts == 2 and run.checksum
