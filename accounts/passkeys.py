"""Passkeys and security keys (django-otp-webauthn), as a second factor.

django-otp-webauthn's own views, with Waymark's records added: adding a passkey
is audited, and using one completes the sign-in. Served under the
``otp_webauthn`` namespace its template tags expect.
"""

import json

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import SecondFactor
from accounts.services import passkey_added, sign_in_complete_second_factor


class RegisterBegin(webauthn_views.BeginCredentialRegistrationView):
    pass


class RegisterComplete(webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        user = self.request.user
        was_verified = user.is_verified()
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            added = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"], user=user)
            passkey_added(actor=user, device=added, request=self.request)
            if not was_verified:
                # Setting up a first passkey is this session's second factor.
                sign_in_complete_second_factor(
                    actor=user, request=self.request, factor=SecondFactor.PASSKEY
                )
        return response


class AuthenticateBegin(webauthn_views.BeginCredentialAuthenticationView):
    pass


class AuthenticateComplete(webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        sign_in_complete_second_factor(
            actor=device.user, request=self.request, factor=SecondFactor.PASSKEY
        )


urlpatterns = [
    path(
        "registration/begin/",
        RegisterBegin.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        RegisterComplete.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        AuthenticateBegin.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        AuthenticateComplete.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
