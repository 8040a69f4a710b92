"""The specialist support directory (docs/domain.md section 6)."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.roles import Role
from cases.choices import Gender
from directory.models import SupportService
from directory.selectors import directory_gaps, services_for
from directory.services import DIRECTORY_SEED, ensure_directory_services
from pathways.services import pathway_start
from referrals.eligibility import nrm_status_for_case, services_for_case_context
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded(db):
    ensure_directory_services()


def _get(name):
    return SupportService.objects.get(name=name)


def _eligibility(service):
    return (
        service.eligible_in_nrm,
        service.eligible_not_in_nrm,
        service.eligible_negative_decision,
        service.eligible_positive_decision,
        service.gender,
    )


# --- Seed ----------------------------------------------------------------------


def test_the_ten_services_are_seeded_once_with_the_tables_eligibility():
    assert ensure_directory_services() == 0  # already there: nothing new
    assert SupportService.objects.count() == 10 == len(DIRECTORY_SEED)
    assert _eligibility(_get("Kairos Women Working Together")) == (
        True,
        True,
        True,
        True,
        "female",
    )
    assert _eligibility(_get("SafePlace emergency safehouse")) == (
        False,
        True,
        False,
        False,
        "all",
    )
    assert _eligibility(_get("NRM support via the Modern Slavery Victim Care Contract")) == (
        True,
        False,
        False,
        True,
        "all",
    )
    assert _eligibility(_get("Sexual Exploitation & Community Engagement Project")) == (
        False,
        True,
        False,
        False,
        "female",
    )
    assert _eligibility(_get("Hope at Home")) == (True, False, False, True, "all")
    assert _eligibility(_get("Adavu casework support")) == (True, True, True, True, "all")
    kairos = _get("Kairos Women Working Together")
    assert kairos.accepts_men is False
    assert not kairos.accepts_little_english and not kairos.accepts_substance_use
    assert kairos.capacity == "unknown"


@pytest.mark.django_db(transaction=True)
def test_the_directory_is_seeded_again_after_the_database_is_flushed():
    # A flush (an operator's, or the one after every transactional test) sends
    # post_migrate without a migration's apps; the ten services come back.
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert set(SupportService.objects.values_list("seed_key", flat=True)) == {
        row["seed_key"] for row in DIRECTORY_SEED
    }


def test_seeding_again_keeps_the_leads_changes_and_finds_a_renamed_service():
    hope = _get("Hope at Home")
    hope.name = "Hope at Home hosting"
    hope.capacity = "full"
    hope.save()
    assert ensure_directory_services() == 0
    hope.refresh_from_db()
    assert (hope.name, hope.capacity) == ("Hope at Home hosting", "full")
    assert SupportService.objects.count() == 10


def test_accepts_men_follows_gender():
    service = _get("Adavu casework support")
    service.gender = "female"
    service.save()
    service.refresh_from_db()
    assert service.accepts_men is False


# --- Eligibility ---------------------------------------------------------------


def _names(services):
    return {s.name for s in services}


def test_a_man_not_in_the_nrm_gets_no_women_only_or_nrm_only_services():
    names = _names(services_for(nrm_status="not_in_nrm", gender=Gender.MALE))
    assert "Kairos Women Working Together" not in names
    assert "Sexual Exploitation & Community Engagement Project" not in names
    assert "NRM support via the Modern Slavery Victim Care Contract" not in names
    assert "Hope at Home" not in names
    assert "SafePlace emergency safehouse" in names
    assert "Adavu casework support" in names


def test_a_woman_with_a_positive_decision_gets_hope_at_home_and_the_victim_care_contract():
    names = _names(services_for(nrm_status="positive_decision", gender=Gender.FEMALE))
    assert "Hope at Home" in names
    assert "NRM support via the Modern Slavery Victim Care Contract" in names
    assert "Kairos Women Working Together" in names
    assert "SafePlace emergency safehouse" not in names


def test_gender_not_recorded_gets_services_for_everyone_only_and_inactive_are_never_offered():
    SupportService.objects.filter(name="Adavu casework support").update(is_active=False)
    names = _names(services_for(nrm_status="not_in_nrm", gender=Gender.NOT_RECORDED))
    assert "Kairos Women Working Together" not in names
    assert "Adavu casework support" not in names
    assert "SafePlace emergency safehouse" in names


# --- NRM status from pathways -----------------------------------------------------


@pytest.fixture
def case(agency_a):
    return CaseFactory(raised_by=agency_a)


def _episode(case, state, **fields):
    from referrals.models import NrmEpisode

    person = PersonFactory()
    case.case_people.create(person=person)
    return NrmEpisode.objects.create(case=case, person=person, state=state, **fields)


@pytest.mark.parametrize(
    ("state", "fields", "expected"),
    [
        ("consent_pending", {}, "not_in_nrm"),
        ("dtn_submitted", {"route": "dtn"}, "not_in_nrm"),
        ("awaiting_rg", {}, "in_nrm"),
        ("recovery_period", {"rg_decision": "positive"}, "positive_decision"),
        ("awaiting_cg", {"rg_decision": "positive"}, "positive_decision"),
        ("move_on", {"rg_decision": "positive"}, "positive_decision"),
        ("rg_negative", {"rg_decision": "negative"}, "negative_decision"),
        ("rg_reconsideration", {"rg_decision": "negative"}, "negative_decision"),
        ("cg_negative", {"rg_decision": "positive"}, "negative_decision"),
        ("short_move_on", {"rg_decision": "positive"}, "negative_decision"),
        ("exited", {"rg_decision": "negative"}, "negative_decision"),
        (
            "exited",
            {"rg_decision": "positive", "cg_decision": "positive_slavery"},
            "positive_decision",
        ),
        ("withdrawn", {}, "not_in_nrm"),
        # Left the NRM after a negative decision.
        ("withdrawn", {"rg_decision": "negative"}, "negative_decision"),
        ("disqualified", {"rg_decision": "positive"}, "not_in_nrm"),
    ],
)
def test_nrm_status_comes_from_the_cases_nrm_episode(case, state, fields, expected):
    _episode(case, state, **fields)
    assert nrm_status_for_case(case) == expected


def test_no_episode_means_not_in_the_nrm(case, lead):
    # Pathways alone no longer decide it: the NRM episode is the record.
    pathway_start(actor=lead, case=case, pathway_key="during_nrm")
    assert nrm_status_for_case(case) == "not_in_nrm"


def test_the_most_recent_episode_decides(case):
    _episode(case, "withdrawn")
    _episode(case, "awaiting_rg")
    assert nrm_status_for_case(case) == "in_nrm"


# --- Directory page ----------------------------------------------------------------


def test_staff_see_the_directory_with_the_gaps_counted(client, worker_a):
    SupportService.objects.filter(name="Hope at Home").update(
        accepts_little_english=True, capacity="available"
    )
    client.force_login(worker_a)
    response = client.get(reverse("directory:directory"))
    assert response.status_code == 200
    gaps = response.context["gaps"]
    assert gaps["active"] == 10
    assert gaps["accept_men"] == 8  # all but Kairos and the BCWA women's project
    assert gaps["accept_little_english"] == 1
    assert gaps["accept_substance_use"] == 0
    assert gaps["capacity_now"] == 1
    # Hope at Home's therapy sessions are counselling: only childcare is missing.
    assert gaps["known_gaps"] == ["No service in the directory offers childcare."]
    html = response.content.decode()
    assert "Kairos Women Working Together" in html
    assert "<strong>8</strong> accept men" in html
    assert "offers childcare" in html and "offers counselling" not in html
    assert "Women only" in html  # Kairos and BCWA's project are marked
    assert "No service offers accommodation or housing." not in html
    assert "Add a service" not in html and "Change<span" not in html


def test_housing_gap_shows_when_no_service_offers_it():
    SupportService.objects.filter(what_they_offer__iregex="accommodation|safehouse").update(
        is_active=False
    )
    assert "No service offers accommodation or housing." in directory_gaps()["known_gaps"]


@pytest.mark.parametrize(
    "role", [Role.AGENCY_LEAD, Role.SERAC_CHAIR, Role.SERAC_MEMBER, Role.MODERN_SLAVERY_LEAD]
)
def test_every_staff_role_sees_the_directory(client, agency_b, role):
    client.force_login(UserFactory(agency=agency_b, roles=[role]))
    assert client.get(reverse("directory:directory")).status_code == 200


@pytest.mark.parametrize("persona", ["board_member", "outsider", "administrator"])
def test_people_who_are_not_staff_get_not_found(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("directory:directory")).status_code == 404


def test_the_lead_sees_add_and_change_links(client, lead):
    client.force_login(lead)
    html = client.get(reverse("directory:directory")).content.decode()
    assert reverse("directory:service_create") in html
    assert reverse("directory:service_edit", args=[_get("Hope at Home").pk]) in html


# --- Lead-only create and edit ---------------------------------------------------


VALID = {
    "name": "Coventry Counselling for Survivors",
    "provider": "A charity",
    "what_they_offer": "Trauma-informed counselling.",
    "contact": "Phone 024 0000 0000",
    "eligible": ["in_nrm", "not_in_nrm"],
    "gender": "male",
    "accepts": ["accepts_little_english"],
    "capacity": "limited",
    "capacity_note": "Waiting list of 2 weeks",
    "is_active": "on",
}


@pytest.mark.parametrize("persona", ["worker_a", "board_member", "outsider"])
def test_only_the_lead_may_add_or_change_a_service(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    edit = reverse("directory:service_edit", args=[_get("Hope at Home").pk])
    assert client.get(reverse("directory:service_create")).status_code == 404
    assert client.post(reverse("directory:service_create"), VALID).status_code == 404
    assert client.get(edit).status_code == 404
    assert client.post(edit, VALID).status_code == 404
    assert SupportService.objects.count() == 10
    assert _get("Hope at Home").gender == "all"


def test_the_lead_adds_a_service(client, lead):
    client.force_login(lead)
    response = client.post(reverse("directory:service_create"), VALID)
    assert response.status_code == 302
    service = _get("Coventry Counselling for Survivors")
    assert _eligibility(service) == (True, True, False, False, "male")
    assert service.accepts_men and service.accepts_little_english
    assert not service.accepts_substance_use
    assert (service.capacity, service.updated_by) == ("limited", lead)
    assert "offers counselling" not in str(directory_gaps()["known_gaps"])


def test_the_lead_changes_a_service(client, lead):
    client.force_login(lead)
    hope = _get("Hope at Home")
    edit = reverse("directory:service_edit", args=[hope.pk])
    assert client.get(edit).status_code == 200
    data = {**VALID, "name": "Hope at Home", "gender": "female", "capacity": "full"}
    assert client.post(edit, data).status_code == 302
    hope.refresh_from_db()
    assert (hope.gender, hope.accepts_men, hope.capacity) == ("female", False, "full")


def test_a_form_error_names_the_field_and_saves_nothing(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("directory:service_create"), {**VALID, "name": "", "eligible": []}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the name of the service" in html
    assert "Select who can use the service" in html
    assert response.context["form"].errors.keys() == {"name", "eligible"}
    assert SupportService.objects.count() == 10


# --- Case page partial ---------------------------------------------------------------


def test_the_case_partial_lists_services_each_person_can_use(case, lead):
    woman = PersonFactory(first_name="Ana", last_name="Lopez", gender=Gender.FEMALE)
    man = PersonFactory(first_name="Binh", last_name="Tran", gender=Gender.MALE)
    case = CaseFactory(survivors=[woman, man])
    from referrals.models import NrmEpisode

    NrmEpisode.objects.create(
        case=case, person=woman, state="recovery_period", rg_decision="positive"
    )
    SupportService.objects.filter(name="Hope at Home").update(
        contact="Phone 0121 000 0000", capacity="limited", capacity_note="One room"
    )
    context = services_for_case_context(case=case)
    people = {person: services for person, _status, services in context["services_for_people"]}
    assert "Kairos Women Working Together" in _names(people[woman])
    assert "Kairos Women Working Together" not in _names(people[man])

    html = render_to_string("directory/_services_for_case.html", context)
    # Each person by their own NRM status: the episode is the woman's, not the man's.
    assert "Matched on each person's own NRM status" in html
    assert "NRM status: positive decision; gender: female" in html
    assert "NRM status: not in the nrm; gender: male" in html
    assert "Services Ana Lopez can use" in html
    assert "Services Binh Tran can use" in html
    assert "Accommodation, gym memberships, therapy sessions and bus passes." in html
    assert "Contact: Phone 0121 000 0000" in html
    assert "Capacity: Limited places (One room)" in html
    assert html.count("Kairos Women Working Together") == 1


def test_the_case_partial_says_when_there_are_no_people(case):
    html = render_to_string(
        "directory/_services_for_case.html", services_for_case_context(case=case)
    )
    assert "Add a person to the case" in html
