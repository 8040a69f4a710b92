"""The home page every signed-in person lands on."""

from django.shortcuts import render

from accounts.navigation import nav_items_for
from accounts.selectors import role_grants_waiting_for, user_roles
from cases.permissions import can_report_concern, is_lead
from cases.selectors import dashboard_summary
from governance.selectors import waiting_for_the_lead
from pathways.selectors import next_steps_for


def dashboard(request):
    """Home page: who you are here, what is waiting for you, where you can go."""
    roles = sorted(user_roles(request.user), key=lambda role: role.label)
    places = [item for item in nav_items_for(request.user, request.path) if item["url"] != "/"]
    next_steps, overdue_count = next_steps_for(user=request.user)
    return render(
        request,
        "home/dashboard.html",
        {
            "roles": roles,
            "agency": request.user.agency,
            "places": places,
            "waiting": [
                *dashboard_summary(user=request.user),
                *waiting_for_the_lead(user=request.user),
            ],
            "next_steps": next_steps,
            "overdue_count": overdue_count,
            "is_lead": is_lead(request.user),
            "role_grants": list(role_grants_waiting_for(user=request.user)),
            "can_report": can_report_concern(request.user),
        },
    )
