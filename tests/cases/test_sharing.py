import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseShare, ShareKind
from cases.selectors import case_list_visible_to
from cases.services.sharing import case_share, case_share_end_expired, case_share_revoke
from core.errors import ServiceError
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_lead_shares_a_case_with_a_reason_and_end_date_through_the_page(
    client, lead, agency_b, worker_b
):
    case = CaseFactory()
    client.force_login(lead)
    ends = timezone.localdate() + datetime.timedelta(days=30)
    client.post(
        reverse("cases:case_share", args=[case.reference]),
        {
            "agency": agency_b.pk,
            "reason": "Safe house place",
            "ends_on": ends.strftime("%d/%m/%Y"),
            "lawful_basis": "safeguarding",
            "basis_reason": "No one is named yet; the safe house must know the risks",
        },
    )
    share = CaseShare.objects.get(case=case, agency=agency_b)
    assert share.shared_by == lead and share.ends_on == ends
    assert case in case_list_visible_to(user=worker_b)
    assert case.timeline.filter(kind="shared", description__contains="Safe house place").exists()


def test_sharing_without_a_reason_names_the_field(client, lead, agency_b):
    case = CaseFactory()
    client.force_login(lead)
    response = client.post(
        reverse("cases:case_share", args=[case.reference]), {"agency": agency_b.pk}
    )
    assert "Enter why you are sharing this case" in response.content.decode()
    assert not CaseShare.objects.filter(agency=agency_b).exists()


def test_an_agency_lead_with_access_may_share_but_a_frontline_worker_may_not(
    client, agency_a, agency_b, worker_a
):
    from accounts.roles import Role
    from tests.factories import UserFactory

    case = CaseFactory(raised_by=agency_a)
    agency_lead = UserFactory(username="lead.a", agency=agency_a, roles=[Role.AGENCY_LEAD])
    client.force_login(worker_a)
    assert client.get(reverse("cases:case_share", args=[case.reference])).status_code == 404
    client.force_login(agency_lead)
    assert client.get(reverse("cases:case_share", args=[case.reference])).status_code == 200


def test_revoking_removes_access_and_is_on_the_timeline(lead, agency_b, worker_b):
    case = CaseFactory()
    share = case_share(actor=lead, case=case, agency=agency_b, reason="Assessment")
    case_share_revoke(actor=lead, share=share, reason="Assessment finished")
    assert case not in case_list_visible_to(user=worker_b)
    assert case.timeline.filter(kind="share_revoked").exists()


def test_revoking_one_share_keeps_access_from_another_active_share(lead, agency_b, worker_b):
    case = CaseFactory()
    window = case_share(
        actor=lead, case=case, agency=agency_b, reason="SERAC meeting", kind=ShareKind.SERAC
    )
    case_share(actor=lead, case=case, agency=agency_b, reason="Assessment")
    case_share_revoke(actor=lead, share=window, reason="Done")
    assert case in case_list_visible_to(user=worker_b)


def test_expired_shares_end_by_themselves_once(lead, agency_b, worker_b):
    case = CaseFactory()
    today = timezone.localdate()
    case_share(actor=lead, case=case, agency=agency_b, reason="Short", ends_on=today)
    assert case_share_end_expired(today=today) == 0  # the last day still has access
    assert case in case_list_visible_to(user=worker_b)
    tomorrow = today + datetime.timedelta(days=1)
    assert case_share_end_expired(today=tomorrow) == 1
    assert case_share_end_expired(today=tomorrow) == 0
    assert case not in case_list_visible_to(user=worker_b)
    assert case.timeline.filter(kind="share_expired").count() == 1


def test_the_expiry_task_is_scheduled_on_beat(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "cases.end_expired_shares" in tasks


# --- Who may share, and on what basis ------------------------------------------------


@pytest.fixture
def nhs(db):
    from accounts.models import AgencyType
    from tests.factories import AgencyFactory

    return AgencyFactory(name="NHS Hospital", agency_type=AgencyType.NHS)


@pytest.fixture
def asc(db):
    from accounts.models import AgencyType
    from tests.factories import AgencyFactory

    return AgencyFactory(name="Adult Social Care", agency_type=AgencyType.LOCAL_AUTHORITY)


@pytest.fixture
def asc_lead(asc):
    from accounts.roles import Role
    from tests.factories import UserFactory

    return UserFactory(username="asc.lead", agency=asc, roles=[Role.AGENCY_LEAD, Role.SERAC_MEMBER])


def _serac_window(case, agency, lead):
    return case_share(
        actor=lead,
        case=case,
        agency=agency,
        kind=ShareKind.SERAC,
        reason="Listed for a SERAC meeting",
        ends_on=timezone.localdate() + datetime.timedelta(days=14),
    )


def test_a_serac_window_is_never_a_basis_for_sharing_on(client, lead, nhs, asc, asc_lead, agency_b):
    case = CaseFactory(raised_by=nhs)
    _serac_window(case, asc, lead)
    client.force_login(asc_lead)
    assert client.get(case.get_absolute_url()).status_code == 200
    share_url = reverse("cases:case_share", args=[case.reference])
    assert client.get(share_url).status_code == 404
    response = client.post(share_url, {"agency": agency_b.pk, "reason": "Keep it"})
    assert response.status_code == 404
    assert not CaseShare.objects.filter(case=case, agency=agency_b).exists()
    with pytest.raises(ServiceError):
        case_share(actor=asc_lead, case=case, agency=asc, reason="Keep it for ourselves")


def test_the_safeguarding_lead_of_an_agency_the_lead_shared_with_may_share_on(
    lead, nhs, asc, asc_lead, agency_b
):
    case = CaseFactory(raised_by=nhs)
    case_share(actor=lead, case=case, agency=asc, reason="Care Act assessment")
    share = case_share(actor=asc_lead, case=case, agency=agency_b, reason="Casework support")
    assert share.shared_by == asc_lead


def test_a_share_made_by_an_agency_lead_is_not_a_basis_for_sharing_on(
    lead, nhs, asc, asc_lead, agency_b
):
    from accounts.roles import Role
    from tests.factories import UserFactory

    case = CaseFactory(raised_by=nhs)
    nhs_lead = UserFactory(username="nhs.lead", agency=nhs, roles=[Role.AGENCY_LEAD])
    case_share(actor=nhs_lead, case=case, agency=asc, reason="Care Act assessment")
    with pytest.raises(ServiceError):
        case_share(actor=asc_lead, case=case, agency=agency_b, reason="Casework support")


def test_only_the_lead_ends_the_raising_agencys_share(client, lead, nhs, asc, asc_lead):
    case = CaseFactory(raised_by=nhs)
    case_share(actor=lead, case=case, agency=asc, reason="Care Act assessment")
    raised = CaseShare.objects.get(case=case, agency=nhs)
    client.force_login(asc_lead)
    url = reverse("cases:case_share_end", args=[case.reference, raised.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Not needed"}).status_code == 404
    with pytest.raises(ServiceError):
        case_share_revoke(actor=asc_lead, share=raised, reason="Not needed")
    assert CaseShare.objects.get(pk=raised.pk).revoked_at is None
    client.force_login(lead)
    assert client.post(url, {"reason": "Agreed with NHS"}).status_code == 302
    assert CaseShare.objects.get(pk=raised.pk).revoked_at is not None


def test_sharing_with_an_agency_that_already_has_access_makes_no_second_share(
    client, lead, nhs, agency_b
):
    case = CaseFactory(raised_by=nhs, shared_with=[agency_b])
    client.force_login(lead)
    for agency in (nhs, agency_b):
        response = client.post(
            reverse("cases:case_share", args=[case.reference]),
            {"agency": agency.pk, "reason": "Again"},
        )
        assert "already has access" in response.content.decode()
        assert CaseShare.objects.filter(case=case, agency=agency).count() == 1


def test_a_standing_share_may_be_given_to_an_agency_seeing_the_case_through_serac(lead, nhs, asc):
    case = CaseFactory(raised_by=nhs)
    _serac_window(case, asc, lead)
    case_share(actor=lead, case=case, agency=asc, reason="Care Act assessment")
    assert CaseShare.objects.filter(case=case, agency=asc, revoked_at=None).count() == 2


def test_every_share_and_end_is_on_the_timeline_and_tells_the_lead(
    django_capture_on_commit_callbacks, lead, nhs, asc, asc_lead, agency_b, mailoutbox
):
    case = CaseFactory(raised_by=nhs)
    case_share(actor=lead, case=case, agency=asc, reason="Care Act assessment")
    with django_capture_on_commit_callbacks(execute=True):
        share = case_share(actor=asc_lead, case=case, agency=agency_b, reason="Casework")
    with django_capture_on_commit_callbacks(execute=True):
        case_share_revoke(actor=asc_lead, share=share, reason="Casework finished")
    assert case.timeline.filter(kind="shared", description__contains=agency_b.name).exists()
    assert case.timeline.filter(kind="share_revoked", description__contains=agency_b.name).exists()
    to_lead = [m for m in mailoutbox if m.to == [lead.email]]
    assert len(to_lead) == 2
    assert all(case.reference in m.body for m in to_lead)
    assert all(case.get_absolute_url() in m.body for m in to_lead)
    # No personal data leaves in an email.
    assert all("Casework" not in m.body for m in to_lead)
