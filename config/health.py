"""Health check and the Celery heartbeat it reads.

Beat schedules ``heartbeat`` every 30 seconds; a worker running it stamps the
time in Redis. ``/health/`` reports the database, Redis and the worker (from
the age of that stamp), 200 when all three are ok and 503 otherwise.
"""

import time

import redis
from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

HEARTBEAT_KEY = "waymark:celery-heartbeat"


def redis_client() -> redis.Redis:
    # Short timeouts: a health check that hangs is as bad as one that fails.
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


@shared_task(name="config.health.heartbeat", ignore_result=True)
def heartbeat() -> None:
    redis_client().set(HEARTBEAT_KEY, time.time())


@worker_ready.connect
def stamp_heartbeat_when_worker_starts(**kwargs) -> None:
    # Healthy from the moment a worker is up, not only after beat's first tick.
    heartbeat()


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "not ok"
        return False, f"database unavailable: {error.__class__.__name__}"
    return True, "ok"


def check_redis() -> tuple[bool, str]:
    try:
        redis_client().ping()
    except Exception as error:  # noqa: BLE001
        return False, f"redis unavailable: {error.__class__.__name__}"
    return True, "ok"


def check_worker() -> tuple[bool, str]:
    try:
        stamp = redis_client().get(HEARTBEAT_KEY)
    except Exception:  # noqa: BLE001
        return False, "worker unknown: redis unavailable"
    if stamp is None:
        return False, "no heartbeat from a worker yet"
    age = time.time() - float(stamp)
    if age > settings.WAYMARK_HEARTBEAT_MAX_AGE_SECONDS:
        return False, f"last worker heartbeat {int(age)} seconds ago"
    return True, "ok"


@login_not_required
@require_GET
@never_cache
def health(request):
    checks = {
        "database": check_database(),
        "redis": check_redis(),
        "worker": check_worker(),
    }
    healthy = all(ok for ok, _ in checks.values())
    body = {
        "status": "ok" if healthy else "failing",
        "checks": {
            name: {"status": "ok" if ok else "failing", "detail": detail}
            for name, (ok, detail) in checks.items()
        },
    }
    return JsonResponse(body, status=200 if healthy else 503)
