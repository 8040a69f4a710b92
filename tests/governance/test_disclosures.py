"""Every share, service referral and SERAC referral rests on consent or a recorded lawful basis."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.extensions import share_request
from cases.models import CaseShare
from cases.selectors import case_list_visible_to
from core.errors import ServiceError
from core.models import OutboundEmail
from governance.models import Disclosure
from governance.services import consent_record, disclosure_approve, disclosure_refuse
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survivor():
    return PersonFactory()


@pytest.fixture
def case(agency_a, survivor):
    return CaseFactory(raised_by=agency_a, survivors=[survivor])


def consent_to(actor, case, person, agency, decision="given"):
    consent_record(
        actor=actor,
        case=case,
        person=person,
        decision=decision,
        scope="agencies",
        agencies=[agency],
        method="written",
        decided_on=timezone.localdate(),
    )


def share(actor, case, agency, **kwargs):
    return share_request(actor=actor, case=case, agency=agency, reason="Support worker", **kwargs)


def test_with_consent_in_scope_the_share_opens_on_the_basis_of_consent(
    lead, case, survivor, agency_b, worker_b
):
    consent_to(lead, case, survivor, agency_b)
    share(lead, case, agency_b)
    opened = CaseShare.objects.get(case=case, agency=agency_b)
    assert opened.basis == "consent"
    assert case in case_list_visible_to(user=worker_b)
    assert case.timeline.filter(kind="shared", description__contains="Basis: Consent").exists()


def test_without_consent_a_lawful_basis_and_why_are_required(lead, case, survivor, agency_b):
    consent_to(lead, case, survivor, agency_b, decision="withdrawn")
    with pytest.raises(ServiceError, match="has not consented") as refused:
        share(lead, case, agency_b)
    assert refused.value.field == "lawful_basis"
    with pytest.raises(ServiceError, match="why sharing without consent"):
        share(lead, case, agency_b, lawful_basis="safeguarding")
    assert not CaseShare.objects.filter(agency=agency_b).exists()


def test_an_agency_lead_sharing_without_consent_waits_for_the_lead(
    client, case, agency_a, agency_b, lead, worker_b
):
    from accounts.roles import Role
    from tests.factories import UserFactory

    agency_lead = UserFactory(username="lead.a", agency=agency_a, roles=[Role.AGENCY_LEAD])
    message = share(
        agency_lead,
        case,
        agency_b,
        lawful_basis="crime_prevention",
        basis_reason="Police operation under way",
    )
    assert "waiting for the Modern Slavery Lead's approval" in message
    assert case not in case_list_visible_to(user=worker_b)
    disclosure = Disclosure.objects.get(status="awaiting_approval")
    assert OutboundEmail.objects.filter(key=f"governance.share_awaiting:{disclosure.pk}").exists()
    # The Lead sees it in the queue and approves it: the share opens with its basis.
    client.force_login(lead)
    assert case.reference in client.get(reverse("governance:disclosure_queue")).content.decode()
    disclosure_approve(actor=lead, disclosure=disclosure)
    opened = CaseShare.objects.get(case=case, agency=agency_b)
    assert (opened.basis, opened.basis_note) == ("crime_prevention", "Police operation under way")
    assert case in case_list_visible_to(user=worker_b)


def test_a_refused_share_never_opens_and_is_on_the_timeline(case, agency_a, agency_b, lead):
    from accounts.roles import Role
    from tests.factories import UserFactory

    agency_lead = UserFactory(username="lead.a", agency=agency_a, roles=[Role.AGENCY_LEAD])
    share(agency_lead, case, agency_b, lawful_basis="safeguarding", basis_reason="Risk")
    disclosure = Disclosure.objects.get()
    with pytest.raises(ServiceError, match="why the share is refused"):
        disclosure_refuse(actor=lead, disclosure=disclosure, note="")
    with pytest.raises(ServiceError, match="Only the Modern Slavery Lead"):
        disclosure_approve(actor=agency_lead, disclosure=disclosure)
    disclosure_refuse(actor=lead, disclosure=disclosure, note="Consent can be sought first")
    assert not CaseShare.objects.filter(agency=agency_b).exists()
    assert case.timeline.filter(kind="share_refused").exists()


def test_a_life_at_immediate_risk_opens_the_share_at_once_and_tells_the_lead(
    case, survivor, agency_a, agency_b, lead, worker_b
):
    from accounts.roles import Role
    from tests.factories import UserFactory

    agency_lead = UserFactory(username="lead.a", agency=agency_a, roles=[Role.AGENCY_LEAD])
    message = share(
        agency_lead,
        case,
        agency_b,
        lawful_basis="vital_interests",
        basis_reason="Threatened with a knife tonight",
        life_at_risk=True,
    )
    assert "has been told" in message
    assert case in case_list_visible_to(user=worker_b)
    disclosure = Disclosure.objects.get()
    email = OutboundEmail.objects.get(key=f"governance.life_at_risk:{disclosure.pk}")
    assert email.to == lead.email
    assert case.reference in email.body and survivor.last_name not in email.body


def test_the_share_page_names_the_basis_field_and_the_case_page_shows_the_basis(
    client, lead, case, agency_b
):
    client.force_login(lead)
    url = reverse("cases:case_share", args=[case.reference])
    response = client.post(url, {"agency": agency_b.pk, "reason": "Housing"})
    assert "select the lawful basis for sharing without consent" in response.content.decode()
    client.post(
        url,
        {
            "agency": agency_b.pk,
            "reason": "Housing",
            "lawful_basis": "safeguarding",
            "basis_reason": "At risk of re-trafficking",
        },
    )
    page = client.get(case.get_absolute_url()).content.decode()
    sharing = page[page.index('id="sharing"') :]
    assert "Safeguarding of children and individuals at risk: At risk of re-trafficking" in sharing


@pytest.mark.parametrize(
    "persona", ["worker_a", "worker_b", "board_member", "administrator", "outsider"]
)
def test_only_the_lead_opens_the_approval_queue(client, request, case, agency_b, lead, persona):
    share(lead, case, agency_b, lawful_basis="safeguarding", basis_reason="Risk")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("governance:disclosure_queue")).status_code == 404


def test_a_decision_page_is_404_for_anyone_but_the_lead(client, case, agency_a, agency_b, worker_a):
    from accounts.roles import Role
    from tests.factories import UserFactory

    agency_lead = UserFactory(username="lead.a", agency=agency_a, roles=[Role.AGENCY_LEAD])
    share(agency_lead, case, agency_b, lawful_basis="safeguarding", basis_reason="Risk")
    url = reverse("governance:disclosure_decide", args=[Disclosure.objects.get().pk])
    client.force_login(agency_lead)
    assert client.get(url).status_code == 404


def test_a_service_referral_after_a_withdrawal_needs_a_lawful_basis(worker_a, case, survivor):
    from directory.models import SupportService
    from directory.services import ensure_directory_services
    from referrals.services import service_referral_create

    ensure_directory_services()
    service = SupportService.objects.get(seed_key="adavu")
    consent_record(
        actor=worker_a,
        case=case,
        person=survivor,
        decision="withdrawn",
        scope="service",
        service_name=service.name,
        method="verbal",
        decided_on=timezone.localdate(),
    )
    with pytest.raises(ServiceError, match="recorded as withdrawn"):
        service_referral_create(
            actor=worker_a,
            case=case,
            person=survivor,
            service=service,
            sent_on=timezone.localdate(),
            consent_given=True,
        )
    referral = service_referral_create(
        actor=worker_a,
        case=case,
        person=survivor,
        service=service,
        sent_on=timezone.localdate(),
        consent_given=False,
        lawful_basis="vital_interests",
        basis_reason="Needs a bed tonight",
    )
    assert not referral.consent_given
    disclosure = Disclosure.objects.get(kind="service_referral")
    assert (disclosure.basis, disclosure.recipient) == ("vital_interests", service.name)
    assert case.timeline.filter(kind="disclosure", description__contains="Vital").exists()


def test_a_serac_referral_with_consent_records_the_persons_consent(worker_a, case, survivor):
    from governance.selectors import consent_given_in_scope
    from serac.services import referral_create

    referral_create(
        actor=worker_a,
        case=case,
        person=survivor,
        criteria_high_risk=True,
        summary="Debt bondage",
        consent_given=True,
    )
    assert consent_given_in_scope(case=case, person=survivor, scope="serac")
    assert Disclosure.objects.get(kind="serac_referral").basis == "consent"


# --- Consent withdrawn after a share made on it ---------------------------------------


@pytest.fixture
def shared_on_consent(lead, case, survivor, agency_b):
    consent_to(lead, case, survivor, agency_b)
    share(lead, case, agency_b)
    return Disclosure.objects.get(agency=agency_b)


def review_url(disclosure):
    return reverse("governance:disclosure_review", args=[disclosure.pk])


def test_withdrawing_consent_lists_the_share_for_the_leads_review_without_cutting_it_off(
    client, lead, case, survivor, agency_a, agency_b, worker_b, shared_on_consent
):
    consent_to(lead, case, survivor, agency_b, decision="withdrawn")
    shared_on_consent.refresh_from_db()
    assert shared_on_consent.consent_withdrawn_on == timezone.localdate()
    assert case in case_list_visible_to(user=worker_b)  # not cut off
    entry = case.timeline.get(kind="share_for_review")
    assert agency_b.name in entry.description
    email = OutboundEmail.objects.get(key__startswith="governance.consent_withdrawn:")
    assert email.to == lead.email
    assert case.reference in email.body and survivor.last_name not in email.body
    client.force_login(lead)
    queue = client.get(reverse("governance:disclosure_queue")).content.decode()
    assert review_url(shared_on_consent) in queue
    assert "share to review: consent withdrawn" in client.get("/").content.decode()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "consent was withdrawn on" in page


def test_consent_withdrawn_for_another_agency_leaves_the_share_alone(
    lead, case, survivor, agency_a, agency_b, shared_on_consent
):
    consent_to(lead, case, survivor, agency_a, decision="withdrawn")
    shared_on_consent.refresh_from_db()
    assert shared_on_consent.consent_withdrawn_on is None


def test_the_lead_ends_a_share_whose_consent_was_withdrawn(
    client, lead, case, survivor, agency_b, worker_b, shared_on_consent
):
    consent_to(lead, case, survivor, agency_b, decision="withdrawn")
    client.force_login(lead)
    response = client.post(review_url(shared_on_consent), {"decision": "end"})
    assert "Enter why the access is ended" in response.content.decode()
    assert case in case_list_visible_to(user=worker_b)
    response = client.post(
        review_url(shared_on_consent), {"decision": "end", "reason": "Consent withdrawn"}
    )
    assert response["Location"] == reverse("governance:disclosure_queue")
    assert case not in case_list_visible_to(user=worker_b)
    assert client.get(review_url(shared_on_consent)).status_code == 404  # reviewed


def test_the_lead_keeps_a_share_on_a_lawful_basis_recorded_on_the_share(
    client, lead, case, survivor, agency_b, worker_b, shared_on_consent
):
    consent_to(lead, case, survivor, agency_b, decision="withdrawn")
    client.force_login(lead)
    response = client.post(review_url(shared_on_consent), {"decision": "keep"})
    body = response.content.decode()
    assert "Select the lawful basis for keeping the access" in body
    assert "Enter why keeping the access is justified" in body
    client.post(
        review_url(shared_on_consent),
        {"decision": "keep", "lawful_basis": "safeguarding", "basis_reason": "Child at risk"},
    )
    share_row = CaseShare.objects.get(case=case, agency=agency_b, revoked_at__isnull=True)
    assert (share_row.basis, share_row.basis_note) == ("safeguarding", "Child at risk")
    shared_on_consent.refresh_from_db()
    assert shared_on_consent.consent_withdrawn_on is None
    assert case in case_list_visible_to(user=worker_b)


@pytest.mark.parametrize("persona", ["worker_a", "worker_b", "administrator", "board_member"])
def test_only_the_lead_reviews_a_share_whose_consent_was_withdrawn(
    client, request, lead, case, survivor, agency_b, shared_on_consent, persona
):
    consent_to(lead, case, survivor, agency_b, decision="withdrawn")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(review_url(shared_on_consent)).status_code == 404
    assert (
        client.post(review_url(shared_on_consent), {"decision": "end", "reason": "x"}).status_code
        == 404
    )
    assert CaseShare.objects.filter(case=case, agency=agency_b, revoked_at__isnull=True).exists()
