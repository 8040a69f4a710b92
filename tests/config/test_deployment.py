"""The production shape in docker-compose.yml and the Dockerfile, read without
Docker (CI also runs `docker compose config -q` where the Docker CLI is)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["web", "worker", "beat"]


def command_of(service: dict) -> str:
    command = service.get("command") or ""
    return command if isinstance(command, str) else " ".join(command)


def test_migrations_run_once_in_a_one_shot_service_and_nowhere_else():
    migrate = SERVICES["migrate"]
    assert command_of(migrate) == "python manage.py migrate --noinput"
    assert migrate["restart"] == "no"
    for name, service in SERVICES.items():
        if name != "migrate":
            assert "migrate" not in command_of(service), name


def test_web_worker_and_beat_start_only_after_migrate_has_finished():
    for name in APP_SERVICES:
        depends_on = SERVICES[name]["depends_on"]
        assert depends_on["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends_on["db"] == {"condition": "service_healthy"}, name
        assert depends_on["redis"] == {"condition": "service_healthy"}, name


def test_the_worker_that_runs_the_backups_keeps_them_on_their_own_volume():
    assert "backups:/srv/waymark/backups" in SERVICES["worker"]["volumes"]
    assert "media:/srv/waymark/media" in SERVICES["worker"]["volumes"]
    assert "backups" in COMPOSE["volumes"]
    assert "backups" not in str(SERVICES["web"].get("volumes"))  # only the worker needs them


def test_the_image_has_pg_dump_for_the_postgresql_it_runs_with():
    server_major = re.fullmatch(r"postgres:(\d+)", SERVICES["db"]["image"]).group(1)
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"ARG PG_MAJOR={server_major}" in dockerfile
    assert "postgresql-client-${PG_MAJOR}" in dockerfile


def test_ci_checks_the_compose_file_where_docker_is_installed():
    assert "docker compose config -q" in (ROOT / ".ci" / "run").read_text()
