"""How the signed-in user is loaded on each request.

Every page needs the user, their agency (named in the header) and their
groups (their roles, and the agency group case access is granted to). Read
separately they were three queries on every request; ``signed_in_user`` reads
them in one. ``accounts.selectors.user_roles`` and ``user_group_ids`` use the
groups read here, and read them again only for a user loaded another way.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.db.models.functions import JSONObject

from accounts.models import User


def signed_in_user(user_id) -> User | None:
    """The user with ``user_id``, their agency and their groups, or None."""
    memberships = User.groups.through.objects.filter(user_id=OuterRef("pk")).values(
        pair=JSONObject(pk="group_id", name="group__name")
    )
    return (
        User.objects.select_related("agency")
        .annotate(signed_in_groups=ArraySubquery(memberships))
        .filter(pk=user_id)
        .first()
    )


class UserBackend(ModelBackend):
    """Django's username-and-password sign-in, loading the user as above."""

    def get_user(self, user_id):
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
