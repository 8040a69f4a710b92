"""Exploitation types and sub-types from docs/domain.md.

Administrators may add to them; these are made sure of after every migrate
(and after a test database flush), never overwritten beyond name and order.
"""

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


def ensure_exploitation_types(exploitation_type_model, subtype_model) -> None:
    for order, (name, home_office, subtypes) in enumerate(EXPLOITATION_TYPES):
        exploitation_type, _ = exploitation_type_model.objects.update_or_create(
            name=name, defaults={"is_home_office_category": home_office, "order": order}
        )
        for subtype in subtypes:
            subtype_model.objects.get_or_create(
                name=subtype, defaults={"exploitation_type": exploitation_type}
            )
