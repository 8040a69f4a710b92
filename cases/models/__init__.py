"""The partnership's records: concerns, cases, people and everything on a case."""

from cases.models.audit import AccessAction, AccessLogEntry
from cases.models.cases import (
    Case,
    CaseGroupObjectPermission,
    CasePerpetrator,
    CasePerson,
    CaseShare,
    CaseStatus,
    CaseUserObjectPermission,
    Location,
    ScreeningAnswer,
    ShareKind,
)
from cases.models.concerns import Concern, ConcernSource, ConcernStatus
from cases.models.importing import ImportStaging
from cases.models.people import Perpetrator, Person
from cases.models.records import CaseDocument, CaseNote, TimelineEvent, TimelineKind
from cases.models.reference import ExploitationSubtype, ExploitationType, ReferenceSequence

__all__ = [
    "AccessAction",
    "AccessLogEntry",
    "Case",
    "CaseDocument",
    "CaseGroupObjectPermission",
    "CaseNote",
    "CasePerpetrator",
    "CasePerson",
    "CaseShare",
    "CaseStatus",
    "CaseUserObjectPermission",
    "Concern",
    "ConcernSource",
    "ConcernStatus",
    "ExploitationSubtype",
    "ExploitationType",
    "ImportStaging",
    "Location",
    "Perpetrator",
    "Person",
    "ReferenceSequence",
    "ScreeningAnswer",
    "ShareKind",
    "TimelineEvent",
    "TimelineKind",
]
