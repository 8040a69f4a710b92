"""A professional's concern: question pages saved as a draft, check answers, submit."""

import datetime
import re
from unittest import mock

import pytest

from accounts.models import AgencyType
from cases.choices import Gender, PerpetratorRole, PremisesType, ReferringAgencyType
from cases.models import (
    AccessLogEntry,
    Concern,
    ConcernSource,
    ConcernStatus,
    ExploitationSubtype,
    ExploitationType,
    Person,
)
from cases.notifications import notify_new_concern
from cases.services.concerns import concern_save_step, referring_agency_type_for
from core.errors import ServiceError
from tests.factories import AgencyFactory, ConcernFactory

pytestmark = pytest.mark.django_db

START_URL = "/cases/concerns/new/"


def start(client, user) -> Concern:
    client.force_login(user)
    response = client.post(START_URL)
    concern = Concern.objects.get(reported_by=user)
    assert response["Location"] == f"/cases/concerns/{concern.reference}/immediate-risk/"
    return concern


def step_url(concern, step):
    return f"/cases/concerns/{concern.reference}/{step}/"


PERSON = {
    "first_name": "Anh",
    "last_name": "Nguyen",
    "aliases": "Andy; A. N.",
    "date_of_birth_0": "12",
    "date_of_birth_1": "5",
    "date_of_birth_2": "2004",
    "gender": Gender.MALE,
    "nationality": "VN",
    "languages": "Vietnamese, English",
    "interpreter_needed": "yes",
    "safe_contact_method": "Only through his support worker",
    "safe_to_leave_message": "no",
}


def test_frontline_worker_reports_a_concern_from_start_to_submit(
    client, worker_a, django_capture_on_commit_callbacks
):
    concern = start(client, worker_a)
    assert concern.status == ConcernStatus.DRAFT
    assert concern.reference.startswith("CN-2026-")

    response = client.post(
        step_url(concern, "immediate-risk"),
        {
            "is_emergency": "no",
            "child_involved": "no",
            "adult_at_risk": "yes",
            "needs_accommodation": "unknown",
            "action": "continue",
        },
    )
    assert response["Location"] == step_url(concern, "people")

    response = client.post(step_url(concern, "people"), {**PERSON, "action": "add"})
    assert response["Location"] == step_url(concern, "people")
    assert "Anh Nguyen" in client.get(step_url(concern, "people")).content.decode()
    response = client.post(
        step_url(concern, "people"),
        {
            "first_name": "Binh",
            "estimated_age": "30",
            "people_description": "Two more men, about 20",
            "action": "continue",
        },
    )
    assert response["Location"] == step_url(concern, "what-was-seen")

    response = client.post(
        step_url(concern, "what-was-seen"),
        {
            "what_happened": "Men collected from the car wash at 10pm in a minibus.",
            "physical_signs": "yes",
            "physical_signs_note": "Bruised hands",
            "debt": "no",
            "action": "continue",
        },
    )
    assert response["Location"] == step_url(concern, "exploitation")

    labour = ExploitationType.objects.get(name="Labour")
    criminal = ExploitationType.objects.get(name="Criminal")
    county_lines = ExploitationSubtype.objects.get(name="County lines")
    response = client.post(
        step_url(concern, "exploitation"),
        {
            "exploitation_types": [labour.pk, criminal.pk],
            f"subtypes_{criminal.pk}": [county_lines.pk],
            "action": "continue",
        },
    )
    assert response["Location"] == step_url(concern, "where")

    response = client.post(
        step_url(concern, "where"),
        {
            "location_description": "Sparkle Car Wash, London Road",
            "premises_type": PremisesType.CAR_WASH,
            "ward": "Foleshill",
            "is_overseas": "no",
            "action": "continue",
        },
    )
    assert response["Location"] == step_url(concern, "perpetrators")

    response = client.post(
        step_url(concern, "perpetrators"),
        {"first_name": "Big", "role": PerpetratorRole.CONTROLLER, "action": "continue"},
    )
    assert response["Location"] == step_url(concern, "actions")

    response = client.post(
        step_url(concern, "actions"),
        {"actions_taken": "Told my safeguarding lead.", "action": "continue"},
    )
    check_url = f"/cases/concerns/{concern.reference}/check/"
    assert response["Location"] == check_url

    check = client.get(check_url).content.decode()
    for answer in (
        "Anh Nguyen",
        "Binh",
        "Bruised hands",
        "County lines",
        "Sparkle Car Wash",
        "Big",
    ):
        assert answer in check
    assert f'href="{step_url(concern, "where")}?next=check"' in check

    with (
        mock.patch.object(notify_new_concern, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(check_url)
    assert response["Location"] == f"/cases/concerns/{concern.reference}/"
    delay.assert_called_once_with(concern.pk)

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.AWAITING_TRIAGE
    assert concern.submitted_at is not None
    assert concern.source == ConcernSource.PROFESSIONAL
    assert concern.reported_by == worker_a
    assert concern.reporting_agency == worker_a.agency
    assert concern.referring_agency_type == ReferringAgencyType.POLICE
    assert concern.adult_at_risk == "yes"
    assert concern.people_description == "Two more men, about 20"
    anh = concern.people.get(first_name="Anh")
    assert anh.aliases == ["Andy", "A. N."]
    assert anh.date_of_birth == datetime.date(2004, 5, 12)
    assert anh.nationalities == ["VN"]
    assert anh.languages == ["Vietnamese", "English"]
    assert anh.interpreter_needed == "yes"
    assert concern.people.get(first_name="Binh").estimated_age == 30
    answers = {a.question: (a.answer, a.note) for a in concern.screening_answers.all()}
    assert answers == {"physical_signs": ("yes", "Bruised hands"), "debt": ("no", "")}
    assert set(concern.exploitation_types.all()) == {labour, criminal}
    assert list(concern.exploitation_subtypes.all()) == [county_lines]
    assert concern.premises_type == PremisesType.CAR_WASH
    assert concern.perpetrators.get().role == PerpetratorRole.CONTROLLER
    assert concern.actions_taken == "Told my safeguarding lead."

    detail = client.get(response["Location"]).content.decode()
    assert "Awaiting triage" in detail
    assert "Submit concern" not in detail


def test_a_bad_date_of_birth_names_the_field_and_saves_nothing_from_that_step(client, worker_a):
    concern = start(client, worker_a)
    response = client.post(
        step_url(concern, "people"),
        {
            **PERSON,
            "date_of_birth_0": "31",
            "date_of_birth_1": "2",
            "people_description": "Three men",
            "action": "continue",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter the date of birth as a real date" in body
    assert 'href="#id_date_of_birth_0"' in body
    concern.refresh_from_db()
    assert concern.people_description == ""
    assert not concern.people.exists()
    assert not Person.objects.exists()


def test_a_missing_answer_about_immediate_danger_names_the_question(client, worker_a):
    concern = start(client, worker_a)
    response = client.post(step_url(concern, "immediate-risk"), {"action": "continue"})
    body = response.content.decode()
    assert "Select whether anyone is in immediate danger" in body
    assert 'href="#id_is_emergency_1"' in body
    concern.refresh_from_db()
    assert concern.is_emergency == ""  # not answered


def test_saying_someone_is_in_immediate_danger_shows_call_999_now(client, worker_a):
    concern = start(client, worker_a)
    response = client.post(step_url(concern, "immediate-risk"), {"is_emergency": "yes"})
    assert "Call 999 now" in response.content.decode()  # shown even with other answers missing
    client.post(
        step_url(concern, "immediate-risk"),
        {
            "is_emergency": "yes",
            "child_involved": "no",
            "adult_at_risk": "no",
            "needs_accommodation": "no",
        },
    )
    assert "Call 999 now" in client.get(step_url(concern, "people")).content.decode()
    check = client.get(f"/cases/concerns/{concern.reference}/check/").content.decode()
    assert "call 999 now" in check


def test_a_screening_note_needs_an_answer(client, worker_a):
    concern = start(client, worker_a)
    response = client.post(
        step_url(concern, "what-was-seen"),
        {"what_happened": "Seen", "threats": "", "threats_note": "Shouted at", "action": "x"},
    )
    assert "Select Yes, No or Unknown for &#x27;Threats against them or their family&#x27;" in (
        response.content.decode()
    )
    assert not concern.screening_answers.exists()


def test_a_place_outside_the_uk_needs_its_country(client, worker_a):
    concern = start(client, worker_a)
    response = client.post(
        step_url(concern, "where"), {"is_overseas": "yes", "overseas_country": ""}
    )
    assert "Select the country" in response.content.decode()
    client.post(step_url(concern, "where"), {"is_overseas": "yes", "overseas_country": "RO"})
    concern.refresh_from_db()
    assert (concern.is_overseas, concern.overseas_country) == (True, "RO")


def test_a_person_added_to_a_draft_can_be_removed(client, worker_a):
    concern = start(client, worker_a)
    client.post(step_url(concern, "people"), {**PERSON, "action": "add"})
    person = concern.people.get()
    response = client.post(step_url(concern, "people"), {"remove_person": person.pk})
    assert response["Location"] == step_url(concern, "people")
    assert not concern.people.exists()
    assert not Person.objects.filter(pk=person.pk).exists()


def test_adding_an_empty_person_asks_for_something_about_them(client, worker_a):
    concern = start(client, worker_a)
    response = client.post(step_url(concern, "people"), {"action": "add"})
    assert "Enter the person&#x27;s name, or something else you know about them" in (
        response.content.decode()
    )
    assert not concern.people.exists()


def test_the_check_page_says_exactly_what_to_complete_before_submitting(client, worker_a):
    concern = start(client, worker_a)
    check_url = f"/cases/concerns/{concern.reference}/check/"
    response = client.post(check_url)
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Describe what you saw" in body
    assert f'href="{step_url(concern, "what-was-seen")}?next=check#id_what_happened"' in body
    assert "Add a person, describe who the concern is about, or say where it is happening" in body
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.DRAFT

    client.post(step_url(concern, "what-was-seen"), {"what_happened": "Seen at 5am"})
    client.post(step_url(concern, "where"), {"ward": "Foleshill", "is_overseas": "no"})
    with mock.patch.object(notify_new_concern, "delay"):
        assert client.post(check_url)["Location"] == f"/cases/concerns/{concern.reference}/"
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.AWAITING_TRIAGE


def test_changing_an_answer_from_the_check_page_returns_there(client, worker_a):
    concern = start(client, worker_a)
    response = client.post(
        step_url(concern, "actions") + "?next=check", {"actions_taken": "Called the lead"}
    )
    assert response["Location"] == f"/cases/concerns/{concern.reference}/check/"


def test_save_and_come_back_later_keeps_the_draft_in_your_concerns(client, worker_a):
    concern = start(client, worker_a)
    response = client.post(
        step_url(concern, "actions"), {"actions_taken": "Nothing yet", "action": "later"}
    )
    assert response["Location"] == "/cases/concerns/"
    body = client.get("/cases/concerns/").content.decode()
    assert concern.reference in body
    assert f"/cases/concerns/{concern.reference}/check/" in body


def test_another_worker_cannot_open_or_change_someone_elses_draft(client, worker_a, worker_b):
    concern = start(client, worker_a)
    client.post(step_url(concern, "people"), {**PERSON, "action": "add"})
    person = concern.people.get()
    client.force_login(worker_b)
    for url in (
        step_url(concern, "immediate-risk"),
        step_url(concern, "people"),
        f"/cases/concerns/{concern.reference}/check/",
        f"/cases/concerns/{concern.reference}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(step_url(concern, "people"), {"remove_person": person.pk}).status_code == 404
    assert client.post(f"/cases/concerns/{concern.reference}/check/").status_code == 404
    assert concern.reference not in client.get("/cases/concerns/").content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.DRAFT
    assert concern.people.exists()


def test_board_member_and_outsider_cannot_report_a_concern(client, board_member, outsider):
    for user in (board_member, outsider):
        client.force_login(user)
        assert client.get(START_URL).status_code == 404
        assert client.post(START_URL).status_code == 404
        assert client.get("/cases/concerns/").status_code == 404
    assert not Concern.objects.exists()


def test_a_submitted_concern_can_no_longer_be_edited(client, worker_a):
    concern = start(client, worker_a)
    client.post(step_url(concern, "what-was-seen"), {"what_happened": "Seen at 5am"})
    client.post(step_url(concern, "where"), {"ward": "Foleshill", "is_overseas": "no"})
    with mock.patch.object(notify_new_concern, "delay"):
        client.post(f"/cases/concerns/{concern.reference}/check/")
    detail_url = f"/cases/concerns/{concern.reference}/"

    assert client.get(step_url(concern, "actions"))["Location"] == detail_url
    response = client.post(step_url(concern, "actions"), {"actions_taken": "Changed later"})
    assert response["Location"] == detail_url
    assert client.get(f"/cases/concerns/{concern.reference}/check/")["Location"] == detail_url
    concern.refresh_from_db()
    assert concern.actions_taken == ""
    with pytest.raises(ServiceError):
        concern_save_step(
            actor=worker_a,
            concern=concern,
            step="actions",
            cleaned_data={"actions_taken": "Changed later"},
        )


def test_the_lead_reads_a_submitted_concern_and_the_reading_is_logged(client, worker_a, lead):
    concern = start(client, worker_a)
    client.force_login(lead)
    assert client.get(f"/cases/concerns/{concern.reference}/").status_code == 404  # a draft
    Concern.objects.filter(pk=concern.pk).update(status=ConcernStatus.AWAITING_TRIAGE)
    response = client.get(f"/cases/concerns/{concern.reference}/")
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(user=lead, detail=concern.reference).exists()


@pytest.mark.parametrize(
    ("agency_type", "name", "expected"),
    [
        (AgencyType.POLICE, "West Midlands Police", ReferringAgencyType.POLICE),
        (AgencyType.NHS, "NHS - UHCW", ReferringAgencyType.NHS),
        (AgencyType.VOLUNTARY, "Adavu", ReferringAgencyType.VOLUNTARY),
        (AgencyType.GOVERNMENT, "GLAA", ReferringAgencyType.GOVERNMENT),
        (AgencyType.BUSINESS, "A hotel", ReferringAgencyType.BUSINESS),
        (AgencyType.OTHER, "Somewhere", ReferringAgencyType.OTHER),
        (
            AgencyType.LOCAL_AUTHORITY,
            "Coventry City Council - Adult Social Care",
            ReferringAgencyType.LA_ADULT_SOCIAL_CARE,
        ),
        (
            AgencyType.LOCAL_AUTHORITY,
            "Coventry City Council - Housing & Homelessness",
            ReferringAgencyType.LA_HOUSING,
        ),
        (
            AgencyType.LOCAL_AUTHORITY,
            "Coventry City Council - Children's Social Care",
            ReferringAgencyType.LA_CHILDRENS,
        ),
        (
            AgencyType.LOCAL_AUTHORITY,
            "Coventry City Council - Trading Standards",
            ReferringAgencyType.LA_TRADING_STANDARDS,
        ),
        (
            AgencyType.LOCAL_AUTHORITY,
            "City Council Community Safety",
            ReferringAgencyType.LA_OTHER,
        ),
    ],
)
def test_the_referring_agency_type_comes_from_the_reporters_agency(agency_type, name, expected):
    agency = AgencyFactory(name=name, agency_type=agency_type)
    assert referring_agency_type_for(agency) == expected


def test_start_now_twice_reuses_the_empty_draft_instead_of_making_another(client, worker_a):
    first = start(client, worker_a)
    response = client.post(START_URL)
    assert response["Location"] == step_url(first, "immediate-risk")
    assert Concern.objects.filter(reported_by=worker_a).count() == 1
    # Once something is typed, the draft is kept and Start now begins a new one.
    client.post(step_url(first, "people"), {**PERSON, "action": "add"})
    client.post(START_URL)
    assert Concern.objects.filter(reported_by=worker_a, status="draft").count() == 2


def test_a_reporter_deletes_their_own_draft_and_the_people_it_described(client, worker_a):
    concern = start(client, worker_a)
    client.post(step_url(concern, "people"), {**PERSON, "action": "add"})
    person = concern.people.get()
    listing = client.get("/cases/concerns/").content.decode()
    delete_url = f"/cases/concerns/{concern.reference}/delete/"
    assert f'href="{delete_url}"' in listing
    assert "Delete draft" in client.get(delete_url).content.decode()
    response = client.post(delete_url)
    assert response["Location"] == "/cases/concerns/"
    assert not Concern.objects.filter(pk=concern.pk).exists()
    assert not Person.objects.filter(pk=person.pk).exists()


def test_no_one_else_can_delete_a_draft_and_a_submitted_concern_cannot_be_deleted(
    client, worker_a, worker_b, lead, outsider
):
    concern = start(client, worker_a)
    delete_url = f"/cases/concerns/{concern.reference}/delete/"
    for someone in (worker_b, lead, outsider):
        client.force_login(someone)
        assert client.get(delete_url).status_code == 404
        assert client.post(delete_url).status_code == 404
    assert Concern.objects.filter(pk=concern.pk).exists()
    submitted = ConcernFactory(reported_by=worker_a, status="awaiting_triage")
    client.force_login(worker_a)
    assert client.post(f"/cases/concerns/{submitted.reference}/delete/").status_code == 404
    assert Concern.objects.filter(pk=submitted.pk).exists()


def test_an_unanswered_safety_question_says_not_answered_and_links_back_to_it(client, worker_a):
    concern = start(client, worker_a)
    page = client.get(f"/cases/concerns/{concern.reference}/check/").content.decode()
    link = f'href="{step_url(concern, "immediate-risk")}?next=check#id_is_emergency_1"'
    assert link in page
    assert "Not answered" in page
    client.post(
        step_url(concern, "immediate-risk"),
        {
            "is_emergency": "unknown",
            "child_involved": "no",
            "adult_at_risk": "no",
            "needs_accommodation": "no",
        },
    )
    page = client.get(f"/cases/concerns/{concern.reference}/check/").content.decode()
    assert link not in page and "Not answered" not in page


def test_a_sub_type_under_a_type_not_chosen_is_asked_about_not_silently_added(client, worker_a):
    concern = start(client, worker_a)
    labour = ExploitationType.objects.get(name="Labour")
    criminal = ExploitationType.objects.get(name="Criminal")
    county_lines = ExploitationSubtype.objects.get(name="County lines")
    response = client.post(
        step_url(concern, "exploitation"),
        {
            "exploitation_types": [labour.pk],
            f"subtypes_{criminal.pk}": [county_lines.pk],
            "action": "continue",
        },
    )
    assert response.status_code == 200
    assert (
        f"#id_subtypes_{criminal.pk}_1",
        "You chose 'County lines' under Criminal exploitation. "
        "Also select Criminal above, or untick 'County lines'",
    ) in response.context["error_items"]
    assert not concern.exploitation_types.exists()


# --- The reporter sees what they sent ---------------------------------------------------


def test_a_reporter_who_lost_access_sees_the_concern_as_sent_not_the_live_record(
    client, lead, agency_a, worker_a
):
    from django.urls import reverse

    from cases.models import CaseShare
    from cases.services.cases import person_update
    from cases.services.concerns import concern_submit
    from cases.services.sharing import case_share_revoke
    from cases.services.triage import concern_triage_new_case
    from tests.factories import ConcernFactory, PersonFactory

    person = PersonFactory(first_name="Unknown", last_name="Man")
    concern = ConcernFactory(
        status="draft",
        reported_by=worker_a,
        reporting_agency=agency_a,
        people=[person],
        is_emergency="no",
        child_involved="no",
        adult_at_risk="no",
        needs_accommodation="no",
    )
    concern_submit(actor=worker_a, concern=concern)
    case = concern_triage_new_case(actor=lead, concern=concern, agencies=[], risk_level="high")
    person.refresh_from_db()
    person_update(
        actor=lead,
        case=case,
        person=person,
        expected_version=person.version,
        first_name="Andrei",
        last_name="Popescu",
    )
    share = CaseShare.objects.get(case=case, agency=agency_a)
    case_share_revoke(actor=lead, share=share, reason="Police work finished")
    client.force_login(worker_a)
    assert client.get(case.get_absolute_url()).status_code == 404
    response = client.get(reverse("cases:concern_detail", args=[concern.reference]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Unknown Man" in body
    assert "Andrei" not in body and "Popescu" not in body
    assert case.reference not in body


def test_a_persons_unanswered_interpreter_and_message_questions_say_not_answered(client, worker_a):
    concern = start(client, worker_a)
    unanswered = {**PERSON, "interpreter_needed": "", "safe_to_leave_message": "", "action": "add"}
    client.post(step_url(concern, "people"), unanswered)
    person = concern.people.get()
    assert (person.interpreter_needed, person.safe_to_leave_message) == ("", "")
    page = client.get(f"/cases/concerns/{concern.reference}/check/").content.decode()
    for question in ("Needs an interpreter", "Safe to leave a message"):
        row = re.search(rf"{question}</dt>\s*<dd[^>]*>([^<]*)</dd>", page)
        assert row is not None and row.group(1).strip() == "Not answered"
