"""Writes about users, agencies and roles: who may reach what, and the log of it.

Every change to a person's agency, roles or active flag made by a person goes
through ``user_access_change`` (the admin site calls it) or a two-person grant
(``role_grant_propose``, then ``role_grant_approve`` by a Modern Slavery Lead).
Both write the append-only ``AccountChange`` log and tell the person by email
(through the outbox). Nobody changes their own agency, roles or active flag.
"""

from functools import partial
from urllib.parse import urlparse

import pghistory
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.template import loader
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import (
    AccountChange,
    AccountChangeField,
    AccountEvent,
    AccountEventKind,
    Agency,
    RoleGrant,
    RoleGrantStatus,
    User,
)
from accounts.roles import ROLE_GROUP_NAMES, TWO_PERSON_ROLES, Role
from accounts.selectors import forget_groups, user_has_role
from accounts.states import ROLE_GRANT
from config.client import client_address
from core.errors import ServiceError
from core.notifications import queue_each, send_queued, site_url
from core.states import perform

NOT_YOURSELF = "You cannot change your own agency, roles or whether your account is active"
EMAIL_TAKEN = "Enter an email address that no other account uses"


def email_taken(*, email: str, user: User) -> bool:
    """Whether giving ``user`` this address would share it with another account.

    Organisation sign-in and reset links find an account by its address, so an
    address another account uses (an administrator's own, say) would open that
    account to whoever holds it."""
    if not email or (user.pk and email.lower() == (user.email or "").lower()):
        return False
    return User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()


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


# --- Groups ---------------------------------------------------------------------------


def user_roles_held(user: User) -> set[Role]:
    """The roles ``user`` holds now, read from the database (never a cached copy)."""
    names = set(
        user.groups.filter(name__in=ROLE_GROUP_NAMES.values()).values_list("name", flat=True)
    )
    return {role for role, name in ROLE_GROUP_NAMES.items() if name in names}


def user_agency_group_sync(*, user: User) -> None:
    """Put ``user`` in their agency's group and in no other agency's.

    ``User.agency`` is the one record of a person's agency; the group is how
    guardian finds what is shared with it. Called after anything that may have
    written the groups (the admin saves them after the user, so a ``post_save``
    signal alone would be undone by it).
    """
    agency_groups = user.groups.filter(agency__isnull=False)
    wanted = Agency.objects.filter(pk=user.agency_id).values_list("group_id", flat=True).first()
    stale = agency_groups.exclude(pk=wanted) if wanted else agency_groups
    if stale.exists():
        user.groups.remove(*stale)
    if wanted and not agency_groups.filter(pk=wanted).exists():
        user.groups.add(wanted)
    forget_groups(user)


def _staff_follows_roles(user: User, roles) -> None:
    # The admin site opens for administrators (and superusers, made only from
    # the command line); nobody ticks "staff" by hand.
    is_staff = Role.ADMINISTRATOR in roles or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff", "updated_at"])


@transaction.atomic
def user_set_roles(*, actor: User | None, user: User, roles: list[Role]) -> None:
    """Give ``user`` exactly ``roles``, leaving their agency group alone.

    The primitive under the services below, and for set-up (``seed_demo``,
    tests): it neither checks nor logs. Group membership is change-tracked
    (``UserGroupMembershipEvent``): each role given or taken records ``actor``
    (None for seeding) as who did it.
    """
    wanted = set(Group.objects.filter(name__in=[ROLE_GROUP_NAMES[r] for r in roles]))
    held = set(user.groups.filter(name__in=ROLE_GROUP_NAMES.values()))
    # Only what changes is written, so the history shows real changes only.
    with pghistory.context(user=getattr(actor, "pk", None)):
        user.groups.remove(*(held - wanted))
        user.groups.add(*(wanted - held))
    _staff_follows_roles(user, set(roles))
    forget_groups(user)


# --- The log ----------------------------------------------------------------------------


def _roles_in_words(roles) -> str:
    return ", ".join(sorted(Role(role).label for role in roles)) or "No role"


def _access_snapshot(user: User) -> dict[str, str]:
    """What the log records of ``user``: agency, roles and active flag, in words."""
    agency = Agency.objects.filter(pk=user.agency_id).values_list("name", flat=True).first()
    return {
        AccountChangeField.AGENCY: agency or "No agency",
        AccountChangeField.ROLES: _roles_in_words(user_roles_held(user)),
        AccountChangeField.ACTIVE: "Active" if user.is_active else "Switched off",
        AccountChangeField.EMAIL: user.email or "No email address",
    }


CHANGE_SUBJECT = "Your Waymark account has changed"


def _record_changes(
    *, actor, user: User, before: dict, approved_by=None, notify: bool = True
) -> list[AccountChange]:
    """Log each field of ``user``'s access that differs from ``before``, and
    tell them by email (after the commit, through the outbox)."""
    after = _access_snapshot(user)
    changes = [
        AccountChange.objects.create(
            subject=user,
            actor=actor,
            approved_by=approved_by,
            field=field,
            before=before[field][:500],
            after=after[field][:500],
        )
        for field in AccountChangeField
        if before[field] != after[field]
    ]
    # An address taken away is told too, so a redirected account is noticed.
    recipients = [user.email]
    if before[AccountChangeField.EMAIL] != after[AccountChangeField.EMAIL]:
        recipients.append(before[AccountChangeField.EMAIL])
    recipients = [address for address in recipients if "@" in address]
    if changes and notify and recipients:
        lines = [
            f"{change.get_field_display()}: {change.before} -> {change.after}" for change in changes
        ]
        who = "Waymark" if actor is None else actor.get_full_name() or actor.get_username()
        body = (
            f"{who} changed your Waymark account {user.get_username()}:\n\n"
            + "\n".join(lines)
            + "\n\nIf you did not expect this, tell your Modern Slavery Lead.\n"
            + site_url("/")
            + "\n"
        )
        key = f"accounts.change:{changes[0].pk}"
        queue_each(key=key, subject=CHANGE_SUBJECT, body=body, recipients=recipients)
        transaction.on_commit(partial(send_queued, key=key), robust=True)
    return changes


# --- Changes by people ---------------------------------------------------------------------


def _check_administrator(actor: User) -> None:
    if not (user_has_role(actor, Role.ADMINISTRATOR) or actor.is_superuser):
        raise ServiceError("Only an administrator can change people's accounts")


@transaction.atomic
def user_access_change(
    *,
    actor: User,
    user: User,
    agency: Agency | None,
    roles,
    is_active: bool,
    email: str,
    created: bool = False,
) -> list[RoleGrant]:
    """An administrator sets ``user``'s agency, roles, active flag and email.

    Roles in ``TWO_PERSON_ROLES`` are not given here: each one asked for is
    proposed instead (``role_grant_propose``) and waits for a Lead. Taking one
    away needs one person. The email address of someone holding one of those
    roles is not changed here (a reset link goes to it). ``created``: ``user``
    was made just now, so the log's "before" is a new account. Returns the
    proposals made. ``user`` must already be saved; their other fields are
    the caller's.
    """
    _check_administrator(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    roles = {Role(role) for role in roles}
    held = user_roles_held(user)
    agency_id = getattr(agency, "pk", None)
    account_changes = (user.agency_id, user.is_active, user.email) != (agency_id, is_active, email)
    if user.pk == actor.pk and (account_changes or roles != held):
        raise ServiceError(NOT_YOURSELF)
    if user.email != email and held & TWO_PERSON_ROLES:
        raise ServiceError(
            "The email address of a Modern Slavery Lead, SERAC chair or administrator "
            "cannot be changed here"
        )
    if user.email != email and email_taken(email=email, user=user):
        raise ServiceError(EMAIL_TAKEN)
    before = _access_snapshot(user)
    if created:
        before = dict.fromkeys(before, "New account")
    to_propose = (roles - held) & TWO_PERSON_ROLES
    with pghistory.context(user=actor.pk):
        if account_changes:
            user.agency_id = agency_id
            user.is_active = is_active
            user.email = email
            user.save(update_fields=["agency", "is_active", "email", "updated_at"])
        user_set_roles(actor=actor, user=user, roles=sorted(roles - to_propose))
        user_agency_group_sync(user=user)
    _record_changes(actor=actor, user=user, before=before)
    return [role_grant_propose(actor=actor, user=user, role=role) for role in sorted(to_propose)]


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
    """Create a user, or bring an existing one of that username up to date
    (set-up: ``seed_demo``). Logged with ``actor`` as who (None: Waymark)."""
    user, created = User.objects.get_or_create(username=username)
    before = _access_snapshot(user)
    if created:
        before = dict.fromkeys(before, "New account")
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.agency = agency
    user.job_title = job_title
    user.is_superuser = False
    if password is not None:
        user.set_password(password)
    user.save()
    user_set_roles(actor=actor, user=user, roles=roles)
    user_agency_group_sync(user=user)
    _record_changes(actor=actor, user=user, before=before, notify=actor is not None)
    return user


# --- Two-person grants ------------------------------------------------------------------------


GRANT_SUBJECT = "A role is waiting for your approval in Waymark"


def _lead_email_addresses(*, excluding) -> list[str]:
    group = ROLE_GROUP_NAMES[Role.MODERN_SLAVERY_LEAD]
    return list(
        User.objects.filter(groups__name=group, is_active=True)
        .exclude(pk__in=[u.pk for u in excluding])
        .exclude(email="")
        .values_list("email", flat=True)
    )


@transaction.atomic
def role_grant_propose(*, actor: User, user: User, role: Role) -> RoleGrant:
    """An administrator proposes giving ``user`` a role that takes two people.
    The Leads are told; the role is given when one approves."""
    _check_administrator(actor)
    role = Role(role)
    if role not in TWO_PERSON_ROLES:
        raise ServiceError(f"{role.label} is given directly, without approval")
    if user.pk == actor.pk:
        raise ServiceError("You cannot propose a role for yourself")
    if role in user_roles_held(user):
        raise ServiceError(f"{user} already holds the role {role.label}")
    existing = RoleGrant.objects.filter(user=user, role=role, status=RoleGrantStatus.PENDING)
    if existing.exists():
        return existing.get()
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(user=user, role=role, proposed_by=actor)
    except IntegrityError:
        # Proposed by someone else at the same moment: one proposal is enough.
        return RoleGrant.objects.get(user=user, role=role, status=RoleGrantStatus.PENDING)
    key = f"accounts.role_grant:{grant.pk}"
    queue_each(
        key=key,
        subject=GRANT_SUBJECT,
        body=(
            f"An administrator proposed giving an account the role {role.label}. "
            "It is given only when a Modern Slavery Lead approves it on their home page:\n"
            f"{site_url('/')}\n"
        ),
        recipients=_lead_email_addresses(excluding=[actor, user]),
    )
    transaction.on_commit(partial(send_queued, key=key), robust=True)
    return grant


def _decide(*, actor: User, grant: RoleGrant, transition: str) -> RoleGrant:
    return perform(
        ROLE_GRANT,
        queryset=RoleGrant.objects.all(),
        record=grant,
        transition=transition,
        actor=actor,
        fields={"decided_by": actor, "decided_at": timezone.now()},
    )


@transaction.atomic
def role_grant_approve(*, actor: User, grant: RoleGrant) -> RoleGrant:
    """A Lead (neither the proposer nor the person) approves: the role is given,
    logged with both people, and the person told."""
    grant = _decide(actor=actor, grant=grant, transition="approve")
    user = User.objects.select_for_update().get(pk=grant.user_id)
    before = _access_snapshot(user)
    held = user_roles_held(user)
    user_set_roles(actor=actor, user=user, roles=sorted(held | {Role(grant.role)}))
    _record_changes(actor=grant.proposed_by, approved_by=actor, user=user, before=before)
    return grant


@transaction.atomic
def role_grant_decline(*, actor: User, grant: RoleGrant) -> RoleGrant:
    """A Lead declines: nothing is given."""
    return _decide(actor=actor, grant=grant, transition="decline")


# --- Passwords --------------------------------------------------------------------------------


def password_reset_link_send(*, actor: User, user: User, request=None) -> bool:
    """Email ``user`` Django's single-use link to set their own password
    (administrators never set one). Returns False when they have no address."""
    _check_administrator(actor)
    if not user.email:
        return False
    site = urlparse(settings.WAYMARK_SITE_URL)
    context = {
        "email": user.email,
        "domain": site.netloc,
        "site_name": "Waymark",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": site.scheme or "https",
        "sent_by_administrator": True,
    }
    with transaction.atomic():
        key = password_reset_email_queue(context=context, to_email=user.email)
        AccountEvent.objects.create(
            actor=actor,
            subject=user,
            username=user.get_username(),
            kind=AccountEventKind.PASSWORD_RESET_SENT,
            ip_address=client_address(request),
        )
    send_queued(key=key)
    return True


def password_reset_email_queue(*, context: dict, to_email: str) -> str:
    """Queue Django's password reset email in the outbox. Returns its key."""
    subject = "".join(
        loader.render_to_string("registration/password_reset_subject.txt", context).splitlines()
    )
    body = loader.render_to_string("registration/password_reset_email.txt", context)
    key = f"accounts.password_reset:{context['user'].pk}:{timezone.now().timestamp()}"
    queue_each(key=key, subject=subject, body=body, recipients=[to_email])
    return key
