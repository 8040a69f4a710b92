"""Which role Waymark connects as, and which one migrates."""

import json
import subprocess
import sys

from django.db import connection

from core.database_roles import connected_as_owner
from tests.config.test_settings import ROOT, clean_environment

SHOW = (
    "import json; from config.settings import base as s; print(json.dumps("
    "[s.DATABASES['default']['USER'], s.WAYMARK_DATABASE_APP_ROLE, s.MIGRATE_DATABASE_URL]))"
)


def base_settings(**environment):
    env = clean_environment()
    env.pop("MIGRATE_DATABASE_URL", None)
    env.update(environment)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_one_role_database_migrates_through_database_url():
    url = "postgres://waymark@db.invalid/waymark"
    assert base_settings(DATABASE_URL=url) == ["waymark", "waymark", url]


def test_with_two_roles_waymark_connects_as_the_app_and_migrates_as_the_owner():
    owner = "postgres://waymark:owner-secret@db.invalid/waymark"
    found = base_settings(
        DATABASE_URL="postgres://waymark_app:app-secret@db.invalid/waymark",
        MIGRATE_DATABASE_URL=owner,
    )
    assert found == ["waymark_app", "waymark_app", owner]


def test_migrate_switches_to_the_owner_for_the_run_and_back(settings):
    # No database access: the connection is only configured, never opened.
    settings.MIGRATE_DATABASE_URL = "postgres://the_owner:secret@owner.invalid:5433/ignored"
    config = connection.settings_dict
    keys = ("NAME", "USER", "PASSWORD", "HOST", "PORT")
    before = {key: config[key] for key in keys}
    with connected_as_owner("default"):
        assert config["USER"] == "the_owner" and config["HOST"] == "owner.invalid"
        assert config["PORT"] == 5433 and config["PASSWORD"] == "secret"
        assert config["NAME"] == before["NAME"]  # the owner works on the same database
    assert {key: config[key] for key in keys} == before
