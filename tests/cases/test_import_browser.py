"""The Modern Slavery Lead's spreadsheet import in the browser: upload, check, confirm."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, ExploitationType, ImportStaging, TimelineEvent
from cases.services.importing import import_cases
from cases.tasks import delete_expired_import_staging
from tests.cases.test_import_command import csv_bytes, make_row

pytestmark = pytest.mark.django_db

UPLOAD = reverse("cases:import_upload")
CONFIRM = reverse("cases:import_confirm")


def upload(client, content: bytes, name="coventry-2024.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content, "text/csv")})


def token_from(response) -> str:
    return response.context["token"]


def test_the_lead_uploads_sees_the_check_then_confirms_and_the_cases_exist(client, lead):
    client.force_login(lead)
    assert "Import cases from a spreadsheet" in client.get(UPLOAD).content.decode()

    preview = upload(client, csv_bytes([make_row(n) for n in range(1, 4)]))
    page = preview.content.decode()
    assert "Check the import" in page
    assert preview.context["result"]["created"] == [
        "MS-2024-00001",
        "MS-2024-00002",
        "MS-2024-00003",
    ]
    assert "Confirm import" in page
    assert Case.objects.count() == 0

    done = client.post(CONFIRM, {"token": token_from(preview)}, follow=True)

    assert done.redirect_chain[-1][0] == reverse("cases:import_done")
    page = done.content.decode()
    assert "govuk-notification-banner--success" in page
    assert "coventry-2024.csv imported: 3 created, 0 updated, 0 unchanged" in page
    assert set(Case.objects.values_list("reference", flat=True)) == {
        "MS-2024-00001",
        "MS-2024-00002",
        "MS-2024-00003",
    }
    event = TimelineEvent.objects.filter(kind="imported").first()
    assert event.actor == lead
    assert event.description.startswith("Imported from coventry-2024.csv by ")


def test_confirming_twice_imports_once(client, lead):
    client.force_login(lead)
    preview = upload(client, csv_bytes([make_row(1)]))
    client.post(CONFIRM, {"token": token_from(preview)})
    again = client.post(CONFIRM, {"token": token_from(preview)})
    assert "no longer waiting to be imported" in again.content.decode()
    assert TimelineEvent.objects.filter(kind="imported").count() == 1


@pytest.mark.parametrize("persona", ["worker_a", "board_member", "outsider"])
def test_nobody_but_the_lead_can_find_the_import(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(UPLOAD).status_code == 404
    assert upload(client, csv_bytes([make_row(1)])).status_code == 404
    assert client.get(CONFIRM).status_code == 404
    assert client.post(CONFIRM, {"token": "anything"}).status_code == 404
    assert Case.objects.count() == 0


def test_a_file_with_errors_shows_every_error_in_a_table_and_nothing_is_written(client, lead):
    client.force_login(lead)
    rows = [
        make_row(1),
        make_row(2, date_reported="2024-13-01"),
        make_row(3, survivor_gender="Mle"),
        make_row(4, reference="MS-2024-00001"),
    ]
    response = upload(client, csv_bytes(rows))
    page = response.content.decode()

    assert "<title>Error: Import cases from a spreadsheet" in page
    assert "govuk-error-summary" in page
    assert "coventry-2024.csv has 3 problems" in page
    assert [(i.row, i.column, i.value) for i in response.context["import_errors"]] == [
        (3, "date_reported", "2024-13-01"),
        (4, "survivor_gender", "Mle"),
        (5, "reference", "MS-2024-00001"),
    ]
    assert '<td class="govuk-table__cell">Mle</td>' in page
    assert "Confirm import" not in page
    assert Case.objects.count() == 0
    # Nothing is waiting to be confirmed either.
    assert not ImportStaging.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cases.pdf", b"%PDF-1.4", "The selected file must be a CSV or Excel (.xlsx) file"),
        ("cases.csv", b"", "The selected file is empty"),
        ("cases.csv", b"x" * (5 * 1024 * 1024 + 1), "The selected file must be smaller than 5 MB"),
        ("cases.xlsx", b"not a workbook", "The file is not a valid Excel .xlsx file"),
    ],
)
def test_an_unusable_file_is_refused_with_a_message_naming_the_problem(
    client, lead, name, content, message
):
    client.force_login(lead)
    page = upload(client, content, name=name).content.decode()
    assert "<title>Error: " in page
    assert message in page
    assert Case.objects.count() == 0


def test_the_check_is_repeated_on_confirm_and_a_changed_result_is_shown_again(client, lead):
    client.force_login(lead)
    content = csv_bytes([make_row(1), make_row(2)])
    preview = upload(client, content)
    # Meanwhile the same file is imported some other way.
    import_cases(content=csv_bytes([make_row(1)]), file_name="other.csv")

    again = client.post(CONFIRM, {"token": token_from(preview)})

    assert "records changed after the file was checked" in again.content.decode()
    assert again.context["result"]["created"] == ["MS-2024-00002"]
    assert Case.objects.count() == 1
    client.post(CONFIRM, {"token": token_from(again)})
    assert Case.objects.count() == 2


def test_confirm_imports_the_file_that_was_checked_not_a_later_upload(client, lead):
    client.force_login(lead)
    first = upload(client, csv_bytes([make_row(1)]))
    upload(client, csv_bytes([make_row(2)]))

    stale = client.post(CONFIRM, {"token": token_from(first)})

    assert "no longer waiting to be imported" in stale.content.decode()
    assert Case.objects.count() == 0


def test_a_file_with_nothing_new_says_so_and_offers_no_confirm(client, lead):
    content = csv_bytes([make_row(1)])
    import_cases(content=content, file_name="coventry-2024.csv")
    client.force_login(lead)
    page = upload(client, content).content.decode()
    assert "there is nothing to import" in page
    assert "Confirm import" not in page


def test_a_file_that_became_invalid_before_confirming_shows_the_errors_and_writes_nothing(
    client, lead
):
    client.force_login(lead)
    preview = upload(client, csv_bytes([make_row(1), make_row(2)]))
    # An administrator renames a type the file uses.
    ExploitationType.objects.filter(name="Criminal").update(name="Criminal exploitation (CCE)")

    response = client.post(CONFIRM, {"token": token_from(preview)})

    page = response.content.decode()
    assert "<title>Error: Import cases from a spreadsheet" in page
    assert [(i.row, i.column, i.value) for i in response.context["import_errors"]] == [
        (2, "exploitation_types", "Criminal")
    ]
    assert Case.objects.count() == 0


def test_the_checked_file_waits_on_the_server_not_in_the_session_row(client, lead):
    client.force_login(lead)
    content = csv_bytes([make_row(n) for n in range(1, 40)])
    preview = upload(client, content)

    staging = ImportStaging.objects.get()
    assert staging.created_by == lead
    assert staging.token == token_from(preview)
    session_row = Session.objects.get(session_key=client.session.session_key)
    assert len(session_row.session_data) < 2000
    assert "MS-2024-00039" not in str(client.session.items())

    client.post(CONFIRM, {"token": token_from(preview)})
    assert not ImportStaging.objects.exists()


def test_a_checked_file_left_too_long_cannot_be_confirmed_and_is_deleted(client, lead, settings):
    client.force_login(lead)
    preview = upload(client, csv_bytes([make_row(1)]))
    late = timezone.now() - datetime.timedelta(minutes=1)
    ImportStaging.objects.update(expires_at=late)

    stale = client.post(CONFIRM, {"token": token_from(preview)})

    assert "no longer waiting to be imported" in stale.content.decode()
    assert f"more than {settings.WAYMARK_IMPORT_KEEP_MINUTES} minutes ago" in stale.content.decode()
    assert Case.objects.count() == 0
    assert delete_expired_import_staging() == 1
    assert not ImportStaging.objects.exists()


def test_another_lead_cannot_confirm_a_file_someone_else_checked(client, lead, council):
    from accounts.roles import Role
    from tests.factories import UserFactory

    other_lead = UserFactory(username="lead.two", agency=council, roles=[Role.MODERN_SLAVERY_LEAD])
    client.force_login(lead)
    preview = upload(client, csv_bytes([make_row(1)]))
    client.force_login(other_lead)

    refused = client.post(CONFIRM, {"token": token_from(preview)})

    assert "no longer waiting to be imported" in refused.content.decode()
    assert Case.objects.count() == 0
