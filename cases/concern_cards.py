"""The people and perpetrators of a concern as summary cards: shown on the
concern pages, and kept as they were at submission (``Concern.sent_snapshot``)."""

from core.dates import long_date
from core.fields import country_name

NOT_GIVEN = "Not given"
NOT_ANSWERED = "Not answered"


def _text(value) -> str:
    if value in (None, "", []):
        return NOT_GIVEN
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def person_card(person) -> dict:
    if person.date_of_birth:
        age = f"Born {long_date(person.date_of_birth)}"
    elif person.estimated_age is not None:
        age = f"About {person.estimated_age}"
    else:
        age = NOT_GIVEN
    return {
        "id": person.pk,
        "title": str(person),
        "rows": [
            ("Other names", _text(person.aliases)),
            ("Date of birth or age", age),
            ("Gender", person.get_gender_display()),
            ("Nationality", _text([country_name(c) for c in person.nationalities])),
            ("Languages", _text(person.languages)),
            ("Needs an interpreter", person.get_interpreter_needed_display() or NOT_ANSWERED),
            ("Safe way to contact them", _text(person.safe_contact_method)),
            ("Safe to leave a message", person.get_safe_to_leave_message_display() or NOT_ANSWERED),
        ],
    }


def perpetrator_card(perpetrator) -> dict:
    return {
        "id": perpetrator.pk,
        "title": str(perpetrator),
        "rows": [
            ("Other names", _text(perpetrator.aliases)),
            ("Gender", perpetrator.get_gender_display()),
            ("Nationality", _text([country_name(c) for c in perpetrator.nationalities])),
            ("Role", perpetrator.get_role_display()),
            ("Description", _text(perpetrator.description)),
        ],
    }


def concern_snapshot(concern) -> dict:
    """What the reporter sent about people and perpetrators, as plain data."""
    return {
        "people": [person_card(p) for p in concern.people.all()],
        "perpetrators": [perpetrator_card(p) for p in concern.perpetrators.all()],
    }
