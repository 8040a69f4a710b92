import pghistory
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.urls import reverse


class AgencyType(models.TextChoices):
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS = "nhs", "NHS"
    VOLUNTARY = "voluntary", "Voluntary sector"
    GOVERNMENT = "government", "Government agency"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class Agency(models.Model):
    """A partner organisation, or a team inside one, whose staff use Waymark.

    ``is_first_responder``: an NRM First Responder Organisation; only its staff
    may record that an NRM referral or Duty to Notify was submitted.
    ``group`` is the auth group that carries the agency's object permissions
    (a case shared with an agency is a guardian permission on this group).
    """

    name = models.CharField(max_length=200, unique=True)
    agency_type = models.CharField(max_length=30, choices=AgencyType.choices)
    is_first_responder = models.BooleanField("NRM First Responder Organisation", default=False)
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
