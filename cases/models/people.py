import pghistory
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Concat, Lower

from cases.choices import Ethnicity, Gender, ImmigrationStatus, PerpetratorRole
from core.choices import YesNoUnknown


@pghistory.track()
class Person(models.Model):
    """A survivor or potential victim. One person may appear in several cases.

    ``estimated_age`` is used when the date of birth is not known, and is the
    age on ``created_at``. Dependent children are :class:`DependentChild` rows;
    ``dependants_note`` keeps anything else said about dependants (adults they
    care for, or what was written before children were recorded one by one).
    ``nationalities`` and ``languages`` hold ISO codes (ISO 3166 alpha-2, ISO
    639 names). ``version`` goes up on every edit so a stale form is refused
    rather than overwriting someone else's change.
    """

    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_RECORDED)
    ethnicity = models.CharField(
        max_length=20, choices=Ethnicity.choices, default=Ethnicity.NOT_RECORDED
    )
    nationalities = ArrayField(models.CharField(max_length=2), default=list, blank=True)
    languages = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    # Blank: the reporter left the question unanswered, which the concern's
    # check-answers page and the case page say, rather than "Unknown".
    interpreter_needed = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN, blank=True
    )
    safe_contact_method = models.CharField(max_length=300, blank=True)
    safe_to_leave_message = models.CharField(
        "Safe to leave a message?",
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
        blank=True,
    )
    immigration_status = models.CharField(
        max_length=20, choices=ImmigrationStatus.choices, default=ImmigrationStatus.UNKNOWN
    )
    no_recourse_to_public_funds = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    dependants_note = models.TextField("Notes about dependants", blank=True)
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

    def age_on(self, day) -> int | None:
        """The person's age in whole years on ``day``: from the date of birth, else
        from the recorded (estimated) age, which was their age when recorded.
        None when neither is known."""
        if self.date_of_birth:
            born = self.date_of_birth
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if self.estimated_age is not None:
            recorded = self.created_at.date() if self.created_at else day
            return self.estimated_age + max(0, (day - recorded).days // 365)
        return None

    def eighteenth_birthday(self):
        """The day the person turns 18, from the date of birth (None if not known)."""
        if not self.date_of_birth:
            return None
        born = self.date_of_birth
        try:
            return born.replace(year=born.year + 18)
        except ValueError:  # born on 29 February
            return born.replace(year=born.year + 18, day=28)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in [self.first_name, self.last_name] if part)

    @property
    def dependants_summary(self) -> str:
        """The children and the note in one line, for forms that ask in words."""
        parts = []
        for child in self.children.all():
            where = {"yes": "in the UK", "no": "not in the UK"}.get(child.in_uk, "")
            known = {"yes": "known to children's services"}.get(
                child.known_to_childrens_services, ""
            )
            parts.append(", ".join(p for p in [str(child), where, known] if p))
        if self.dependants_note:
            parts.append(self.dependants_note)
        return "; ".join(parts)


@pghistory.track()
class DependentChild(models.Model):
    """A survivor's dependent child. ``age`` is in whole years (blank when not
    known); ``in_uk`` whether the child is in the UK; ``known_to_childrens_services``
    whether children's services know the child. Reports count survivors with
    dependants from these rows."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="children")
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    in_uk = models.CharField(
        "In the UK?", max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    known_to_childrens_services = models.CharField(
        "Known to children's services?",
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "pk"]
        verbose_name_plural = "dependent children"

    def __str__(self):
        return f"Child aged {self.age}" if self.age is not None else "Child, age not known"


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
