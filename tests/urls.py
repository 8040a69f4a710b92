"""Every URL Waymark serves, for tests that must cover all of them."""

import uuid

from django.urls import URLPattern, URLResolver, get_resolver

# The only pages a signed-out visitor may open.
PUBLIC_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "health",
        "public_report",
        "public_report_done",
        "privacy_notice",
        "accounts:oidc_sign_in",
        "accounts:oidc_callback",
    }
)
# Public, but not found until WAYMARK_OIDC_* configure an organisation sign-in.
OFF_UNLESS_CONFIGURED = frozenset({"accounts:oidc_sign_in", "accounts:oidc_callback"})

# The pages a signed-in person may open before giving a second factor: the steps
# that ask for it or set it up, and signing out. (The set-up pages let in only
# someone with no second factor yet, or a session that has given one.)
SECOND_STEP_URL_NAMES = frozenset(
    {
        "accounts:two_factor_verify",
        "accounts:two_factor_recovery",
        "accounts:two_factor_setup",
        "accounts:two_factor_setup_app",
        "accounts:two_factor_setup_passkey",
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-registration-complete",
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:js-i18n-catalog",
    }
)

SAMPLE_VALUES = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "uuid": str(uuid.UUID(int=1)),
    "path": "sample",
}


def _sample_path(route: str, converters: dict) -> str:
    path = route
    for name, converter in converters.items():
        kind = type(converter).__name__.lower().replace("converter", "")
        value = SAMPLE_VALUES.get(kind, "sample")
        for spelling in (f"<{name}>", *(f"<{k}:{name}>" for k in SAMPLE_VALUES)):
            path = path.replace(spelling, value)
    for spelling in [f"<{k}:" for k in SAMPLE_VALUES]:
        assert spelling not in path, path
    return path


def every_url_path(resolver=None, prefix="/", namespace=""):
    """Yield (path, 'namespace:name') for every named route, with sample arguments."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if route.startswith("^") or "(?P" in route:
            continue  # regex routes (admin internals) are covered by the admin's own login
        converters = getattr(entry.pattern, "converters", {})
        path = prefix + _sample_path(route, converters)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from every_url_path(entry, path, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield path, f"{namespace}{entry.name}"
