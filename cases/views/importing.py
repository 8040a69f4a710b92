"""The Modern Slavery Lead's spreadsheet import: upload and check, then confirm.

The checked file is kept on the server (a staging record, compressed, at most
5 MB before compression, never in the session) under a random token until it is
confirmed or expires, so the confirmation imports the very bytes that were
checked. It is checked again on
confirmation, and the import refuses if it would now do anything other than
what the check showed. Everyone but the Lead gets a 404.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from cases.forms.importing import CaseImportConfirmForm, CaseImportUploadForm
from cases.permissions import is_lead
from cases.services.importing import COLUMNS, ImportPlanChanged, ImportResult, import_cases
from cases.services.importing.staging import (
    import_staging_content,
    import_staging_discard,
    import_staging_get,
    import_staging_keep,
    import_staging_set_digest,
)
from core.errors import ServiceError

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
    import_staging_discard(actor=request.user)
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
    import_staging_discard(actor=request.user)
    token = ""
    if result.has_changes:
        token = import_staging_keep(
            actor=request.user, content=content, file_name=result.file_name, digest=result.digest
        )
    return _render_preview(request, result, token)


def import_confirm(request):
    _lead_only(request)
    if request.method != "POST":
        return redirect("cases:import_upload")
    form = CaseImportConfirmForm(request.POST)
    pending = import_staging_get(
        actor=request.user, token=form.cleaned_data["token"] if form.is_valid() else ""
    )
    if pending is None:
        return _render_upload(
            request,
            _upload_form_with_error(
                "The checked file is no longer waiting to be imported (it was imported, "
                "a newer file was uploaded, or it was checked more than "
                f"{settings.WAYMARK_IMPORT_KEEP_MINUTES} minutes ago). Upload the spreadsheet again"
            ),
        )

    try:
        result = import_cases(
            content=import_staging_content(pending),
            file_name=pending.file_name,
            actor=request.user,
            expected_digest=pending.digest,
        )
    except ImportPlanChanged as changed:
        import_staging_set_digest(actor=request.user, staging=pending, digest=changed.result.digest)
        return _render_preview(request, changed.result, pending.token, notice=str(changed))
    except ServiceError as error:
        import_staging_discard(actor=request.user)
        return _render_upload(request, _upload_form_with_error(str(error)))
    if not result.ok:
        return _show_errors(request, _upload_form_with_error(), result)
    import_staging_discard(actor=request.user)
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
