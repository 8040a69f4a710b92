"""``migrate`` as the owner of the tables (``MIGRATE_DATABASE_URL``).

Waymark itself connects as a role that owns nothing and may not change the
schema, so migrations switch the connection to the owner for the run. The
grants that follow every migrate (core.database_roles) run in the same
connection, as the owner.
"""

from django.core.management.commands.migrate import Command as DjangoMigrateCommand

from core.database_roles import connected_as_owner


class Command(DjangoMigrateCommand):
    help = DjangoMigrateCommand.help + " Connects as MIGRATE_DATABASE_URL (the tables' owner)."

    def handle(self, *args, **options):
        with connected_as_owner(options["database"]):
            return super().handle(*args, **options)
