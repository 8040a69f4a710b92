"""The public report form at /report/: anyone may report a concern, no account."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache

from cases.forms.concerns import children_safeguarding_phone
from cases.forms.public import HONEYPOT_FIELD, PublicReportForm
from cases.services.common import client_address
from cases.services.concerns import PublicReportRateLimited, public_concern_submit
from core.errors import ServiceError

# The largest report body accepted, in bytes. Every field has its own limit;
# this stops a huge request before it is read.
DEFAULT_PUBLIC_REPORT_MAX_BODY_BYTES = 128 * 1024
SESSION_REFERENCE_KEY = "waymark_public_report_reference"

TOO_LARGE_MESSAGE = (
    "Your report was not sent, because it is too long. Make your answers shorter and send it again."
)


def _max_body_bytes() -> int:
    return getattr(
        settings, "WAYMARK_PUBLIC_REPORT_MAX_BODY_BYTES", DEFAULT_PUBLIC_REPORT_MAX_BODY_BYTES
    )


def _body_too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > _max_body_bytes()


def _render(request, form, *, refusal: str = "", status=200):
    errors = [("#id_what_happened", refusal)] if refusal else []
    if form.is_bound:
        errors += form.error_summary_items
    return render(
        request,
        "cases/public_report.html",
        {
            "form": form,
            "error_items": errors,
            "honeypot_name": HONEYPOT_FIELD,
            "children_phone": children_safeguarding_phone(),
        },
        status=status,
    )


@login_not_required
@never_cache
def public_report(request):
    if request.method != "POST":
        return _render(request, PublicReportForm())
    if _body_too_large(request):
        return _render(request, PublicReportForm(), refusal=TOO_LARGE_MESSAGE, status=413)
    form = PublicReportForm(request.POST)
    if not form.is_valid():
        return _render(request, form)
    try:
        concern = public_concern_submit(address=client_address(request), **form.concern_fields())
    except PublicReportRateLimited as error:
        return _render(request, form, refusal=str(error), status=429)
    except ServiceError as error:
        return _render(request, form, refusal=str(error))
    request.session[SESSION_REFERENCE_KEY] = concern.reference
    return redirect("public_report_done")


@login_not_required
@never_cache
def public_report_done(request):
    return render(
        request,
        "cases/public_report_done.html",
        {
            "reference": request.session.get(SESSION_REFERENCE_KEY),
            "children_phone": children_safeguarding_phone(),
        },
    )


urlpatterns = [
    path("", public_report, name="public_report"),
    path("sent/", public_report_done, name="public_report_done"),
]
