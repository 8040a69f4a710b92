"""Read dependent children out of the free text people wrote before children
were recorded one by one.

The text stays in ``dependants_note``. From it, one child is made for each age
given ("two children aged 4 and 7", "son, 12", "a 3-year-old"), or as many
children as a number says ("3 kids") with the age not known, or one child
when children are mentioned at all. Where the text says the children are in
the UK or abroad, or known to children's services, that is recorded too;
otherwise it is left "unknown" for a worker to fill in.
"""

import re

from django.db import migrations

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
CHILD_WORDS = r"(?:child|children|kids?|sons?|daughters?|baby|babies|boys?|girls?|toddler)"
NOT_CHILDREN = re.compile(r"^\s*(?:none|no|n/?a|nil|no children|not known|unknown)\s*\.?\s*$", re.I)
AGES_AFTER_AGED = re.compile(r"\baged?\s+((?:\d{1,2}\s*(?:,|and|&|\s)\s*)*\d{1,2})", re.I)
AGE_YEARS = re.compile(r"\b(\d{1,2})\s*(?:-|\s)?\s*(?:years?|yrs?|y/?o)\b", re.I)
AGE_AFTER_CHILD = re.compile(CHILD_WORDS + r"\s*(?:\(|,)?\s*(\d{1,2})\b", re.I)
COUNT = re.compile(r"\b(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+" + CHILD_WORDS, re.I)
MENTIONS_CHILD = re.compile(r"\b" + CHILD_WORDS + r"\b", re.I)
IN_UK = re.compile(
    r"\b(?:in (?:the )?uk|in england|in coventry|with (?:her|him|them)|lives? with)\b", re.I
)
ABROAD = re.compile(
    r"\b(?:abroad|overseas|back home|in (?!the uk|uk|england|coventry)[A-Z][a-z]+)", re.I
)
CHILDRENS_SERVICES = re.compile(
    r"\b(?:children'?s services|social services|social worker|csc|child protection|"
    r"child in need|looked after)\b",
    re.I,
)


def children_from_text(text: str) -> list[dict]:
    """The children a free-text note describes, each as the fields to store."""
    if not text or NOT_CHILDREN.match(text):
        return []
    ages: list[int] = []
    for match in AGES_AFTER_AGED.finditer(text):
        ages.extend(int(n) for n in re.findall(r"\d{1,2}", match[1]))
    if not ages:
        ages = [int(m[1]) for m in AGE_YEARS.finditer(text)]
    if not ages:
        ages = [int(m[1]) for m in AGE_AFTER_CHILD.finditer(text)]
    ages = [age for age in ages if age < 18]
    if ages:
        count, known_ages = len(ages), ages
    else:
        counted = COUNT.search(text)
        if counted:
            word = counted[1].lower()
            count = int(word) if word.isdigit() else NUMBER_WORDS[word]
        elif MENTIONS_CHILD.search(text):
            count = 1
        else:
            return []
        known_ages = [None] * count
    in_uk = "yes" if IN_UK.search(text) else "no" if ABROAD.search(text) else "unknown"
    known = "yes" if CHILDRENS_SERVICES.search(text) else "unknown"
    return [
        {"age": age, "in_uk": in_uk, "known_to_childrens_services": known}
        for age in known_ages[:20]
    ]


def forwards(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    DependentChild = apps.get_model("cases", "DependentChild")
    people = Person.objects.exclude(dependants_note="").only("pk", "dependants_note")
    for person in people.iterator():
        DependentChild.objects.bulk_create(
            DependentChild(person_id=person.pk, **values)
            for values in children_from_text(person.dependants_note)
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_dependent_children_and_ethnicity")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
