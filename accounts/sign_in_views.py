"""Second factors, sign-in records, sessions and lockouts: the pages.

Thin views over accounts.services and accounts.selectors. The pages that ask
for or set up a second factor are marked ``second_factor_not_required``; the
set-up pages then let in only someone with no second factor yet, or a session
that has given one, so a password alone never adds a device to an account
that has one.
"""

from functools import wraps
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.forms import (
    AuthenticatorCodeForm,
    LockoutLiftForm,
    RecoveryCodeForm,
    RemoveSecondFactorForm,
)
from accounts.models import SecondFactor
from accounts.roles import Role
from accounts.selectors import (
    failed_sign_ins_recent,
    lockouts_current,
    recovery_codes_left,
    second_factors_for,
    sign_ins_for,
    user_has_role,
)
from accounts.services import (
    SecondFactorError,
    authenticator_app_confirm,
    authenticator_app_start,
    device_label,
    lockout_lift,
    normalise_code,
    recovery_codes_create,
    second_factor_remove,
    sessions_end_others,
    sign_in_complete_second_factor,
    sign_in_is_locked_out,
    sign_in_record_failed_second_factor,
)
from accounts.two_factor import (
    has_second_factor,
    second_factor_done,
    second_factor_not_required,
)

WRONG_CODE = "The code is not correct. Enter the code your authenticator app shows now"
WRONG_RECOVERY_CODE = "The recovery code is not correct, or it has been used already"
WAIT = "You have entered too many wrong codes. Wait a minute, then try again"


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out username sees (django-axes' AXES_LOCKOUT_CALLABLE).

    The same for every username, real or not, so it reveals nothing.
    """
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": settings.WAYMARK_LOCKOUT_MINUTES},
        status=429,
    )


def _next_url(request) -> str:
    """Where to go after this step: a path on this site, else the home page.

    Only a path ("/cases/...") is taken: ``redirect()`` reads anything else
    ("0", "cases") as the name of a view, which fails.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and "\x00" not in candidate
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, request) -> str:
    # Encoded, so a "next" holding "&" or "#" arrives whole; "/" kept for reading.
    return f"{url}?next={quote(_next_url(request), safe='/')}"


def _may_set_up(view):
    """Set-up is for someone with no second factor yet, or who has given one."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if has_second_factor(request.user) and not second_factor_done(request):
            return redirect(_with_next(reverse("accounts:two_factor_verify"), request))
        return view(request, *args, **kwargs)

    return second_factor_not_required(wrapped)


def _locked_out(request):
    """Sign the person out and show the lockout page."""
    logout(request)
    return lockout_response(request)


# --- Signing out ----------------------------------------------------------------------

sign_out = second_factor_not_required(auth_views.LogoutView.as_view())


# --- Giving the second factor ---------------------------------------------------------


@second_factor_not_required
def two_factor_verify(request):
    """The second step of signing in: a code from the app, or a passkey."""
    user = request.user
    if second_factor_done(request):
        return redirect(_next_url(request))
    if not has_second_factor(user):
        return redirect(_with_next(reverse("accounts:two_factor_setup"), request))
    if sign_in_is_locked_out(request=request, username=user.get_username()):
        return _locked_out(request)
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and app is not None and form.is_valid():
        allowed, _ = app.verify_is_allowed()
        if not allowed:
            form.add_error("code", WAIT)
        elif authenticator_app_verify(request, app, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        elif sign_in_record_failed_second_factor(actor=user, request=request):
            return _locked_out(request)
        else:
            form.add_error("code", WRONG_CODE)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {
            "form": form,
            "has_app": app is not None,
            "has_passkey": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
            "next": _next_url(request),
        },
    )


def authenticator_app_verify(request, device, code: str) -> bool:
    if not device.verify_token(code):
        return False
    otp_login(request, device)
    sign_in_complete_second_factor(
        actor=request.user, request=request, factor=SecondFactor.AUTHENTICATOR_APP
    )
    return True


@second_factor_not_required
def two_factor_recovery(request):
    """Sign in with a recovery code when the usual second factor is not to hand."""
    user = request.user
    if second_factor_done(request):
        return redirect(_next_url(request))
    if sign_in_is_locked_out(request=request, username=user.get_username()):
        return _locked_out(request)
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = normalise_code(form.cleaned_data["code"])
        allowed = device is not None and device.verify_is_allowed()[0]
        if device is not None and not allowed:
            form.add_error("code", WAIT)
        elif device is not None and device.verify_token(code):
            otp_login(request, device)
            sign_in_complete_second_factor(
                actor=user, request=request, factor=SecondFactor.RECOVERY_CODE
            )
            left = recovery_codes_left(user)
            messages.warning(
                request,
                f"You have {left} recovery code{'s' if left != 1 else ''} left. "
                "If you have lost your phone or passkey, set up a new one in "
                "“Your sign-ins” and remove the old one",
            )
            return redirect(_next_url(request))
        elif sign_in_record_failed_second_factor(actor=user, request=request):
            return _locked_out(request)
        else:
            form.add_error("code", WRONG_RECOVERY_CODE)
    return render(
        request, "accounts/two_factor_recovery.html", {"form": form, "next": _next_url(request)}
    )


# --- Setting up a second factor ---------------------------------------------------------


@_may_set_up
def two_factor_setup(request):
    """Choose how to give a second factor: an authenticator app or a passkey."""
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"next": _next_url(request), "first": not has_second_factor(request.user)},
    )


def _qr_svg(device) -> str:
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=5, border=2, dark="#0b0c0c", light="#ffffff", omitsize=False)
    return svg.replace(
        "<svg ",
        '<svg role="img" aria-label="QR code to scan with your authenticator app" ',
        1,
    )


def _key_text(device) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@_may_set_up
def two_factor_setup_app(request):
    """Set up an authenticator app: scan the QR code or type the key, then
    enter a code to show it works."""
    user = request.user
    device = authenticator_app_start(actor=user)
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        first = not second_factor_done(request)
        if authenticator_app_confirm(
            actor=user, device=device, token=form.cleaned_data["code"], request=request
        ):
            device.refresh_from_db()
            otp_login(request, device)
            if first:
                sign_in_complete_second_factor(
                    actor=user, request=request, factor=SecondFactor.AUTHENTICATOR_APP
                )
            messages.success(request, "Your authenticator app is set up")
            return _after_setup(request)
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "accounts/two_factor_setup_app.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device),
            "key": _key_text(device),
            "next": _next_url(request),
        },
    )


def _after_setup(request):
    """Straight on to recovery codes for someone who has none yet."""
    if recovery_codes_left(request.user) == 0:
        return redirect(_with_next(reverse("accounts:recovery_codes"), request))
    return redirect(_next_url(request))


@_may_set_up
def two_factor_setup_passkey(request):
    """Set up a passkey or security key (the browser does the work)."""
    after = (
        _with_next(reverse("accounts:recovery_codes"), request)
        if recovery_codes_left(request.user) == 0
        else reverse("accounts:sign_ins")
    )
    return render(
        request,
        "accounts/two_factor_setup_passkey.html",
        {"next": _next_url(request), "after": after},
    )


def recovery_codes(request):
    """Create recovery codes. They are shown once, in the answer to the
    button, and never again."""
    if request.method == "POST":
        codes = recovery_codes_create(actor=request.user, request=request)
        return render(
            request,
            "accounts/recovery_codes_new.html",
            {"codes": codes, "next": _next_url(request)},
        )
    return render(
        request,
        "accounts/recovery_codes.html",
        {"left": recovery_codes_left(request.user), "next": _next_url(request)},
    )


# --- Sign-ins and second factors: the person's own page -----------------------------------


def sign_ins(request):
    """The person's recent sign-ins, their second factors, and a way to sign
    out everywhere else."""
    return render(
        request,
        "accounts/sign_ins.html",
        {
            "sign_ins": sign_ins_for(
                user=request.user, current_session_key=request.session.session_key or ""
            ),
            **second_factors_for(request.user),
        },
    )


@require_POST
def sign_out_other_sessions(request):
    ended = sessions_end_others(actor=request.user, request=request)
    if ended:
        messages.success(
            request,
            f"You have been signed out of {ended} other session{'s' if ended != 1 else ''}",
        )
    else:
        messages.success(request, "You were not signed in anywhere else")
    return redirect("accounts:sign_ins")


@require_POST
def second_factor_remove_view(request):
    form = RemoveSecondFactorForm(request.POST)
    if not form.is_valid():
        raise Http404
    model_label, _, pk = form.cleaned_data["device"].partition("/")
    model = {"totp": TOTPDevice, "passkey": WebAuthnCredential}.get(model_label)
    if model is None or not pk.isdigit():
        raise Http404
    device = model.objects.filter(pk=pk, user=request.user, confirmed=True).first()
    if device is None:
        raise Http404
    label = device_label(device)
    try:
        second_factor_remove(actor=request.user, device=device, request=request)
    except SecondFactorError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed: {label}")
    return redirect("accounts:sign_ins")


# --- Lockouts: administrators ----------------------------------------------------------


def _administrators_only(request) -> None:
    """Checked first, so nobody else learns the pages exist."""
    if not user_has_role(request.user, Role.ADMINISTRATOR):
        raise Http404


def lockouts(request):
    _administrators_only(request)
    return render(
        request,
        "accounts/lockouts.html",
        {
            "lockouts": lockouts_current(),
            "failures": failed_sign_ins_recent(),
            "minutes": settings.WAYMARK_LOCKOUT_MINUTES,
            "limit": settings.WAYMARK_LOCKOUT_FAILURES,
        },
    )


@require_POST
def lockout_lift_view(request):
    _administrators_only(request)
    form = LockoutLiftForm(request.POST)
    if not form.is_valid():
        return redirect("accounts:lockouts")
    username = form.cleaned_data["username"]
    lockout_lift(actor=request.user, username=username, request=request)
    messages.success(request, f"The lockout on {username} has been lifted")
    return redirect("accounts:lockouts")
