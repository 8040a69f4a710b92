"""Organisation sign-in with OpenID Connect (mozilla-django-oidc), configured
entirely by the WAYMARK_OIDC_* settings.

- With ``WAYMARK_OIDC_ISSUER`` the provider's endpoints come from its discovery
  document (fetched once an hour); any ``WAYMARK_OIDC_*_ENDPOINT`` set wins.
- Only existing, active accounts sign in, matched by the verified email address.
- When the ID token says the person used more than one factor (``amr``
  contains ``mfa``, or ``acr`` is one of ``WAYMARK_OIDC_MFA_ACR_VALUES``),
  Waymark does not ask for its own second factor.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.utils.decorators import method_decorator
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts.backends import signed_in_user

logger = logging.getLogger(__name__)

DISCOVERY_CACHE_SECONDS = 60 * 60
# mozilla-django-oidc's setting name -> (Waymark's setting, discovery document key)
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": (
        "WAYMARK_OIDC_AUTHORIZATION_ENDPOINT",
        "authorization_endpoint",
    ),
    "OIDC_OP_TOKEN_ENDPOINT": ("WAYMARK_OIDC_TOKEN_ENDPOINT", "token_endpoint"),
    "OIDC_OP_USER_ENDPOINT": ("WAYMARK_OIDC_USERINFO_ENDPOINT", "userinfo_endpoint"),
    "OIDC_OP_JWKS_ENDPOINT": ("WAYMARK_OIDC_JWKS_ENDPOINT", "jwks_uri"),
}

# mozilla-django-oidc's setting name -> Waymark's, read when used (so the
# environment, or a test, decides).
CLIENT_SETTINGS = {
    "OIDC_RP_CLIENT_ID": "WAYMARK_OIDC_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "WAYMARK_OIDC_CLIENT_SECRET",
    "OIDC_RP_SIGN_ALGO": "WAYMARK_OIDC_SIGN_ALGO",
    "OIDC_RP_SCOPES": "WAYMARK_OIDC_SCOPES",
    "OIDC_TIMEOUT": "WAYMARK_OIDC_TIMEOUT_SECONDS",
}

FAILED_MESSAGE = (
    "You could not be signed in with your organisation account. Waymark only "
    "signs in people who already have a Waymark account with the same email "
    "address. Ask your Modern Slavery Lead or administrator, or sign in with "
    "your Waymark username and password"
)


def organisation_sign_in_enabled() -> bool:
    if not settings.WAYMARK_OIDC_CLIENT_ID:
        return False
    if settings.WAYMARK_OIDC_ISSUER:
        return True
    return all(getattr(settings, name) for name, _ in ENDPOINTS.values())


def _discovery() -> dict:
    issuer = settings.WAYMARK_OIDC_ISSUER
    key = f"oidc-discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration",
            timeout=settings.WAYMARK_OIDC_TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        document = response.json()
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def oidc_setting(name, *default):
    """mozilla-django-oidc's settings, with the provider's endpoints filled in."""
    if name in CLIENT_SETTINGS:
        return getattr(settings, CLIENT_SETTINGS[name])
    if name in ENDPOINTS:
        waymark_name, discovery_key = ENDPOINTS[name]
        value = getattr(settings, waymark_name)
        if value:
            return value
        if settings.WAYMARK_OIDC_ISSUER:
            value = _discovery().get(discovery_key)
            if value:
                return value
        if default:
            return default[0]
        raise ImproperlyConfigured(f"Set {waymark_name} or WAYMARK_OIDC_ISSUER")
    return import_from_settings(name, *default)


def provider_asserted_mfa(claims: dict) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if "mfa" in amr:
        return True
    acr = claims.get("acr")
    return bool(acr) and acr in settings.WAYMARK_OIDC_MFA_ACR_VALUES


class OrganisationBackend(OIDCAuthenticationBackend):
    """Signs in an existing account whose email the provider has verified."""

    def __init__(self, *args, **kwargs):
        # Django makes a backend for every sign-in of any kind; the provider's
        # settings are read only when an organisation sign-in arrives.
        self.UserModel = get_user_model()

    get_settings = staticmethod(oidc_setting)

    def get_user(self, user_id):
        # As the password sign-in: a deactivated account's sessions end.
        user = signed_in_user(user_id)
        return user if user is not None and user.is_active else None

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not organisation_sign_in_enabled():
            return None
        super().__init__()
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # mozilla-django-oidc checks the signature and nonce; the token must
        # also be meant for Waymark and come from the configured issuer.
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.WAYMARK_OIDC_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token is for another client")
        issuer = settings.WAYMARK_OIDC_ISSUER
        if issuer and payload.get("iss", "").rstrip("/") != issuer:
            raise SuspiciousOperation("ID token is from another issuer")
        return payload

    def retrieve_matching_jwk(self, token):
        """The provider's signing key for ``token``: the one its ``kid`` names,
        or the only signing key when the token names none (allowed by the
        spec; mozilla-django-oidc assumes every key has a ``kid``)."""
        response = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.WAYMARK_OIDC_TIMEOUT_SECONDS
        )
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig"
            and key.get("alg", header.get("alg")) == header.get("alg")
        ]
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("No single signing key matches the ID token")
        return jwt.PyJWK(keys[0])

    def verify_claims(self, claims):
        if not claims.get("email"):
            return False
        if settings.WAYMARK_OIDC_REQUIRE_EMAIL_VERIFIED:
            return claims.get("email_verified") is True
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims["email"], is_active=True)

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            # Read by the sign-in record (accounts.signals) once Django has
            # signed the person in and given the session its new key.
            user.waymark_provider_mfa = provider_asserted_mfa(payload)
        return user

    def create_user(self, claims):
        # Never reached (OIDC_CREATE_USER is False); kept so nobody registers themselves.
        return None


def _enabled_only(view_class):
    class Enabled(view_class):
        def dispatch(self, request, *args, **kwargs):
            if not organisation_sign_in_enabled():
                raise Http404
            return super().dispatch(request, *args, **kwargs)

    Enabled.__name__ = view_class.__name__
    return method_decorator(login_not_required, name="dispatch")(Enabled)


@_enabled_only
class OrganisationSignInView(OIDCAuthenticationRequestView):
    """Sends the person to their organisation's sign-in page."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = settings.WAYMARK_OIDC_CLIENT_ID
        return super().get(request)


@_enabled_only
class OrganisationCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back. A refusal goes to the sign-in
    page with a message that does not say whether an account exists."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        try:
            return super().get(request)
        except (
            requests.RequestException,
            SuspiciousOperation,
            ImproperlyConfigured,
            jwt.PyJWTError,
            KeyError,
            ValueError,
        ):
            # Whatever went wrong between Waymark and the provider, the person
            # is not signed in and is told so; the details go to the log.
            logger.warning("Organisation sign-in failed", exc_info=True)
            return self.login_failure()

    def login_failure(self):
        messages.error(self.request, FAILED_MESSAGE)
        return super().login_failure()
