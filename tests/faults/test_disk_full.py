"""The disk fills while a document is being uploaded: the person is told
clearly, no partial file is left, and no row points at a missing file.

Two real ways a write is cut off part-way: a small tmpfs that fills (where
this machine allows mounting one) and the kernel's file-size limit
(RLIMIT_FSIZE), which fails the write the same way, anywhere."""

import contextlib
import os
import resource
import shutil
import signal
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import CaseDocument, TimelineEvent
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

ROOM = 256 * 1024
PDF_HEADER = b"%PDF-1.4\n"


def pdf(size: int) -> bytes:
    return PDF_HEADER + os.urandom(size - len(PDF_HEADER))


def files_under(path) -> list:
    return [p for p in path.rglob("*") if p.is_file()]


@contextlib.contextmanager
def file_size_limit(limit: int):
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    # Without this the kernel's SIGXFSZ would end the test process instead of
    # failing the write with an error, as a full disk does.
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@pytest.fixture(params=["a full filesystem", "the file size limit"])
def no_room(request, settings, tmp_path):
    """MEDIA_ROOT, and a context in which writing more than ROOM bytes fails."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    if request.param == "the file size limit":
        yield media, lambda: file_size_limit(ROOM)
        return
    mount, umount = shutil.which("mount"), shutil.which("umount")
    mounted = mount and subprocess.run(  # noqa: S603 - fixed arguments
        [mount, "-t", "tmpfs", "-o", f"size={ROOM},mode=0700", "tmpfs", str(media)],
        capture_output=True,
        check=False,
    )
    if not mounted or mounted.returncode != 0:
        pytest.skip("This machine does not allow mounting a small filesystem")
    try:
        yield media, contextlib.nullcontext
    finally:
        subprocess.run([umount, str(media)], check=False)  # noqa: S603


def test_an_upload_the_disk_has_no_room_for_is_refused_clearly_and_leaves_nothing(
    client, worker_a, agency_a, no_room
):
    media, full = no_room
    case = CaseFactory(raised_by=agency_a)
    client.force_login(worker_a)
    url = f"/cases/{case.reference}/documents/upload/"

    with full():
        response = client.post(url, form("Payslips", pdf(4 * ROOM)))

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "the server has run out of storage space. Nothing was saved." in page
    assert 'href="#id_document-file"' in page
    assert files_under(media) == []
    assert not CaseDocument.objects.exists()
    assert not TimelineEvent.objects.filter(case=case, kind="document").exists()

    # A document that fits is stored as usual, and its row points at it.
    response = client.post(url, form("Payslip", pdf(ROOM // 4)))
    assert response.status_code == 302
    document = CaseDocument.objects.get()
    assert document.file.storage.exists(document.file.name)
    assert files_under(media) == [media / document.file.name]


def form(description: str, content: bytes) -> dict:
    upload = SimpleUploadedFile("payslips.pdf", content, content_type="application/pdf")
    return {"document-description": description, "document-file": upload}
