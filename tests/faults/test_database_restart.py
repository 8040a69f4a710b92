"""PostgreSQL restarts while people are using Waymark."""

import json
import urllib.error
import urllib.request
from unittest import mock

import pytest

from cases.models import CaseNote, TimelineEvent
from cases.services import cases as case_services
from tests.conftest import VerifiedClient
from tests.factories import CaseFactory
from tests.faults.conftest import restart_postgres

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = {"note-text": "Spoke to the manager at the car wash"}


def database_status(url: str) -> str:
    try:
        response = urllib.request.urlopen(url, timeout=30)  # noqa: S310 - the test's own server
    except urllib.error.HTTPError as error:  # 503 while the worker has no heartbeat
        response = error
    return json.loads(response.read())["checks"]["database"]["status"]


def test_after_a_restart_the_next_request_reconnects_instead_of_failing(
    embedded_postgres, gunicorn
):
    # gunicorn keeps its connection from one request to the next; Django
    # checks it before use (CONN_HEALTH_CHECKS) and opens a new one if it died.
    url = f"{gunicorn}/health/"
    assert database_status(url) == "ok"

    restart_postgres(embedded_postgres)

    assert database_status(url) == "ok"
    assert database_status(url) == "ok"


def test_a_save_cut_off_by_a_restart_leaves_nothing_half_written_and_says_so_clearly(
    embedded_postgres, worker_a, agency_a
):
    case = CaseFactory(raised_by=agency_a)
    client = VerifiedClient(raise_request_exception=False)
    client.force_login(worker_a)
    add_note = f"/cases/{case.reference}/notes/add/"
    record_in_timeline = case_services.timeline_add

    def restart_then_record(**kwargs):
        # The note row is written; PostgreSQL restarts before the timeline row.
        restart_postgres(embedded_postgres)
        return record_in_timeline(**kwargs)

    with mock.patch.object(case_services, "timeline_add", restart_then_record):
        response = client.post(add_note, NOTE)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Waymark could not reach its database" in page
    assert "If you were saving something, it was not saved" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert not CaseNote.objects.filter(case=case).exists()
    assert not TimelineEvent.objects.filter(case=case, kind="note").exists()

    # Once PostgreSQL is back the same save works, once.
    response = client.post(add_note, NOTE)
    assert response.status_code == 302
    assert CaseNote.objects.filter(case=case).count() == 1
    assert TimelineEvent.objects.filter(case=case, kind="note").count() == 1


def test_any_other_failure_keeps_the_general_error_page(worker_a, agency_a):
    case = CaseFactory(raised_by=agency_a)
    client = VerifiedClient(raise_request_exception=False)
    client.force_login(worker_a)
    with mock.patch.object(case_services, "timeline_add", side_effect=RuntimeError("a bug")):
        response = client.post(f"/cases/{case.reference}/notes/add/", NOTE)
    assert response.status_code == 500
    assert "Sorry, there is a problem with Waymark" in response.content.decode()
