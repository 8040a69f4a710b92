"""Writes about users, agencies and roles."""

import pghistory
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Agency, User
from accounts.roles import ROLE_GROUP_NAMES, Role


@transaction.atomic
def agency_create_or_update(*, name: str, agency_type: str, is_first_responder: bool) -> Agency:
    """Create an agency, or bring an existing one of that name up to date (seeding
    and set-up; administrators change agencies in the admin site)."""
    agency, _ = Agency.objects.update_or_create(
        name=name,
        defaults={"agency_type": agency_type, "is_first_responder": is_first_responder},
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
