"""The ISA register: no new share without a current agreement; warnings before expiry."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.extensions import share_request
from cases.models import CaseShare
from cases.services.sharing import case_share
from core.errors import ServiceError
from core.models import OutboundEmail
from governance.models import Disclosure, SharingAgreement
from governance.services import agreement_warn_expiring
from tests.factories import AgencyFactory, CaseFactory, UserFactory, agreement_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def unsigned():
    return AgencyFactory(name="Unsigned Housing Association", agreement=False)


@pytest.fixture
def case(agency_a):
    return CaseFactory(raised_by=agency_a)


def test_an_agency_without_a_current_agreement_cannot_be_given_a_share(case, agency_a, unsigned):
    from accounts.roles import Role

    agency_lead = UserFactory(username="lead.a", agency=agency_a, roles=[Role.AGENCY_LEAD])
    with pytest.raises(ServiceError, match="no current information-sharing agreement") as refused:
        share_request(
            actor=agency_lead,
            case=case,
            agency=unsigned,
            reason="Housing",
            lawful_basis="safeguarding",
            basis_reason="Risk",
        )
    assert refused.value.field == "agency"
    assert not CaseShare.objects.filter(agency=unsigned).exists()


def test_an_expired_agreement_is_not_current(case, lead):
    lapsed = AgencyFactory(name="Lapsed Charity", agreement=False)
    today = timezone.localdate()
    agreement_for(
        lapsed,
        signed_on=today - datetime.timedelta(days=800),
        expires_on=today - datetime.timedelta(days=1),
    )
    with pytest.raises(ServiceError, match="to share in an emergency, enter why"):
        share_request(
            actor=lead,
            case=case,
            agency=lapsed,
            reason="Housing",
            lawful_basis="safeguarding",
            basis_reason="Risk",
        )


def test_the_lead_may_override_in_an_emergency_with_a_recorded_audited_reason(
    client, case, lead, unsigned
):
    share_request(
        actor=lead,
        case=case,
        agency=unsigned,
        reason="Emergency bed",
        lawful_basis="vital_interests",
        basis_reason="No other bed tonight",
        emergency_reason="Only provider with a bed tonight; agreement being signed",
    )
    assert CaseShare.objects.filter(agency=unsigned, revoked_at=None).exists()
    disclosure = Disclosure.objects.get()
    assert disclosure.agreement_override_reason.startswith("Only provider")
    # pghistory keeps the audit trail, which the application cannot edit.
    assert disclosure.events.filter(agreement_override_reason__startswith="Only").exists()
    assert case.timeline.filter(kind="shared_without_agreement").exists()
    client.force_login(lead)
    page = client.get(reverse("governance:agreements")).content.decode()
    assert "Only provider with a bed tonight" in page


def test_a_share_refused_for_want_of_an_agreement_names_the_agency_field_on_the_page(
    client, case, agency_a, unsigned
):
    from accounts.roles import Role

    agency_lead = UserFactory(username="lead.a", agency=agency_a, roles=[Role.AGENCY_LEAD])
    client.force_login(agency_lead)
    url = reverse("cases:case_share", args=[case.reference])
    assert "emergency_reason" not in client.get(url).content.decode()
    response = client.post(url, {"agency": unsigned.pk, "reason": "Housing"})
    assert "has no current information-sharing agreement" in response.content.decode()
    assert 'href="#id_agency"' in response.content.decode()


def test_existing_shares_are_not_cut_off_but_listed_for_review(client, case, lead, unsigned):
    case_share(actor=lead, case=case, agency=unsigned, reason="Shared before the register")
    client.force_login(lead)
    page = client.get(reverse("governance:agreements")).content.decode()
    assert CaseShare.objects.get(agency=unsigned).revoked_at is None
    review = page[page.index('id="review"') :]
    assert case.reference in review and unsigned.name in review


def test_the_lead_records_an_agreement_with_its_document_and_downloads_it(client, lead, unsigned):
    client.force_login(lead)
    today = timezone.localdate()
    expires = today + datetime.timedelta(days=700)
    response = client.post(
        reverse("governance:agreement_add"),
        {
            "agency": unsigned.pk,
            "signed_on_0": today.day,
            "signed_on_1": today.month,
            "signed_on_2": today.year,
            "expires_on_0": expires.day,
            "expires_on_1": expires.month,
            "expires_on_2": expires.year,
            "signatory": "Chief Executive",
            "document": SimpleUploadedFile("isa.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    agreement = SharingAgreement.objects.get(agency=unsigned)
    assert agreement.is_current() and agreement.document_name == "isa.pdf"
    assert unsigned.name not in agreement.document.name  # a random name on disk
    download = client.get(reverse("governance:agreement_document", args=[agreement.pk]))
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize("persona", ["lead", "administrator"])
def test_the_lead_and_administrators_open_the_register(client, request, persona, agency_b):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("governance:agreements"))
    assert page.status_code == 200 and agency_b.name in page.content.decode()


@pytest.mark.parametrize(
    "persona", ["worker_a", "worker_b", "serac_chair", "board_member", "outsider"]
)
def test_everyone_else_gets_404_from_the_register(client, request, persona, agency_b):
    agreement = agreement_for(agency_b)
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("governance:agreements"),
        reverse("governance:agreement_add"),
        reverse("governance:agreement_document", args=[agreement.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_lead_and_the_agencys_safeguarding_lead_are_warned_30_days_before_expiry_once(
    lead, agency_b, worker_b
):
    from accounts.roles import Role

    safeguarding = UserFactory(username="sg.b", agency=agency_b, roles=[Role.AGENCY_LEAD])
    soon = AgencyFactory(name="Expiring Charity", agreement=False)
    sg_soon = UserFactory(username="sg.soon", agency=soon, roles=[Role.AGENCY_LEAD])
    today = timezone.localdate()
    agreement = agreement_for(
        soon,
        signed_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=30),
    )
    assert agreement_warn_expiring(today=today) == 1
    assert agreement_warn_expiring(today=today) == 0  # once
    sent_to = set(
        OutboundEmail.objects.filter(key=f"governance.agreement_expiry:{agreement.pk}").values_list(
            "to", flat=True
        )
    )
    assert sent_to == {lead.email, sg_soon.email}
    assert safeguarding.email not in sent_to and worker_b.email not in sent_to


def test_an_agreement_further_off_than_30_days_is_not_warned_about(lead):
    far = AgencyFactory(name="Far Charity", agreement=False)
    today = timezone.localdate()
    agreement_for(far, signed_on=today, expires_on=today + datetime.timedelta(days=31))
    assert agreement_warn_expiring(today=today) == 0
    assert not OutboundEmail.objects.exists()
