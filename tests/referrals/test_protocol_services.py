"""Protocol 4.3 and 4.4: the support directory's rules, service referrals moving the
specialist-support pathway, and Skills & Employment eligibility."""

from datetime import date

import pytest
from django.utils import timezone

from cases.choices import Gender, RiskLevel
from core.errors import ServiceError
from directory.models import SupportService
from directory.services import ensure_directory_services
from pathways.models import CasePathway
from pathways.services import pathway_start, pathway_transition
from referrals.eligibility import services_for_case_people
from referrals.models import NrmEpisode
from referrals.services import service_referral_create, service_referral_update
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def directory(db):
    ensure_directory_services()
    return {s.seed_key: s for s in SupportService.objects.all()}


def names(rows, person):
    return {s.name for p, _status, services in rows if p == person for s in services}


def test_safeplace_is_not_offered_where_the_risk_is_high(directory, agency_a):
    person = PersonFactory(gender=Gender.MALE)
    case = CaseFactory(raised_by=agency_a, survivors=[person], risk_level=RiskLevel.HIGH)
    assert "SafePlace emergency safehouse" not in names(services_for_case_people(case=case), person)
    case.risk_level = RiskLevel.MEDIUM
    case.save()
    assert "SafePlace emergency safehouse" in names(services_for_case_people(case=case), person)


def test_women_only_services_are_not_offered_for_a_man(directory, agency_a):
    man, woman = PersonFactory(gender=Gender.MALE), PersonFactory(gender=Gender.FEMALE)
    case = CaseFactory(raised_by=agency_a, survivors=[man, woman])
    rows = services_for_case_people(case=case)
    assert "Kairos Women Working Together" not in names(rows, man)
    assert "Kairos Women Working Together" in names(rows, woman)


def test_each_person_is_matched_on_their_own_nrm_status(directory, agency_a):
    left_after_negative = PersonFactory(gender=Gender.FEMALE)
    in_nrm = PersonFactory(gender=Gender.FEMALE)
    case = CaseFactory(raised_by=agency_a, survivors=[left_after_negative, in_nrm])
    NrmEpisode.objects.create(
        case=case, person=left_after_negative, state="withdrawn", rg_decision="negative"
    )
    NrmEpisode.objects.create(case=case, person=in_nrm, state="awaiting_rg")  # the latest
    rows = {p: status for p, status, _ in services_for_case_people(case=case)}
    assert rows[left_after_negative] == "Negative decision"
    assert rows[in_nrm] == "In the NRM"
    # NRM support through the Victim Care Contract is for people in the NRM, not after
    # a negative decision.
    vcc = directory["victim_care_contract"].name
    assert vcc in names(services_for_case_people(case=case), in_nrm)
    assert vcc not in names(services_for_case_people(case=case), left_after_negative)


def test_referring_a_man_to_a_women_only_service_asks_for_confirmation(
    directory, worker_a, agency_a
):
    man = PersonFactory(gender=Gender.MALE)
    case = CaseFactory(raised_by=agency_a, survivors=[man])
    kairos = directory["kairos"]
    with pytest.raises(ServiceError, match="women only"):
        service_referral_create(
            actor=worker_a,
            case=case,
            person=man,
            service=kairos,
            sent_on=TODAY,
            consent_given=True,
        )
    referral = service_referral_create(
        actor=worker_a,
        case=case,
        person=man,
        service=kairos,
        sent_on=TODAY,
        consent_given=True,
        women_only_confirmed=True,
    )
    assert referral.service == kairos


def test_service_referrals_move_the_specialist_support_pathway(directory, worker_a, agency_a):
    person = PersonFactory()
    case = CaseFactory(raised_by=agency_a, survivors=[person])

    def state():
        return CasePathway.objects.get(case=case, pathway_key="specialist_support").state_key

    referral = service_referral_create(
        actor=worker_a,
        case=case,
        person=person,
        service=directory["adavu"],
        sent_on=TODAY,
        consent_given=True,
    )
    assert state() == "referral_sent"
    service_referral_update(actor=worker_a, referral=referral, status="accepted", on=TODAY)
    assert state() == "accepted"
    service_referral_update(actor=worker_a, referral=referral, status="engaged", on=TODAY)
    assert state() == "engaged"
    service_referral_update(
        actor=worker_a, referral=referral, status="ended", on=TODAY, reason="Support completed"
    )
    assert state() == "ended"


def test_a_declined_referral_then_another_service_moves_the_pathway_on(
    directory, worker_a, agency_a
):
    person = PersonFactory()
    case = CaseFactory(raised_by=agency_a, survivors=[person])
    first = service_referral_create(
        actor=worker_a,
        case=case,
        person=person,
        service=directory["adavu"],
        sent_on=TODAY,
        consent_given=True,
    )
    service_referral_update(
        actor=worker_a, referral=first, status="declined", on=TODAY, reason="Out of area"
    )
    on = CasePathway.objects.get(case=case, pathway_key="specialist_support")
    assert on.state_key == "declined"
    service_referral_create(
        actor=worker_a,
        case=case,
        person=person,
        service=directory["hope_for_justice"],
        sent_on=TODAY,
        consent_given=True,
    )
    on.refresh_from_db()
    assert on.state_key == "referral_sent"


def test_adult_education_refuses_someone_born_on_or_after_31_august_2005(lead, agency_a):
    young = PersonFactory(date_of_birth=date(2005, 8, 31))
    case = CaseFactory(raised_by=agency_a, survivors=[young])
    on = pathway_start(actor=lead, case=case, pathway_key="skills_employment")
    with pytest.raises(ServiceError, match="born before 31 August 2005"):
        pathway_transition(
            actor=lead, case_pathway=on, transition_key="refer", note="3 years' residence"
        )
    moved = pathway_transition(actor=lead, case_pathway=on, transition_key="refer_job_shop")
    assert moved.state_key == "referred"


def test_adult_education_takes_someone_born_before_with_residence_confirmed(lead, agency_a):
    older = PersonFactory(date_of_birth=date(2005, 8, 30))
    case = CaseFactory(raised_by=agency_a, survivors=[older])
    on = pathway_start(actor=lead, case=case, pathway_key="skills_employment")
    with pytest.raises(ServiceError, match="note"):
        pathway_transition(actor=lead, case_pathway=on, transition_key="refer")
    moved = pathway_transition(
        actor=lead, case_pathway=on, transition_key="refer", note="In the UK legally since 2019"
    )
    assert moved.state_key == "referred"
    assert "ESOL" in moved.pathway.state("eligibility_check").guidance
    assert "Learning for Life" in moved.pathway.state("eligibility_check").guidance
