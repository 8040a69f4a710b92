"""Thin views for the support directory: staff read it, the Lead keeps it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.roles import Role
from accounts.selectors import user_has_role
from cases.permissions import is_lead
from directory.forms import SupportServiceForm
from directory.models import SupportService
from directory.selectors import directory_gaps, service_list
from directory.services import service_create, service_update

STAFF_ROLES = (
    Role.FRONTLINE_WORKER,
    Role.AGENCY_LEAD,
    Role.MODERN_SLAVERY_LEAD,
    Role.SERAC_CHAIR,
    Role.SERAC_MEMBER,
)


def _require_staff(user):
    if not (user.is_authenticated and user_has_role(user, *STAFF_ROLES)):
        raise Http404


def _require_lead(user):
    if not is_lead(user):
        raise Http404


def _data(request):
    """Bind on POST even when nothing was ticked, so errors show."""
    return request.POST if request.method == "POST" else None


def directory(request):
    _require_staff(request.user)
    return render(
        request,
        "directory/directory.html",
        {
            "services": service_list(),
            "gaps": directory_gaps(),
            "can_edit": is_lead(request.user),
        },
    )


def service_create_view(request):
    _require_lead(request.user)
    form = SupportServiceForm(_data(request), initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        service = service_create(actor=request.user, **form.service_fields())
        messages.success(request, f"{service.name} added to the directory")
        return redirect("directory:directory")
    return render(request, "directory/service_form.html", {"form": form, "service": None})


def service_edit_view(request, pk):
    _require_lead(request.user)
    service = get_object_or_404(SupportService, pk=pk)
    form = SupportServiceForm(_data(request), initial=SupportServiceForm.initial_for(service))
    if request.method == "POST" and form.is_valid():
        service = service_update(actor=request.user, service=service, **form.service_fields())
        messages.success(request, f"{service.name} updated")
        return redirect("directory:directory")
    return render(request, "directory/service_form.html", {"form": form, "service": service})
