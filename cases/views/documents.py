"""Documents on a case: upload, and a permission-checked, logged download.

Files live in private storage (MEDIA_ROOT is never served); this download
view is the only way to read one.
"""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from cases.forms.records import DocumentUploadForm
from cases.models import AccessAction
from cases.selectors import case_get_for_user
from cases.selectors_records import case_document_get, case_get_for_work
from cases.services.common import access_log_record
from cases.services.documents import document_upload
from core.errors import ServiceError

# A downloaded file is never a page: if a browser ever renders it, it gets no
# script, no plugins and no same-origin access.
DOWNLOAD_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox"


@require_http_methods(["GET", "POST"])
def upload_document(request, reference):
    """The upload form lives on the case page; this page shows it again with
    its errors when a file is refused (a browser cannot refill a file input;
    the description is kept)."""
    case = case_get_for_work(user=request.user, reference=reference)
    if request.method == "POST":
        form = DocumentUploadForm(data=request.POST, files=request.FILES)
    else:
        form = DocumentUploadForm()
    if form.is_valid():
        try:
            document_upload(
                actor=request.user,
                case=case,
                uploaded_file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ServiceError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, "Document added")
            return redirect(f"{case.get_absolute_url()}#documents")
    return render(request, "cases/document_upload.html", {"case": case, "form": form})


@require_GET
def download_document(request, reference, storage_name):
    """Anyone who can see the case may download its documents; every download
    is written to the access log."""
    case = case_get_for_user(user=request.user, reference=reference)
    document = case_document_get(case=case, storage_name=storage_name)
    handle = document.file.storage.open(document.file.name, "rb")
    try:
        access_log_record(
            user=request.user,
            action=AccessAction.DOWNLOAD_DOCUMENT,
            request=request,
            case=case,
            detail=str(document.pk),
        )
    except BaseException:
        handle.close()
        raise
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CONTENT_SECURITY_POLICY
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("<str:reference>/documents/upload/", upload_document, name="document_upload"),
    path(
        "<str:reference>/documents/<uuid:storage_name>/",
        download_document,
        name="document_download",
    ),
]
