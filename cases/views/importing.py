"""The Modern Slavery Lead's spreadsheet import: upload and check, then confirm.

The checked file is kept in the session (compressed, at most 5 MB before
compression) under a random token until it is confirmed, so the confirmation
imports the very bytes that were checked. It is checked again on
confirmation, and the import refuses if it would now do anything other than
what the check showed. Everyone but the Lead gets a 404.
"""

import base64
import secrets
import zlib

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from cases.forms.importing import CaseImportConfirmForm, CaseImportUploadForm
from cases.permissions import is_lead
from cases.services.importing import COLUMNS, ImportPlanChanged, ImportResult, import_cases
from core.errors import ServiceError

SESSION_PENDING = "cases_import_pending"
SESSION_DONE = "cases_import_done"


def _lead_only(request) -> None:
    """Checked before anything else, so nobody else learns the pages exist."""
    if not is_lead(request.user):
        raise Http404


def _render_upload(request, form, result: ImportResult | None = None):
    return render(
        request,
        "cases/import_upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "file_name": result.file_name if result else "",
            "import_errors": result.errors if result else [],
        },
    )


def _show_errors(request, form, result: ImportResult):
    """Problems with the file as a whole go on the file field; row problems are
    summarised there and listed in a table."""
    request.session.pop(SESSION_PENDING, None)
    row_errors = [issue for issue in result.errors if issue.row]
    if row_errors:
        count = len(result.errors)
        form.add_error(
            "file",
            f"{result.file_name} has {count} problem{'s' if count != 1 else ''}, listed "
            "below. Nothing has been imported: correct the spreadsheet and upload it again",
        )
    else:
        for issue in result.errors:
            form.add_error("file", issue.message)
    return _render_upload(request, form, result)


def _upload_form_with_error(message: str = "") -> CaseImportUploadForm:
    """A fresh upload form showing a problem found after the upload was checked."""
    form = CaseImportUploadForm(data={}, files={})
    form.is_valid()
    form.errors.pop("file", None)
    if message:
        form.add_error("file", message)
    return form


def _render_preview(request, result: ImportResult, token: str, notice: str = ""):
    return render(
        request,
        "cases/import_result.html",
        {
            "result": result.summary(),
            "has_changes": result.has_changes,
            "token": token,
            "notice": notice,
            "done": False,
        },
    )


def _keep_pending(request, *, content: bytes, result: ImportResult) -> str:
    token = secrets.token_urlsafe(24)
    request.session[SESSION_PENDING] = {
        "token": token,
        "file_name": result.file_name,
        "digest": result.digest,
        "content": base64.b64encode(zlib.compress(content)).decode("ascii"),
    }
    return token


def import_upload(request):
    _lead_only(request)
    if request.method != "POST":
        return _render_upload(request, CaseImportUploadForm())
    form = CaseImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_upload(request, form)
    upload = form.cleaned_data["file"]
    content = upload.read()
    result = import_cases(content=content, file_name=upload.name, actor=request.user, dry_run=True)
    if not result.ok:
        return _show_errors(request, form, result)
    request.session.pop(SESSION_PENDING, None)
    token = _keep_pending(request, content=content, result=result) if result.has_changes else ""
    return _render_preview(request, result, token)


def import_confirm(request):
    _lead_only(request)
    if request.method != "POST":
        return redirect("cases:import_upload")
    form = CaseImportConfirmForm(request.POST)
    pending = request.session.get(SESSION_PENDING)
    if (
        not form.is_valid()
        or not pending
        or not secrets.compare_digest(pending["token"], form.cleaned_data["token"])
    ):
        return _render_upload(
            request,
            _upload_form_with_error(
                "The checked file is no longer waiting to be imported (it was imported, "
                "or a newer file was uploaded). Upload the spreadsheet again"
            ),
        )

    content = zlib.decompress(base64.b64decode(pending["content"]))
    try:
        result = import_cases(
            content=content,
            file_name=pending["file_name"],
            actor=request.user,
            expected_digest=pending["digest"],
        )
    except ImportPlanChanged as changed:
        pending["digest"] = changed.result.digest
        request.session[SESSION_PENDING] = pending
        return _render_preview(request, changed.result, pending["token"], notice=str(changed))
    except ServiceError as error:
        request.session.pop(SESSION_PENDING, None)
        return _render_upload(request, _upload_form_with_error(str(error)))
    if not result.ok:
        return _show_errors(request, _upload_form_with_error(), result)
    request.session.pop(SESSION_PENDING, None)
    request.session[SESSION_DONE] = result.summary()
    return redirect("cases:import_done")


def import_done(request):
    _lead_only(request)
    summary = request.session.get(SESSION_DONE)
    if not summary:
        return redirect("cases:import_upload")
    return render(request, "cases/import_result.html", {"result": summary, "done": True})


urlpatterns = [
    path("import/", import_upload, name="import_upload"),
    path("import/confirm/", import_confirm, name="import_confirm"),
    path("import/done/", import_done, name="import_done"),
]
