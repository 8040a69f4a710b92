"""Retention: legal holds, the review queue, keeping a case, and anonymising it.

A closed case comes up for review ``WAYMARK_RETENTION_YEARS`` after it was
closed (or on the next review date the Lead set when keeping it), unless a
legal hold keeps it out. Anonymising removes the personal data for good, from
the tables and from their history rows, and keeps everything the reports
count: dates, types, outcomes, states, gender, nationality, and an age band in
place of the date of birth. The access log keeps who looked and when.
"""

from __future__ import annotations

import contextlib
import logging
import re
from datetime import date, timedelta

import pgtrigger
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from cases.models import (
    Case,
    CaseDocument,
    CaseNote,
    CasePerpetrator,
    CasePerson,
    CaseShare,
    CaseStatus,
    Concern,
    Location,
    Perpetrator,
    Person,
    ScreeningAnswer,
    TimelineEvent,
    TimelineKind,
)
from cases.permissions import is_lead
from cases.services.common import timeline_add
from core.dates import long_date
from core.errors import ServiceError
from governance.extensions import anonymisers
from governance.models import CaseRetention, ConsentRecord, Disclosure, RetentionStatus

logger = logging.getLogger(__name__)

# What replaces free text that is removed (an empty value where the field may be empty).
REMOVED = "[removed]"

# The lower edges of every age band the reports use (under 16, 16-17, under 18,
# 0-18, 18-24, 19-64, 25-34, ... 65 and over). An anonymised person keeps the
# floor of their band as their age, so every report puts them in the same band.
AGE_BAND_FLOORS = (0, 16, 18, 19, 25, 35, 45, 55, 65)


def age_band_floor(age: int | None) -> int | None:
    if age is None:
        return None
    return max(floor for floor in AGE_BAND_FLOORS if floor <= max(age, 0))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _require_lead(actor) -> None:
    if not is_lead(actor):
        raise ServiceError("Only the Modern Slavery Lead can decide what happens to a case's data")


# --- Legal hold ---------------------------------------------------------------------------


@transaction.atomic
def legal_hold_set(*, actor, case: Case, hold: bool, reason: str) -> CaseRetention:
    """Put a case on legal hold (it is never reviewed or anonymised while held),
    or lift the hold. Either needs a reason."""
    _require_lead(actor)
    if not reason.strip():
        raise ServiceError(
            "Enter why the case is on legal hold" if hold else "Enter why the hold is lifted",
            field="reason",
        )
    retention, _ = CaseRetention.objects.select_for_update().get_or_create(case=case)
    if retention.status == RetentionStatus.ANONYMISED:
        raise ServiceError("This case has been anonymised")
    retention.legal_hold = hold
    retention.legal_hold_reason = reason.strip() if hold else ""
    # A hold takes the case out of the queue, and stops an anonymisation the
    # worker has not yet carried out.
    if hold and retention.status in (RetentionStatus.DUE, RetentionStatus.ANONYMISING):
        retention.status = ""
    retention.save()
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.LEGAL_HOLD,
        description=f"Legal hold {'placed' if hold else 'lifted'}. Reason: {reason.strip()}",
    )
    return retention


# --- The review queue ---------------------------------------------------------------------


def retention_due(*, today: date | None = None):
    """Closed cases due for review and not yet in the queue: closed at least
    ``WAYMARK_RETENTION_YEARS`` ago (or kept until a review date now reached),
    not on legal hold, not anonymised."""
    today = today or timezone.localdate()
    cutoff = _years_before(today, settings.WAYMARK_RETENTION_YEARS)
    settled = CaseRetention.objects.filter(legal_hold=True) | CaseRetention.objects.filter(
        status__in=[RetentionStatus.DUE, RetentionStatus.ANONYMISING, RetentionStatus.ANONYMISED]
    )
    kept_until_later = CaseRetention.objects.filter(
        status=RetentionStatus.KEPT, next_review_on__gt=today
    )
    kept_review_reached = CaseRetention.objects.filter(
        status=RetentionStatus.KEPT, next_review_on__lte=today, legal_hold=False
    ).values("case_id")
    closed_long_ago = Case.objects.filter(status=CaseStatus.CLOSED, closed_on__lte=cutoff)
    return (
        (closed_long_ago | Case.objects.filter(pk__in=kept_review_reached))
        .exclude(pk__in=settled.values("case_id"))
        .exclude(pk__in=kept_until_later.values("case_id"))
        .filter(status=CaseStatus.CLOSED)
        .order_by("closed_on", "reference")
        .distinct()
    )


def retention_find_due(*, today: date | None = None, dry_run: bool = False) -> list[Case]:
    """Put due cases into the Lead's review queue. Safe to run again: a case
    already in the queue is not found twice. ``dry_run`` only lists them."""
    today = today or timezone.localdate()
    due = list(retention_due(today=today))
    if dry_run:
        return due
    for case in due:
        with transaction.atomic():
            retention, _ = CaseRetention.objects.select_for_update().get_or_create(case=case)
            if retention.legal_hold or retention.status in (
                RetentionStatus.DUE,
                RetentionStatus.ANONYMISING,
                RetentionStatus.ANONYMISED,
            ):
                continue
            retention.status = RetentionStatus.DUE
            retention.due_since = today
            retention.save(update_fields=["status", "due_since", "updated_at"])
    return due


def _due_for_decision(actor, case: Case) -> CaseRetention:
    _require_lead(actor)
    retention = CaseRetention.objects.select_for_update().filter(case=case).first()
    if retention is None or retention.status != RetentionStatus.DUE:
        raise ServiceError("This case is not due for retention review")
    if retention.legal_hold:
        raise ServiceError("This case is on legal hold")
    return retention


@transaction.atomic
def retention_keep(*, actor, case: Case, reason: str, next_review_on: date) -> CaseRetention:
    """The Lead keeps a due case, with a reason and the date of the next review."""
    retention = _due_for_decision(actor, case)
    if not reason.strip():
        raise ServiceError("Enter why the case is kept", field="reason")
    if next_review_on is None or next_review_on <= timezone.localdate():
        raise ServiceError("Enter a next review date in the future", field="next_review_on")
    retention.status = RetentionStatus.KEPT
    retention.kept_reason = reason.strip()
    retention.next_review_on = next_review_on
    retention.decided_by = actor
    retention.decided_at = timezone.now()
    retention.save()
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.RETENTION_KEPT,
        description=f"Kept at retention review until {long_date(next_review_on)}. "
        f"Reason: {reason.strip()}",
    )
    return retention


# --- Anonymising --------------------------------------------------------------------------


def blank_text(queryset, *fields: str) -> None:
    """Replace each non-empty value of ``fields`` with REMOVED."""
    for field in fields:
        queryset.exclude(**{field: ""}).update(**{field: REMOVED})


NAME_REMOVED = "[name removed]"
MIN_PASSAGE = 8


def names_of(people) -> list[str]:
    """Every way the people may be written in free text shared with other
    cases (full name, each name, other names), longest first so a full name
    goes before its parts. Names under three letters are left: they would
    match inside ordinary words."""
    names = set()
    for person in people:
        full = f"{person.first_name} {person.last_name}".strip()
        for name in (full, person.first_name, person.last_name, *person.aliases):
            if name and len(name.strip()) >= 3:
                names.add(name.strip())
    return sorted(names, key=len, reverse=True)


def remove_names(text: str, names: list[str], passages: list[str] = ()) -> str:
    """``text`` with each of ``passages`` (text copied from a record being
    anonymised) replaced by REMOVED, then each whole-word name by NAME_REMOVED.
    A passage under eight characters ("Visit", "Debt") is left: it would take
    the same words out of what the text says about other cases."""
    for passage in passages:
        if len(passage) >= MIN_PASSAGE and passage != REMOVED:
            text = text.replace(passage, REMOVED)
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", NAME_REMOVED, text, flags=re.IGNORECASE)
    return text


def scrub_history(event_model, queryset_filter: dict, values: dict, text_fields=()) -> None:
    """Remove the same data from a model's history rows, which are otherwise
    append-only: the trigger that refuses changes is set aside for this one
    statement, in this transaction."""
    uri = f"{event_model._meta.label}:append_only"
    with pgtrigger.ignore(uri):
        rows = event_model.objects.filter(**queryset_filter)
        if values:
            rows.update(**values)
        blank_text(rows, *text_fields)


def _age_band_for(person) -> int | None:
    if person.date_of_birth is None:
        return age_band_floor(person.estimated_age)
    first = CasePerson.objects.filter(person=person).aggregate(first=Min("case__date_reported"))
    on = first["first"] or timezone.localdate()
    years = on.year - person.date_of_birth.year
    if (on.month, on.day) < (person.date_of_birth.month, person.date_of_birth.day):
        years -= 1
    return age_band_floor(years)


def _anonymise_person(person) -> None:
    values = {
        "first_name": "",
        "last_name": "",
        "aliases": [],
        "date_of_birth": None,
        "estimated_age": _age_band_for(person),
        "safe_contact_method": "",
        "dependants_note": "",
    }
    Person.objects.filter(pk=person.pk).update(version=person.version + 1, **values)
    scrub_history(apps.get_model("cases", "PersonEvent"), {"pgh_obj_id": person.pk}, values)


def _people_to_anonymise(case: Case) -> list:
    """People on the case who are on no other case that keeps its data: a
    person also on a kept case stays, as that case still needs them."""
    anonymised = CaseRetention.objects.filter(status=RetentionStatus.ANONYMISED).values("case_id")
    people = []
    for link in CasePerson.objects.filter(case=case).select_related("person"):
        elsewhere = (
            CasePerson.objects.filter(person=link.person)
            .exclude(case=case)
            .exclude(case_id__in=anonymised)
        )
        if not elsewhere.exists():
            people.append(link.person)
    return people


def _delete_document_files(case: Case) -> None:
    for document in CaseDocument.objects.filter(case=case):
        name = document.file.name
        storage = document.file.storage

        def delete(name=name, storage=storage):
            with contextlib.suppress(FileNotFoundError):
                storage.delete(name)

        # The files go once the rows are gone for good.
        transaction.on_commit(delete)
    CaseDocument.objects.filter(case=case).delete()


def _check_may_anonymise(case: Case, retention: CaseRetention) -> None:
    if retention.status == RetentionStatus.ANONYMISED:
        raise ServiceError("This case has already been anonymised")
    if retention.legal_hold:
        raise ServiceError("This case is on legal hold and cannot be anonymised")
    if case.status != CaseStatus.CLOSED:
        raise ServiceError("Only a closed case can be anonymised")


@transaction.atomic
def case_anonymise_request(*, actor, case: Case) -> CaseRetention:
    """The Lead's decision to anonymise: checked and recorded now, carried out
    by the worker (``governance.anonymise_case``). Removing personal data from
    the change history and the timeline needs the owner's connection, which
    the web process never has (README, "Database roles")."""
    _require_lead(actor)
    case = Case.objects.select_for_update().get(pk=case.pk)
    retention, _ = CaseRetention.objects.select_for_update().get_or_create(case=case)
    _check_may_anonymise(case, retention)
    if retention.status == RetentionStatus.ANONYMISING:
        raise ServiceError("This case is already being anonymised")
    retention.status = RetentionStatus.ANONYMISING
    retention.decided_by = actor
    retention.decided_at = timezone.now()
    retention.save()
    case_id, actor_id = case.pk, actor.pk

    def queue():
        from governance.tasks import anonymise_case

        anonymise_case.delay(case_id, actor_id)

    transaction.on_commit(queue)
    logger.info("Case %s queued for anonymisation", case.reference)
    return retention


def anonymisations_requeue(*, older_than: timedelta = timedelta(hours=1)) -> int:
    """Queue again every decision to anonymise the worker has not carried out
    within ``older_than`` (its message lost with a restarted Redis, say), so
    none waits for ever. Returns how many. Run by the daily retention task."""
    stuck = CaseRetention.objects.filter(
        status=RetentionStatus.ANONYMISING, decided_at__lt=timezone.now() - older_than
    ).values_list("case_id", "decided_by_id")
    from governance.tasks import anonymise_case

    count = 0
    for case_id, actor_id in stuck:
        anonymise_case.delay(case_id, actor_id)
        count += 1
    return count


@transaction.atomic
def case_anonymise(*, actor, case: Case) -> Case:
    """Remove a closed case's personal data for good (see the module's docstring)."""
    _require_lead(actor)
    case = Case.objects.select_for_update().get(pk=case.pk)
    retention, _ = CaseRetention.objects.select_for_update().get_or_create(case=case)
    _check_may_anonymise(case, retention)
    people = _people_to_anonymise(case)
    for person in people:
        _anonymise_person(person)
    perpetrator_ids = list(
        CasePerpetrator.objects.filter(case=case).values_list("perpetrator_id", flat=True)
    )
    alone = Perpetrator.objects.filter(pk__in=perpetrator_ids).exclude(
        pk__in=CasePerpetrator.objects.exclude(case=case).values("perpetrator_id")
    )
    alone.update(first_name="", last_name="", aliases=[])
    blank_text(alone, "description")
    # The case and its history.
    case_text = ("summary", "closure_note", "notes_from_import")
    blank_text(Case.objects.filter(pk=case.pk), *case_text)
    scrub_history(apps.get_model("cases", "CaseEvent"), {"pgh_obj_id": case.pk}, {}, case_text)
    blank_text(
        Concern.objects.filter(case=case),
        "reporter_name",
        "reporter_phone",
        "reporter_email",
        "what_happened",
        "people_description",
        "location_description",
        "actions_taken",
        "triage_note",
    )
    blank_text(Location.objects.filter(case=case), "description")
    blank_text(ScreeningAnswer.objects.filter(case=case), "note")
    blank_text(CaseShare.objects.filter(case=case), "reason", "basis_note", "revoke_reason")
    blank_text(CaseNote.objects.filter(case=case), "text")
    _delete_document_files(case)
    for kind, label in TimelineKind.choices:
        TimelineEvent.objects.filter(case=case, kind=kind).update(description=label)
    blank_text(ConsentRecord.objects.filter(case=case), "note")
    disclosure_text = ("reason", "basis_reason", "agreement_override_reason", "decision_note")
    blank_text(Disclosure.objects.filter(case=case), *disclosure_text)
    scrub_history(
        apps.get_model("governance", "DisclosureEvent"), {"case_id": case.pk}, {}, disclosure_text
    )
    # NRM, service referrals, SERAC and reports' records, from the apps above.
    for anonymise in anonymisers():
        anonymise(case=case, people=people)
    retention.status = RetentionStatus.ANONYMISED
    retention.decided_by = actor
    retention.decided_at = timezone.now()
    retention.save()
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.ANONYMISED,
        description="Personal data removed at retention review",
    )
    logger.info("Case %s anonymised", case.reference)
    return case
