from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts.forms import SignInForm, WaymarkPasswordResetForm, WaymarkSetPasswordForm
from accounts.oidc import organisation_sign_in_enabled


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
