"""The log of account changes, and a Lead's decision on a proposed role.

Thin views over ``accounts.selectors`` and ``accounts.services``. Anyone who
may not use a page gets 404, before anything else is looked at.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render

from accounts.selectors import (
    account_changes_visible_to,
    may_read_account_changes,
    role_grants_waiting_for,
)
from accounts.services import role_grant_approve, role_grant_decline
from core.errors import ServiceError

PAGE_SIZE = 50


def account_changes(request):
    """Every change to a person's agency, roles, active flag or email: Leads
    and administrators."""
    if not may_read_account_changes(request.user):
        raise Http404
    page = Paginator(account_changes_visible_to(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/account_changes.html", {"page": page})


def _decide(request, pk: int, service, done: str):
    # Lead first, so nobody else learns the route or the proposal exists.
    grant = get_object_or_404(role_grants_waiting_for(user=request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        service(actor=request.user, grant=grant)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{grant.role_label} for {grant.user}: {done}")
    return redirect("dashboard")


def role_grant_approve_view(request, pk: int):
    return _decide(request, pk, role_grant_approve, "approved and given")


def role_grant_decline_view(request, pk: int):
    return _decide(request, pk, role_grant_decline, "declined")
