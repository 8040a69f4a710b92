"""Reads about users, agencies and roles."""

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
