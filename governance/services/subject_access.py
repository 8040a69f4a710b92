"""Subject access: everything held about one person, as a ZIP for the Lead.

The pack holds a JSON file of every record, a PDF summary, the documents on
the case, and who has looked at the case (the access log). Anything about
someone else (other people on the case, perpetrators) and agencies' opinions
is kept and listed under ``for_redaction_review`` for the Lead to review
before release, never removed silently. Producing a pack is recorded as a
disclosure, on the timeline and in the access log.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cases.choices import DisclosureBasis
from cases.models import (
    AccessAction,
    AccessLogEntry,
    CaseDocument,
    CaseNote,
    CasePerpetrator,
    CasePerson,
    TimelineKind,
)
from cases.permissions import is_lead
from cases.services.common import access_log_record, timeline_add
from core.errors import ServiceError
from core.pdf import render_pdf
from governance.extensions import subject_access_sections
from governance.models import Disclosure, DisclosureKind, DisclosureStatus
from governance.selectors import consent_records_for

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "aliases",
    "date_of_birth",
    "estimated_age",
    "gender",
    "ethnicity",
    "nationalities",
    "languages",
    "interpreter_needed",
    "safe_contact_method",
    "immigration_status",
    "dependants_note",
)


@dataclass(frozen=True)
class SubjectAccessPack:
    content: bytes
    filename: str


def _value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _gather(*, case, person) -> dict:
    others = [
        str(link.person)
        for link in CasePerson.objects.filter(case=case)
        .exclude(person=person)
        .select_related("person")
    ]
    perpetrators = [
        str(link.perpetrator)
        for link in CasePerpetrator.objects.filter(case=case).select_related("perpetrator")
    ]
    notes = list(CaseNote.objects.filter(case=case).select_related("author").order_by("created_at"))
    documents = list(CaseDocument.objects.filter(case=case).order_by("created_at"))
    third_party = [f"Another person on the case: {name}" for name in others] + [
        f"Suspected perpetrator: {name}" for name in perpetrators
    ]
    if notes:
        third_party.append(
            "Case notes: written by agencies and may hold their opinions or name others"
        )
    if documents:
        third_party.append("Documents: check each for other people's information")
    sections = []
    for _key, section in subject_access_sections():
        part = section(case=case, person=person)
        sections.append({"title": part["title"], "rows": part["rows"]})
        third_party.extend(part["third_party"])
    return {
        "produced_at": timezone.now().isoformat(timespec="seconds"),
        "case": {
            "reference": case.reference,
            "status": case.get_status_display(),
            "date_reported": case.date_reported.isoformat(),
            "summary": case.summary,
            "closure_note": case.closure_note,
        },
        "person": {field: _value(getattr(person, field)) for field in PERSON_FIELDS},
        "consent": [
            {
                "decision": record.get_decision_display(),
                "scope": record.get_scope_display(),
                "covers": record.covers,
                "how": record.get_method_display(),
                "on": record.decided_on.isoformat(),
                "note": record.note,
            }
            for record in consent_records_for(case=case, person=person)
        ],
        "notes": [
            {
                "written": note.created_at.isoformat(timespec="seconds"),
                "by": note.author.get_full_name(),
                "text": note.text,
            }
            for note in notes
        ],
        "documents": [
            {
                "file": f"documents/{document.pk}-{document.original_name}",
                "about": document.description,
            }
            for document in documents
        ],
        "timeline": [
            {
                "when": event.created_at.isoformat(timespec="seconds"),
                "what": event.get_kind_display(),
                "description": event.description,
            }
            for event in case.timeline.order_by("created_at", "pk")
        ],
        "sections": sections,
        "who_has_looked": [
            {
                "when": entry.created_at.isoformat(timespec="seconds"),
                "who": entry.user.get_full_name() or entry.user.username,
                "agency": entry.agency.name if entry.agency else "",
                "what": entry.get_action_display(),
            }
            for entry in AccessLogEntry.objects.filter(case=case)
            .select_related("user", "agency")
            .order_by("created_at", "pk")
        ],
        "for_redaction_review": third_party,
    }, documents


@transaction.atomic
def subject_access_pack(*, actor, case, person, request=None) -> SubjectAccessPack:
    """Build the pack and record its disclosure. Only the Lead produces packs."""
    if not is_lead(actor):
        raise ServiceError("Only the Modern Slavery Lead can produce a subject access pack")
    if not CasePerson.objects.filter(case=case, person=person).exists():
        raise ServiceError("Select a person named on this case")
    data, documents = _gather(case=case, person=person)
    pdf = render_pdf(
        "governance/subject_access_pdf.html",
        {"title": f"Subject access: {case.reference}", "data": data},
        filename=f"subject-access-{case.reference}",
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("records.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("summary.pdf", pdf.content)
        for document, entry in zip(documents, data["documents"], strict=True):
            with document.file.open("rb") as handle:
                archive.writestr(entry["file"], handle.read())
    Disclosure.objects.create(
        case=case,
        kind=DisclosureKind.SUBJECT_ACCESS,
        recipient="The data subject (subject access request)",
        basis=DisclosureBasis.CONSENT,
        basis_reason="Right of access, UK GDPR Article 15",
        status=DisclosureStatus.MADE,
        requested_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.SUBJECT_ACCESS,
        description="Subject access pack produced for a person on the case",
    )
    access_log_record(
        user=actor,
        action=AccessAction.EXPORT,
        request=request,
        case=case,
        detail=f"Subject access pack for person {person.pk}",
    )
    return SubjectAccessPack(
        content=buffer.getvalue(), filename=f"subject-access-{case.reference}.zip"
    )
