"""The specialist support directory (docs/domain.md section 6)."""

from django.conf import settings
from django.db import models

__all__ = ["ELIGIBILITY_FIELDS", "NrmStatus", "ServiceCapacity", "ServiceGender", "SupportService"]


class NrmStatus(models.TextChoices):
    """Where a person stands in the National Referral Mechanism, for eligibility."""

    IN_NRM = "in_nrm", "In the NRM"
    NOT_IN_NRM = "not_in_nrm", "Not in the NRM"
    NEGATIVE_DECISION = "negative_decision", "Negative decision"
    POSITIVE_DECISION = "positive_decision", "Positive decision"


# The SupportService field that says whether a service takes people of each status.
ELIGIBILITY_FIELDS = {status: f"eligible_{status}" for status in NrmStatus.values}


class ServiceGender(models.TextChoices):
    ALL = "all", "All genders"
    FEMALE = "female", "Women only"
    MALE = "male", "Men only"


class ServiceCapacity(models.TextChoices):
    AVAILABLE = "available", "Taking referrals"
    LIMITED = "limited", "Limited places"
    FULL = "full", "Full"
    UNKNOWN = "unknown", "Not known"


class SupportService(models.Model):
    """A specialist support service a survivor may be referred to.

    - ``name``, ``provider``: the service and the organisation that runs it.
    - ``what_they_offer``: plain words; the directory's gaps search it for
      "counselling", "childcare", "accommodation" and "housing".
    - ``contact``: how a professional refers or gets in touch.
    - ``eligible_*``: whom it takes by NRM status (docs/domain.md section 6):
      in the NRM (awaiting Reasonable Grounds), not in the NRM, after a negative
      Reasonable or Conclusive Grounds decision, after a positive one.
    - ``gender``: all, women only or men only. ``accepts_men`` is derived from
      it (true unless women only) and kept consistent by ``clean``, ``save`` and a check
      constraint, so queries and the gaps count can use a plain boolean.
    - ``medium_low_needs_only``: the service takes medium to low needs only (SafePlace,
      an emergency safehouse): not offered where the case's risk is high.
    - ``accepts_little_english``, ``accepts_substance_use``: true only when the
      service has told the partnership so; false means "no" or "not known".
    - ``capacity``, ``capacity_note``: whether it can take someone now.
    - ``is_active``: inactive services stay for the record but are never offered.
    - ``seed_key``: set on the services Waymark seeds from docs/domain.md, so
      seeding finds them again even after the Lead renames one; blank otherwise.
    """

    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    what_they_offer = models.TextField()
    contact = models.TextField(blank=True)
    eligible_in_nrm = models.BooleanField("In the NRM", default=False)
    eligible_not_in_nrm = models.BooleanField("Not in the NRM", default=False)
    eligible_negative_decision = models.BooleanField("Negative decision", default=False)
    eligible_positive_decision = models.BooleanField("Positive decision", default=False)
    gender = models.CharField(max_length=10, choices=ServiceGender.choices, default="all")
    accepts_men = models.BooleanField(default=True, editable=False)
    accepts_little_english = models.BooleanField(default=False)
    accepts_substance_use = models.BooleanField(default=False)
    medium_low_needs_only = models.BooleanField(
        "Takes people with medium to low needs only", default=False
    )
    capacity = models.CharField(
        max_length=10, choices=ServiceCapacity.choices, default=ServiceCapacity.UNKNOWN
    )
    capacity_note = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    seed_key = models.CharField(max_length=40, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seed_key"],
                condition=~models.Q(seed_key=""),
                name="support_service_unique_seed_key",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(gender="female", accepts_men=False)
                    | (~models.Q(gender="female") & models.Q(accepts_men=True))
                ),
                name="support_service_accepts_men_matches_gender",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.accepts_men = self.gender != ServiceGender.FEMALE
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "accepts_men"}
        super().save(*args, **kwargs)

    def clean(self):
        self.accepts_men = self.gender != ServiceGender.FEMALE

    @property
    def is_women_only(self) -> bool:
        return self.gender == ServiceGender.FEMALE

    def eligible_for(self, nrm_status: str) -> bool:
        return bool(getattr(self, f"eligible_{nrm_status}"))
