"""python manage.py restore ARCHIVE --database-url URL --media-root DIR"""

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and an empty directory, then check "
        "every row count and checksum against the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE")
        parser.add_argument(
            "--database-url",
            required=True,
            metavar="URL",
            help="an empty PostgreSQL database, e.g. postgres://owner:pass@host:5432/waymark",
        )
        parser.add_argument(
            "--media-root",
            required=True,
            metavar="DIR",
            help="an empty (or new) directory for the uploaded documents",
        )
        parser.add_argument(
            "--identity",
            metavar="FILE",
            help="age identity file that opens an encrypted archive "
            "(default: WAYMARK_BACKUP_IDENTITY_FILE)",
        )

    def handle(self, *args, **options):
        try:
            result = backup_restore(
                archive=options["archive"],
                database=options["database_url"],
                media_root=options["media_root"],
                identity_file=options["identity"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if not result.ok:
            self.stderr.write(self.style.ERROR("The restored data does not match the manifest:"))
            for difference in result.differences:
                self.stderr.write(f"  - {difference}")
            raise CommandError(
                f"Restore FAILED: {len(result.differences)} difference(s) from the manifest"
            )
        self.stdout.write(
            self.style.SUCCESS("Restore succeeded: ")
            + result.summary()
            + ", every count and checksum as the manifest says."
        )
