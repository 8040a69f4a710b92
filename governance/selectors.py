"""Reads for information governance, filtered by who may see them."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import user_has_role
from cases.models import CasePerson, CaseShare, ShareKind
from cases.permissions import is_lead
from governance.models import (
    CaseRetention,
    ConsentDecision,
    ConsentRecord,
    ConsentScope,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
    RetentionStatus,
    SharingAgreement,
)

# --- Who may open the governance pages ----------------------------------------------------


def may_see_agreements(user) -> bool:
    """The ISA register: the Lead and administrators."""
    return is_lead(user) or user_has_role(user, Role.ADMINISTRATOR)


def may_decide_disclosures(user) -> bool:
    return is_lead(user)


def may_review_retention(user) -> bool:
    return is_lead(user)


# --- Consent ------------------------------------------------------------------------------


def _newest_first(queryset):
    return queryset.order_by("-created_at", "-id")


def consent_records_by_person(*, case) -> dict[int, list[ConsentRecord]]:
    """Every consent record on the case, oldest first, by person: the case page
    reads them once for everyone on it."""
    by_person: dict[int, list[ConsentRecord]] = {}
    records = (
        ConsentRecord.objects.filter(case=case)
        .prefetch_related(Prefetch("agencies"))
        .order_by("created_at", "id")
    )
    for record in records:
        by_person.setdefault(record.person_id, []).append(record)
    return by_person


def consent_current(*, case, person, records=None) -> list[dict]:
    """The person's current answer for each thing they were asked about on the
    case, newest record winning: one line per scope, and per agency or service
    named. Each is ``{"scope", "covers", "record"}``. ``records``: the person's
    records on the case, oldest first, when already read."""
    if records is None:
        records = (
            ConsentRecord.objects.filter(case=case, person=person)
            .prefetch_related(Prefetch("agencies"))
            .order_by("created_at", "id")
        )
    current: dict[tuple, tuple[str, ConsentRecord]] = {}
    for record in records:
        if record.scope == ConsentScope.AGENCIES:
            for agency in record.agencies.all():
                current[(record.scope, agency.name)] = (agency.name, record)
        elif record.scope == ConsentScope.SERVICE:
            key = record.service_name.strip().lower()
            current[(record.scope, key)] = (record.service_name, record)
        else:
            current[(record.scope, "")] = ("", record)
    order = list(ConsentScope.values)
    lines = [
        {"scope": ConsentScope(scope).label, "covers": covers, "record": record}
        for (scope, _key), (covers, record) in current.items()
    ]
    return sorted(lines, key=lambda line: (order.index(line["record"].scope), line["covers"]))


def consent_in_scope(
    *, case, person, scope: str, agency=None, service_name: str = ""
) -> ConsentRecord | None:
    """The person's newest record for this use of their information on the case
    (for sharing, naming ``agency``; for a service referral, ``service_name``)."""
    records = ConsentRecord.objects.filter(case=case, person=person, scope=scope)
    if scope == ConsentScope.AGENCIES:
        records = records.filter(agencies=agency)
    elif scope == ConsentScope.SERVICE:
        records = records.filter(service_name__iexact=service_name.strip())
    return _newest_first(records).first()


def consent_given_in_scope(**kwargs) -> bool:
    record = consent_in_scope(**kwargs)
    return record is not None and record.decision == ConsentDecision.GIVEN


def consent_records_for(*, case, person) -> list[ConsentRecord]:
    """Every record, newest first: the history behind the glance."""
    records = ConsentRecord.objects.filter(case=case, person=person)
    return list(_newest_first(records).select_related("recorded_by").prefetch_related("agencies"))


def people_on_case(case) -> list:
    links = CasePerson.objects.filter(case=case).select_related("person").order_by("pk")
    return [link.person for link in links]


# --- Disclosures --------------------------------------------------------------------------


def disclosures_awaiting_approval(*, user):
    if not may_decide_disclosures(user):
        return Disclosure.objects.none()
    return (
        Disclosure.objects.filter(status=DisclosureStatus.AWAITING_APPROVAL)
        .select_related("case", "agency", "requested_by")
        .order_by("created_at")
    )


def disclosure_get_for_decision(*, user, disclosure_id: int) -> Disclosure | None:
    return disclosures_awaiting_approval(user=user).filter(pk=disclosure_id).first()


def waiting_for_the_lead(*, user) -> list[dict]:
    """The home page's governance counts for the Lead: shares waiting for
    approval, and shares to review because consent was withdrawn."""
    if not may_decide_disclosures(user):
        return []
    waiting = disclosures_awaiting_approval(user=user).count()
    withdrawn = shares_with_withdrawn_consent(user=user).count()
    items = []
    if waiting:
        label = (
            "share waiting for your approval"
            if waiting == 1
            else "shares waiting for your approval"
        )
        items.append({"count": waiting, "label": label, "url": "governance:disclosure_queue"})
    if withdrawn:
        label = (
            "share to review: consent withdrawn"
            if withdrawn == 1
            else "shares to review: consent withdrawn"
        )
        items.append({"count": withdrawn, "label": label, "url": "governance:disclosure_queue"})
    return items


def shares_with_withdrawn_consent(*, user):
    """Open shares that rested on consent someone later withdrew or declined:
    the Lead reviews each (end it, or keep it on a lawful basis)."""
    if not may_decide_disclosures(user):
        return Disclosure.objects.none()
    return (
        Disclosure.objects.filter(
            consent_withdrawn_on__isnull=False, share__revoked_at__isnull=True
        )
        .select_related("case", "agency", "share")
        .order_by("consent_withdrawn_on", "pk")
    )


def disclosure_get_for_review(*, user, disclosure_id: int) -> Disclosure | None:
    return shares_with_withdrawn_consent(user=user).filter(pk=disclosure_id).first()


def disclosures_for_case(*, case) -> list[Disclosure]:
    """What the case page shows under "Who has access": disclosures waiting or
    refused, and open shares whose consent was withdrawn (other made ones are
    the shares and referrals already listed)."""
    return list(
        Disclosure.objects.filter(case=case)
        .filter(
            ~Q(status=DisclosureStatus.MADE)
            | Q(consent_withdrawn_on__isnull=False, share__revoked_at__isnull=True)
        )
        .select_related("agency", "requested_by", "decided_by")
    )


def serac_referral_disclosure(*, case) -> Disclosure | None:
    """The newest SERAC referral of the case that was made: the basis its
    SERAC access windows rest on."""
    return (
        Disclosure.objects.filter(
            case=case, kind=DisclosureKind.SERAC_REFERRAL, status=DisclosureStatus.MADE
        )
        .order_by("-created_at", "-pk")
        .first()
    )


# --- Agreements ---------------------------------------------------------------------------


def agreement_current_for(agency, *, on=None) -> SharingAgreement | None:
    on = on or timezone.localdate()
    return (
        SharingAgreement.objects.filter(agency=agency, signed_on__lte=on, expires_on__gte=on)
        .order_by("-expires_on")
        .first()
    )


def agreement_register(*, user, on=None) -> list[dict]:
    """Every active agency with its newest agreement and whether it is current."""
    from accounts.models import Agency

    if not may_see_agreements(user):
        return []
    on = on or timezone.localdate()
    agreements: dict[int, SharingAgreement] = {}
    for agreement in SharingAgreement.objects.order_by("expires_on", "id"):
        agreements[agreement.agency_id] = agreement  # the latest expiry wins
    rows = []
    for agency in Agency.objects.filter(is_active=True).order_by("name"):
        agreement = agreements.get(agency.pk)
        rows.append(
            {
                "agency": agency,
                "agreement": agreement,
                "is_current": bool(agreement and agreement.is_current(on)),
            }
        )
    return rows


def agreement_get_for_user(*, user, agreement_id: int) -> SharingAgreement | None:
    if not may_see_agreements(user):
        return None
    return SharingAgreement.objects.filter(pk=agreement_id).select_related("agency").first()


def shares_to_review(*, user, on=None) -> list[CaseShare]:
    """Active shares with agencies that have no current agreement: not cut off,
    but listed for the Lead to review. Case references are for the Lead only."""
    if not is_lead(user):
        return []
    on = on or timezone.localdate()
    covered = SharingAgreement.objects.filter(signed_on__lte=on, expires_on__gte=on).values(
        "agency_id"
    )
    return list(
        CaseShare.objects.filter(revoked_at__isnull=True, kind=ShareKind.SHARED)
        .exclude(agency_id__in=covered)
        .select_related("case", "agency")
        .order_by("agency__name", "case__reference")
    )


def agreement_overrides(*, user) -> list[Disclosure]:
    """Emergency shares made without a current agreement (the audit)."""
    if not is_lead(user):
        return []
    return list(
        Disclosure.objects.exclude(agreement_override_reason="")
        .select_related("case", "agency", "requested_by")
        .order_by("-created_at")
    )


# --- Retention ----------------------------------------------------------------------------


def retention_queue(*, user):
    if not may_review_retention(user):
        return CaseRetention.objects.none()
    return (
        CaseRetention.objects.filter(status=RetentionStatus.DUE, legal_hold=False)
        .select_related("case")
        .order_by("due_since", "case__reference")
    )


def retention_for_case(case) -> CaseRetention | None:
    return CaseRetention.objects.filter(case=case).first()


def retention_get_due(*, user, reference: str) -> CaseRetention | None:
    return retention_queue(user=user).filter(case__reference=reference).first()
