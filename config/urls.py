from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from config.health import health
from home.views import dashboard


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("", dashboard, name="dashboard"),
    path("health/", health, name="health"),
    path("report/", include("governance.urls_public")),
    path("report/", include("cases.urls_public")),
    path("accounts/", include("accounts.urls")),
    # Passkeys, under the namespace django-otp-webauthn's template tags use.
    path("accounts/passkeys/", include(("accounts.passkeys", "otp_webauthn"))),
    path("cases/", include("cases.urls")),
    path("cases/", include("governance.urls_cases")),
    path("governance/", include("governance.urls")),
    # Before pathways/, whose <slug:key>/ would otherwise take "services".
    path("pathways/services/", include("directory.urls")),
    path("pathways/", include("pathways.urls")),
    path("referrals/", include("referrals.urls")),
    path("serac/", include("serac.urls")),
    path("reports/", include("reporting.urls")),
    # One sign-in page for everyone, so the admin gets two-factor when sign-in does.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(url="/accounts/login/?next=/admin/")),
    ),
    path("admin/", admin.site.urls),
]

# A database that cannot be reached gets a clear 503 page, never a traceback.
handler500 = "config.error_pages.server_error"
