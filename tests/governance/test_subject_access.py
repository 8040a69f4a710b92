"""Subject access: the Lead produces a ZIP of everything held about one person."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLogEntry, CasePerpetrator, Perpetrator
from cases.services.cases import note_add
from cases.services.common import access_log_record
from cases.services.documents import document_upload
from governance.models import Disclosure
from governance.services import consent_record
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject():
    return PersonFactory(first_name="Anh", last_name="Pham")


@pytest.fixture
def case(agency_a, subject, lead, worker_a):
    other = PersonFactory(first_name="Bao", last_name="Vo")
    case = CaseFactory(raised_by=agency_a, survivors=[subject, other])
    perpetrator = Perpetrator.objects.create(first_name="Viktor", last_name="Kane")
    CasePerpetrator.objects.create(case=case, perpetrator=perpetrator)
    note_add(actor=worker_a, case=case, text="Anh says she wants to stay in the area")
    document_upload(
        actor=worker_a,
        case=case,
        uploaded_file=SimpleUploadedFile("letter.txt", b"A letter for Anh"),
        description="Letter",
    )
    consent_record(
        actor=worker_a,
        case=case,
        person=subject,
        decision="given",
        scope="serac",
        method="written",
        decided_on=timezone.localdate(),
    )
    access_log_record(user=worker_a, action="view_case", case=case)
    return case


def url_for(case, person):
    link = case.case_people.get(person=person)
    return reverse("governance_case:subject_access", args=[case.reference, link.pk])


def test_the_lead_downloads_a_zip_of_everything_held_with_third_parties_flagged(
    client, lead, worker_a, case, subject
):
    client.force_login(lead)
    response = client.post(url_for(case, subject))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "records.json" in names and "summary.pdf" in names
    assert archive.read("summary.pdf").startswith(b"%PDF")
    assert any(name.startswith("documents/") for name in names)
    data = json.loads(archive.read("records.json"))
    assert data["person"]["first_name"] == "Anh"
    assert data["consent"][0]["scope"] == "SERAC referral"
    assert "stay in the area" in data["notes"][0]["text"]
    assert worker_a.get_full_name() in [entry["who"] for entry in data["who_has_looked"]]
    assert data["timeline"]
    flagged = " ".join(data["for_redaction_review"])
    # Other people and perpetrators are flagged for review, not removed silently.
    assert "Bao Vo" in flagged and "Viktor Kane" in flagged


def test_producing_a_pack_is_logged_as_a_disclosure(client, lead, case, subject):
    client.force_login(lead)
    client.post(url_for(case, subject))
    assert Disclosure.objects.filter(case=case, kind="subject_access").exists()
    assert case.timeline.filter(kind="subject_access").exists()
    assert AccessLogEntry.objects.filter(case=case, user=lead, action="export").exists()


@pytest.mark.parametrize(
    "persona", ["worker_a", "worker_b", "serac_chair", "board_member", "administrator", "outsider"]
)
def test_anyone_but_the_lead_gets_404(client, request, case, subject, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url_for(case, subject)).status_code == 404
    assert client.post(url_for(case, subject)).status_code == 404
    assert not Disclosure.objects.filter(kind="subject_access").exists()


def test_the_public_form_links_to_a_privacy_notice_with_the_partnerships_details(client, settings):
    settings.WAYMARK_DATA_CONTROLLER = "Riverton City Council"
    settings.WAYMARK_DPO_EMAIL = "dpo@riverton.example"
    form = client.get(reverse("public_report")).content.decode()
    assert reverse("privacy_notice") in form
    notice = client.get(reverse("privacy_notice")).content.decode()
    assert "Riverton City Council" in notice and "dpo@riverton.example" in notice
    assert "6 years after its case is closed" in notice
