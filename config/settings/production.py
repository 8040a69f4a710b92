"""Production settings: base plus the hardening a public deployment needs.

Production refuses to start without its own database, its own secret key, or
with demo mode on.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Checked before base is imported, because base would otherwise start the
# embedded PostgreSQL and Redis meant only for development machines.
for _name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"{_name} must be set in production.")

from .base import *  # noqa: E402, F403
from .base import DEVELOPMENT_SECRET_KEY, SECRET_KEY, WAYMARK_DEMO  # noqa: E402

if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be a long random value of your own.")
if WAYMARK_DEMO:
    raise ImproperlyConfigured("WAYMARK_DEMO must be off in production.")

DEBUG = False
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": STORAGES["default"],  # noqa: F405 - filesystem or S3 (WAYMARK_FILE_STORAGE)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATIC_ROOT = env_str("STATIC_ROOT", "/srv/waymark/static")  # noqa: F405
# The backups volume in docker-compose.yml.
WAYMARK_BACKUP_DIR = Path(env_str("WAYMARK_BACKUP_DIR", "/srv/waymark/backups"))  # noqa: F405
CELERY_BEAT_SCHEDULE_FILENAME = env_str(  # noqa: F405
    "CELERY_BEAT_SCHEDULE_FILENAME", "/srv/waymark/celerybeat-schedule"
)

# TLS is terminated in front of Waymark; trust its header and insist on HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the container health check speaks plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")  # noqa: F405
