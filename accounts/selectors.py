"""Reads about users, agencies and roles."""

from accounts.models import Agency, User
from accounts.roles import ROLE_GROUP_NAMES, Role


def user_roles(user) -> frozenset[Role]:
    """The roles a user holds, read once per request and kept on the user."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_waymark_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role, name in ROLE_GROUP_NAMES.items() if name in names)
        user._waymark_roles = cached
    return cached


def user_has_role(user, *roles: Role) -> bool:
    """True when the user holds any of ``roles``."""
    return bool(user_roles(user) & set(roles))


def agency_list_active() -> list[Agency]:
    return list(Agency.objects.filter(is_active=True))


def user_list_for_agency(*, agency: Agency) -> list[User]:
    return list(agency.members.filter(is_active=True))
