"""Session limits and the second-factor gate, applied to every request."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from accounts.two_factor import (
    SESSION_LAST_SEEN,
    SESSION_SIGNED_IN_AT,
    has_second_factor,
    second_factor_done,
)

# How far the stored idle clock may lag behind the last request.
IDLE_CLOCK_STEP_SECONDS = 60


class SessionLimitsMiddleware:
    """End a signed-in session after WAYMARK_IDLE_MINUTES without a request, or
    WAYMARK_SESSION_MAX_HOURS after sign-in, and say which on the sign-in page.

    Every request moves the idle clock, stored at most once a minute
    (IDLE_CLOCK_STEP_SECONDS): writing the session on every request was three
    statements and a row update per page for nothing. The clock is then at most
    a minute behind, so an idle session ends between 29 and 30 minutes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = self._ended_because(request.session, time.time())
            if reason:
                logout(request)
                messages.info(request, reason)
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)

    @staticmethod
    def _ended_because(session, now: float) -> str:
        signed_in_at = session.get(SESSION_SIGNED_IN_AT)
        last_seen = session.get(SESSION_LAST_SEEN)
        if signed_in_at is None:
            # Signed in before these limits existed, or by a test: start counting now.
            session[SESSION_SIGNED_IN_AT] = now
        elif now - signed_in_at > settings.WAYMARK_SESSION_MAX_HOURS * 60 * 60:
            return (
                f"You have been signed out because you signed in more than "
                f"{settings.WAYMARK_SESSION_MAX_HOURS} hours ago. Sign in again"
            )
        if last_seen is not None and now - last_seen > settings.WAYMARK_IDLE_MINUTES * 60:
            return (
                f"You have been signed out because you had not used Waymark for "
                f"{settings.WAYMARK_IDLE_MINUTES} minutes. Sign in again"
            )
        if last_seen is None or now - last_seen >= IDLE_CLOCK_STEP_SECONDS:
            session[SESSION_LAST_SEEN] = now  # marks the session to be saved
        return ""


class SecondFactorMiddleware:
    """A signed-in person who has not given a second factor this session is
    sent to give one, or to set one up if they have none, before any page
    other than those marked ``second_factor_not_required`` and public pages.
    The admin site is covered like every other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None  # public pages: sign-in, password reset, public report, health
        if not getattr(view_func, "second_factor_required", True):
            return None
        match = request.resolver_match
        if match is not None and match.namespace == "otp_webauthn":
            # The passkey ceremonies; the library refuses to add a passkey to an
            # account that has a device until the session is verified.
            return None
        if not request.user.is_authenticated or second_factor_done(request):
            return None
        target = (
            "accounts:two_factor_verify"
            if has_second_factor(request.user)
            else "accounts:two_factor_setup"
        )
        return redirect_to_login(request.get_full_path(), reverse(target))
