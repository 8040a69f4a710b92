"""How a concern gets in: the public report, and a professional's draft until submitted.

Every write is here. Functions take keyword-only arguments, ``actor`` first
(None for a member of the public), and run in one transaction. Submitting
queues the Modern Slavery Lead's notification after the transaction commits;
a broker that is down never loses the concern (see ``_queue_lead_notification``).
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

import pghistory
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from accounts.models import AgencyType
from cases.choices import PremisesType, ReferringAgencyType
from cases.concern_cards import concern_snapshot
from cases.models import (
    Concern,
    ConcernSource,
    ConcernStatus,
    Perpetrator,
    Person,
    ScreeningAnswer,
)
from cases.permissions import can_report_concern
from cases.screening import SCREENING_KEYS
from cases.services.common import next_reference
from core.errors import ServiceError

logger = logging.getLogger(__name__)

# Public reports from one address allowed per window. The count is of saved
# concerns, so the limit holds across restarts and every web process.
DEFAULT_PUBLIC_REPORT_LIMIT = 5
DEFAULT_PUBLIC_REPORT_WINDOW_MINUTES = 60

CONCERN_PREFIX = "CN"

# What a broker that is down or unreachable raises when a task is queued.
BROKER_ERRORS = (KombuError, RedisError, OSError)


class PublicReportRateLimited(ServiceError):
    """Too many public reports from one address."""


class ConcernIncomplete(ServiceError):
    """Submitted before the required answers were given; ``problems`` says which."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems))


def public_report_limit() -> tuple[int, timedelta]:
    limit = getattr(settings, "WAYMARK_PUBLIC_REPORT_LIMIT", DEFAULT_PUBLIC_REPORT_LIMIT)
    minutes = getattr(
        settings, "WAYMARK_PUBLIC_REPORT_WINDOW_MINUTES", DEFAULT_PUBLIC_REPORT_WINDOW_MINUTES
    )
    return limit, timedelta(minutes=minutes)


# --- Notification -----------------------------------------------------------------


def _send_lead_notification(concern_id: int) -> None:
    from cases.notifications import notify_new_concern

    try:
        notify_new_concern.delay(concern_id)
    except BROKER_ERRORS as error:
        # The concern is already committed and waits in the triage queue; only
        # the email is missed, and the overdue-triage sweep will catch it.
        logger.warning(
            "Could not queue the new-concern notification for concern %s (%s: %s)",
            concern_id,
            error.__class__.__name__,
            error,
        )


def _queue_lead_notification(concern: Concern) -> None:
    # robust: any other failure is logged, never turned into an error page for
    # someone whose concern has already been saved.
    transaction.on_commit(partial(_send_lead_notification, concern.pk), robust=True)


# --- Public report ----------------------------------------------------------------


def _lock_address(address: str) -> None:
    """Serialise public reports from one address, so a burst cannot slip past the limit."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"public-report:{address}"])


@transaction.atomic
def public_concern_submit(
    *,
    address: str | None,
    what_happened: str,
    location_description: str = "",
    ward: str = "",
    seen_on: date | None = None,
    people_description: str = "",
    exploitation_types=(),
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
) -> Concern:
    """Save a member of the public's report, awaiting triage, and tell the Lead.

    It takes no actor: a public report is anonymous even when someone signed
    in uses the form. ``address`` is kept for rate limiting only.
    """
    if not what_happened.strip():
        raise ServiceError("Enter what you saw or heard")
    if address:
        limit, window = public_report_limit()
        _lock_address(address)
        recent = Concern.objects.filter(
            source=ConcernSource.PUBLIC,
            submitted_from=address,
            submitted_at__gte=timezone.now() - window,
        ).count()
        if recent >= limit:
            raise PublicReportRateLimited(
                f"Your report was not sent, because {limit} reports have already been sent "
                "from your internet connection in the last hour. This limit stops misuse "
                "of the form. Please try again later. If someone is in immediate danger, "
                "call 999."
            )
    now = timezone.now()
    concern = Concern.objects.create(
        reference=next_reference(prefix=CONCERN_PREFIX, on=timezone.localdate(now)),
        source=ConcernSource.PUBLIC,
        status=ConcernStatus.AWAITING_TRIAGE,
        referring_agency_type=ReferringAgencyType.PUBLIC,
        what_happened=what_happened.strip(),
        location_description=location_description,
        ward=ward,
        seen_on=seen_on,
        people_description=people_description,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
        reporter_email=reporter_email,
        submitted_at=now,
        submitted_from=address or None,
    )
    if exploitation_types:
        concern.exploitation_types.set(exploitation_types)
    _queue_lead_notification(concern)
    return concern


@transaction.atomic
def public_concern_forget_addresses(*, older_than: timedelta | None = None) -> int:
    """Blank the address of public reports once rate limiting no longer needs it
    (a beat task: nobody acts, so there is no actor)."""
    if older_than is None:
        older_than = public_report_limit()[1]
    return Concern.objects.filter(
        source=ConcernSource.PUBLIC,
        submitted_from__isnull=False,
        submitted_at__lt=timezone.now() - older_than,
    ).update(submitted_from=None, updated_at=timezone.now())


# --- Professional draft -----------------------------------------------------------

_LOCAL_AUTHORITY_TEAMS = [
    # Checked in order: "Children's Social Care" is children's, not adult, services.
    (("children", "child"), ReferringAgencyType.LA_CHILDRENS),
    (
        ("adult social care", "adult services", "adult care"),
        ReferringAgencyType.LA_ADULT_SOCIAL_CARE,
    ),
    (("housing", "homeless"), ReferringAgencyType.LA_HOUSING),
    (("trading standards", "regulatory"), ReferringAgencyType.LA_TRADING_STANDARDS),
]
_AGENCY_TYPES = {
    AgencyType.POLICE: ReferringAgencyType.POLICE,
    AgencyType.NHS: ReferringAgencyType.NHS,
    AgencyType.VOLUNTARY: ReferringAgencyType.VOLUNTARY,
    AgencyType.GOVERNMENT: ReferringAgencyType.GOVERNMENT,
    AgencyType.BUSINESS: ReferringAgencyType.BUSINESS,
    AgencyType.OTHER: ReferringAgencyType.OTHER,
}


def referring_agency_type_for(agency) -> str:
    """The referring agency type reports count, from the reporter's agency."""
    if agency is None:
        return ReferringAgencyType.OTHER
    if agency.agency_type == AgencyType.LOCAL_AUTHORITY:
        name = agency.name.lower()
        for words, referring_type in _LOCAL_AUTHORITY_TEAMS:
            if any(word in name for word in words):
                return referring_type
        return ReferringAgencyType.LA_OTHER
    return _AGENCY_TYPES.get(agency.agency_type, ReferringAgencyType.OTHER)


@transaction.atomic
def _is_empty_draft(concern: Concern) -> bool:
    """Nothing has been typed or chosen on this draft yet."""
    text_fields = [
        "what_happened",
        "people_description",
        "location_description",
        "ward",
        "actions_taken",
        "overseas_country",
    ]
    risk_fields = ["is_emergency", "child_involved", "adult_at_risk", "needs_accommodation"]
    return (
        not any(getattr(concern, name).strip() for name in text_fields)
        and not any(getattr(concern, name) for name in risk_fields)
        and concern.premises_type == PremisesType.UNKNOWN
        and not concern.is_overseas
        and concern.seen_on is None
        and not concern.people.exists()
        and not concern.perpetrators.exists()
        and not concern.screening_answers.exists()
        and not concern.exploitation_types.exists()
    )


@transaction.atomic
def concern_start_draft(*, actor) -> Concern:
    """A draft concern with its CN reference, reported by ``actor`` for their
    agency: the person's own empty draft if they have one ("Start now" pressed
    twice makes no second draft), else a new one."""
    if not can_report_concern(actor):
        raise ServiceError("Only staff of a partner agency can report a concern here")
    drafts = Concern.objects.select_for_update().filter(
        reported_by=actor, status=ConcernStatus.DRAFT
    )
    for draft in drafts.order_by("-created_at", "-pk"):
        if _is_empty_draft(draft):
            return draft
    return Concern.objects.create(
        reference=next_reference(prefix=CONCERN_PREFIX, on=timezone.localdate()),
        source=ConcernSource.PROFESSIONAL,
        status=ConcernStatus.DRAFT,
        reported_by=actor,
        reporting_agency=actor.agency,
        referring_agency_type=referring_agency_type_for(actor.agency),
    )


def _lock_draft(*, actor, concern: Concern) -> Concern:
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if actor is None or concern.reported_by_id != actor.pk:
        raise ServiceError("Only the person who started this concern can change it")
    if concern.status != ConcernStatus.DRAFT:
        raise ServiceError(f"{concern.reference} has been submitted and can no longer be changed")
    return concern


def _set_fields(concern: Concern, cleaned_data: dict, names) -> None:
    for name in names:
        if name in cleaned_data:
            setattr(concern, name, cleaned_data[name])
    concern.save()


def _save_immediate_risk(concern, cleaned_data):
    _set_fields(
        concern,
        cleaned_data,
        ["is_emergency", "child_involved", "adult_at_risk", "needs_accommodation"],
    )


def _save_people(concern, cleaned_data):
    _set_fields(concern, cleaned_data, ["people_description"])


def _save_what_was_seen(concern, cleaned_data):
    """``cleaned_data``: ``what_happened`` and ``screening``, {key: (answer, note)}."""
    _set_fields(concern, cleaned_data, ["what_happened"])
    answers = cleaned_data.get("screening", {})
    unknown = set(answers) - set(SCREENING_KEYS)
    if unknown:
        raise ServiceError(f"Unknown screening questions: {', '.join(sorted(unknown))}")
    for key, (answer, note) in answers.items():
        ScreeningAnswer.objects.update_or_create(
            concern=concern, question=key, defaults={"answer": answer, "note": note}
        )
    ScreeningAnswer.objects.filter(concern=concern).exclude(question__in=list(answers)).delete()


def _save_exploitation(concern, cleaned_data):
    concern.exploitation_types.set(cleaned_data.get("exploitation_types", []))
    concern.exploitation_subtypes.set(cleaned_data.get("exploitation_subtypes", []))
    concern.save(update_fields=["updated_at"])


def _save_where(concern, cleaned_data):
    _set_fields(
        concern,
        cleaned_data,
        ["location_description", "premises_type", "ward", "is_overseas", "overseas_country"],
    )


def _save_perpetrators(concern, cleaned_data):
    concern.save(update_fields=["updated_at"])


def _save_actions(concern, cleaned_data):
    _set_fields(concern, cleaned_data, ["actions_taken"])


STEP_SAVERS = {
    "immediate-risk": _save_immediate_risk,
    "people": _save_people,
    "what-was-seen": _save_what_was_seen,
    "exploitation": _save_exploitation,
    "where": _save_where,
    "perpetrators": _save_perpetrators,
    "actions": _save_actions,
}


@transaction.atomic
def concern_save_step(*, actor, concern: Concern, step: str, cleaned_data: dict) -> Concern:
    """Save one page of the reporter's draft."""
    saver = STEP_SAVERS.get(step)
    if saver is None:
        raise ServiceError(f"There is no step called {step}")
    concern = _lock_draft(actor=actor, concern=concern)
    saver(concern, cleaned_data)
    return concern


PERSON_FIELDS_ON_CONCERN = {
    "first_name",
    "last_name",
    "aliases",
    "date_of_birth",
    "estimated_age",
    "gender",
    "nationalities",
    "languages",
    "interpreter_needed",
    "safe_contact_method",
    "safe_to_leave_message",
}
PERPETRATOR_FIELDS_ON_CONCERN = {
    "first_name",
    "last_name",
    "aliases",
    "gender",
    "nationalities",
    "role",
    "description",
}


def _check_fields(fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(f"These details cannot be set here: {', '.join(sorted(unknown))}")


@transaction.atomic
def concern_person_add(*, actor, concern: Concern, **fields) -> Person:
    """A new person described in the reporter's draft."""
    _check_fields(fields, PERSON_FIELDS_ON_CONCERN)
    concern = _lock_draft(actor=actor, concern=concern)
    with pghistory.context(user=actor.pk):
        person = Person.objects.create(**fields)
    concern.people.add(person)
    concern.save(update_fields=["updated_at"])
    return person


@transaction.atomic
def concern_person_remove(*, actor, concern: Concern, person: Person) -> None:
    """Take a person off the draft; the record goes too unless something else uses it."""
    concern = _lock_draft(actor=actor, concern=concern)
    if not concern.people.filter(pk=person.pk).exists():
        raise ServiceError("That person is not on this concern")
    concern.people.remove(person)
    concern.save(update_fields=["updated_at"])
    if not person.concerns.exists() and not person.cases.exists():
        with pghistory.context(user=actor.pk):
            person.delete()


@transaction.atomic
def concern_perpetrator_add(*, actor, concern: Concern, **fields) -> Perpetrator:
    _check_fields(fields, PERPETRATOR_FIELDS_ON_CONCERN)
    concern = _lock_draft(actor=actor, concern=concern)
    perpetrator = Perpetrator.objects.create(**fields)
    concern.perpetrators.add(perpetrator)
    concern.save(update_fields=["updated_at"])
    return perpetrator


@transaction.atomic
def concern_perpetrator_remove(*, actor, concern: Concern, perpetrator: Perpetrator) -> None:
    concern = _lock_draft(actor=actor, concern=concern)
    if not concern.perpetrators.filter(pk=perpetrator.pk).exists():
        raise ServiceError("That person is not on this concern")
    concern.perpetrators.remove(perpetrator)
    concern.save(update_fields=["updated_at"])
    if not perpetrator.concerns.exists() and not perpetrator.cases.exists():
        perpetrator.delete()


@dataclass(frozen=True)
class SubmitProblem:
    """Something to complete before submitting, and the page where to do it."""

    message: str
    step: str
    field_id: str


def concern_submission_problems(concern: Concern) -> list[SubmitProblem]:
    """What is missing before ``concern`` can be submitted (empty when ready)."""
    problems = []
    if not concern.what_happened.strip():
        problems.append(SubmitProblem("Describe what you saw", "what-was-seen", "id_what_happened"))
    has_place = bool(
        concern.location_description.strip() or concern.ward.strip() or concern.is_overseas
    )
    has_people = concern.people.exists() or bool(concern.people_description.strip())
    if not (has_place or has_people):
        problems.append(
            SubmitProblem(
                "Add a person, describe who the concern is about, or say where it is happening",
                "people",
                "id_first_name",
            )
        )
    return problems


@transaction.atomic
def concern_submit(*, actor, concern: Concern) -> Concern:
    """Send the draft to the Modern Slavery Lead; it can no longer be changed."""
    concern = _lock_draft(actor=actor, concern=concern)
    problems = concern_submission_problems(concern)
    if problems:
        raise ConcernIncomplete(problems)
    concern.status = ConcernStatus.AWAITING_TRIAGE
    concern.submitted_at = timezone.now()
    concern.sent_snapshot = concern_snapshot(concern)
    concern.save(update_fields=["status", "submitted_at", "sent_snapshot", "updated_at"])
    _queue_lead_notification(concern)
    return concern


@transaction.atomic
def concern_delete_draft(*, actor, concern: Concern) -> str:
    """Delete the reporter's own draft, with the people and suspected
    perpetrators only it described. A submitted concern is never deleted."""
    concern = _lock_draft(actor=actor, concern=concern)
    reference = concern.reference
    people = list(concern.people.all())
    perpetrators = list(concern.perpetrators.all())
    concern.people.clear()
    concern.perpetrators.clear()
    with pghistory.context(user=actor.pk):
        for person in people:
            if not person.concerns.exists() and not person.cases.exists():
                person.delete()
        for perpetrator in perpetrators:
            if not perpetrator.concerns.exists() and not perpetrator.cases.exists():
                perpetrator.delete()
        concern.delete()
    return reference
