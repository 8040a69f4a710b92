"""When a second factor is needed, and whether this session has given one.

One place answers both questions, for the middleware that guards every page,
the sign-in views and the navigation.
"""

from django.conf import settings
from django_otp import user_has_device

# Session keys Waymark keeps about the sign-in itself.
SESSION_SIGN_IN_ID = "waymark_sign_in_id"
SESSION_SIGNED_IN_AT = "waymark_signed_in_at"
SESSION_LAST_SEEN = "waymark_last_seen"
# Set when an organisation's provider said the person signed in with more than
# one factor (OpenID Connect `amr` or `acr`), so Waymark does not ask again.
SESSION_PROVIDER_MFA = "waymark_provider_mfa"


def second_factor_required() -> bool:
    """WAYMARK_REQUIRE_2FA when set; otherwise on, except in the demo."""
    explicit = settings.WAYMARK_REQUIRE_2FA
    if explicit is None:
        return not settings.WAYMARK_DEMO
    return explicit


def second_factor_done(request) -> bool:
    """True when this signed-in session may open staff pages."""
    user = request.user
    if not user.is_authenticated:
        return False
    if not second_factor_required():
        return True
    if request.session.get(SESSION_PROVIDER_MFA):
        return True
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    return bool(is_verified and is_verified())


def has_second_factor(user) -> bool:
    """True when the user has any confirmed device, recovery codes included.

    A person with only recovery codes left is asked for one, not sent to set
    up a new device: otherwise the password alone would let anyone enrol their
    own authenticator.
    """
    return user_has_device(user, confirmed=True)


def second_factor_not_required(view):
    """Mark a view that a signed-in person may open before giving a second
    factor (the pages that ask for it or set it up, and signing out)."""
    view.second_factor_required = False
    return view
