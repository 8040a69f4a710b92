import pgtrigger
from django.conf import settings
from django.db import models


class AccessAction(models.TextChoices):
    VIEW_CASE = "view_case", "Viewed the case"
    DOWNLOAD_DOCUMENT = "download_document", "Downloaded a document"
    SEARCH = "search", "Searched cases"
    EXPORT = "export", "Exported cases"
    VIEW_CONCERN = "view_concern", "Viewed a concern"
    DOWNLOAD_PDF = "download_pdf", "Downloaded a PDF"
    VIEW_LIST = "view_list", "Saw the case in a list"


class AccessLogEntry(models.Model):
    """Who read what, when, from where. Append-only: the database refuses any
    update or delete, whoever asks."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=AccessAction.choices)
    detail = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # "Who has looked at this case" on the case page.
            models.Index(fields=["case", "-created_at"], name="access_log_case_newest"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="access_log_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.case or ''}".strip()
