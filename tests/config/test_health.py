import json
import time

import pytest
from celery.contrib.testing.worker import start_worker

from config import celery_app
from config.health import HEARTBEAT_KEY, heartbeat, redis_client

pytestmark = pytest.mark.django_db


def read_health(client):
    response = client.get("/health/")
    return response.status_code, json.loads(response.content)


# Transactional: the worker's Django fix-up closes database connections as it starts.
@pytest.mark.django_db(transaction=True)
def test_health_is_ok_once_a_real_worker_has_run_the_heartbeat(client):
    redis_client().delete(HEARTBEAT_KEY)
    status, body = read_health(client)
    assert status == 503
    assert body["checks"]["worker"]["status"] == "failing"

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        heartbeat.delay()
        deadline = time.monotonic() + 20
        while redis_client().get(HEARTBEAT_KEY) is None and time.monotonic() < deadline:
            time.sleep(0.1)

    status, body = read_health(client)
    assert body["checks"] == {
        "database": {"status": "ok", "detail": "ok"},
        "redis": {"status": "ok", "detail": "ok"},
        "worker": {"status": "ok", "detail": "ok"},
    }
    assert status == 200


def test_a_stale_heartbeat_means_the_worker_is_failing(client, settings):
    redis_client().set(HEARTBEAT_KEY, time.time() - settings.WAYMARK_HEARTBEAT_MAX_AGE_SECONDS - 5)
    status, body = read_health(client)
    assert status == 503
    assert body["checks"]["worker"]["status"] == "failing"
    assert "seconds ago" in body["checks"]["worker"]["detail"]


def test_redis_down_turns_health_503_and_says_why(client, settings):
    heartbeat()
    # Nothing listens on port 1: the same as Redis having stopped.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    status, body = read_health(client)
    assert status == 503
    assert body["status"] == "failing"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["redis"]["detail"].startswith("redis unavailable")
    assert body["checks"]["worker"]["status"] == "failing"


def test_health_needs_no_sign_in_and_is_never_cached(client):
    response = client.get("/health/")
    assert response.status_code in (200, 503)
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
