"""python manage.py backup --out DIR | backup --verify ARCHIVE"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_create, backup_drill


class Command(BaseCommand):
    help = (
        "Write a backup archive (database, uploaded documents and a manifest) into --out DIR, "
        "or, with --verify ARCHIVE, run the restore drill: restore it into a scratch database, "
        "compare it with its manifest and drop the scratch database."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--out", metavar="DIR", help="directory to write the archive into")
        action.add_argument(
            "--verify", metavar="ARCHIVE", help="restore drill of an archive (pass or fail)"
        )
        parser.add_argument(
            "--identity",
            metavar="FILE",
            help="age identity file that opens an encrypted archive "
            "(default: WAYMARK_BACKUP_IDENTITY_FILE)",
        )

    def handle(self, *args, **options):
        try:
            if options["verify"]:
                self._verify(options["verify"], options["identity"])
            else:
                self._backup(options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from None

    def _backup(self, out_dir):
        result = backup_create(out_dir=out_dir)
        tables = result.manifest["tables"]
        self.stdout.write(
            self.style.SUCCESS(f"Backup written: {result.path}")
            + f"\n  {len(tables)} tables, {sum(tables.values())} rows, "
            f"{len(result.manifest['files'])} files"
            + (
                "\n  encrypted to WAYMARK_BACKUP_ENCRYPTION_KEY"
                if settings.WAYMARK_BACKUP_ENCRYPTION_KEY
                else ""
            )
        )

    def _verify(self, archive, identity):
        result = backup_drill(archive=archive, identity_file=identity)
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if not result.ok:
            self.stderr.write(self.style.ERROR(f"Restore drill FAILED for {archive}:"))
            for difference in result.differences:
                self.stderr.write(f"  - {difference}")
            raise CommandError(f"{len(result.differences)} difference(s) from the manifest")
        self.stdout.write(
            self.style.SUCCESS(f"Restore drill passed for {archive}: ")
            + result.summary()
            + ", every count and checksum as the manifest says. The scratch database was dropped."
        )
