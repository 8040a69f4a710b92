from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import access_views, sign_in_views, views
from accounts.oidc import OrganisationCallbackView, OrganisationSignInView

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", sign_in_views.sign_out, name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Organisation sign-in (OpenID Connect); 404 unless WAYMARK_OIDC_* configure it.
    path("organisation/", OrganisationSignInView.as_view(), name="oidc_sign_in"),
    path("organisation/callback/", OrganisationCallbackView.as_view(), name="oidc_callback"),
    # The second step of signing in, and setting it up.
    path("two-factor/", sign_in_views.two_factor_verify, name="two_factor_verify"),
    path(
        "two-factor/recovery-code/",
        sign_in_views.two_factor_recovery,
        name="two_factor_recovery",
    ),
    path("two-factor/set-up/", sign_in_views.two_factor_setup, name="two_factor_setup"),
    path(
        "two-factor/set-up/app/",
        sign_in_views.two_factor_setup_app,
        name="two_factor_setup_app",
    ),
    path(
        "two-factor/set-up/passkey/",
        sign_in_views.two_factor_setup_passkey,
        name="two_factor_setup_passkey",
    ),
    path("two-factor/recovery-codes/", sign_in_views.recovery_codes, name="recovery_codes"),
    path(
        "two-factor/remove/",
        sign_in_views.second_factor_remove_view,
        name="two_factor_remove",
    ),
    # The person's own sign-ins and sessions.
    path("sign-ins/", sign_in_views.sign_ins, name="sign_ins"),
    path(
        "sign-ins/sign-out-others/",
        sign_in_views.sign_out_other_sessions,
        name="sign_out_other_sessions",
    ),
    # Administrators: current lockouts.
    path("lockouts/", sign_in_views.lockouts, name="lockouts"),
    path("lockouts/lift/", sign_in_views.lockout_lift_view, name="lockout_lift"),
    # Leads and administrators: every change to an account's agency, roles,
    # active flag and email.
    path("changes/", access_views.account_changes, name="account_changes"),
    # Leads: decide a proposed role (POST only; from the home page).
    path(
        "role-grants/<int:pk>/approve/",
        access_views.role_grant_approve_view,
        name="role_grant_approve",
    ),
    path(
        "role-grants/<int:pk>/decline/",
        access_views.role_grant_decline_view,
        name="role_grant_decline",
    ),
]
