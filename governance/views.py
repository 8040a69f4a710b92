"""Information governance pages. Each fetches and authorises in one call;
anyone who may not open a page gets 404."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cases.models import AccessAction, CasePerson
from cases.permissions import can_change_case, is_lead
from cases.selectors import case_get_for_user
from cases.services.common import access_log_record, access_log_record_many
from core.errors import ServiceError
from governance import selectors, services
from governance.forms import (
    AgreementForm,
    ConsentForm,
    DisclosureDecisionForm,
    LegalHoldForm,
    RetentionDecisionForm,
    WithdrawnConsentReviewForm,
)

# Rows a page of a queue shows: the queues can grow long at a region's scale.
PAGE_SIZE = 50


def _add_service_error(form, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


# --- Consent ------------------------------------------------------------------------------


def consent_add(request, reference, person_id):
    case = case_get_for_user(user=request.user, reference=reference)
    if not can_change_case(request.user, case):  # a closed case: the Lead only
        raise Http404
    link = get_object_or_404(CasePerson.objects.select_related("person"), case=case, pk=person_id)
    person = link.person
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        request=request,
        case=case,
        detail=f"Consent records of person {person.pk}",
    )
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                actor=request.user, case=case, person=person, **form.cleaned_data
            )
        except ServiceError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, f"Consent of {person} recorded")
            return redirect(case.get_absolute_url() + "#consent")
    return render(
        request,
        "governance/consent_add.html",
        {
            "case": case,
            "person": person,
            "form": form,
            "history": selectors.consent_records_for(case=case, person=person),
        },
    )


# --- Shares waiting for the Lead's approval -----------------------------------------------


def disclosure_queue(request):
    if not selectors.may_decide_disclosures(request.user):
        raise Http404
    waiting = Paginator(selectors.disclosures_awaiting_approval(user=request.user), PAGE_SIZE)
    waiting = waiting.get_page(request.GET.get("page"))
    withdrawn = Paginator(selectors.shares_with_withdrawn_consent(user=request.user), PAGE_SIZE)
    withdrawn = withdrawn.get_page(request.GET.get("withdrawn_page"))
    access_log_record_many(
        user=request.user,
        action=AccessAction.VIEW_LIST,
        request=request,
        cases=[d.case_id for d in [*waiting, *withdrawn]],
        detail="Shares to decide",
    )
    return render(
        request,
        "governance/disclosure_queue.html",
        {"waiting": waiting, "withdrawn": withdrawn},
    )


def disclosure_review(request, disclosure_id):
    """The Lead ends, or keeps on a lawful basis, a share whose consent was withdrawn."""
    disclosure = selectors.disclosure_get_for_review(user=request.user, disclosure_id=disclosure_id)
    if disclosure is None:
        raise Http404
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        request=request,
        case=disclosure.case,
        detail="A share whose consent was withdrawn",
    )
    form = WithdrawnConsentReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "end":
                services.disclosure_end_after_withdrawal(
                    actor=request.user, disclosure=disclosure, reason=data["reason"]
                )
                messages.success(request, f"Access for {disclosure.agency} ended")
            else:
                services.disclosure_keep_without_consent(
                    actor=request.user,
                    disclosure=disclosure,
                    lawful_basis=data["lawful_basis"],
                    basis_reason=data["basis_reason"],
                )
                messages.success(request, f"Access for {disclosure.agency} kept on a lawful basis")
        except ServiceError as error:
            _add_service_error(form, error)
        else:
            return redirect("governance:disclosure_queue")
    return render(
        request, "governance/disclosure_review.html", {"disclosure": disclosure, "form": form}
    )


def disclosure_decide(request, disclosure_id):
    disclosure = selectors.disclosure_get_for_decision(
        user=request.user, disclosure_id=disclosure_id
    )
    if disclosure is None:
        raise Http404
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        request=request,
        case=disclosure.case,
        detail="A share waiting for approval",
    )
    form = DisclosureDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == "approve":
                services.disclosure_approve(actor=request.user, disclosure=disclosure, note=note)
                messages.success(request, f"Share with {disclosure.agency} approved and opened")
            else:
                services.disclosure_refuse(actor=request.user, disclosure=disclosure, note=note)
                messages.success(request, f"Share with {disclosure.agency} refused")
        except ServiceError as error:
            _add_service_error(form, error)
        else:
            return redirect("governance:disclosure_queue")
    return render(
        request, "governance/disclosure_decide.html", {"disclosure": disclosure, "form": form}
    )


# --- The ISA register ---------------------------------------------------------------------


def agreements(request):
    if not selectors.may_see_agreements(request.user):
        raise Http404
    return render(
        request,
        "governance/agreements.html",
        {
            "rows": selectors.agreement_register(user=request.user),
            "to_review": selectors.shares_to_review(user=request.user),
            "overrides": selectors.agreement_overrides(user=request.user),
            "is_lead": is_lead(request.user),
        },
    )


def agreement_add(request):
    if not selectors.may_see_agreements(request.user):
        raise Http404
    form = AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploaded = data.pop("document")
        try:
            agreement = services.agreement_add(actor=request.user, uploaded_file=uploaded, **data)
        except ServiceError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, f"Agreement with {agreement.agency} recorded")
            return redirect("governance:agreements")
    return render(request, "governance/agreement_add.html", {"form": form})


def agreement_document(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    if agreement is None or not agreement.document:
        raise Http404
    response = FileResponse(
        agreement.document.open("rb"),
        as_attachment=True,
        filename=agreement.document_name or "agreement",
        content_type=agreement.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Retention ----------------------------------------------------------------------------


def retention_queue(request):
    if not selectors.may_review_retention(request.user):
        raise Http404
    due = Paginator(selectors.retention_queue(user=request.user), PAGE_SIZE)
    due = due.get_page(request.GET.get("page"))
    access_log_record_many(
        user=request.user,
        action=AccessAction.VIEW_LIST,
        request=request,
        cases=[retention.case_id for retention in due],
        detail="Retention review queue",
    )
    return render(
        request,
        "governance/retention_queue.html",
        {"due": due, "retention_years": settings.WAYMARK_RETENTION_YEARS},
    )


def retention_decide(request, reference):
    retention = selectors.retention_get_due(user=request.user, reference=reference)
    if retention is None:
        raise Http404
    case = retention.case
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        request=request,
        case=case,
        detail="Retention review",
    )
    form = RetentionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "keep":
                services.retention_keep(
                    actor=request.user,
                    case=case,
                    reason=data["reason"],
                    next_review_on=data["next_review_on"],
                )
                messages.success(request, f"{case.reference} kept")
            else:
                services.case_anonymise_request(actor=request.user, case=case)
                messages.success(
                    request,
                    f"{case.reference} is being anonymised. It leaves the queue now; "
                    "the case page says when it is done",
                )
        except ServiceError as error:
            _add_service_error(form, error)
        else:
            return redirect("governance:retention_queue")
    return render(
        request,
        "governance/retention_decide.html",
        {"case": case, "retention": retention, "form": form},
    )


def legal_hold(request, reference):
    case = case_get_for_user(user=request.user, reference=reference)
    if not is_lead(request.user):
        raise Http404
    retention = selectors.retention_for_case(case)
    form = LegalHoldForm(
        request.POST or None,
        initial={"hold": "off" if retention and retention.legal_hold else "on"},
    )
    if request.method == "POST" and form.is_valid():
        hold = form.cleaned_data["hold"] == "on"
        try:
            services.legal_hold_set(
                actor=request.user, case=case, hold=hold, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, "Legal hold placed" if hold else "Legal hold lifted")
            return redirect(case.get_absolute_url() + "#retention")
    return render(
        request,
        "governance/legal_hold.html",
        {"case": case, "retention": retention, "form": form},
    )


# --- Subject access -----------------------------------------------------------------------


def subject_access(request, reference, person_id):
    case = case_get_for_user(user=request.user, reference=reference)
    if not is_lead(request.user):
        raise Http404
    link = get_object_or_404(CasePerson.objects.select_related("person"), case=case, pk=person_id)
    if request.method == "POST":
        pack = services.subject_access_pack(
            actor=request.user, case=case, person=link.person, request=request
        )
        response = HttpResponse(pack.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
        return response
    access_log_record(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        request=request,
        case=case,
        detail=f"Subject access page of person {link.person.pk}",
    )
    return render(request, "governance/subject_access.html", {"case": case, "person": link.person})


# --- The public form's privacy notice -----------------------------------------------------


@login_not_required
def privacy_notice(request):
    return render(
        request,
        "governance/privacy_notice.html",
        {
            "partnership": settings.WAYMARK_PARTNERSHIP_NAME,
            "controller": settings.WAYMARK_DATA_CONTROLLER,
            "dpo_email": settings.WAYMARK_DPO_EMAIL,
            "dpo_address": settings.WAYMARK_DPO_ADDRESS,
            "retention_years": settings.WAYMARK_RETENTION_YEARS,
        },
    )
