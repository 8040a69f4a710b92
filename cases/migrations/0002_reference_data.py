"""Exploitation types and sub-types from the domain guide (administrators may edit them)."""

from django.db import migrations

from cases.reference_data import ensure_exploitation_types


def add_reference_data(apps, schema_editor):
    ensure_exploitation_types(
        apps.get_model("cases", "ExploitationType"), apps.get_model("cases", "ExploitationSubtype")
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]
