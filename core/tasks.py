"""Celery tasks: thin wrappers over the kernel's work, taking ids, never personal data."""

import logging

from celery import shared_task
from django.conf import settings

from core.backups import backup_alert, backup_drill_latest, backup_scheduled
from core.outbox import email_deliver_pending, email_forget_sent

logger = logging.getLogger(__name__)


@shared_task(name="core.deliver_email", ignore_result=True)
def deliver_email() -> int:
    """Send what a dead worker or a refusing mail server left unsent."""
    sent = email_deliver_pending()
    email_forget_sent()
    return sent


@shared_task(name="core.backup_daily", ignore_result=True)
def backup_daily() -> str | None:
    """Make today's archive and keep the last N; email the administrators if it fails."""
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
    return str(result.path)


@shared_task(name="core.backup_drill_weekly", ignore_result=True)
def backup_drill_weekly() -> bool:
    """Restore the newest archive into a scratch database and check it against
    its manifest; email the administrators unless it passes."""
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
