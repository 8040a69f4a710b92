"""Report runs: who may make and download them, the task, progress, and the log."""

import hashlib
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessAction, AccessLogEntry
from reporting.models import ReportRun, RunStatus
from reporting.services import GENERATING_LOCK
from reporting.tasks import generate_report, requeue_waiting_reports
from tests.factories import CaseFactory
from tests.reporting.factories import ReportRunFactory

pytestmark = pytest.mark.django_db

HOME = "/reports/"


def finished_run(**kwargs) -> ReportRun:
    run = ReportRunFactory(**kwargs)
    generate_report(run.pk)
    run.refresh_from_db()
    return run


def test_the_task_makes_a_run_with_its_pdf_snapshot_and_checksum(board_member, agency_a):
    CaseFactory(raised_by=agency_a, date_reported=date(2025, 8, 1))
    run = ReportRunFactory(requested_by=board_member)

    generate_report(run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.finished_at is not None
    content = run.pdf.read()
    assert content.startswith(b"%PDF")
    assert run.checksum == hashlib.sha256(content).hexdigest()
    assert run.snapshot["period"] == {"from": "2025-07-01", "to": "2025-09-30"}
    assert run.snapshot["audience"] == "board"
    # One case is fewer than five: the board's snapshot does not hold it.
    assert run.snapshot["total_cases"] is None


def test_running_the_task_twice_leaves_the_finished_run_alone():
    run = finished_run()
    checksum = run.checksum
    generate_report(run.pk)
    run.refresh_from_db()
    assert run.checksum == checksum


def test_a_board_member_starts_a_board_report_and_is_taken_to_its_progress(
    client, board_member, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("reporting.tasks.generate_report.delay", queued.append)
    client.force_login(board_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(HOME, {"period": "2025-Q3", "audience": "board"})
    run = ReportRun.objects.get()
    assert response.url == run.get_absolute_url()
    assert (run.audience, run.period_code, run.requested_by) == ("board", "2025-Q3", board_member)
    assert queued == [run.pk]

    progress = client.get(run.get_absolute_url())
    assert progress["Refresh"] == "2"
    assert "Waiting to start" in progress.content.decode()


def test_a_board_member_cannot_ask_for_an_internal_report(client, board_member):
    client.force_login(board_member)
    response = client.post(HOME, {"period": "2025-Q3", "audience": "internal"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ReportRun.objects.exists()


def test_dates_i_choose_need_both_dates(client, lead):
    client.force_login(lead)
    response = client.post(HOME, {"period": "custom", "audience": "board"})
    page = response.content.decode()
    assert "Enter the start date" in page and "Enter the end date" in page
    response = client.post(
        HOME,
        {
            "period": "custom",
            "audience": "internal",
            "date_from_0": "1",
            "date_from_1": "1",
            "date_from_2": "2025",
            "date_to_0": "15",
            "date_to_1": "2",
            "date_to_2": "2025",
        },
    )
    run = ReportRun.objects.get()
    assert (run.period_from, run.period_to, run.audience) == (
        date(2025, 1, 1),
        date(2025, 2, 15),
        "internal",
    )


def test_board_members_see_and_download_board_runs_only(client, board_member):
    board_run = finished_run(audience="board")
    internal_run = finished_run(audience="internal")
    public_run = finished_run(audience="public")
    client.force_login(board_member)

    page = client.get(HOME).content.decode()
    assert board_run.get_absolute_url() in page
    assert internal_run.get_absolute_url() not in page
    assert public_run.get_absolute_url() not in page

    for hidden in (internal_run, public_run):
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert (
            client.get(reverse("reporting:run_download", args=[hidden.public_id])).status_code
            == 404
        )
    assert AccessLogEntry.objects.count() == 0


def test_every_download_is_logged(client, board_member):
    run = finished_run(audience="board")
    client.force_login(board_member)
    response = client.get(reverse("reporting:run_download", args=[run.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == run.pdf.open("rb").read()
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.case) == (board_member, AccessAction.DOWNLOAD_PDF, None)
    assert str(run.public_id) in entry.detail


def test_the_lead_sees_runs_for_every_audience(client, lead):
    runs = [finished_run(audience=a) for a in ("internal", "board", "public")]
    client.force_login(lead)
    page = client.get(HOME).content.decode()
    for run in runs:
        assert run.get_absolute_url() in page
    assert (
        client.get(reverse("reporting:run_download", args=[runs[0].public_id])).status_code == 200
    )


def test_a_finished_run_stops_refreshing_and_offers_the_download(client, lead):
    run = finished_run(audience="internal")
    client.force_login(lead)
    response = client.get(run.get_absolute_url())
    assert "Refresh" not in response
    assert reverse("reporting:run_download", args=[run.public_id]) in response.content.decode()


@pytest.mark.parametrize("persona", ["worker_a", "serac_chair", "administrator", "outsider"])
def test_people_who_are_not_lead_or_board_get_404(client, persona, request):
    run = finished_run(audience="board")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(HOME).status_code == 404
    assert client.get(run.get_absolute_url()).status_code == 404
    assert client.get(reverse("reporting:run_download", args=[run.public_id])).status_code == 404
    assert client.get(reverse("reporting:training_list")).status_code == 404


def test_board_members_cannot_open_any_case(client, board_member, agency_a):
    case = CaseFactory(raised_by=agency_a)
    client.force_login(board_member)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_a_board_member_keeps_the_partnership_inputs_out_of_reach(client, board_member):
    client.force_login(board_member)
    for name in ("training_list", "training_add", "training_import", "plan_list", "plan_add"):
        assert client.get(reverse(f"reporting:{name}")).status_code == 404


def test_the_reports_menu_item_is_for_the_lead_and_board(client, lead, board_member, worker_a):
    for user, shown in ((lead, True), (board_member, True), (worker_a, False)):
        client.force_login(user)
        assert ('href="/reports/"' in client.get("/").content.decode()) is shown


@pytest.fixture
def another_worker():
    """A second database session, as a second worker would have."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        yield other


def test_a_run_another_worker_is_making_is_not_made_twice(another_worker):
    run = ReportRunFactory(status=RunStatus.RUNNING, attempts=1)
    another_worker.execute("SELECT pg_advisory_lock(%s, %s)", [GENERATING_LOCK, run.pk])
    generate_report(run.pk)
    run.refresh_from_db()
    assert (run.status, run.checksum, run.attempts) == (RunStatus.RUNNING, "", 1)


def test_a_run_whose_worker_died_is_taken_up_again_at_once():
    # Marked "being generated" a moment ago, but no worker holds its lock.
    run = ReportRunFactory(status=RunStatus.RUNNING, attempts=1)
    generate_report(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.checksum
    assert run.attempts == 2


def test_a_run_whose_worker_keeps_dying_fails_with_the_reason_after_three_attempts():
    run = ReportRunFactory(status=RunStatus.RUNNING, attempts=3)
    generate_report(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "stopped 3 times" in run.error


def test_the_beat_task_queues_runs_whose_worker_died_but_not_those_being_made(
    monkeypatch, another_worker
):
    queued = []
    monkeypatch.setattr("reporting.tasks.generate_report.delay", queued.append)
    orphaned = ReportRunFactory(status=RunStatus.RUNNING, attempts=1)
    being_made = ReportRunFactory(status=RunStatus.RUNNING, attempts=1)
    another_worker.execute("SELECT pg_advisory_lock(%s, %s)", [GENERATING_LOCK, being_made.pk])
    assert requeue_waiting_reports() == 1
    assert queued == [orphaned.pk]


def test_runs_left_waiting_are_queued_again_by_the_beat_task(monkeypatch, settings):
    queued = []
    monkeypatch.setattr("reporting.tasks.generate_report.delay", queued.append)
    old = ReportRunFactory()
    ReportRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=3))
    ReportRunFactory()  # just asked for: its own message is still on the way
    finished_run()
    assert requeue_waiting_reports() == 1
    assert queued == [old.pk]
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reporting.requeue_waiting_reports" in tasks


def test_the_lead_tries_a_failed_run_again_from_the_start(
    client, lead, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("reporting.tasks.generate_report.delay", queued.append)
    run = ReportRunFactory(status=RunStatus.FAILED, attempts=3, error="It took too long.")
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:run_retry", args=[run.public_id]))
    assert response["Location"] == run.get_absolute_url()
    run.refresh_from_db()
    assert (run.status, run.attempts, run.error) == (RunStatus.QUEUED, 0, "")
    assert queued == [run.pk]


def test_only_a_failed_run_can_be_tried_again(client, lead):
    run = finished_run()
    client.force_login(lead)
    response = client.post(reverse("reporting:run_retry", args=[run.public_id]), follow=True)
    assert "Only a report that failed can be tried again" in response.content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
