"""SERAC referrals: repeat detection, consent, the chair's decision, and who may refer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.models import TimelineEvent
from core.errors import ServiceError
from serac.models import AgendaItem, ReferralStatus, SeracReferral
from serac.services import referral_accept, referral_create, referral_decline
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def refer(actor, case, person=None, **overrides):
    kwargs = {
        "criteria_high_risk": True,
        "summary": "Debt bondage; threatened last week.",
        "consent_given": True,
    }
    kwargs.update(overrides)
    return referral_create(actor=actor, case=case, person=person, **kwargs)


def back_date(referral, days):
    SeracReferral.objects.filter(pk=referral.pk).update(
        referred_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_same_person_referred_within_12_months_is_a_repeat(worker_b, case_b, survivor, agency_b):
    first = refer(worker_b, case_b, survivor)
    back_date(first, 300)
    # The same person on another case is still the same person.
    other_case = CaseFactory(raised_by=agency_b, survivors=[survivor])
    second = refer(worker_b, other_case, survivor)
    assert second.is_repeat
    assert second.previous_referral == first
    assert second.criteria_repeat  # a detected repeat meets the repeat criterion


def test_person_last_referred_more_than_12_months_ago_is_not_a_repeat(worker_b, case_b, survivor):
    first = refer(worker_b, case_b, survivor)
    back_date(first, 370)
    second = refer(worker_b, case_b, survivor)
    assert not second.is_repeat
    assert second.previous_referral is None


def test_repeat_counts_from_the_last_referral_not_the_first(worker_b, case_b, survivor):
    oldest = refer(worker_b, case_b, survivor)
    back_date(oldest, 500)
    latest = refer(worker_b, case_b, survivor)
    back_date(latest, 100)
    third = refer(worker_b, case_b, survivor)
    assert third.is_repeat and third.previous_referral == latest


def test_without_a_person_the_same_case_makes_a_repeat(worker_b, agency_b):
    case = CaseFactory(raised_by=agency_b)
    other = CaseFactory(raised_by=agency_b)
    first = refer(worker_b, case)
    back_date(first, 30)
    assert refer(worker_b, other).is_repeat is False
    assert refer(worker_b, case).is_repeat is True


def test_sharing_without_consent_needs_a_justification(worker_b, case_b):
    with pytest.raises(ServiceError, match="without consent"):
        refer(worker_b, case_b, consent_given=False, consent_justification=" ")
    assert not SeracReferral.objects.exists()
    with pytest.raises(ServiceError, match="lawful basis"):
        refer(worker_b, case_b, consent_given=False, consent_justification="Risk of harm")
    referral = refer(
        worker_b,
        case_b,
        consent_given=False,
        consent_justification="Risk of serious harm",
        lawful_basis="safeguarding",
    )
    assert referral.consent_justification == "Risk of serious harm"


def test_referral_needs_a_criterion(worker_b, case_b):
    with pytest.raises(ServiceError, match="criterion"):
        refer(worker_b, case_b, criteria_high_risk=False)


def test_referral_is_on_the_case_timeline(worker_b, case_b):
    refer(worker_b, case_b)
    assert TimelineEvent.objects.filter(case=case_b, kind="serac_referred").exists()


def test_worker_with_access_refers_from_the_case_page(client, worker_b, case_b, survivor):
    client.force_login(worker_b)
    page = client.get(case_b.get_absolute_url())
    assert reverse("serac:referral_create", args=[case_b.reference]).encode() in page.content
    response = client.post(
        reverse("serac:referral_create", args=[case_b.reference]),
        {
            "person": str(survivor.pk),
            "criteria": ["criteria_high_risk", "criteria_escalation"],
            "summary": "Threatened with violence over a debt.",
            "consent": "no",
            "lawful_basis": "safeguarding",
            "consent_justification": "Sharing prevents serious harm.",
        },
    )
    assert response.status_code == 302
    referral = SeracReferral.objects.get()
    assert referral.referring_agency == worker_b.agency
    assert referral.person == survivor
    assert referral.criteria_escalation and not referral.consent_given


def test_referrer_is_told_before_referring_that_it_would_be_a_repeat(
    client, worker_b, case_b, survivor
):
    back_date(refer(worker_b, case_b, survivor), 60)
    client.force_login(worker_b)
    page = client.get(reverse("serac:referral_create", args=[case_b.reference]))
    assert b"This would be a repeat referral" in page.content
    assert escape(str(survivor)).encode() in page.content


def test_referral_form_names_the_missing_justification(client, worker_b, case_b):
    client.force_login(worker_b)
    response = client.post(
        reverse("serac:referral_create", args=[case_b.reference]),
        {"criteria": ["criteria_high_risk"], "summary": "Risk", "consent": "no"},
    )
    assert response.status_code == 200
    assert b"Enter why sharing without consent is justified" in response.content
    assert not SeracReferral.objects.exists()


def test_worker_who_cannot_see_the_case_cannot_refer_it(client, worker_a, case_b, outsider):
    for user in (worker_a, outsider):
        client.force_login(user)
        url = reverse("serac:referral_create", args=[case_b.reference])
        assert client.get(url).status_code == 404


def test_chair_sees_the_repeat_and_accepts_onto_an_agenda(
    client, serac_chair, worker_b, case_b, survivor, meeting
):
    back_date(refer(worker_b, case_b, survivor), 60)
    referral = refer(worker_b, case_b, survivor)
    client.force_login(serac_chair)
    page = client.get(referral.get_absolute_url())
    assert b"Repeat referral" in page.content
    response = client.post(
        referral.get_absolute_url(),
        {"accept-meeting": str(meeting.pk), "accept-agenda_summary": "Repeat; debt bondage."},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.referral == referral and item.summary == "Repeat; debt bondage."


def test_chair_declines_with_a_reason(serac_chair, worker_b, case_b):
    referral = refer(worker_b, case_b)
    with pytest.raises(ServiceError, match="why"):
        referral_decline(actor=serac_chair, referral=referral, reason="")
    referral_decline(actor=serac_chair, referral=referral, reason="Below the SERAC threshold")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    with pytest.raises(ServiceError, match="already decided"):
        referral_accept(actor=serac_chair, referral=referral)


def test_only_the_chair_and_lead_decide(client, worker_b, worker_a, board_member, case_b):
    referral = refer(worker_b, case_b)
    # The referring agency reads its referral but cannot decide on it.
    client.force_login(worker_b)
    assert client.get(referral.get_absolute_url()).status_code == 200
    response = client.post(
        referral.get_absolute_url(), {"decline": "", "decline-decline_reason": "x"}
    )
    assert response.status_code == 404
    for user in (worker_a, board_member):
        client.force_login(user)
        assert client.get(referral.get_absolute_url()).status_code == 404
        assert client.get(reverse("serac:referral_list")).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED


def test_the_serac_lists_log_each_case_they_name(client, worker_b, case_b, serac_chair, meeting):
    from cases.models import AccessAction, AccessLogEntry

    waiting = refer(worker_b, case_b)
    ready_case = CaseFactory()
    referral_accept(actor=serac_chair, referral=refer(serac_chair, ready_case), meeting=None)
    client.force_login(serac_chair)
    for name in ("serac:home", "serac:referral_list"):
        assert client.get(reverse(name)).status_code == 200
    client.get(reverse("serac:agenda_edit", args=[meeting.pk]))
    seen = AccessLogEntry.objects.filter(user=serac_chair, action=AccessAction.VIEW_LIST)
    assert set(seen.filter(detail="SERAC home").values_list("case", flat=True)) == {waiting.case_id}
    assert set(seen.filter(detail="SERAC referrals").values_list("case", flat=True)) == {
        case_b.pk,
        ready_case.pk,
    }
    builder = seen.filter(detail__startswith="SERAC agenda builder")
    assert set(builder.values_list("case", flat=True)) == {ready_case.pk}
