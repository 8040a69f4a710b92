"""The Modern Slavery Lead's triage: a concern becomes a case, joins one, or closes."""

import re

import pghistory
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cases.choices import ConcernClosureReason
from cases.extensions import share_request, start_pathway
from cases.models import (
    Case,
    CasePerpetrator,
    Concern,
    ConcernStatus,
    Location,
    Person,
    ScreeningAnswer,
    ShareKind,
    TimelineKind,
)
from cases.permissions import can_triage
from cases.person_merge import CONCERN, EXISTING, LABELS, MERGE_FIELDS, differing_fields
from cases.services.cases import case_add_person, case_create
from cases.services.common import timeline_add
from cases.services.sharing import case_share
from core.choices import YesNoUnknown
from core.errors import ServiceError

# Answers on a concern that put the new case straight on another pathway.
PATHWAYS_FROM_ANSWERS = {
    "adult_at_risk": "adult_social_care",
    "needs_accommodation": "housing",
}


PERPETRATOR_PLACEHOLDER = "[a suspected perpetrator]"


def concern_summary_for_case(concern: Concern) -> str:
    """The reporter's words as a starting case summary, without the names of
    the suspected perpetrators they gave: the summary is read by every agency
    with access, and perpetrators are for the roles that may see them
    (``can_see_perpetrators``), on the case's perpetrator section."""
    names = set()
    for perpetrator in concern.perpetrators.all():
        full = f"{perpetrator.first_name} {perpetrator.last_name}".strip()
        names.update([full, perpetrator.first_name, perpetrator.last_name, *perpetrator.aliases])
    text = concern.what_happened
    names = {name.strip() for name in names if name and len(name.strip()) > 1}
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", PERPETRATOR_PLACEHOLDER, text, flags=re.I)
    return text


def _lock_awaiting(concern: Concern, actor) -> Concern:
    if not can_triage(actor):
        raise ServiceError("Only the Modern Slavery Lead triages concerns")
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status != ConcernStatus.AWAITING_TRIAGE:
        raise ServiceError(
            f"{concern.reference} has already been triaged ({concern.get_status_display()})"
        )
    return concern


def _checked_keep(concern_person: Person, existing: Person, keep: dict) -> dict:
    """The Lead's choices, refused unless every difference has one."""
    differing = differing_fields(concern_person, existing)
    unknown = set(keep) - set(differing)
    if unknown:
        raise ServiceError(f"These details do not differ: {', '.join(sorted(unknown))}")
    missing = [field for field in differing if keep.get(field) not in (CONCERN, EXISTING)]
    if missing:
        raise ServiceError(f"Choose which {LABELS[missing[0]].lower()} to keep for {existing}")
    return dict(keep)


@transaction.atomic
def concern_person_match(
    *, actor, concern: Concern, person: Person, existing: Person, keep: dict
) -> Concern:
    """Record the Lead's judgement that ``person`` (named in the concern) is
    ``existing``, and what to keep of each where they differ. Applied at triage."""
    concern = _lock_awaiting(concern, actor)
    if not concern.people.filter(pk=person.pk).exists():
        raise ServiceError(f"{person} is not named in {concern.reference}")
    if existing.pk == person.pk or not existing.cases.exists():
        raise ServiceError("Choose someone already known on a case")
    matches = dict(concern.person_matches)
    matches[str(person.pk)] = {
        "existing": existing.pk,
        "keep": _checked_keep(person, existing, keep),
    }
    concern.person_matches = matches
    concern.save(update_fields=["person_matches", "updated_at"])
    return concern


@transaction.atomic
def concern_person_unmatch(*, actor, concern: Concern, person: Person) -> Concern:
    """The person is not someone already known after all: a new record."""
    concern = _lock_awaiting(concern, actor)
    matches = dict(concern.person_matches)
    matches.pop(str(person.pk), None)
    concern.person_matches = matches
    concern.save(update_fields=["person_matches", "updated_at"])
    return concern


def _merge_into_existing(
    *, actor, concern: Concern, case: Case, person: Person, existing: Person, keep: dict
) -> Person:
    """Write what the Lead chose to keep from the concern onto the existing
    person, and say on the timeline what came from where."""
    keep = _checked_keep(person, existing, keep)
    changes = {field: getattr(person, field) for field, side in keep.items() if side == CONCERN}
    aliases = list(existing.aliases)
    for name in [person.full_name, *person.aliases]:
        if name and name != existing.full_name and name not in aliases:
            aliases.append(name)
    if aliases != existing.aliases:
        changes["aliases"] = aliases
    with pghistory.context(user=getattr(actor, "pk", None), concern=concern.reference):
        if changes:
            Person.objects.filter(pk=existing.pk).update(
                **changes, version=F("version") + 1, updated_at=timezone.now()
            )
            existing.refresh_from_db()
    from_concern = [LABELS[f].lower() for f in MERGE_FIELDS if keep.get(f) == CONCERN]
    from_existing = [LABELS[f].lower() for f in MERGE_FIELDS if keep.get(f) == EXISTING]
    parts = [f"{person} in concern {concern.reference} recorded as {existing}, already known"]
    if from_concern:
        parts.append("kept from the concern: " + ", ".join(from_concern))
    if from_existing:
        parts.append("kept from the existing record: " + ", ".join(from_existing))
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.PERSON_UPDATED,
        description="; ".join(parts),
        concern=concern,
    )
    return existing


def _attach_concern_records(
    *, actor, concern: Concern, case: Case, same_as: dict[int, Person] | None
) -> None:
    """People, perpetrators, place and screening answers move onto the case.

    A person the Lead has matched to someone already known
    (``concern.person_matches``) is linked instead of a new record, with the
    details the Lead chose to keep. ``same_as`` (concern person id -> existing
    person) does the same for callers that judged without differences.
    """
    same_as = same_as or {}
    matches = concern.person_matches or {}
    for person in concern.people.all():
        match = matches.get(str(person.pk))
        if match:
            existing = Person.objects.get(pk=match["existing"])
            existing = _merge_into_existing(
                actor=actor,
                concern=concern,
                case=case,
                person=person,
                existing=existing,
                keep=match["keep"],
            )
            case_add_person(actor=actor, case=case, person=existing)
        elif person.pk in same_as:
            existing = same_as[person.pk]
            _merge_into_existing(
                actor=actor, concern=concern, case=case, person=person, existing=existing, keep={}
            )
            case_add_person(actor=actor, case=case, person=existing)
        else:
            case_add_person(actor=actor, case=case, person=person)
    for perpetrator in concern.perpetrators.all():
        CasePerpetrator.objects.get_or_create(
            case=case, perpetrator=perpetrator, defaults={"role": perpetrator.role}
        )
    if concern.location_description or concern.ward or concern.is_overseas:
        Location.objects.create(
            case=case,
            description=concern.location_description[:300],
            premises_type=concern.premises_type,
            ward=concern.ward,
            is_overseas=concern.is_overseas,
            country=concern.overseas_country,
        )
    for answer in concern.screening_answers.all():
        ScreeningAnswer.objects.update_or_create(
            case=case,
            question=answer.question,
            defaults={"answer": answer.answer, "note": answer.note},
        )
    case.exploitation_types.add(*concern.exploitation_types.all())
    case.exploitation_subtypes.add(*concern.exploitation_subtypes.all())


def _mark_triaged(concern: Concern, actor, status: str, case: Case | None, note: str) -> None:
    concern.status = status
    concern.case = case
    concern.triaged_by = actor
    concern.triaged_at = timezone.now()
    concern.triage_note = note
    concern.save()


@transaction.atomic
def concern_triage_new_case(
    *,
    actor,
    concern: Concern,
    agencies,
    risk_level: str,
    summary: str = "",
    same_as: dict[int, Person] | None = None,
    lawful_basis: str = "",
    basis_reason: str = "",
    emergency_reason: str = "",
) -> Case:
    """Make a new case from the concern and choose which agencies see it.

    Each agency chosen is a disclosure like any other share: governance checks
    its information-sharing agreement (or the Lead's emergency reason) and the
    consent of the people on the case (or ``lawful_basis`` and why). A refusal
    raises ServiceError and nothing of the triage is kept."""
    concern = _lock_awaiting(concern, actor)
    reported_on = timezone.localdate(concern.submitted_at or concern.created_at)
    case = case_create(
        actor=actor,
        date_reported=reported_on,
        summary=summary or concern_summary_for_case(concern),
        risk_level=risk_level,
        referring_agency_type=concern.referring_agency_type,
        referring_agency_name=concern.reporting_agency.name if concern.reporting_agency else "",
        raised_by_agency=concern.reporting_agency,
        # A question the reporter was not asked is not known on the case.
        is_emergency=concern.is_emergency or YesNoUnknown.UNKNOWN,
        child_involved=concern.child_involved or YesNoUnknown.UNKNOWN,
        adult_at_risk=concern.adult_at_risk or YesNoUnknown.UNKNOWN,
    )
    _attach_concern_records(actor=actor, concern=concern, case=case, same_as=same_as)
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.TRIAGED,
        description=f"Opened from concern {concern.reference}",
        concern=concern,
    )
    if concern.reporting_agency:
        case_share(
            actor=actor,
            case=case,
            agency=concern.reporting_agency,
            kind=ShareKind.RAISED,
            reason=f"Raised concern {concern.reference}",
        )
    for agency in agencies:
        if agency == concern.reporting_agency:
            continue
        share_request(
            actor=actor,
            case=case,
            agency=agency,
            reason="Chosen at triage",
            lawful_basis=lawful_basis,
            basis_reason=basis_reason,
            emergency_reason=emergency_reason,
        )
    for answer, pathway_key in PATHWAYS_FROM_ANSWERS.items():
        if getattr(concern, answer) == YesNoUnknown.YES:
            start_pathway(actor=actor, case=case, pathway_key=pathway_key)
    _mark_triaged(concern, actor, ConcernStatus.NEW_CASE, case, "")
    return case


@transaction.atomic
def concern_link_to_case(
    *, actor, concern: Concern, case: Case, note: str = "", same_as=None
) -> Case:
    """Add the concern to an existing case (a new report about a known situation)."""
    concern = _lock_awaiting(concern, actor)
    _attach_concern_records(actor=actor, concern=concern, case=case, same_as=same_as)
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.CONCERN_LINKED,
        description=f"Concern {concern.reference} added to this case",
        concern=concern,
    )
    _carry_risk_answers(actor=actor, concern=concern, case=case)
    if (
        concern.reporting_agency
        and not case.shares.filter(
            agency=concern.reporting_agency, revoked_at__isnull=True
        ).exists()
    ):
        case_share(
            actor=actor,
            case=case,
            agency=concern.reporting_agency,
            kind=ShareKind.RAISED,
            reason=f"Raised concern {concern.reference}",
        )
    _mark_triaged(concern, actor, ConcernStatus.LINKED, case, note)
    return case


# A concern's "yes" to these is never lost when it joins a case that said otherwise.
RISK_ANSWERS = {
    "is_emergency": "someone in immediate danger",
    "child_involved": "a child involved",
    "adult_at_risk": "an adult at risk",
}


def _carry_risk_answers(*, actor, concern: Concern, case: Case) -> None:
    changes = {
        field: YesNoUnknown.YES
        for field in RISK_ANSWERS
        if getattr(concern, field) == YesNoUnknown.YES and getattr(case, field) != YesNoUnknown.YES
    }
    if not changes:
        return
    with pghistory.context(user=getattr(actor, "pk", None), concern=concern.reference):
        Case.objects.filter(pk=case.pk).update(
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
    case.refresh_from_db()
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.UPDATED,
        description=f"Concern {concern.reference} reported "
        + ", ".join(RISK_ANSWERS[field] for field in changes),
        concern=concern,
    )


@transaction.atomic
def concern_close(*, actor, concern: Concern, reason: str, note: str = "") -> Concern:
    """Close a concern without a case, with one of the protocol's reasons."""
    if reason not in ConcernClosureReason.values:
        raise ServiceError("Select why the concern is being closed")
    concern = _lock_awaiting(concern, actor)
    concern.closure_reason = reason
    _mark_triaged(concern, actor, ConcernStatus.CLOSED, None, note)
    return concern
