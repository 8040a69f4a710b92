"""Referrals to support services and statutory teams."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.errors import ServiceError
from directory.models import SupportService
from directory.services import ensure_directory_services
from referrals.models import ServiceReferral
from referrals.services import (
    service_referral_chase,
    service_referral_create,
    service_referral_update,
)
from tests.factories import PersonFactory
from tests.referrals.factories import case_with_person

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def adavu(db):
    ensure_directory_services()
    return SupportService.objects.get(seed_key="adavu")


@pytest.fixture
def case_and_person(agency_a):
    return case_with_person(raised_by=agency_a)


def test_a_referral_needs_consent_and_one_destination(worker_a, adavu, case_and_person):
    case, person = case_and_person
    with pytest.raises(ServiceError, match="consented"):
        service_referral_create(
            actor=worker_a,
            case=case,
            person=person,
            service=adavu,
            sent_on=days_ago(1),
            consent_given=False,
        )
    with pytest.raises(ServiceError, match="one service or statutory team"):
        service_referral_create(
            actor=worker_a,
            case=case,
            person=person,
            service=adavu,
            statutory_team="housing",
            sent_on=days_ago(1),
            consent_given=True,
        )
    with pytest.raises(ServiceError, match="person named on this case"):
        service_referral_create(
            actor=worker_a,
            case=case,
            person=PersonFactory(),
            service=adavu,
            sent_on=days_ago(1),
            consent_given=True,
        )
    assert not ServiceReferral.objects.exists()


def test_a_referral_cannot_be_closed_without_an_outcome(worker_a, adavu, case_and_person):
    case, person = case_and_person
    referral = service_referral_create(
        actor=worker_a,
        case=case,
        person=person,
        service=adavu,
        sent_on=days_ago(10),
        consent_given=True,
    )
    with pytest.raises(ServiceError, match="Enter the reason the referral was declined"):
        service_referral_update(
            actor=worker_a, referral=referral, status="declined", on=days_ago(5)
        )
    service_referral_update(actor=worker_a, referral=referral, status="accepted", on=days_ago(6))
    with pytest.raises(ServiceError, match="cannot become"):
        service_referral_update(
            actor=worker_a, referral=referral, status="no_capacity", on=days_ago(5)
        )
    with pytest.raises(ServiceError, match="Enter the reason the referral was ended"):
        service_referral_update(actor=worker_a, referral=referral, status="ended", on=days_ago(1))
    service_referral_update(
        actor=worker_a,
        referral=referral,
        status="ended",
        on=days_ago(1),
        reason="Support completed",
    )
    referral.refresh_from_db()
    assert (referral.status, referral.answered_on, referral.closed_on) == (
        "ended",
        days_ago(6),
        days_ago(1),
    )
    assert referral.outcome_reason == "Support completed"


def test_an_unanswered_referral_is_chased_once(settings, worker_a, adavu, case_and_person):
    settings.WAYMARK_SERVICE_REFERRAL_CHASE_WORKING_DAYS = 10
    case, person = case_and_person
    old = service_referral_create(
        actor=worker_a,
        case=case,
        person=person,
        service=adavu,
        sent_on=days_ago(30),
        consent_given=True,
    )
    service_referral_create(
        actor=worker_a,
        case=case,
        person=person,
        statutory_team="housing",
        sent_on=days_ago(1),
        consent_given=True,
    )
    assert service_referral_chase() == 1
    assert len(mail.outbox) == 1
    assert case.reference in mail.outbox[0].body and person.last_name not in mail.outbox[0].body
    old.refresh_from_db()
    assert old.chased_at is not None
    assert service_referral_chase() == 0
    assert len(mail.outbox) == 1


def test_the_figures_page_counts_by_service(client, worker_a, lead, adavu, case_and_person):
    case, person = case_and_person
    for status, reason in (("accepted", ""), ("no_capacity", ""), ("declined", "Outside area")):
        referral = service_referral_create(
            actor=worker_a,
            case=case,
            person=person,
            service=adavu,
            sent_on=days_ago(10),
            consent_given=True,
        )
        service_referral_update(
            actor=worker_a, referral=referral, status=status, on=days_ago(6), reason=reason
        )
    client.force_login(lead)
    response = client.get(reverse("referrals:service_figures"))
    assert response.status_code == 200
    row = next(s for s in response.context["services"] if s.pk == adavu.pk)
    assert (row.referral_count, row.accepted, row.no_capacity, row.declined) == (3, 1, 1, 1)
    assert row.median_days_to_answer == 4.0
    assert response.context["gaps"]["take_men"] == 8


@pytest.mark.parametrize("persona", ["board_member", "administrator", "outsider"])
def test_the_figures_page_is_404_for_non_staff(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("referrals:service_figures")).status_code == 404


def test_a_referral_is_recorded_from_the_case(client, worker_a, adavu, case_and_person):
    case, person = case_and_person
    client.force_login(worker_a)
    day = days_ago(2)
    response = client.post(
        reverse("referrals:service_referral_create", args=[case.reference]),
        {
            "person": person.pk,
            "destination": f"service:{adavu.pk}",
            "sent_on_0": day.day,
            "sent_on_1": day.month,
            "sent_on_2": day.year,
            "consent_given": "on",
        },
    )
    assert response.status_code == 302
    referral = ServiceReferral.objects.get()
    assert referral.service == adavu and referral.sent_by == worker_a
    page = client.get(case.get_absolute_url()).content.decode()
    assert adavu.name in page


def test_an_unrelated_worker_cannot_refer_from_the_case(client, worker_b, case_and_person):
    case, _ = case_and_person
    client.force_login(worker_b)
    url = reverse("referrals:service_referral_create", args=[case.reference])
    assert client.get(url).status_code == 404
