"""List (and queue for the Lead's review) the closed cases due for retention review."""

from django.conf import settings
from django.core.management.base import BaseCommand

from governance.services import retention_find_due


class Command(BaseCommand):
    help = (
        "List closed cases due for retention review (closed WAYMARK_RETENTION_YEARS ago, "
        "or kept until a review date now reached; never those on legal hold) and put them "
        "in the Lead's queue at /governance/retention/. --dry-run only lists them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due without queueing it."
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        due = retention_find_due(dry_run=dry_run)
        for case in due:
            self.stdout.write(f"{case.reference}\tclosed {case.closed_on:%Y-%m-%d}")
        verb = "due (dry run, nothing queued)" if dry_run else "due and in the review queue"
        self.stdout.write(
            f"{len(due)} case(s) {verb}; retention is {settings.WAYMARK_RETENTION_YEARS} years."
        )
