from django.db import models


class ExploitationType(models.Model):
    """A Home Office exploitation category, or a local one (Financial, Other, Unknown)."""

    name = models.CharField(max_length=100, unique=True)
    is_home_office_category = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ExploitationSubtype(models.Model):
    """A sub-type (county lines, car wash...) under one exploitation type."""

    exploitation_type = models.ForeignKey(
        ExploitationType, on_delete=models.PROTECT, related_name="subtypes"
    )
    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["exploitation_type__order", "name"]

    def __str__(self):
        return self.name


class ReferenceSequence(models.Model):
    """The last number issued for a kind of reference in a year (MS-2026-00042).

    Numbers are issued under a row lock, so two triages at once never share one.
    """

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="unique_reference_sequence")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"
