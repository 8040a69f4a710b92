"""The NRM prompt sheet: what the Home Office's online NRM referral form asks,
answered from the case where Waymark knows, with every gap marked.

The online form cannot be saved and times out after an hour, so a First
Responder prints this before starting it. Sections follow the online form's
order: First Responder, consent, the potential victim, exploitation,
exploiters, police, support needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from cases.permissions import can_see_perpetrators
from cases.screening import SCREENING_TEXT
from cases.templatetags.case_tags import country_names
from core.dates import long_date
from referrals.models import NrmEpisode


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str  # "" means Waymark does not know: the sheet marks the gap


def _yes_no(value: str) -> str:
    return {"yes": "Yes", "no": "No"}.get(value, "")


def _age(person) -> str:
    if person.date_of_birth:
        today = timezone.localdate()
        born = person.date_of_birth
        years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return f"{long_date(born)} (age {years})"
    if person.estimated_age is not None:
        return f"Not known; estimated age {person.estimated_age}"
    return ""


def prompt_sheet_context(*, case, person, user) -> dict:
    episode = (
        NrmEpisode.objects.filter(case=case, person=person)
        .select_related("first_responder_agency")
        .order_by("-created_at")
        .first()
    )
    agency = getattr(user, "agency", None)
    types = ", ".join(t.name for t in case.exploitation_types.all())
    subtypes = ", ".join(
        [s.name for s in case.exploitation_subtypes.all()] + list(case.other_subtypes)
    )
    locations = list(case.locations.all())
    uk_places = "; ".join(
        ", ".join(filter(None, [loc.description, loc.get_premises_type_display(), loc.ward]))
        for loc in locations
        if not loc.is_overseas
    )
    overseas = "; ".join(
        loc.description or country_names([loc.country]) for loc in locations if loc.is_overseas
    )
    where = (
        "Both in the UK and overseas"
        if uk_places and overseas
        else "UK"
        if uk_places
        else "Overseas"
        if overseas
        else ""
    )
    screening = [
        SCREENING_TEXT.get(a.question, a.question) + (f" ({a.note})" if a.note else "")
        for a in case.screening_answers.filter(answer="yes")
    ]
    sections = [
        (
            "1. About you (the First Responder)",
            [
                Answer("First Responder organisation", agency.name if agency else ""),
                Answer("Your name", user.get_full_name()),
                Answer("Your job title", user.job_title),
                Answer("Your email address", user.email),
                Answer("Your phone number", ""),
                Answer("Waymark case reference (for your notes, not the form)", case.reference),
            ],
        ),
        (
            "2. Consent",
            [
                Answer(
                    "Has the adult consented to the NRM referral?",
                    episode.get_consent_referral_display()
                    if episode and episode.consent_referral
                    else "",
                ),
                Answer(
                    "Date consent was given",
                    f"{long_date(episode.consent_referral_on)}"
                    if episode and episode.consent_referral_on
                    else "",
                ),
                Answer(
                    "Consent to support through the Modern Slavery Victim Care Contract",
                    _yes_no(episode.consent_vcc_support) if episode else "",
                ),
                Answer(
                    "Consent to being contacted by the police",
                    _yes_no(episode.consent_police_contact) if episode else "",
                ),
                Answer(
                    "Was an interpreter used?", _yes_no(episode.interpreter_used) if episode else ""
                ),
            ],
        ),
        (
            "3. The potential victim",
            [
                Answer("Full name", person.full_name),
                Answer("Other names used", ", ".join(person.aliases)),
                Answer("Date of birth or age", _age(person)),
                Answer(
                    "Gender", person.get_gender_display() if person.gender != "not_recorded" else ""
                ),
                Answer("Nationality", country_names(person.nationalities)),
                Answer("Languages spoken", ", ".join(person.languages)),
                Answer("Interpreter needed", _yes_no(person.interpreter_needed)),
                Answer("Safe way to contact them", person.safe_contact_method),
                Answer("Safe to leave a message?", _yes_no(person.safe_to_leave_message)),
                Answer(
                    "Immigration status",
                    person.get_immigration_status_display()
                    if person.immigration_status != "unknown"
                    else "",
                ),
                Answer("Dependants (children or others)", person.dependants),
                Answer("Pregnant", _yes_no(person.pregnant)),
                Answer(
                    "Disability or health condition", _yes_no(person.disability_or_health_condition)
                ),
                Answer("Care and support needs", _yes_no(person.care_and_support_needs)),
                Answer("Current address", ""),
            ],
        ),
        (
            "4. The exploitation",
            [
                Answer("Type of exploitation", types),
                Answer("More detail (sub-types)", subtypes),
                Answer("Where it happened (UK, overseas or both)", where),
                Answer("Places in the UK", uk_places),
                Answer("Countries overseas", overseas),
                Answer("When it started and whether it is still happening", ""),
                Answer("How they were recruited and moved", ""),
                Answer(
                    "What happened (the case summary: take their own account too)", case.summary
                ),
                Answer("Indicators you saw (screening answered Yes)", "; ".join(screening)),
            ],
        ),
    ]
    if can_see_perpetrators(user):
        perpetrators = [
            ", ".join(
                filter(
                    None,
                    [
                        link.perpetrator.first_name + " " + link.perpetrator.last_name,
                        link.get_role_display(),
                        link.perpetrator.get_gender_display(),
                        country_names(link.perpetrator.nationalities),
                    ],
                )
            ).strip(", ")
            for link in case.case_perpetrators.select_related("perpetrator")
        ]
        sections.append(
            (
                "5. Suspected exploiters",
                [Answer("Names, roles, gender and nationality", "; ".join(perpetrators))],
            )
        )
    sections += [
        (
            "6. Police",
            [
                Answer("Have the police been told? Crime reference number", ""),
                Answer(
                    "Police force", agency.name if agency and agency.agency_type == "police" else ""
                ),
            ],
        ),
        (
            "7. Support needs now",
            [
                Answer(
                    "Is the person in immediate danger?",
                    case.get_is_emergency_display() if case.is_emergency != "unknown" else "",
                ),
                Answer("Do they need safe accommodation now?", ""),
                Answer("No recourse to public funds", _yes_no(person.no_recourse_to_public_funds)),
                Answer("Safeguarding referrals already made", ""),
            ],
        ),
    ]
    gaps = sum(1 for _, answers in sections for a in answers if not a.answer.strip())
    return {
        "title": "NRM referral prompt sheet",
        "case": case,
        "person": person,
        "sections": sections,
        "gaps": gaps,
        "printed_at": timezone.localtime(),
        "printed_by": user,
    }
