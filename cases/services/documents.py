"""Adding documents to a case.

The type of a file is read from its bytes, never from the name or the
browser's Content-Type. Photos are re-encoded so no EXIF (GPS position, camera,
time taken) or other metadata is stored. Files go to private storage
(MEDIA_ROOT, never served) under a random name and are downloaded only through
a permission-checked view.
"""

import contextlib
import errno
import hashlib
import io
import logging
import os
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

import filetype
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from cases.models import Case, CaseDocument, TimelineKind
from cases.services.common import check_case_changeable, timeline_add
from core.errors import ServiceError

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DESCRIPTION_MAX_LENGTH = CaseDocument._meta.get_field("description").max_length

ACCEPTED_FILES = (
    "a PDF, JPG, PNG, Word document (DOCX), Excel spreadsheet (XLSX) or text file (TXT)"
)


@dataclass(frozen=True)
class DocumentKind:
    content_type: str
    extensions: frozenset[str]
    label: str
    # Pillow format to re-encode with, for images.
    image_format: str | None = None
    # Entries a zip-based Office file must contain.
    zip_marker: str | None = None


PDF = DocumentKind("application/pdf", frozenset({".pdf"}), "PDF")
JPEG = DocumentKind("image/jpeg", frozenset({".jpg", ".jpeg"}), "JPG image", image_format="JPEG")
PNG = DocumentKind("image/png", frozenset({".png"}), "PNG image", image_format="PNG")
DOCX = DocumentKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    frozenset({".docx"}),
    "Word document",
    zip_marker="word/",
)
XLSX = DocumentKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    frozenset({".xlsx"}),
    "Excel spreadsheet",
    zip_marker="xl/",
)
TEXT = DocumentKind("text/plain", frozenset({".txt"}), "Text file")

KINDS_BY_CONTENT_TYPE = {kind.content_type: kind for kind in (PDF, JPEG, PNG, DOCX, XLSX, TEXT)}


def document_type_label(content_type: str) -> str:
    kind = KINDS_BY_CONTENT_TYPE.get(content_type)
    return kind.label if kind else content_type


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str


def _size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{size / 1024:g} KB"


def document_safe_name(name: str) -> str:
    """The uploaded file's own name, made safe to store, show and offer back as
    a download name: last path segment only, no control or bidirectional
    characters (which can disguise an extension), no characters Windows
    refuses, at most 255 characters with the extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = re.sub(r'[<>:"|?*]', "_", name)
    name = " ".join(name.split()).strip(" .")
    stem, extension = os.path.splitext(name)
    if not stem:
        stem = "document"
    extension = extension[:16]
    return stem[: 255 - len(extension)] + extension


def _refuse_type(name: str):
    raise ServiceError(f"“{name}” must be {ACCEPTED_FILES}")


def _read_all(uploaded_file) -> bytes:
    if uploaded_file.size is not None and uploaded_file.size > MAX_DOCUMENT_BYTES:
        raise ServiceError(f"The file must be smaller than {_size_label(MAX_DOCUMENT_BYTES)}")
    uploaded_file.seek(0)
    # Read one byte more than allowed, in case the reported size was wrong.
    content = uploaded_file.read(MAX_DOCUMENT_BYTES + 1)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ServiceError(f"The file must be smaller than {_size_label(MAX_DOCUMENT_BYTES)}")
    if not content:
        raise ServiceError("The selected file is empty")
    return content


def _is_office_file(content: bytes, kind: DocumentKind) -> bool:
    """A zip that really is an Office Open XML file of this kind (reads only the
    zip's directory: nothing is decompressed)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(kind.zip_marker) for n in names)


def _kind_of(content: bytes, name: str) -> DocumentKind:
    extension = os.path.splitext(name)[1].lower()
    guessed = filetype.guess(content)
    if guessed is None:
        # filetype recognises no plain text: accept only UTF-8 without NULs in a .txt.
        if extension not in TEXT.extensions or b"\x00" in content:
            _refuse_type(name)
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            _refuse_type(name)
        return TEXT
    kind = KINDS_BY_CONTENT_TYPE.get(guessed.mime)
    if kind is None and guessed.mime == "application/zip":
        # An Office file whose entries are in an order filetype does not expect.
        kind = next((k for k in (DOCX, XLSX) if extension in k.extensions), None)
        if kind is None or not _is_office_file(content, kind):
            _refuse_type(name)
    # The name must agree with the bytes, so the download opens in the right program.
    if kind is None or kind is TEXT or extension not in kind.extensions:
        _refuse_type(name)
    return kind


def _without_metadata(content: bytes, kind: DocumentKind, name: str) -> bytes:
    """Re-encode a photo so nothing but its pixels is kept: no EXIF (GPS,
    camera, time), XMP, ICC or text chunks. The EXIF orientation is applied to
    the pixels first so the photo still shows the right way up."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as original:
                if original.format not in {"JPEG", "MPO", "PNG"}:
                    _refuse_type(name)
                image = ImageOps.exif_transpose(original)
    except ServiceError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning):
        raise ServiceError(f"“{name}” could not be read as an image") from None
    transparency = image.info.get("transparency")
    image.info = {}
    output = io.BytesIO()
    if kind.image_format == "JPEG":
        if image.mode not in {"RGB", "L", "CMYK"}:
            image = image.convert("RGB")
        image.save(output, format="JPEG", quality=90)
    else:
        options = {} if transparency is None else {"transparency": transparency}
        image.save(output, format="PNG", **options)
    return output.getvalue()


def document_check(uploaded_file) -> CheckedFile:
    """Read and check an uploaded file; a ServiceError says why it is refused."""
    name = document_safe_name(getattr(uploaded_file, "name", "") or "")
    content = _read_all(uploaded_file)
    kind = _kind_of(content, name)
    if kind.image_format:
        content = _without_metadata(content, kind, name)
    return CheckedFile(name=name, content=content, content_type=kind.content_type)


# Errors that mean the storage has no room (a full disk or quota, or a file
# bigger than the system allows), as opposed to a fault in Waymark.
NO_ROOM_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
NO_ROOM_MESSAGE = (
    "The document could not be saved because the server has run out of storage space. "
    "Nothing was saved. Try again later, and tell your system administrator."
)
STORAGE_FAILED_MESSAGE = (
    "The document could not be saved because of a problem with the server's storage. "
    "Nothing was saved. Try again later, and tell your system administrator."
)


def _store_file(document: CaseDocument, content: bytes) -> None:
    """Write the file, or leave nothing: a write cut off part-way (a full disk)
    is deleted, and the person is told why in words."""
    # upload_to ignores the given name and uses the random storage_name.
    name = document.file.field.generate_filename(document, str(document.storage_name))
    storage = document.file.storage
    try:
        document.file.save(str(document.storage_name), ContentFile(content), save=False)
    except Exception as error:  # a full disk, or an object store that refused (S3)
        with contextlib.suppress(Exception):
            if storage.exists(name):
                storage.delete(name)
        logger.exception("Could not store a document for case %s", document.case_id)
        no_room = isinstance(error, OSError) and error.errno in NO_ROOM_ERRNOS
        raise ServiceError(NO_ROOM_MESSAGE if no_room else STORAGE_FAILED_MESSAGE) from None


def document_upload(*, actor, case: Case, uploaded_file, description: str = "") -> CaseDocument:
    """Check and store a document on a case, with a timeline entry.

    The timeline names the document by its description, never its file name,
    which may itself be personal data. The file is written first and the rows
    in one transaction after it; if any database write fails the file is
    deleted again, so there is never a stored file without its row; a file the
    disk had no room for is deleted too, so no row points at half a file.
    """
    check_case_changeable(actor=actor, case=case)
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ServiceError(f"Description must be {DESCRIPTION_MAX_LENGTH} characters or fewer")
    checked = document_check(uploaded_file)
    document = CaseDocument(
        case=case,
        uploaded_by=actor,
        agency=getattr(actor, "agency", None),
        original_name=checked.name,
        description=description,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=hashlib.sha256(checked.content).hexdigest(),
    )
    _store_file(document, checked.content)
    try:
        with transaction.atomic():
            document.save()
            timeline_add(
                case=case,
                actor=actor,
                kind=TimelineKind.DOCUMENT,
                description=f"Document added: {description or 'a document'}",
            )
    except BaseException:
        document.file.delete(save=False)
        raise
    return document
