import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases.services.cases import case_create
from core.errors import ServiceError
from pathways.models import CasePathway, PathwayStep
from pathways.services import CaseMovedOnError, pathway_start, pathway_transition
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agency_a):
    return CaseFactory(raised_by=agency_a)


@pytest.fixture
def identification(case, lead):
    return pathway_start(actor=lead, case=case, pathway_key="initial_identification")


def test_every_new_case_starts_on_initial_identification(lead):
    case = case_create(actor=lead, date_reported=timezone.localdate())
    on = CasePathway.objects.get(case=case)
    assert (on.pathway_key, on.state_key) == ("initial_identification", "concern_raised")
    assert on.due_on == timezone.localdate()  # immediate danger is checked the same day


def test_an_allowed_step_moves_the_case_records_who_and_moves_the_deadline(
    identification, worker_a
):
    moved = pathway_transition(
        actor=worker_a,
        case_pathway=identification,
        transition_key="assess_danger",
        note="No immediate danger; safe at a friend's",
        expected_state="concern_raised",
    )
    assert moved.state_key == "danger_assessed"
    assert moved.due_on == timezone.localdate() + timedelta(days=1)
    step = PathwayStep.objects.filter(case_pathway=moved).last()
    assert (step.from_state, step.to_state, step.actor) == (
        "concern_raised",
        "danger_assessed",
        worker_a,
    )
    assert moved.case.timeline.filter(kind="pathway_step").exists()


def test_a_step_needing_a_note_is_refused_without_one(identification, worker_a):
    with pytest.raises(ServiceError, match="Enter a note"):
        pathway_transition(
            actor=worker_a, case_pathway=identification, transition_key="assess_danger"
        )
    identification.refresh_from_db()
    assert identification.state_key == "concern_raised"


def test_a_step_from_another_state_is_refused_saying_why(identification, worker_a):
    with pytest.raises(ServiceError, match="moved on"):
        pathway_transition(
            actor=worker_a, case_pathway=identification, transition_key="establish_age"
        )


def test_the_board_cannot_record_steps(identification, board_member):
    with pytest.raises(ServiceError, match="Only partnership staff"):
        pathway_transition(
            actor=board_member,
            case_pathway=identification,
            transition_key="assess_danger",
            note="x",
        )


def test_a_first_responder_step_is_refused_to_a_charity(case, lead, worker_b):
    pre_nrm = pathway_start(actor=lead, case=case, pathway_key="pre_nrm")
    pre_nrm.state_key = "consent_given"
    pre_nrm.save()
    transition = next(
        t for t in pre_nrm.pathway.transitions_from("consent_given") if t.first_responder_only
    )
    with pytest.raises(ServiceError, match="First Responder"):
        pathway_transition(actor=worker_b, case_pathway=pre_nrm, transition_key=transition.key)


def test_a_stale_click_is_told_the_case_moved_on(identification, worker_a, lead):
    pathway_transition(
        actor=lead, case_pathway=identification, transition_key="assess_danger", note="Checked"
    )
    with pytest.raises(CaseMovedOnError, match="already moved this pathway on"):
        pathway_transition(
            actor=worker_a,
            case_pathway=identification,
            transition_key="assess_danger",
            note="Also checked",
            expected_state="concern_raised",
        )
    assert PathwayStep.objects.filter(to_state="danger_assessed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_recording_the_same_step_at_once_one_wins(agency_a, lead, worker_a):
    case = CaseFactory(raised_by=agency_a)
    on = pathway_start(actor=lead, case=case, pathway_key="initial_identification")
    outcomes = []
    barrier = threading.Barrier(2)

    def record(actor):
        try:
            barrier.wait()
            pathway_transition(
                actor=actor,
                case_pathway=on,
                transition_key="assess_danger",
                note="Checked",
                expected_state="concern_raised",
            )
            outcomes.append("moved")
        except CaseMovedOnError:
            outcomes.append("told")
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(u,)) for u in (lead, worker_a)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["moved", "told"]
    assert PathwayStep.objects.filter(case_pathway=on, to_state="danger_assessed").count() == 1


def test_an_adult_safeguarding_referral_starts_the_adult_social_care_pathway(identification, lead):
    identification.state_key = "age_established"
    identification.save()
    pathway_transition(
        actor=lead, case_pathway=identification, transition_key="refer_to_adult_safeguarding"
    )
    assert CasePathway.objects.filter(
        case=identification.case, pathway_key="adult_social_care"
    ).exists()


def test_a_worker_records_a_step_from_the_case_page(client, identification, worker_a):
    client.force_login(worker_a)
    page = client.get(identification.case.get_absolute_url())
    assert "Immediate danger assessed" in page.content.decode()
    client.post(
        reverse(
            "pathways:case_pathway_step",
            args=[identification.case.reference, "initial_identification"],
        ),
        {"transition": "assess_danger", "expected_state": "concern_raised", "note": "Safe"},
    )
    identification.refresh_from_db()
    assert identification.state_key == "danger_assessed"


def test_a_step_missing_its_required_note_comes_back_with_the_error_linked_to_the_note(
    client, identification, worker_a
):
    client.force_login(worker_a)
    response = client.post(
        reverse(
            "pathways:case_pathway_step",
            args=[identification.case.reference, "initial_identification"],
        ),
        {"transition": "assess_danger", "expected_state": "concern_raised", "note": "  "},
    )
    assert response.status_code == 400
    assert response.context["error_items"] == [
        ("#id_note", 'Enter a note explaining why you chose "Immediate danger assessed"')
    ]
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'name="note"' in html
    identification.refresh_from_db()
    assert identification.state_key == "concern_raised"


@pytest.mark.parametrize("persona", ["worker_b", "board_member", "outsider"])
def test_people_without_access_to_the_case_cannot_record_steps(
    client, request, identification, persona
):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse(
            "pathways:case_pathway_step",
            args=[identification.case.reference, "initial_identification"],
        ),
        {"transition": "assess_danger", "expected_state": "concern_raised", "note": "x"},
    )
    assert response.status_code == 404
    identification.refresh_from_db()
    assert identification.state_key == "concern_raised"


def test_overdue_steps_are_marked_on_the_case_page(client, identification, worker_a):
    CasePathway.objects.filter(pk=identification.pk).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    client.force_login(worker_a)
    assert "Overdue" in client.get(identification.case.get_absolute_url()).content.decode()


@pytest.mark.graphviz
def test_the_protocol_pages_show_every_pathway_with_its_diagram(client, worker_a):
    client.force_login(worker_a)
    body = client.get(reverse("pathways:protocol")).content.decode()
    assert body.count('href="/pathways/') >= 11
    page = client.get(reverse("pathways:protocol_pathway", args=["housing"])).content.decode()
    assert "<svg" in page and "s184" in page.lower()


def test_reminders_go_once_when_due_and_once_when_overdue_to_the_responsible_agency(
    identification, worker_a, worker_b, mailoutbox
):
    from pathways.services import pathway_send_reminders

    today = timezone.localdate()
    CasePathway.objects.filter(pk=identification.pk).update(due_on=today)
    assert pathway_send_reminders(today=today) == (1, 0)
    assert pathway_send_reminders(today=today) == (0, 0)
    tomorrow = today + timedelta(days=1)
    assert pathway_send_reminders(today=tomorrow) == (0, 1)
    assert pathway_send_reminders(today=tomorrow) == (0, 0)
    assert [m.to for m in mailoutbox] == [[worker_a.email], [worker_a.email]]
    body = mailoutbox[1].body
    assert identification.case.reference in body and "overdue" in mailoutbox[1].subject
    assert identification.case.summary not in body  # no personal details in email


def test_moving_on_resets_the_reminders_for_the_new_step(identification, worker_a, mailoutbox):
    from pathways.services import pathway_send_reminders

    today = timezone.localdate()
    CasePathway.objects.filter(pk=identification.pk).update(due_on=today)
    pathway_send_reminders(today=today)
    moved = pathway_transition(
        actor=worker_a, case_pathway=identification, transition_key="assess_danger", note="ok"
    )
    assert moved.due_reminded_at is None


def test_the_home_page_lists_the_agencys_next_steps_and_overdue_count(
    client, identification, worker_a, worker_b
):
    CasePathway.objects.filter(pk=identification.pk).update(
        due_on=timezone.localdate() - timedelta(days=2)
    )
    client.force_login(worker_a)
    response = client.get("/")
    assert response.context["overdue_count"] == 1
    assert identification.case.reference in response.content.decode()
    client.force_login(worker_b)
    response = client.get("/")
    assert response.context["overdue_count"] == 0
    assert identification.case.reference not in response.content.decode()


def test_the_lead_sees_overdue_steps_by_pathway_and_agency_and_no_one_else_can(
    client, identification, lead, worker_a, agency_a
):
    CasePathway.objects.filter(pk=identification.pk).update(
        due_on=timezone.localdate() - timedelta(days=2)
    )
    client.force_login(worker_a)
    assert client.get(reverse("pathways:compliance")).status_code == 404
    client.force_login(lead)
    response = client.get(reverse("pathways:compliance"))
    rows = {row["pathway"].key: row for row in response.context["pathway_rows"]}
    assert rows["initial_identification"]["overdue"] == 1
    assert rows["housing"]["open"] == 0
    assert response.context["agency_rows"][0]["responsible_agency__name"] == agency_a.name
