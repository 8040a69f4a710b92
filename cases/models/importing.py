from django.conf import settings
from django.db import models


class ImportStaging(models.Model):
    """A spreadsheet the Lead has uploaded and checked, waiting for them to
    confirm the import. Kept on the server (not in the session) until it is
    imported, replaced by a newer upload, or expires.

    ``token`` is the random value the confirmation form carries; ``digest``
    is what the check showed the import would do; ``content`` is the file,
    compressed.
    """

    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    digest = models.CharField(max_length=128)
    content = models.BinaryField()
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # The beat task deleting expired uploads.
            models.Index(fields=["expires_at"], name="import_staging_expiry"),
        ]

    def __str__(self):
        return f"{self.file_name} (waiting for {self.created_by})"
