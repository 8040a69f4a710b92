"""The production shape has two database roles: the app's is no superuser."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
INIT_SCRIPT = ROOT / "docker" / "db-init" / "10-waymark-app-role.sh"


def user_of(url: str) -> str:
    return re.match(r"postgres://([^:@]+)", url).group(1)


def test_web_worker_and_beat_connect_as_the_app_role_not_the_owner():
    owner = SERVICES["db"]["environment"]["POSTGRES_USER"]
    for name in ["migrate", "web", "worker", "beat"]:
        assert user_of(SERVICES[name]["environment"]["DATABASE_URL"]) == "waymark_app", name
        assert owner != "waymark_app"


def test_only_migrate_and_the_worker_that_runs_backups_have_the_owner():
    owner = SERVICES["db"]["environment"]["POSTGRES_USER"]
    for name in ["migrate", "worker"]:
        assert user_of(SERVICES[name]["environment"]["MIGRATE_DATABASE_URL"]) == owner, name
    for name in ["web", "beat"]:
        assert "MIGRATE_DATABASE_URL" not in SERVICES[name]["environment"], name


def test_a_new_database_volume_gets_the_app_role_from_an_init_script():
    assert "./docker/db-init:/docker-entrypoint-initdb.d:ro" in SERVICES["db"]["volumes"]
    assert "POSTGRES_APP_PASSWORD" in SERVICES["db"]["environment"]
    script = INIT_SCRIPT.read_text()
    assert INIT_SCRIPT.stat().st_mode & 0o111  # the image runs executable scripts
    create = re.search(r"CREATE ROLE waymark_app ([^;]+);", script).group(1)
    for attribute in ["LOGIN", "NOSUPERUSER", "NOCREATEDB", "NOCREATEROLE", "NOBYPASSRLS"]:
        assert re.search(rf"\b{attribute}\b", create), attribute
    assert "ON_ERROR_STOP=1" in script
