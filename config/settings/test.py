"""Test settings: the real PostgreSQL and Redis (embedded unless given), fast hashing."""

import os

# Embedded servers for tests live apart from the development ones (see embedded.py).
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("WAYMARK_DATA_DIR", os.path.join(_ROOT, ".data", "test"))

import dj_database_url  # noqa: E402

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAYMARK_DEMO = False
# pytest-django creates the test database through "default", so the tests
# connect as the owner (MIGRATE_DATABASE_URL); the app role's limits are
# proven by taking that role (tests/core/test_database_roles.py).
DATABASES["default"] = dj_database_url.parse(  # noqa: F405
    MIGRATE_DATABASE_URL,  # noqa: F405
    conn_max_age=0,
    conn_health_checks=True,
)
DATABASES["default"].setdefault("OPTIONS", {}).update(DATABASE_SESSION_OPTIONS)  # noqa: F405
