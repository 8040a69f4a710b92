"""What the beat tasks run: the daily backup, the weekly drill, and the
email to the administrators when either fails."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from core.backups.archive import BackupResult, backup_archives, backup_create, backup_prune
from core.backups.common import BackupError
from core.backups.restore import RestoreResult, backup_drill

logger = logging.getLogger(__name__)


def backup_scheduled() -> BackupResult:
    """The daily backup: one archive into WAYMARK_BACKUP_DIR, then keep the last N."""
    result = backup_create(out_dir=settings.WAYMARK_BACKUP_DIR)
    backup_prune(out_dir=settings.WAYMARK_BACKUP_DIR, keep=settings.WAYMARK_BACKUP_KEEP)
    return result


def backup_drill_latest() -> tuple[Path, RestoreResult]:
    """The weekly drill, on the newest archive in WAYMARK_BACKUP_DIR."""
    archives = backup_archives(settings.WAYMARK_BACKUP_DIR)
    if not archives:
        raise BackupError(f"There is no backup in {settings.WAYMARK_BACKUP_DIR} to drill")
    return archives[-1], backup_drill(archive=archives[-1])


def alert_recipients() -> list[str]:
    """The system administrators' addresses, and WAYMARK_BACKUP_ALERT_EMAILS,
    which still work when the database is what failed."""
    addresses = list(settings.WAYMARK_BACKUP_ALERT_EMAILS)
    with contextlib.suppress(Exception):
        # System administrators are the staff users (accounts.services sets
        # is_staff from the role); the kernel does not import accounts.
        addresses += list(
            get_user_model()
            .objects.filter(is_active=True, is_staff=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return sorted(set(addresses))


def backup_alert(*, subject: str, body: str) -> int:
    """Email the administrators straight away (not through the outbox: the
    database may be what failed). Returns how many were emailed."""
    from django.core.mail import send_mail

    recipients = alert_recipients()
    if not recipients:
        logger.error("No administrator to tell: %s", subject)
        return 0
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception:
        logger.exception("Could not email the administrators: %s", subject)
        return 0
    return len(recipients)


def backup_run_daily() -> Path | None:
    """The daily beat task: make today's archive and keep the last N; email
    the administrators if that fails. Returns the archive, or None."""
    try:
        result = backup_scheduled()
    except Exception as error:
        logger.exception("The daily backup failed")
        backup_alert(
            subject="Waymark: the daily backup failed",
            body=(
                f"Waymark could not make its daily backup into {settings.WAYMARK_BACKUP_DIR}.\n\n"
                f"What went wrong: {error}\n\n"
                "Until this is fixed there is no new backup. Check the worker's log, fix the "
                "cause and run `python manage.py backup --out DIR` to make one now.\n"
            ),
        )
        return None
    return result.path


def backup_run_weekly_drill() -> bool:
    """The weekly beat task: the restore drill of the newest archive; email the
    administrators unless it passes. Returns whether it passed."""
    try:
        archive, result = backup_drill_latest()
    except Exception as error:
        logger.exception("The weekly restore drill could not run")
        backup_alert(
            subject="Waymark: the weekly restore drill failed",
            body=f"The weekly restore drill could not run.\n\nWhat went wrong: {error}\n",
        )
        return False
    if result.ok:
        logger.info("Restore drill passed for %s: %s", archive.name, result.summary())
        return True
    logger.error("Restore drill failed for %s: %s", archive.name, "; ".join(result.differences))
    backup_alert(
        subject="Waymark: the weekly restore drill failed",
        body=(
            f"The restore drill of {archive.name} found differences from its manifest:\n\n"
            + "\n".join(f"- {line}" for line in result.differences)
            + "\n\nThe backup may not restore what Waymark holds. Investigate before relying "
            "on it.\n"
        ),
    )
    return False
