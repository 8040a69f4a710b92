"""Notes on a case: add, and correct by adding a note that points at the old one.

Notes are append-only: there is no route that edits or deletes one.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from cases.forms.records import NoteCorrectionForm, NoteForm
from cases.selectors_records import case_get_for_work, case_note_get
from cases.services.cases import note_add
from core.errors import ServiceError


@require_http_methods(["GET", "POST"])
def add_note(request, reference):
    """The add form lives on the case page; this page shows it again with its
    errors (and the text typed) when a note is refused."""
    case = case_get_for_work(user=request.user, reference=reference)
    form = NoteForm(data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            note_add(actor=request.user, case=case, text=form.cleaned_data["text"])
        except ServiceError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, "Note added")
            return redirect(f"{case.get_absolute_url()}#notes")
    return render(request, "cases/note_add.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
def correct_note(request, reference, note_id):
    case = case_get_for_work(user=request.user, reference=reference)
    original = case_note_get(case=case, note_id=note_id)
    if request.method == "POST":
        form = NoteCorrectionForm(data=request.POST, original=original)
    else:
        form = NoteCorrectionForm(initial={"text": original.text}, original=original)
    if form.is_valid():
        try:
            correction = note_add(
                actor=request.user, case=case, text=form.cleaned_data["text"], corrects=original
            )
        except ServiceError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, "Correction added")
            return redirect(f"{case.get_absolute_url()}#note-{correction.pk}")
    return render(
        request, "cases/note_correct.html", {"case": case, "note": original, "form": form}
    )


urlpatterns = [
    path("<str:reference>/notes/add/", add_note, name="note_add"),
    path("<str:reference>/notes/<int:note_id>/correct/", correct_note, name="note_correct"),
]
