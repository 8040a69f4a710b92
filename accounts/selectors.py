"""Reads about users, agencies and roles, and about sign-ins."""

from contextlib import suppress
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.sessions.models import Session
from django.db.models import Max, Sum
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import AccountChange, RoleGrant, RoleGrantStatus, SignIn
from accounts.roles import ROLE_GROUP_NAMES, Role


def _read_groups(user) -> None:
    """The user's groups, read once per request (one query) and kept on the
    user: their roles, and the group ids case access is granted to."""
    loaded = getattr(user, "signed_in_groups", None)  # accounts.backends.signed_in_user
    if loaded is not None:
        groups = [(pair["pk"], pair["name"]) for pair in loaded]
    else:
        groups = list(user.groups.values_list("pk", "name"))
    names = {name for _, name in groups}
    user._waymark_roles = frozenset(
        role for role, name in ROLE_GROUP_NAMES.items() if name in names
    )
    user._waymark_group_ids = tuple(sorted(pk for pk, _ in groups))


def forget_groups(user) -> None:
    """Drop what ``_read_groups`` kept, after the user's groups changed."""
    for name in ("_waymark_roles", "_waymark_group_ids", "signed_in_groups"):
        with suppress(AttributeError):
            delattr(user, name)  # through request.user's lazy wrapper too


def user_roles(user) -> frozenset[Role]:
    """The roles a user holds, read once per request and kept on the user."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_waymark_roles", None)
    if cached is None:
        _read_groups(user)
        cached = user._waymark_roles
    return cached


def user_group_ids(user) -> tuple[int, ...]:
    """The ids of the user's groups (their agency's among them), read with
    their roles. Case access is given to an agency's group."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, "_waymark_group_ids", None)
    if cached is None:
        _read_groups(user)
        cached = user._waymark_group_ids
    return cached


def user_has_role(user, *roles: Role) -> bool:
    """True when the user holds any of ``roles``."""
    return bool(user_roles(user) & set(roles))


# --- Sign-in --------------------------------------------------------------------------


def sign_ins_for(*, user, current_session_key: str, limit: int = 20) -> list[dict]:
    """``user``'s recent sign-ins, newest first, each saying whether its
    session is still open and whether it is this one."""
    sign_ins = list(SignIn.objects.filter(user=user)[:limit])
    keys = [s.session_key for s in sign_ins if s.session_key and s.ended_at is None]
    now = timezone.now()
    open_keys = set(
        Session.objects.filter(session_key__in=keys, expire_date__gt=now).values_list(
            "session_key", flat=True
        )
    )
    too_old = now - timedelta(hours=settings.WAYMARK_SESSION_MAX_HOURS)
    return [
        {
            "sign_in": sign_in,
            "current": bool(current_session_key) and sign_in.session_key == current_session_key,
            "open": sign_in.session_key in open_keys and sign_in.created_at > too_old,
        }
        for sign_in in sign_ins
    ]


def lockouts_current() -> list[dict]:
    """Usernames locked out now: failures within the lockout period at or over
    the limit, counted the way django-axes counts them (per username)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username")
        .annotate(
            failures=Sum("failures_since_start"),
            last_attempt=Max("attempt_time"),
            addresses=ArrayAgg("ip_address", distinct=True),
        )
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    return [
        {**row, "locked_until": row["last_attempt"] + settings.AXES_COOLOFF_TIME}
        for row in rows
        if row["username"]
    ]


def failed_sign_ins_recent(*, limit: int = 50):
    """The latest failed sign-ins, one row each, newest first."""
    return AccessFailureLog.objects.order_by("-attempt_time")[:limit]


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factors_for(user) -> dict:
    """What ``user`` has set up, for their sign-in settings."""
    return {
        "apps": list(TOTPDevice.objects.filter(user=user, confirmed=True)),
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True)),
        "recovery_codes_left": recovery_codes_left(user),
    }


# --- Accounts: the change log and two-person grants ---------------------------------------


def may_read_account_changes(user) -> bool:
    """Leads and administrators read the log of account changes."""
    return user_has_role(user, Role.MODERN_SLAVERY_LEAD, Role.ADMINISTRATOR)


def account_changes_visible_to(*, user):
    """The log of changes to people's agency, roles, active flag and email,
    newest first; empty for anyone who may not read it."""
    if not may_read_account_changes(user):
        return AccountChange.objects.none()
    return AccountChange.objects.select_related("subject", "actor", "approved_by")


def role_grants_waiting_for(*, user):
    """Proposed roles this person may decide, oldest first: a Lead sees every
    proposal except those for themselves or that they proposed."""
    if not user_has_role(user, Role.MODERN_SLAVERY_LEAD):
        return RoleGrant.objects.none()
    return (
        RoleGrant.objects.filter(status=RoleGrantStatus.PENDING)
        .exclude(user=user)
        .exclude(proposed_by=user)
        .select_related("user", "user__agency", "proposed_by")
        .order_by("created_at", "id")
    )
