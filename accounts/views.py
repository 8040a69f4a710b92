from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy

from accounts.forms import SignInForm, WaymarkPasswordResetForm, WaymarkSetPasswordForm
from accounts.navigation import nav_items_for
from accounts.oidc import organisation_sign_in_enabled
from accounts.selectors import user_roles
from cases.permissions import is_lead
from cases.selectors import dashboard_summary
from pathways.selectors import next_steps_for


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "organisation_sign_in": organisation_sign_in_enabled(),
            "organisation_label": settings.WAYMARK_OIDC_BUTTON_LABEL,
        }


class PasswordResetView(auth_views.PasswordResetView):
    form_class = WaymarkPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = WaymarkSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


def dashboard(request):
    """Home page: who you are here, what is waiting for you, where you can go."""
    roles = sorted(user_roles(request.user), key=lambda role: role.label)
    places = [item for item in nav_items_for(request.user, request.path) if item["url"] != "/"]
    next_steps, overdue_count = next_steps_for(user=request.user)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "roles": roles,
            "agency": request.user.agency,
            "places": places,
            "waiting": dashboard_summary(user=request.user),
            "next_steps": next_steps,
            "overdue_count": overdue_count,
            "is_lead": is_lead(request.user),
        },
    )
