"""python manage.py generate_load_data --cases 100000"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reporting.loaddata import Generator, allowed


class Command(BaseCommand):
    help = (
        "Add synthetic cases (with people, agencies, shares, pathways, NRM episodes and "
        "SERAC meetings) for benchmarks. Only with WAYMARK_DEMO or DEBUG on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="How many cases to add")
        parser.add_argument(
            "--from",
            dest="from",
            type=date.fromisoformat,
            help="First date reported, YYYY-MM-DD (default: three years ago)",
        )
        parser.add_argument(
            "--to",
            dest="to",
            type=date.fromisoformat,
            help="Last date reported, YYYY-MM-DD (default: today)",
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        if not allowed():
            raise CommandError(
                "generate_load_data only runs with WAYMARK_DEMO or DEBUG on: it fills the "
                "database with made-up records."
            )
        if options["cases"] < 1:
            raise CommandError("--cases must be 1 or more")
        started = time.perf_counter()
        try:
            generator = Generator(
                seed=options["seed"],
                start=options["from"],
                end=options["to"],
                report=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        made = generator.make(options["cases"])
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{count:,} {name}" for name, count in made.items())
        self.stdout.write(self.style.SUCCESS(f"Made {summary} in {seconds:.1f} s"))
