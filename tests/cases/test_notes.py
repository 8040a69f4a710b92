"""Notes on a case: append-only, corrections point both ways, only people who
may work the case can add them."""

import pytest
from django.template.loader import render_to_string
from django.utils.html import escape

from cases.forms.records import DocumentUploadForm, NoteForm
from cases.models import CaseNote, TimelineEvent
from cases.selectors_records import case_notes
from cases.services.cases import note_add
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agency_a):
    return CaseFactory(raised_by=agency_a)


def add_url(case):
    return f"/cases/{case.reference}/notes/add/"


def correct_url(case, note):
    return f"/cases/{case.reference}/notes/{note.pk}/correct/"


def render_notes(case, user, can_work=True):
    return render_to_string(
        "cases/_notes.html",
        {
            "case": case,
            "notes": case_notes(case=case),
            "note_form": NoteForm(),
            "document_form": DocumentUploadForm(),
            "can_work": can_work,
            "user": user,
        },
    )


def test_a_worker_in_the_raising_agency_adds_a_note_that_shows_who_wrote_it(
    client, worker_a, agency_a, case
):
    client.force_login(worker_a)
    response = client.post(add_url(case), {"note-text": "Met him at the car wash."})

    assert response.status_code == 302
    assert response.url == f"/cases/{case.reference}/#notes"
    [note] = case_notes(case=case)
    assert note.text == "Met him at the car wash."
    assert note.author == worker_a
    assert note.agency == agency_a
    assert TimelineEvent.objects.filter(case=case, kind="note", description="Note added").exists()
    html = render_notes(case, worker_a)
    assert "Met him at the car wash." in html
    assert escape(str(worker_a)) in html and escape(agency_a.name) in html


def test_an_empty_note_is_refused_and_nothing_is_written(client, worker_a, case):
    client.force_login(worker_a)
    timeline_before = TimelineEvent.objects.filter(case=case).count()

    response = client.post(add_url(case), {"note-text": "   "})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "Enter the note" in response.content.decode()
    assert not CaseNote.objects.exists()
    assert TimelineEvent.objects.filter(case=case).count() == timeline_before


def test_a_refused_note_page_keeps_what_was_typed(client, worker_a, case, monkeypatch):
    client.force_login(worker_a)
    # A refusal from the service (not the form) still keeps the text.
    from core.errors import ServiceError

    def refuse(**kwargs):
        raise ServiceError("Enter the note")

    monkeypatch.setattr("cases.views.notes.note_add", refuse)
    response = client.post(add_url(case), {"note-text": "Seen at 5am with two others"})

    assert response.status_code == 200
    assert "Seen at 5am with two others" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_correction_is_a_new_note_and_the_two_link_to_each_other(client, worker_a, case):
    original = note_add(actor=worker_a, case=case, text="Seen on Tuesday.")
    client.force_login(worker_a)

    page = client.get(correct_url(case, original))
    assert page.status_code == 200
    assert "Seen on Tuesday." in page.content.decode()

    response = client.post(correct_url(case, original), {"note-text": "Seen on Wednesday."})

    assert response.status_code == 302
    correction = CaseNote.objects.get(corrects=original)
    assert response.url == f"/cases/{case.reference}/#note-{correction.pk}"
    assert correction.text == "Seen on Wednesday."
    notes = {note.pk: note for note in case_notes(case=case)}
    assert list(notes[original.pk].corrections.all()) == [correction]
    assert notes[correction.pk].corrects == original
    html = render_notes(case, worker_a)
    assert "Corrected by a later note" in html
    assert f'href="#note-{correction.pk}"' in html
    assert f'href="#note-{original.pk}"' in html
    assert TimelineEvent.objects.filter(
        case=case, description="Correction added to an earlier note"
    ).exists()


def test_correcting_never_edits_the_original_note(client, worker_a, case):
    original = note_add(actor=worker_a, case=case, text="Seen on Tuesday.")
    client.force_login(worker_a)

    client.post(correct_url(case, original), {"note-text": "Seen on Wednesday."})

    original.refresh_from_db()
    assert original.text == "Seen on Tuesday."
    assert CaseNote.objects.filter(case=case).count() == 2


def test_a_correction_that_changes_nothing_is_refused(client, worker_a, case):
    original = note_add(actor=worker_a, case=case, text="Seen on Tuesday.")
    client.force_login(worker_a)

    response = client.post(correct_url(case, original), {"note-text": "Seen on Tuesday."})

    assert response.status_code == 200
    assert "Change the note before saving the correction" in response.content.decode()
    assert CaseNote.objects.count() == 1


def test_there_is_no_route_that_edits_or_deletes_a_note(client, worker_a, case):
    note = note_add(actor=worker_a, case=case, text="Seen on Tuesday.")
    client.force_login(worker_a)

    for suffix in ("edit/", "delete/", ""):
        response = client.post(f"/cases/{case.reference}/notes/{note.pk}/{suffix}")
        assert response.status_code in {404, 405}
    note.refresh_from_db()
    assert note.text == "Seen on Tuesday."


def test_a_note_on_another_case_cannot_be_corrected_through_this_one(
    client, worker_a, agency_a, case
):
    other_case = CaseFactory(raised_by=agency_a)
    other_note = note_add(actor=worker_a, case=other_case, text="Elsewhere.")
    client.force_login(worker_a)

    response = client.post(correct_url(case, other_note), {"note-text": "Changed."})

    assert response.status_code == 404
    assert CaseNote.objects.count() == 1


def test_the_lead_can_add_a_note_to_any_case(client, lead, case):
    client.force_login(lead)

    response = client.post(add_url(case), {"note-text": "Spoke to the police."})

    assert response.status_code == 302
    assert case_notes(case=case)[0].author == lead


@pytest.mark.parametrize("persona", ["worker_b", "board_member", "outsider"])
def test_someone_who_cannot_see_the_case_gets_404_on_adding_and_correcting(
    client, request, persona, worker_a, case
):
    original = note_add(actor=worker_a, case=case, text="Seen on Tuesday.")
    client.force_login(request.getfixturevalue(persona))

    assert client.post(add_url(case), {"note-text": "Hello"}).status_code == 404
    assert client.get(correct_url(case, original)).status_code == 404
    assert client.post(correct_url(case, original), {"note-text": "Hello"}).status_code == 404
    assert CaseNote.objects.count() == 1


def test_someone_who_can_see_the_case_but_does_not_work_cases_gets_404(client, case, agency_a):
    from tests.factories import UserFactory

    colleague_without_role = UserFactory(username="no.role", agency=agency_a)
    client.force_login(colleague_without_role)

    assert client.post(add_url(case), {"note-text": "Hello"}).status_code == 404
    assert not CaseNote.objects.exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(client, case):
    response = client.post(add_url(case), {"note-text": "Hello"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not CaseNote.objects.exists()


def test_the_add_form_and_correct_links_show_only_to_people_who_may_work_the_case(worker_a, case):
    note_add(actor=worker_a, case=case, text="Seen on Tuesday.")

    assert "Add a note" in render_notes(case, worker_a, can_work=True)
    assert "Correct this note" in render_notes(case, worker_a, can_work=True)
    html = render_notes(case, worker_a, can_work=False)
    assert "Add a note" not in html
    assert "Correct this note" not in html


def test_reading_the_notes_takes_a_fixed_number_of_queries(
    worker_a, case, django_assert_max_num_queries
):
    for number in range(5):
        note = note_add(actor=worker_a, case=case, text=f"Note {number}")
        note_add(actor=worker_a, case=case, text=f"Fixed {number}", corrects=note)

    with django_assert_max_num_queries(2):
        render_notes(case, worker_a)
