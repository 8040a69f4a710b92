import pghistory
import pgtrigger
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.urls import reverse

from accounts.roles import Role


class AgencyType(models.TextChoices):
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS = "nhs", "NHS"
    VOLUNTARY = "voluntary", "Voluntary sector"
    GOVERNMENT = "government", "Government agency"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class ServiceArea(models.TextChoices):
    """The team or service area an agency is, where a pathway belongs to one
    (docs/domain.md section 4: 4.6, 4.8 and 4.9 are those teams' own)."""

    NONE = "", "No particular team"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult Social Care"
    CHILDRENS_SERVICES = "childrens_services", "Children's Services (Transition to Adulthood)"
    TRADING_STANDARDS = "trading_standards", "Trading Standards"
    HOUSING = "housing", "Housing"


class Agency(models.Model):
    """A partner organisation, or a team inside one, whose staff use Waymark.

    ``is_first_responder``: an NRM First Responder Organisation; only its staff
    may record that an NRM referral or Duty to Notify was submitted.
    ``service_area``: the team it is (Adult Social Care, Trading Standards...);
    the steps of a team's own pathway are moved by that team.
    ``group`` is the auth group that carries the agency's object permissions
    (a case shared with an agency is a guardian permission on this group).
    """

    name = models.CharField(max_length=200, unique=True)
    agency_type = models.CharField(max_length=30, choices=AgencyType.choices)
    is_first_responder = models.BooleanField("NRM First Responder Organisation", default=False)
    service_area = models.CharField(
        "Team or service area", max_length=30, choices=ServiceArea.choices, blank=True, default=""
    )
    is_active = models.BooleanField(default=True)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="agency")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Every agency has exactly one group; it is named after the agency so the
        # admin's group list reads naturally.
        group_name = f"Agency: {self.name}"
        if self.group_id is None:
            self.group, _ = Group.objects.get_or_create(name=group_name)
        elif self.group.name != group_name:
            self.group.name = group_name
            self.group.save(update_fields=["name"])
        super().save(*args, **kwargs)


class User(AbstractUser):
    """A person who signs in. Staff of a partner agency belong to that agency.

    Board members, administrators and the public have no agency. Roles are
    auth groups (see ``accounts.roles``).
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    job_title = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("admin:accounts_user_change", args=[self.pk])


class SignInMethod(models.TextChoices):
    PASSWORD = "password", "Username and password"
    ORGANISATION = "organisation", "Organisation account"


class SecondFactor(models.TextChoices):
    NONE = "", "None"
    AUTHENTICATOR_APP = "authenticator_app", "authenticator app"
    PASSKEY = "passkey", "passkey or security key"
    RECOVERY_CODE = "recovery_code", "recovery code"
    ORGANISATION = "organisation", "your organisation's multi-factor sign-in"


class SignIn(models.Model):
    """One sign-in: when, from where, and how (first step and second factor).

    ``session_key`` is the session the sign-in opened, so "sign out of every
    other session" can end exactly those. ``ended_at`` is set when the person
    signs out or ends the session from another one.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_ins")
    method = models.CharField(max_length=20, choices=SignInMethod.choices)
    second_factor = models.CharField(
        max_length=20, choices=SecondFactor.choices, blank=True, default=SecondFactor.NONE
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    session_key = models.CharField(max_length=40, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # A person's recent sign-ins, newest first (the sign-ins page).
            models.Index(fields=["user", "-created_at"], name="sign_in_user_newest"),
        ]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def how(self) -> str:
        if self.second_factor:
            return f"{self.get_method_display()} and {self.get_second_factor_display()}"
        return self.get_method_display()


class AccountEventKind(models.TextChoices):
    LOCKOUT_LIFTED = "lockout_lifted", "Lifted a sign-in lockout"
    TWO_FACTOR_ADDED = "two_factor_added", "Set up a second factor"
    TWO_FACTOR_REMOVED = "two_factor_removed", "Removed a second factor"
    TWO_FACTOR_RESET = "two_factor_reset", "Reset two-factor sign-in"
    RECOVERY_CODES_CREATED = "recovery_codes_created", "Created recovery codes"
    OTHER_SESSIONS_ENDED = "other_sessions_ended", "Signed out of every other session"
    PASSWORD_RESET_SENT = "password_reset_sent", "Sent a link to set the password"


class AccountEvent(models.Model):
    """A change to how someone signs in, and who made it. Append-only: the
    database refuses any update or delete, whoever asks.

    ``username`` is kept as text because a lockout can be for a username that
    belongs to no account; ``subject`` is the account when there is one.
    """

    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    subject = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150)
    kind = models.CharField(max_length=30, choices=AccountEventKind.choices)
    detail = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        triggers = [
            pgtrigger.Protect(
                name="account_event_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.actor} {self.get_kind_display()} {self.username}"


@pghistory.track(
    pghistory.InsertEvent("group.add"),
    pghistory.DeleteEvent("group.remove"),
    # Django allows no foreign key to an auto-created through table.
    obj_field=None,
)
class UserGroupMembership(User.groups.through):
    """A user's membership of an auth group: their roles and their agency.

    Tracked so the change history says who was given or lost a role or an
    agency's access, and when (the group's events, ``UserGroupMembershipEvent``).
    """

    class Meta:
        proxy = True


class AccountChangeField(models.TextChoices):
    AGENCY = "agency", "Agency"
    ROLES = "roles", "Roles"
    ACTIVE = "active", "Account active"
    # Password reset links and organisation sign-in go to this address.
    EMAIL = "email", "Email address"


class AccountChangeQuerySet(models.QuerySet):
    """Append-only: no bulk update or delete from the application either."""

    def update(self, **kwargs):
        raise TypeError("Account changes are append-only")

    def delete(self):
        raise TypeError("Account changes are append-only")


class AccountChange(models.Model):
    """One change to what a user may reach: their agency, their roles,
    whether their account is active, or their email address (where a link to
    set their password goes, and what organisation sign-in matches).
    Append-only: the model refuses to save a row twice or delete one, and the
    database refuses any update or delete, whoever asks.

    ``actor`` made the change (``None``: Waymark's own set-up, such as
    ``seed_demo``); ``approved_by`` is the Lead who approved a two-person grant
    that ``actor`` proposed. ``before`` and ``after`` are what the field said,
    in words (role and agency names), so the log reads the same after an
    agency is renamed.
    """

    subject = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_changes")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    field = models.CharField(max_length=10, choices=AccountChangeField.choices)
    before = models.CharField(max_length=500, blank=True)
    after = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The log page, newest first, and one person's changes.
            models.Index(fields=["-created_at", "-id"], name="account_change_newest"),
            models.Index(fields=["subject", "-created_at"], name="account_change_subject"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="account_change_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.subject}: {self.get_field_display()} {self.before!r} -> {self.after!r}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Account changes are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Account changes are append-only")


class RoleGrantStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a Lead"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class RoleGrant(models.Model):
    """A proposal to give ``user`` one of the roles that take two people
    (``accounts.roles.TWO_PERSON_ROLES``): an administrator proposes it and a
    Modern Slavery Lead, who is neither the proposer nor ``user``, approves or
    declines it. The role is given only on approval. States: ``accounts.states``.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField(max_length=30, choices=Role.choices)
    status = models.CharField(
        max_length=10, choices=RoleGrantStatus.choices, default=RoleGrantStatus.PENDING
    )
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open proposal per person and role (proposing twice adds nothing).
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(status="pending"),
                name="role_grant_one_pending",
            )
        ]
        indexes = [
            # The Lead's home page: proposals waiting, oldest first.
            models.Index(fields=["status", "created_at"], name="role_grant_status"),
        ]

    def __str__(self):
        return f"{self.role_label} for {self.user} ({self.get_status_display()})"

    @property
    def role_label(self) -> str:
        return self.get_role_display()
