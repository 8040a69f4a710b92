"""Emerging threats on an agenda (no single case) and the referrals the Lead expects."""

import pytest
from django.urls import reverse

from serac.models import EmergingThreat, ExpectedVolume
from serac.services import emerging_threat_save, minutes_draft_text

pytestmark = pytest.mark.django_db

THREAT = {
    "kind": "business",
    "title": "Hand car washes on the ring road",
    "summary": "Workers living on site at three car washes.",
}


def test_the_chair_lists_an_emerging_threat_with_no_case(client, serac_chair, meeting):
    client.force_login(serac_chair)
    response = client.post(reverse("serac:threat_add", args=[meeting.pk]), THREAT)
    assert response.status_code == 302
    threat = EmergingThreat.objects.get()
    assert threat.meeting == meeting
    assert "Hand car washes on the ring road" in minutes_draft_text(meeting=meeting)


def test_a_missing_title_is_named(client, serac_chair, meeting):
    client.force_login(serac_chair)
    response = client.post(reverse("serac:threat_add", args=[meeting.pk]), {**THREAT, "title": ""})
    assert "Enter a title" in response.content.decode()
    assert not EmergingThreat.objects.exists()


@pytest.mark.parametrize("persona", ["police_member", "worker_b", "board_member", "outsider"])
def test_only_the_chair_and_lead_change_threats(client, request, serac_chair, meeting, persona):
    threat = emerging_threat_save(actor=serac_chair, meeting=meeting, **THREAT)
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("serac:threat_add", args=[meeting.pk]), THREAT).status_code == 404
    edit = reverse("serac:threat_edit", args=[meeting.pk, threat.pk])
    assert client.post(edit, {**THREAT, "title": "Changed"}).status_code == 404
    threat.refresh_from_db()
    assert threat.title == THREAT["title"]


def test_the_lead_sets_the_expected_referrals_and_no_one_else_can(
    client, lead, serac_chair, worker_a, outsider
):
    url = reverse("serac:expected_volume")
    for user in (serac_chair, worker_a, outsider):
        client.force_login(user)
        assert client.post(url, {"year": "2025-26", "expected_referrals": "40"}).status_code == 404
    client.force_login(lead)
    bad = client.post(url, {"year": "2025-27", "expected_referrals": "40"})
    assert "Enter the financial year like 2025-26" in bad.content.decode()
    client.post(url, {"year": "2025-26", "expected_referrals": "40"})
    client.post(url, {"year": "2025-26", "expected_referrals": "44"})
    assert list(ExpectedVolume.objects.values_list("year", "expected_referrals")) == [
        ("2025-26", 44)
    ]
