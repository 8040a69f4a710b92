import pghistory
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Concat, Lower

from cases.choices import Gender, ImmigrationStatus, PerpetratorRole
from core.choices import YesNoUnknown


@pghistory.track()
class Person(models.Model):
    """A survivor or potential victim. One person may appear in several cases.

    ``estimated_age`` is used when the date of birth is not known, and is the
    age on ``created_at``. ``nationalities`` and ``languages`` hold ISO codes
    (ISO 3166 alpha-2, ISO 639 names). ``version`` goes up on every edit so a
    stale form is refused rather than overwriting someone else's change.
    """

    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_RECORDED)
    nationalities = ArrayField(models.CharField(max_length=2), default=list, blank=True)
    languages = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    interpreter_needed = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    safe_contact_method = models.CharField(max_length=300, blank=True)
    safe_to_leave_message = models.CharField(
        "Safe to leave a message?",
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    immigration_status = models.CharField(
        max_length=20, choices=ImmigrationStatus.choices, default=ImmigrationStatus.UNKNOWN
    )
    no_recourse_to_public_funds = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    dependants = models.TextField(blank=True)
    care_and_support_needs = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    disability_or_health_condition = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    pregnant = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    care_experienced = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [
            # Fuzzy name search and duplicate detection at triage:
            # similarity(lower(first_name || ' ' || last_name), ...).
            GinIndex(
                OpClass(
                    Lower(Concat("first_name", models.Value(" "), "last_name")),
                    name="gin_trgm_ops",
                ),
                name="person_full_name_trgm",
            ),
            models.Index(fields=["date_of_birth"], name="person_date_of_birth"),
            # Alias search reads only the people who have aliases.
            models.Index(
                fields=["id"], condition=~models.Q(aliases=[]), name="person_with_aliases"
            ),
        ]

    def __str__(self):
        return self.full_name or "Name not known"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in [self.first_name, self.last_name] if part)


class Perpetrator(models.Model):
    """A suspected exploiter. Only the Modern Slavery Lead and police roles see these."""

    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_RECORDED)
    nationalities = ArrayField(models.CharField(max_length=2), default=list, blank=True)
    role = models.CharField(
        max_length=20, choices=PerpetratorRole.choices, default=PerpetratorRole.UNKNOWN
    )
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self):
        name = " ".join(part for part in [self.first_name, self.last_name] if part)
        return name or self.description[:60] or "Not known"
