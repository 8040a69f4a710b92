from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import demo_sign_ins

# Each app with demo data has a ``demo.seed()``; order matters (agencies first).
SEEDERS = [
    "accounts.demo",
    "governance.demo",
    "cases.demo",
    "pathways.demo",
    "referrals.demo",
    "reporting.demo",
    "serac.demo",
]


class Command(BaseCommand):
    help = "Fill Waymark with demo agencies, users and records. Safe to run again."

    def handle(self, *args, **options):
        if not settings.WAYMARK_DEMO:
            raise CommandError(
                "seed_demo only runs with WAYMARK_DEMO on: it creates made-up people "
                "and sign-ins with a known password."
            )
        with transaction.atomic():
            for module in SEEDERS:
                import_module(module).seed()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo sign-ins:"))
        for username, description in demo_sign_ins():
            self.stdout.write(f"  {username:<12} {description}")
        self.stdout.write(f"  password for all: {settings.WAYMARK_DEMO_PASSWORD}")
