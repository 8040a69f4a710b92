"""Reads for the notes and documents on a case.

The case itself is always fetched with ``case_get_for_user`` first, so these
never widen what a user can see.
"""

from django.db.models import Prefetch
from django.http import Http404

from cases.models import Case, CaseDocument, CaseNote
from cases.permissions import can_change_case
from cases.selectors import case_get_for_user
from cases.services.documents import document_type_label


def case_get_for_work(*, user, reference: str) -> Case:
    """The case, if the user may see it AND add notes and documents to it.

    404 otherwise, including for someone who can see the case but whose role
    does not work cases, or who may not change it because it is closed: the
    pages that write never confirm what exists.
    """
    case = case_get_for_user(user=user, reference=reference)
    if not can_change_case(user, case):
        raise Http404("No case found")
    return case


def case_notes(*, case: Case) -> list[CaseNote]:
    """Every note on the case, newest first, with who wrote it and the
    correction links both ways, in a fixed number of queries."""
    corrections = CaseNote.objects.select_related("author", "agency").order_by("created_at", "pk")
    return list(
        CaseNote.objects.filter(case=case)
        .select_related("author", "agency", "corrects", "corrects__author")
        .prefetch_related(Prefetch("corrections", queryset=corrections))
        .order_by("-created_at", "-pk")
    )


def case_note_get(*, case: Case, note_id: int) -> CaseNote:
    """One note on this case; 404 for a note on any other case."""
    try:
        return (
            CaseNote.objects.select_related("author", "agency")
            .prefetch_related("corrections")
            .get(case=case, pk=note_id)
        )
    except CaseNote.DoesNotExist:
        raise Http404("No note found") from None


def case_documents(*, case: Case) -> list[CaseDocument]:
    """Every document on the case, newest first, with who added it and a
    readable ``type_label`` ("PDF", "Word document")."""
    documents = list(
        CaseDocument.objects.filter(case=case)
        .select_related("uploaded_by", "agency")
        .order_by("-created_at", "-pk")
    )
    for document in documents:
        document.type_label = document_type_label(document.content_type)
    return documents


def case_document_get(*, case: Case, storage_name) -> CaseDocument:
    """One document on this case; 404 for a document on any other case."""
    try:
        return CaseDocument.objects.get(case=case, storage_name=storage_name)
    except CaseDocument.DoesNotExist:
        raise Http404("No document found") from None
