"""Response headers that Django does not set itself, and input PostgreSQL cannot hold."""

from django.core.exceptions import BadRequest
from django.db import DataError
from django.http import Http404
from django.views.defaults import bad_request

from config.unstorable import any_unstorable, is_unstorable_error

# Every script and style is served from /static/; nothing inline, nothing
# third-party. img-src allows data: URIs for inline SVG images.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Case data must not sit in shared browser or proxy caches.
            response.setdefault("Cache-Control", "no-store")
        return response


class UnstorableInputMiddleware:
    """No request turns a character PostgreSQL cannot hold into a 500.

    A route parameter holding one (``/cases/%00/``) names no record, so it is a
    404 like any other missing record, answered before the view looks it up.
    Waymark's forms refuse such a field with an error naming it
    (``core.forms.GovukFormMixin``); any other value (a query string a view reads
    itself) that reaches the database anyway is a 400, never a traceback.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any_unstorable(view_args) or any_unstorable(view_kwargs.values()):
            raise Http404("No such record")
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, DataError | UnicodeEncodeError) and is_unstorable_error(exception):
            return bad_request(request, BadRequest("A value cannot be stored"))
        return None
