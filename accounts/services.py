"""Writes about users, agencies and roles, and about how people sign in."""

import time
from importlib import import_module

import pghistory
from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import (
    AccountEvent,
    AccountEventKind,
    Agency,
    SecondFactor,
    SignIn,
    SignInMethod,
    User,
)
from accounts.roles import ROLE_GROUP_NAMES, Role
from accounts.two_factor import (
    SESSION_LAST_SEEN,
    SESSION_PROVIDER_MFA,
    SESSION_SIGN_IN_ID,
    SESSION_SIGNED_IN_AT,
    second_factor_required,
)
from config.client import client_address


@transaction.atomic
def agency_create_or_update(
    *, name: str, agency_type: str, is_first_responder: bool, service_area: str = ""
) -> Agency:
    """Create an agency, or bring an existing one of that name up to date (seeding
    and set-up; administrators change agencies in the admin site)."""
    agency, _ = Agency.objects.update_or_create(
        name=name,
        defaults={
            "agency_type": agency_type,
            "is_first_responder": is_first_responder,
            "service_area": service_area,
        },
    )
    return agency


@transaction.atomic
def user_set_roles(*, actor: User | None, user: User, roles: list[Role]) -> None:
    """Give ``user`` exactly ``roles``, leaving their agency group alone.

    Group membership is change-tracked (``UserGroupMembershipEvent``): each
    role given or taken records ``actor`` (None for seeding) as who did it.
    """
    wanted = set(Group.objects.filter(name__in=[ROLE_GROUP_NAMES[r] for r in roles]))
    held = set(user.groups.filter(name__in=ROLE_GROUP_NAMES.values()))
    # Only what changes is written, so the history shows real changes only.
    with pghistory.context(user=getattr(actor, "pk", None)):
        user.groups.remove(*(held - wanted))
        user.groups.add(*(wanted - held))
    user.__dict__.pop("_waymark_roles", None)


@transaction.atomic
def user_create_or_update(
    *,
    actor: User | None,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    agency: Agency | None,
    roles: list[Role],
    password: str | None = None,
    job_title: str = "",
) -> User:
    """Create a user, or bring an existing one of that username up to date."""
    user, _ = User.objects.get_or_create(username=username)
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.agency = agency
    user.job_title = job_title
    # Administrators manage users and reference data in the admin site; they
    # hold no permission that reaches case records.
    user.is_staff = Role.ADMINISTRATOR in roles
    user.is_superuser = False
    if password is not None:
        user.set_password(password)
    user.save()
    user_set_roles(actor=actor, user=user, roles=roles)
    return user


# --- Sign-in ----------------------------------------------------------------------


def _account_event(*, actor, kind, username: str, subject=None, detail="", request=None):
    return AccountEvent.objects.create(
        actor=actor,
        subject=subject,
        username=username,
        kind=kind,
        detail=detail[:500],
        ip_address=client_address(request),
    )


@transaction.atomic
def sign_in_record(*, actor: User, request, method: SignInMethod, provider_mfa: bool) -> SignIn:
    """Record a sign-in (the first step) and start the session's clocks.

    Called as the person is signed in, after Django has given the session its
    new key. When no second factor will be asked for (the demo, or the
    organisation's provider already asked for one), the sign-in is complete.
    """
    sign_in = SignIn.objects.create(
        user=actor,
        method=method,
        second_factor=SecondFactor.ORGANISATION if provider_mfa else SecondFactor.NONE,
        ip_address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        session_key=request.session.session_key or "",
    )
    now = time.time()
    request.session[SESSION_SIGN_IN_ID] = sign_in.pk
    request.session[SESSION_SIGNED_IN_AT] = now
    request.session[SESSION_LAST_SEEN] = now
    if provider_mfa:
        request.session[SESSION_PROVIDER_MFA] = True
    if provider_mfa or not second_factor_required():
        axes_reset(username=actor.get_username())
    return sign_in


@transaction.atomic
def sign_in_complete_second_factor(*, actor: User, request, factor: SecondFactor) -> None:
    """The person gave their second factor: note how, and clear their failures."""
    SignIn.objects.filter(pk=request.session.get(SESSION_SIGN_IN_ID), user=actor).update(
        second_factor=factor, updated_at=timezone.now()
    )
    axes_reset(username=actor.get_username())


def sign_in_record_failed_second_factor(*, actor: User, request) -> bool:
    """Count a wrong code as a failed sign-in for the lockout, and record it.

    Returns True when this failure locked the username out.
    """
    user_login_failed.send(
        sender=__name__, credentials={"username": actor.get_username()}, request=request
    )
    return bool(getattr(request, "axes_locked_out", False))


def sign_in_is_locked_out(*, request, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def sign_in_end(*, session_key: str) -> None:
    """The person signed out: their sign-in is over."""
    if session_key:
        SignIn.objects.filter(session_key=session_key, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )


@transaction.atomic
def sessions_end_others(*, actor: User, request) -> int:
    """End every other session ``actor`` has open; return how many."""
    current = request.session.session_key or ""
    others = SignIn.objects.select_for_update().filter(user=actor, ended_at__isnull=True)
    others = others.exclude(session_key=current)
    keys = [key for key in others.values_list("session_key", flat=True) if key]
    ended, _ = Session.objects.filter(session_key__in=keys).delete()
    others.update(ended_at=timezone.now())
    _account_event(
        actor=actor,
        subject=actor,
        username=actor.get_username(),
        kind=AccountEventKind.OTHER_SESSIONS_ENDED,
        detail=f"{ended} session{'s' if ended != 1 else ''} ended",
        request=request,
    )
    return ended


def sessions_delete_expired() -> None:
    """Delete stored sessions past their expiry (Django never does by itself)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


# --- Second factors -----------------------------------------------------------------


AUTHENTICATOR_APP_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


def authenticator_app_start(*, actor: User) -> TOTPDevice:
    """The authenticator app being set up: one unconfirmed device, kept until
    it is confirmed, so reloading the page shows the same key."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=AUTHENTICATOR_APP_NAME, confirmed=False)
    return device


@transaction.atomic
def authenticator_app_confirm(*, actor: User, device: TOTPDevice, token: str, request) -> bool:
    """Confirm the app being set up with a code from it. It replaces any app
    set up before (a new phone). False when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=actor, confirmed=False)
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _account_event(
        actor=actor,
        subject=actor,
        username=actor.get_username(),
        kind=AccountEventKind.TWO_FACTOR_ADDED,
        detail=AUTHENTICATOR_APP_NAME,
        request=request,
    )
    return True


def passkey_added(*, actor: User, device, request) -> None:
    """Audit a passkey added (django-otp-webauthn saved it)."""
    _account_event(
        actor=actor,
        subject=actor,
        username=actor.get_username(),
        kind=AccountEventKind.TWO_FACTOR_ADDED,
        detail=f"Passkey: {device.name}"[:500],
        request=request,
    )


@transaction.atomic
def recovery_codes_create(*, actor: User, request) -> list[str]:
    """Make a new set of single-use recovery codes, replacing any old ones.

    The codes are returned to be shown once; Waymark never shows them again.
    """
    device, _ = StaticDevice.objects.select_for_update().get_or_create(
        user=actor, defaults={"name": RECOVERY_CODES_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.WAYMARK_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    _account_event(
        actor=actor,
        subject=actor,
        username=actor.get_username(),
        kind=AccountEventKind.RECOVERY_CODES_CREATED,
        detail=f"{len(codes)} codes",
        request=request,
    )
    return codes


def normalise_code(value: str) -> str:
    """People copy codes with spaces or dashes, in either case."""
    return "".join(value.split()).replace("-", "").lower()


@transaction.atomic
def second_factor_remove(*, actor: User, device, request) -> None:
    """Remove one of ``actor``'s own authenticator apps or passkeys.

    While a second factor is required, the last one cannot go: set up another
    first (recovery codes alone are for getting back in, not for every day).
    """
    if device.user_id != actor.pk:
        raise ValueError("not the actor's device")
    everyday = [d for d in everyday_devices(actor) if d != device]
    if not everyday and second_factor_required():
        raise SecondFactorError(
            "Set up another authenticator app or passkey before you remove this one"
        )
    label = device_label(device)
    device.delete()
    _account_event(
        actor=actor,
        subject=actor,
        username=actor.get_username(),
        kind=AccountEventKind.TWO_FACTOR_REMOVED,
        detail=label,
        request=request,
    )


@transaction.atomic
def two_factor_reset(*, actor: User, user: User, request=None) -> None:
    """An administrator removes every second factor of someone who lost
    theirs (and their recovery codes), and ends their sessions. They set up a
    new one at their next sign-in."""
    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        model.objects.filter(user=user).delete()
    keys = list(
        SignIn.objects.filter(user=user, ended_at__isnull=True)
        .exclude(session_key="")
        .values_list("session_key", flat=True)
    )
    Session.objects.filter(session_key__in=keys).delete()
    SignIn.objects.filter(user=user, ended_at__isnull=True).update(ended_at=timezone.now())
    _account_event(
        actor=actor,
        subject=user,
        username=user.get_username(),
        kind=AccountEventKind.TWO_FACTOR_RESET,
        request=request,
    )


def everyday_devices(user: User) -> list:
    """Authenticator apps and passkeys (not recovery codes), confirmed."""
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *WebAuthnCredential.objects.filter(user=user, confirmed=True),
    ]


def device_label(device) -> str:
    if isinstance(device, TOTPDevice):
        return AUTHENTICATOR_APP_NAME
    return f"Passkey: {device.name}"


class SecondFactorError(Exception):
    """A refused change to someone's second factors, with a message for them."""


# --- Lockouts -------------------------------------------------------------------------


@transaction.atomic
def lockout_lift(*, actor: User, username: str, request=None) -> int:
    """Lift the lockout on ``username`` (an administrator, after checking who
    is asking). Returns how many failure records were cleared."""
    cleared = axes_reset(username=username)
    _account_event(
        actor=actor,
        subject=User.objects.filter(username=username).first(),
        username=username,
        kind=AccountEventKind.LOCKOUT_LIFTED,
        detail=f"{cleared} failure record{'s' if cleared != 1 else ''} cleared",
        request=request,
    )
    return cleared
