import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "3v!q8Zp#tL0w@Rk9%yB2^nD5&hF7*jM1(sX4)cV6_gQ8+uE0-aW2=iO3"


def clean_environment() -> dict:
    """This process's environment without Waymark's or the browser tests' settings."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("WAYMARK") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }


def import_production_settings(**environment):
    """Import production settings in a fresh interpreter; return (exit code, stderr)."""
    env = clean_environment()
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        env.pop(name, None)
    env.update(environment)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", "import config.settings.production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, result.stderr


PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://waymark@db.invalid/waymark",
    "REDIS_URL": "redis://redis.invalid:6379/0",
    "ALLOWED_HOSTS": "waymark.example.org",
    "SECRET_KEY": GOOD_KEY,
}


def test_production_settings_load_with_their_own_secrets():
    code, stderr = import_production_settings(**PRODUCTION_ENV)
    assert code == 0, stderr


def test_production_refuses_the_development_secret_key():
    from config.settings.base import DEVELOPMENT_SECRET_KEY

    code, stderr = import_production_settings(
        **{**PRODUCTION_ENV, "SECRET_KEY": DEVELOPMENT_SECRET_KEY}
    )
    assert code != 0
    assert "SECRET_KEY must be a long random value" in stderr


def test_production_refuses_demo_mode():
    code, stderr = import_production_settings(**{**PRODUCTION_ENV, "WAYMARK_DEMO": "1"})
    assert code != 0
    assert "WAYMARK_DEMO must be off in production" in stderr


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL", "SECRET_KEY"])
def test_production_refuses_to_fall_back_to_embedded_servers_or_defaults(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    code, stderr = import_production_settings(**env)
    assert code != 0
    assert f"{missing} must be set in production" in stderr


def test_production_settings_pass_the_deployment_checklist():
    env = clean_environment()
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="config.settings.production")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def production_value(expression: str, **environment) -> tuple[int, str, str]:
    """Evaluate ``expression`` with production settings loaded in a fresh interpreter."""
    env = clean_environment()
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        env.pop(name, None)
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="config.settings.production")
    env.update(environment)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"from django.core.files.storage import storages; print({expression})"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    return result.returncode, result.stdout.strip(), result.stderr


def test_uploaded_files_go_to_the_filesystem_unless_s3_is_chosen():
    code, out, err = production_value("settings.STORAGES['default']['BACKEND']")
    assert (code, out) == (0, "django.core.files.storage.FileSystemStorage"), err


def test_s3_storage_keeps_documents_private_in_the_named_bucket():
    code, out, err = production_value(
        "type(storages['default']).__name__, settings.STORAGES['default']['OPTIONS']",
        WAYMARK_FILE_STORAGE="s3",
        WAYMARK_S3_BUCKET="waymark-documents",
        WAYMARK_S3_ENDPOINT_URL="https://s3.example.org",
    )
    assert code == 0, err
    assert out.startswith("S3Storage ")
    for option in (
        "'bucket_name': 'waymark-documents'",
        "'endpoint_url': 'https://s3.example.org'",
        "'default_acl': 'private'",
        "'querystring_auth': True",
        "'file_overwrite': False",
    ):
        assert option in out


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"WAYMARK_FILE_STORAGE": "s3"}, "WAYMARK_S3_BUCKET must be set"),
        ({"WAYMARK_FILE_STORAGE": "ftp"}, "WAYMARK_FILE_STORAGE must be filesystem or s3"),
    ],
)
def test_a_file_storage_setting_that_cannot_work_stops_start_up(environment, message):
    code, _, err = production_value("1", **environment)
    assert code != 0
    assert message in err
