"""Test settings: the real PostgreSQL and Redis (embedded unless given), fast hashing."""

import os

# Embedded servers for tests live apart from the development ones (see embedded.py).
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("WAYMARK_DATA_DIR", os.path.join(_ROOT, ".data", "test"))

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAYMARK_DEMO = False
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
