"""Where a request came from, for access logs, rate limits and sign-in records."""

from django.conf import settings


def client_address(request) -> str | None:
    """The address a request came from. Behind the production proxy, Django's
    REMOTE_ADDR is the proxy's, so the proxy's X-Forwarded-For is trusted only
    when settings say a proxy is there."""
    if request is None:
        return None
    if settings.WAYMARK_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")
