"""Every write of information governance (see docs/architecture.md)."""

from governance.services.agreements import (
    agreement_add,
    agreement_warn_expiring,
)
from governance.services.consent import consent_record
from governance.services.disclosures import (
    agency_share_request,
    disclosure_approve,
    disclosure_end_after_withdrawal,
    disclosure_for_referral,
    disclosure_keep_without_consent,
    disclosure_refuse,
)
from governance.services.retention import (
    anonymisations_requeue,
    case_anonymise,
    case_anonymise_request,
    legal_hold_set,
    retention_find_due,
    retention_keep,
)
from governance.services.subject_access import subject_access_pack

__all__ = [
    "agency_share_request",
    "anonymisations_requeue",
    "case_anonymise",
    "case_anonymise_request",
    "legal_hold_set",
    "retention_find_due",
    "retention_keep",
    "subject_access_pack",
    "agreement_add",
    "agreement_warn_expiring",
    "consent_record",
    "disclosure_approve",
    "disclosure_end_after_withdrawal",
    "disclosure_for_referral",
    "disclosure_keep_without_consent",
    "disclosure_refuse",
]
