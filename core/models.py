"""Kernel tables every app may use."""

from django.db import models
from django.db.models import Q


class OutboundEmail(models.Model):
    """One email to one recipient, written in the same transaction as the fact
    it announces (a reminder stamped, a concern saved) and sent afterwards.

    ``key`` names what the email is about (``pathways.due:42:2026-03-02``): with
    ``to`` it is unique, so announcing the same fact twice queues nothing new.
    ``sent_at`` is set, in its own transaction, as soon as the message has been
    handed to the mail server; a worker that dies part-way through a batch
    leaves the rest unsent, and whoever delivers next sends only those.
    ``attempts`` and ``last_error`` record failed hand-overs.
    """

    key = models.CharField(max_length=200)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "to"], name="outbound_email_once_per_recipient"),
        ]
        indexes = [
            # The delivery sweep: unsent emails, oldest first.
            models.Index(
                fields=["created_at"],
                name="outbound_email_unsent",
                condition=Q(sent_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.subject} to {self.to}"
