"""The records the Lead keeps for reports: who may use each page, the
all-or-nothing ambassadors import, and case study approval by a second person."""

from datetime import date

import pytest
from django.urls import reverse

from core.errors import ServiceError
from reporting.models import (
    Ambassador,
    AwarenessEvent,
    CaseStudy,
    TrainingSession,
    TransitionPanelDiscussion,
)
from reporting.services.case_studies import case_study_save, case_study_transition
from reporting.services.common import RecordsImportError
from reporting.services.records import ambassadors_import
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(agency_a):
    ambassador = Ambassador.objects.create(
        name="Sian Morgan", agency=agency_a, trained_on=date(2024, 3, 1)
    )
    session = TrainingSession.objects.create(
        delivered_on=date(2025, 6, 1),
        topics="Spotting the signs",
        audience_type="council",
        minutes=60,
        attendees=30,
    )
    event = AwarenessEvent.objects.create(
        name="Anti-Slavery Day", held_on=date(2025, 10, 18), kind="awareness_day", attendees=120
    )
    return {"ambassador": ambassador, "session": session, "event": event}


def lead_only_routes(records):
    ambassador, session, event = records["ambassador"], records["session"], records["event"]
    return [
        reverse("reporting:ambassador_list"),
        reverse("reporting:ambassador_add"),
        reverse("reporting:ambassador_import"),
        reverse("reporting:ambassador_edit", args=[ambassador.pk]),
        reverse("reporting:ambassador_activity_add", args=[ambassador.pk]),
        reverse("reporting:event_list"),
        reverse("reporting:event_add"),
        reverse("reporting:event_edit", args=[event.pk]),
        reverse("reporting:elearning_list"),
        reverse("reporting:elearning_add"),
        reverse("reporting:transition_panel_list"),
        reverse("reporting:transition_panel_add"),
        reverse("reporting:training_feedback", args=[session.pk]),
        reverse("reporting:case_study_add"),
    ]


def test_the_lead_opens_every_records_page(client, lead, records):
    client.force_login(lead)
    for url in lead_only_routes(records):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "persona", ["worker_a", "worker_b", "serac_chair", "board_member", "administrator", "outsider"]
)
def test_everyone_else_gets_404_on_the_records_pages(client, request, records, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in lead_only_routes(records):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_the_lead_adds_an_event_and_a_missing_field_is_named(client, lead):
    client.force_login(lead)
    response = client.post(reverse("reporting:event_add"), {"name": ""})
    assert "Enter the name of the event" in response.content.decode()
    response = client.post(
        reverse("reporting:event_add"),
        {
            "name": "Conference",
            "held_on_0": "12",
            "held_on_1": "3",
            "held_on_2": "2025",
            "kind": "conference",
            "attendees": "140",
        },
    )
    assert response.status_code == 302
    assert AwarenessEvent.objects.get().attendees == 140


def test_training_ratings_give_the_session_its_average(client, lead, records):
    from reporting.services import training_session_save

    session = training_session_save(
        actor=lead,
        session=records["session"],
        ratings_5=10,
        ratings_4=10,
        ratings_3=0,
        ratings_2=0,
        ratings_1=0,
        average_rating=None,
    )
    assert str(session.average_rating) == "4.50"
    with pytest.raises(ServiceError, match="more than the 30 attendees"):
        training_session_save(actor=lead, session=session, ratings_5=31)


def test_a_transition_panel_discussion_with_a_case_goes_on_its_timeline(client, lead):
    case = CaseFactory()
    client.force_login(lead)
    response = client.post(
        reverse("reporting:transition_panel_add"),
        {
            "discussed_on_0": "1",
            "discussed_on_1": "9",
            "discussed_on_2": "2025",
            "case_reference": case.reference.lower(),
        },
    )
    assert response.status_code == 302
    assert TransitionPanelDiscussion.objects.get().case == case
    assert case.timeline.filter(kind="transition_panel").exists()
    missing = client.post(
        reverse("reporting:transition_panel_add"),
        {"discussed_on_0": "1", "discussed_on_1": "9", "discussed_on_2": "2025"},
    )
    assert "Enter the case reference or the presenting agency" in missing.content.decode()


# --- The ambassadors import ----------------------------------------------------------------


def test_the_ambassadors_import_adds_and_updates_by_name_and_agency(lead, agency_a, records):
    content = (
        "Name,Agency,Date trained,Last refresher\n"
        f"sian morgan,{agency_a.name},01/03/2024,01/03/2025\n"
        f"Dev Patel,{agency_a.name},2024-05-01,\n"
    ).encode()
    added, updated = ambassadors_import(actor=lead, content=content)
    assert (added, updated) == (1, 1)
    assert Ambassador.objects.get(name__iexact="sian morgan").refreshed_on == date(2025, 3, 1)


def test_an_import_with_any_bad_row_writes_nothing_and_names_each_problem(lead, agency_a):
    content = (
        "Name,Agency,Date trained,Last refresher\n"
        f"Dev Patel,{agency_a.name},2024-05-01,\n"
        "Ann Lee,No Such Agency,31/02/2024,\n"
        f"Bo Chen,{agency_a.name},2024-05-01,2023-01-01\n"
    ).encode()
    with pytest.raises(RecordsImportError) as error:
        ambassadors_import(actor=lead, content=content)
    messages = [str(p) for p in error.value.problems]
    assert any(m.startswith("Row 3, agency") for m in messages)
    assert any(m.startswith("Row 3, date trained") for m in messages)
    assert any(m.startswith("Row 4, dates") for m in messages)
    assert not Ambassador.objects.exists()


def test_the_import_page_lists_the_problems(client, lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(lead)
    upload = SimpleUploadedFile("a.csv", b"Name,Date trained\nX,2024-01-01\n", "text/csv")
    response = client.post(reverse("reporting:ambassador_import"), {"file": upload})
    body = response.content.decode()
    assert "Nothing was imported" in body and "Row 1, agency" in body


# --- Case studies --------------------------------------------------------------------------


@pytest.fixture
def submitted(lead):
    case = CaseFactory()
    study = case_study_save(
        actor=lead, case=case, year="2025-26", title="Car wash", text="A man was found..."
    )
    return case_study_transition(actor=lead, study=study, move="submit", anonymised=True)


def test_a_study_is_submitted_only_once_the_writer_confirms_it_is_anonymised(lead):
    study = case_study_save(actor=lead, case=CaseFactory(), year="2025-26", title="T", text="Text")
    with pytest.raises(ServiceError, match="Confirm you have removed names"):
        case_study_transition(actor=lead, study=study, move="submit")


def test_the_writer_cannot_approve_their_own_study_but_the_chair_can(lead, serac_chair, submitted):
    with pytest.raises(ServiceError, match="second person"):
        case_study_transition(actor=lead, study=submitted, move="approve")
    study = case_study_transition(actor=serac_chair, study=submitted, move="approve")
    assert (study.status, study.approved_by) == ("approved", serac_chair)


def test_another_lead_may_approve(submitted, council):
    from accounts.roles import Role
    from tests.factories import UserFactory

    second = UserFactory(username="lead2", agency=council, roles=[Role.MODERN_SLAVERY_LEAD])
    study = case_study_transition(actor=second, study=submitted, move="approve")
    assert study.status == "approved"


def test_only_the_lead_sees_the_case_a_study_came_from(client, lead, serac_chair, submitted):
    url = reverse("reporting:case_study_detail", args=[submitted.pk])
    client.force_login(lead)
    assert submitted.case.reference in client.get(url).content.decode()
    client.force_login(serac_chair)
    page = client.get(url)
    assert page.status_code == 200
    assert submitted.case.reference not in page.content.decode()
    assert "Approve the case study" in page.content.decode()


def test_the_chair_returns_a_study_with_a_reason(client, serac_chair, submitted):
    client.force_login(serac_chair)
    url = reverse("reporting:case_study_move", args=[submitted.pk, "return"])
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "The street is named"})
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_reason) == ("draft", "The street is named")


@pytest.mark.parametrize("persona", ["worker_a", "board_member", "outsider", "administrator"])
def test_no_one_else_sees_case_studies(client, request, submitted, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reporting:case_study_list")).status_code == 404
    detail = reverse("reporting:case_study_detail", args=[submitted.pk])
    assert client.get(detail).status_code == 404
    approve = reverse("reporting:case_study_move", args=[submitted.pk, "approve"])
    assert client.post(approve).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_the_chair_does_not_see_drafts(client, lead, serac_chair):
    draft = case_study_save(actor=lead, case=CaseFactory(), year="2025-26", title="D", text="x")
    client.force_login(serac_chair)
    assert client.get(reverse("reporting:case_study_detail", args=[draft.pk])).status_code == 404
    assert CaseStudy.objects.count() == 1
