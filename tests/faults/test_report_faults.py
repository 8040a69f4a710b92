"""WeasyPrint hangs or fails on a report, in a real worker: a time limit stops
it, the run is marked failed with the reason, and the Lead can try again."""

import pytest
from django.urls import reverse

from reporting.models import ReportRun, RunStatus
from reporting.tasks import generate_report
from tests.faults.conftest import wait_for
from tests.reporting.factories import ReportRunFactory

pytestmark = pytest.mark.django_db(transaction=True)


def finished(run) -> ReportRun | None:
    return ReportRun.objects.filter(
        pk=run.pk, status__in=[RunStatus.DONE, RunStatus.FAILED]
    ).first()


def test_a_hanging_pdf_is_stopped_by_the_time_limit_and_the_lead_tries_again(
    start_worker, lead, client
):
    worker = start_worker(fault="hang-while-drawing", WAYMARK_REPORT_TIME_LIMIT_SECONDS=3)
    run = ReportRunFactory(requested_by=lead, audience="internal")
    # Celery sends the limits with the task: these are what a web container
    # with WAYMARK_REPORT_TIME_LIMIT_SECONDS=3 would send. The Lead's retry
    # below is sent from this process with the usual limit.
    generate_report.apply_async([run.pk], soft_time_limit=3, time_limit=33)

    run = wait_for(lambda: finished(run), what="the time limit to stop the report")
    assert run.status == RunStatus.FAILED
    assert run.error == "Making the report took longer than 3 seconds, so it was stopped."
    assert "SoftTimeLimitExceeded" in worker.log_text()
    client.force_login(lead)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "The report could not be made" in page
    assert "took longer than 3 seconds" in page
    assert "Try again" in page

    response = client.post(reverse("reporting:run_retry", args=[run.public_id]))

    assert response["Location"] == run.get_absolute_url()
    run = wait_for(lambda: finished(run), what="the report made on the second try")
    assert run.status == RunStatus.DONE
    assert run.pdf.read().startswith(b"%PDF")


def test_the_time_limit_is_the_setting(settings):
    assert generate_report.soft_time_limit == settings.WAYMARK_REPORT_TIME_LIMIT_SECONDS == 300
    assert generate_report.time_limit > generate_report.soft_time_limit


def test_a_pdf_weasyprint_cannot_draw_fails_with_the_reason_and_only_the_lead_may_retry(
    start_worker, board_member, client
):
    start_worker(fault="fail-while-drawing")
    run = ReportRunFactory(requested_by=board_member, audience="board")

    generate_report.delay(run.pk)

    run = wait_for(lambda: finished(run), what="the report to fail")
    assert run.status == RunStatus.FAILED
    assert run.error == ("The report could not be drawn (RuntimeError). The error has been logged.")
    client.force_login(board_member)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "The report could not be drawn (RuntimeError)" in page
    assert "Ask the Modern Slavery Lead to try again" in page
    assert "Try again</button>" not in page
    assert client.post(reverse("reporting:run_retry", args=[run.public_id])).status_code == 404
    assert ReportRun.objects.get(pk=run.pk).status == RunStatus.FAILED
