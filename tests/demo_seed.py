"""Run the demo seeders as ``seed_demo`` does, in its order, up to one of them."""

from importlib import import_module

from accounts.management.commands.seed_demo import SEEDERS


def seed_demo_through(last: str) -> None:
    """Run every seeder ``seed_demo`` runs before ``last`` (e.g. "referrals.demo"),
    and ``last`` itself: each relies on what the ones before it made."""
    for module in SEEDERS[: SEEDERS.index(last) + 1]:
        import_module(module).seed()
