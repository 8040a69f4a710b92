"""``python manage.py import_cases FILE [--dry-run] [--actor USERNAME]``.

Imports an existing modern slavery spreadsheet (CSV or .xlsx); the format is
in docs/import-format.md and the logic in cases.services.importing.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cases.services.importing import import_cases
from core.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Import cases from a spreadsheet (CSV or .xlsx). Every row is checked first: "
        "with any error nothing is written. Importing the same file again updates "
        "cases matched by reference."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .csv or .xlsx file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and say what would happen, writing nothing",
        )
        parser.add_argument(
            "--actor",
            metavar="USERNAME",
            help="the user the timeline names as importing (default: the system)",
        )

    def handle(self, *args, file, dry_run, actor, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file {file}")
        user = None
        if actor:
            User = get_user_model()
            try:
                user = User.objects.get(username=actor)
            except User.DoesNotExist:
                raise CommandError(f"There is no user with the username {actor}") from None

        try:
            result = import_cases(
                content=path.read_bytes(), file_name=path.name, actor=user, dry_run=dry_run
            )
        except ServiceError as error:
            raise CommandError(str(error)) from None
        if result.errors:
            count = len(result.errors)
            lines = [
                f"{path.name}: {count} error{'s' if count != 1 else ''}, nothing was imported:",
                *(f"  {issue}" for issue in result.errors),
            ]
            if result.warnings:
                lines.append("Warnings:")
                lines.extend(f"  {issue}" for issue in result.warnings)
            raise CommandError("\n".join(lines))

        for line in result.report_lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS("Import complete."))
