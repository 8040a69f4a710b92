"""Signals that keep groups right, and record sign-ins and sign-outs.

Keep a user's membership of their agency's group in step with ``User.agency``.

The agency foreign key is the one place membership is recorded; the group is
how guardian finds the objects shared with that agency. Saving a user through
any route (service, admin, shell) keeps the two in step.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from accounts.models import SignInMethod, User
from accounts.roles import ROLE_GROUP_NAMES, Role


@receiver(post_save, sender=User)
def sync_agency_group(sender, instance: User, **kwargs):
    # Any save (service, shell). The admin writes the groups after the user, so
    # it syncs again once it has (accounts.admin.UserAdmin.save_related).
    from accounts.services import user_agency_group_sync

    user_agency_group_sync(user=instance)


# Administrators manage people and agencies in the admin site. They get exactly
# these model permissions and none on case records.
ADMINISTRATOR_PERMISSIONS = [
    ("accounts", "user", ("view", "add", "change")),
    ("accounts", "agency", ("view", "add", "change")),
    ("auth", "group", ("view",)),
    ("accounts", "accountevent", ("view",)),
    ("accounts", "accountchange", ("view",)),
    ("accounts", "rolegrant", ("view",)),
]


@receiver(post_migrate)
def ensure_role_groups(sender, app_config=None, using="default", **kwargs):
    """Create one group per role, after every migrate (and test database flush)."""
    if app_config is None or app_config.label != "accounts":
        return
    for name in ROLE_GROUP_NAMES.values():
        Group.objects.using(using).get_or_create(name=name)
    administrators = Group.objects.using(using).get(name=ROLE_GROUP_NAMES[Role.ADMINISTRATOR])
    for app_label, model, actions in ADMINISTRATOR_PERMISSIONS:
        for action in actions:
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=f"{action}_{model}")
                .first()
            )
            if permission is not None:
                administrators.permissions.add(permission)


ORGANISATION_BACKEND = "accounts.oidc.OrganisationBackend"


@receiver(user_logged_in)
def record_sign_in(sender, request, user, **kwargs):
    """Every sign-in, by password or organisation account, is recorded."""
    from accounts.services import sign_in_record

    organisation = getattr(user, "backend", "") == ORGANISATION_BACKEND
    sign_in_record(
        actor=user,
        request=request,
        method=SignInMethod.ORGANISATION if organisation else SignInMethod.PASSWORD,
        provider_mfa=organisation and bool(getattr(user, "waymark_provider_mfa", False)),
    )


@receiver(user_logged_out)
def record_sign_out(sender, request, user, **kwargs):
    from accounts.services import sign_in_end

    if request is not None and hasattr(request, "session"):
        sign_in_end(session_key=request.session.session_key or "")
