"""Redis is down while concerns come in, from the public form and from a
professional: the concern is saved, and the Lead is told once Redis is back.

Redis here is a real server the test stops (Celery's broker and the cache);
the notification is sent by a real worker once it is back."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Concern, ConcernStatus
from cases.notifications import NEW_CONCERN_SUBJECT, notify_missed_concerns
from tests.cases.test_public_report import REPORT_URL, report
from tests.factories import ConcernFactory
from tests.faults.conftest import wait_for
from tests.faults.mailspool import spooled

pytestmark = pytest.mark.django_db(transaction=True)


def a_while_ago(concern: Concern) -> None:
    # Older than the sweep's grace period, as it would be after a real outage.
    Concern.objects.filter(pk=concern.pk).update(submitted_at=timezone.now() - timedelta(minutes=5))


def lead_told_once_redis_is_back(redis_outage, start_worker, lead, concern) -> None:
    redis_outage.start()
    worker = start_worker()
    a_while_ago(concern)
    notify_missed_concerns.delay()  # as beat queues it every five minutes
    wait_for(lambda: spooled(worker.spool), what="the notification")
    concern.refresh_from_db()
    assert concern.lead_notified_at is not None
    assert [(m["to"], m["subject"]) for m in spooled(worker.spool)] == [
        ([lead.email], NEW_CONCERN_SUBJECT)
    ]


def test_a_public_report_made_while_redis_is_down_is_saved_and_announced_later(
    client, lead, redis_outage, start_worker, caplog
):
    redis_outage.stop()

    with caplog.at_level(logging.WARNING, logger="cases.services.concerns"):
        response = client.post(REPORT_URL, report())

    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.status == ConcernStatus.AWAITING_TRIAGE
    assert concern.lead_notified_at is None
    assert "Could not queue the new-concern notification" in caplog.text
    lead_told_once_redis_is_back(redis_outage, start_worker, lead, concern)


def test_a_professionals_concern_submitted_while_redis_is_down_is_saved_and_announced_later(
    client, worker_a, lead, redis_outage, start_worker
):
    draft = ConcernFactory(
        status=ConcernStatus.DRAFT,
        submitted_at=None,
        reported_by=worker_a,
        reporting_agency=worker_a.agency,
        location_description="Sparkle Car Wash, Foleshill Road",
    )
    client.force_login(worker_a)
    redis_outage.stop()

    response = client.post(f"/cases/concerns/{draft.reference}/check/")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ConcernStatus.AWAITING_TRIAGE
    assert draft.lead_notified_at is None
    lead_told_once_redis_is_back(redis_outage, start_worker, lead, draft)
