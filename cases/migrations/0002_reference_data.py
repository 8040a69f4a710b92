"""Exploitation types and sub-types from the domain guide (administrators may edit them)."""

from django.db import migrations

# (name, Home Office category?, sub-types)
EXPLOITATION_TYPES = [
    (
        "Labour",
        True,
        [
            "Agriculture",
            "Construction",
            "Car wash",
            "Nail bar",
            "Hospitality",
            "Factory / warehouse",
            "Care sector",
            "Debt bondage",
        ],
    ),
    ("Sexual", True, ["Sex work / brothel", "Online sexual exploitation"]),
    (
        "Criminal",
        True,
        [
            "County lines",
            "Cuckooing",
            "Cannabis cultivation",
            "Forced begging",
            "Shoplifting / theft",
            "Benefit fraud",
            "Money muling",
        ],
    ),
    ("Domestic servitude", True, ["Forced marriage"]),
    ("Organ harvesting", True, []),
    ("Financial", False, ["Mate crime"]),
    ("Other", False, []),
    ("Unknown", False, []),
]


def add_reference_data(apps, schema_editor):
    ExploitationType = apps.get_model("cases", "ExploitationType")
    ExploitationSubtype = apps.get_model("cases", "ExploitationSubtype")
    for order, (name, home_office, subtypes) in enumerate(EXPLOITATION_TYPES):
        exploitation_type, _ = ExploitationType.objects.update_or_create(
            name=name, defaults={"is_home_office_category": home_office, "order": order}
        )
        for subtype in subtypes:
            ExploitationSubtype.objects.update_or_create(
                name=subtype, defaults={"exploitation_type": exploitation_type}
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]
