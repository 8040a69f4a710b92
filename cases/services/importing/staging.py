"""The checked spreadsheet waiting for the Lead's confirmation, kept on the
server until it is imported, replaced, or expires."""

import secrets
import zlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases.models import ImportStaging


@transaction.atomic
def import_staging_keep(*, actor, content: bytes, file_name: str, digest: str) -> str:
    """Keep ``content`` for ``actor`` to confirm; any file they checked before
    is discarded (only the newest upload can be imported). Returns the token."""
    ImportStaging.objects.filter(created_by=actor).delete()
    token = secrets.token_urlsafe(24)
    ImportStaging.objects.create(
        token=token,
        created_by=actor,
        file_name=file_name,
        digest=digest,
        content=zlib.compress(content),
        expires_at=timezone.now() + timedelta(minutes=settings.WAYMARK_IMPORT_KEEP_MINUTES),
    )
    return token


def import_staging_get(*, actor, token: str) -> ImportStaging | None:
    """``actor``'s waiting file with that token, if it has not expired."""
    if not token:
        return None
    return ImportStaging.objects.filter(
        created_by=actor, token=token, expires_at__gt=timezone.now()
    ).first()


def import_staging_content(staging: ImportStaging) -> bytes:
    return zlib.decompress(bytes(staging.content))


def import_staging_set_digest(*, actor, staging: ImportStaging, digest: str) -> None:
    """The check was repeated and showed something new: that is what the next
    confirmation must match."""
    ImportStaging.objects.filter(pk=staging.pk, created_by=actor).update(
        digest=digest, updated_at=timezone.now()
    )


def import_staging_discard(*, actor) -> None:
    ImportStaging.objects.filter(created_by=actor).delete()


def import_staging_delete_expired() -> int:
    deleted, _ = ImportStaging.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
