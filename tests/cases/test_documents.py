"""Documents on a case: type read from the bytes, photos stripped of EXIF,
private storage, and a download that only people who can see the case get,
recorded in the access log."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from PIL import Image

from cases.forms.records import DocumentUploadForm, NoteForm
from cases.models import AccessAction, AccessLogEntry, CaseDocument, TimelineEvent
from cases.selectors_records import case_documents
from cases.services import documents as document_services
from cases.services.documents import document_safe_name, document_upload
from core.errors import ServiceError
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def case(agency_a):
    return CaseFactory(raised_by=agency_a)


def upload_url(case):
    return f"/cases/{case.reference}/documents/upload/"


def download_url(case, document):
    return f"/cases/{case.reference}/documents/{document.storage_name}/"


def a_file(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def jpeg_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 1  # Orientation
    exif[0x8825] = {1: "N", 2: (53.0, 28.0, 0.0), 3: "W", 4: (2.0, 14.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(buffer, format="JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the test photo has GPS
    return data


def office_file(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def test_a_worker_uploads_a_pdf_which_is_stored_privately_with_its_details(
    client, worker_a, agency_a, case, private_media
):
    client.force_login(worker_a)

    response = client.post(
        upload_url(case),
        {
            "document-file": a_file("../../Consent form.pdf", PDF_BYTES, "text/html"),
            "document-description": "Signed consent form",
        },
    )

    assert response.status_code == 302
    assert response.url == f"/cases/{case.reference}/#documents"
    [document] = case_documents(case=case)
    assert document.original_name == "Consent form.pdf"
    assert document.content_type == "application/pdf"  # from the bytes, not the browser
    assert document.size == len(PDF_BYTES)
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert document.description == "Signed consent form"
    assert document.uploaded_by == worker_a and document.agency == agency_a
    [path] = stored_files(private_media)
    assert path.read_bytes() == PDF_BYTES
    assert "Consent" not in str(path)  # stored under a random name
    assert str(document.storage_name) == path.name
    event = TimelineEvent.objects.get(case=case, kind="document")
    assert event.description == "Document added: Signed consent form"


def test_without_a_description_the_timeline_does_not_name_the_file(worker_a, case):
    document_upload(
        actor=worker_a, case=case, uploaded_file=a_file("Anna Smith passport.pdf", PDF_BYTES)
    )

    event = TimelineEvent.objects.get(case=case, kind="document")
    assert event.description == "Document added: a document"


@pytest.mark.parametrize(
    "name, content",
    [
        ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a Windows program
        ("invoice.pdf", b"<!doctype html><script>alert(1)</script>"),  # a web page
        ("notes.txt", b"\xff\xfe\x00\x00not utf-8 \xc3\x28"),  # not UTF-8 text
        ("photo.pdf", None),  # a real JPEG whose name says PDF
        ("archive.docx", None),  # a zip that is not a Word document
    ],
)
def test_a_file_whose_bytes_are_not_an_accepted_type_is_refused(
    client, worker_a, case, private_media, name, content
):
    if content is None and name == "photo.pdf":
        content = jpeg_with_gps()
    elif content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("payload.js", "alert(1)")
        content = buffer.getvalue()
    client.force_login(worker_a)

    response = client.post(upload_url(case), {"document-file": a_file(name, content)})

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert f"“{name}” must be a PDF, JPG, PNG" in page
    assert not CaseDocument.objects.exists()
    assert stored_files(private_media) == []


def test_word_excel_and_text_files_are_accepted_when_name_and_bytes_agree(worker_a, case):
    uploads = [
        ("report.docx", office_file("word")),
        ("figures.xlsx", office_file("xl")),
        ("notes.txt", "Café at 5am, two men collected".encode()),
    ]
    for name, content in uploads:
        document_upload(actor=worker_a, case=case, uploaded_file=a_file(name, content))

    types = {doc.original_name: doc.content_type for doc in case_documents(case=case)}
    assert types == {
        "report.docx": document_services.DOCX.content_type,
        "figures.xlsx": document_services.XLSX.content_type,
        "notes.txt": "text/plain",
    }


def test_a_word_document_named_as_a_spreadsheet_is_refused(worker_a, case):
    with pytest.raises(ServiceError, match="must be a PDF"):
        document_upload(
            actor=worker_a, case=case, uploaded_file=a_file("x.xlsx", office_file("word"))
        )


def test_a_file_over_the_size_limit_is_refused(client, worker_a, case, private_media, monkeypatch):
    monkeypatch.setattr(document_services, "MAX_DOCUMENT_BYTES", 50)
    client.force_login(worker_a)

    response = client.post(upload_url(case), {"document-file": a_file("big.pdf", PDF_BYTES)})

    assert response.status_code == 200
    assert "The file must be smaller than" in response.content.decode()
    assert not CaseDocument.objects.exists()
    assert stored_files(private_media) == []


def test_the_size_limit_is_10_mb():
    assert document_services.MAX_DOCUMENT_BYTES == 10 * 1024 * 1024
    big = a_file("big.pdf", b"%PDF" + b"0" * document_services.MAX_DOCUMENT_BYTES)
    with pytest.raises(ServiceError, match="^The file must be smaller than 10 MB$"):
        document_services.document_check(big)


def test_no_file_selected_is_refused_with_a_govuk_message(client, worker_a, case):
    client.force_login(worker_a)

    response = client.post(upload_url(case), {"document-description": "Consent form"})

    page = response.content.decode()
    assert "Select a file" in page
    assert 'value="Consent form"' in page  # the description is kept
    assert not CaseDocument.objects.exists()


def test_a_photo_is_stored_without_any_exif_or_gps(client, worker_a, case, private_media):
    client.force_login(worker_a)

    client.post(upload_url(case), {"document-file": a_file("IMG_0001.JPG", jpeg_with_gps())})

    document = CaseDocument.objects.get()
    assert document.content_type == "image/jpeg"
    [path] = stored_files(private_media)
    stored = Image.open(path)
    assert stored.format == "JPEG"
    assert stored.size == (40, 20)
    assert "exif" not in stored.info
    assert len(stored.getexif()) == 0
    assert b"Exif" not in path.read_bytes()
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.size == path.stat().st_size


def test_a_photo_is_turned_the_right_way_up_before_its_exif_is_removed(worker_a, case):
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: rotate 90° clockwise to show
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "blue").save(buffer, format="JPEG", exif=exif)

    document = document_upload(
        actor=worker_a, case=case, uploaded_file=a_file("sideways.jpg", buffer.getvalue())
    )

    with document.file.open("rb") as handle:
        stored = Image.open(handle)
        assert stored.size == (20, 40)
        assert len(stored.getexif()) == 0


def test_a_png_keeps_no_text_or_exif_chunks(worker_a, case):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "Taken at 12 High Street")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (53.0, 28.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, format="PNG", pnginfo=info, exif=exif)

    document = document_upload(
        actor=worker_a, case=case, uploaded_file=a_file("screen.png", buffer.getvalue())
    )

    with document.file.open("rb") as handle:
        content = handle.read()
    stored = Image.open(io.BytesIO(content))
    assert stored.mode == "RGBA"
    assert stored.info == {} or set(stored.info) <= {"dpi"}
    assert b"High Street" not in content and b"eXIf" not in content


def test_if_the_database_write_fails_no_file_is_left_behind(
    worker_a, case, private_media, monkeypatch
):
    def fail(**kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(document_services, "timeline_add", fail)

    with pytest.raises(RuntimeError):
        document_upload(actor=worker_a, case=case, uploaded_file=a_file("a.pdf", PDF_BYTES))

    assert not CaseDocument.objects.exists()
    assert stored_files(private_media) == []


def test_the_lead_can_upload(client, lead, case):
    client.force_login(lead)

    response = client.post(upload_url(case), {"document-file": a_file("a.pdf", PDF_BYTES)})

    assert response.status_code == 302
    assert CaseDocument.objects.get().uploaded_by == lead


def test_a_worker_in_an_agency_with_access_downloads_the_file_and_it_is_logged_once(
    client, worker_a, worker_b, agency_b, case
):
    document = document_upload(
        actor=worker_a, case=case, uploaded_file=a_file("Consent form.pdf", PDF_BYTES)
    )
    from cases.services.sharing import case_share

    case_share(actor=None, case=case, agency=agency_b, reason="Support worker")
    client.force_login(worker_b)

    response = client.get(download_url(case, document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="Consent form.pdf"'
    [entry] = AccessLogEntry.objects.filter(action=AccessAction.DOWNLOAD_DOCUMENT)
    assert entry.user == worker_b
    assert entry.agency == agency_b
    assert entry.case == case
    assert entry.detail == str(document.pk)


@pytest.mark.parametrize("persona", ["worker_b", "board_member", "outsider"])
def test_someone_who_cannot_see_the_case_gets_404_and_nothing_is_logged(
    client, request, persona, worker_a, case, private_media
):
    document = document_upload(actor=worker_a, case=case, uploaded_file=a_file("a.pdf", PDF_BYTES))
    client.force_login(request.getfixturevalue(persona))

    assert client.get(download_url(case, document)).status_code == 404
    response = client.post(upload_url(case), {"document-file": a_file("b.pdf", PDF_BYTES)})
    assert response.status_code == 404
    assert client.get(upload_url(case)).status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessAction.DOWNLOAD_DOCUMENT).exists()
    assert CaseDocument.objects.count() == 1
    assert len(stored_files(private_media)) == 1


def test_a_document_cannot_be_downloaded_through_another_case(client, worker_a, agency_a, case):
    other_case = CaseFactory(raised_by=agency_a)
    document = document_upload(
        actor=worker_a, case=other_case, uploaded_file=a_file("a.pdf", PDF_BYTES)
    )
    client.force_login(worker_a)

    assert client.get(download_url(case, document)).status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessAction.DOWNLOAD_DOCUMENT).exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(client, worker_a, case):
    document = document_upload(actor=worker_a, case=case, uploaded_file=a_file("a.pdf", PDF_BYTES))

    response = client.get(download_url(case, document))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    "given, kept",
    [
        ("C:\\Users\\anna\\Desktop\\passport.pdf", "passport.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("invoice\u202etxt.exe.pdf", "invoicetxt.exe.pdf"),  # right-to-left override removed
        ('a<b>:"c".pdf', "a_b___c_.pdf"),
        ("   .pdf", "pdf"),
        ("", "document"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_the_original_name_is_kept_as_a_safe_base_name(given, kept):
    assert document_safe_name(given) == kept


def test_the_upload_form_is_a_multipart_govuk_file_upload_shown_only_to_people_who_work_cases(
    worker_a, case
):
    document_upload(
        actor=worker_a,
        case=case,
        uploaded_file=a_file("Consent form.pdf", PDF_BYTES),
        description="Signed consent",
    )
    context = {
        "case": case,
        "documents": case_documents(case=case),
        "note_form": NoteForm(),
        "document_form": DocumentUploadForm(),
        "can_work": True,
    }

    html = render_to_string("cases/_documents.html", context)

    assert '<h2 class="govuk-heading-m" id="documents-heading">Documents</h2>' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html and "govuk-file-upload" in html
    assert "Consent form.pdf" in html and "Signed consent" in html
    assert f"/cases/{case.reference}/documents/" in html
    html = render_to_string("cases/_documents.html", {**context, "can_work": False})
    assert "Consent form.pdf" in html
    assert "multipart/form-data" not in html
