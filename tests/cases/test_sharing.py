import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseShare
from cases.selectors import case_list_visible_to
from cases.services.sharing import case_share, case_share_end_expired, case_share_revoke
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
    first = case_share(actor=lead, case=case, agency=agency_b, reason="Assessment")
    case_share(actor=lead, case=case, agency=agency_b, reason="SERAC action")
    case_share_revoke(actor=lead, share=first, reason="Done")
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
