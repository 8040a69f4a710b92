"""The public report form at /report/: anyone may report, nothing is lost, abuse is refused."""

import datetime
import logging
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from cases.choices import ReferringAgencyType
from cases.models import Concern, ConcernSource, ConcernStatus, ExploitationType
from cases.notifications import NEW_CONCERN_SUBJECT, notify_missed_concerns, notify_new_concern
from cases.services.concerns import public_concern_forget_addresses

pytestmark = pytest.mark.django_db

REPORT_URL = "/report/"


def report(**overrides):
    data = {
        "what_happened": "Men are dropped at the car wash at 6am and picked up at 10pm.",
        "location": "Car wash on London Road",
        "area": "Foleshill",
        "seen_on_0": "3",
        "seen_on_1": "11",
        "seen_on_2": "2026",
        "about_whom": "Four young men, they look tired",
        "can_contact": "no",
        "reporter_name": "",
        "reporter_phone": "",
        "reporter_email": "",
        "leave_blank": "",
    }
    data.update(overrides)
    return data


def test_anonymous_visitor_can_open_the_report_form_with_the_emergency_warning(client, settings):
    settings.WAYMARK_CHILDREN_SAFEGUARDING_PHONE = "024 0000 1111"
    response = client.get(REPORT_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "If someone is in immediate danger, call 999" in body
    assert "024 0000 1111" in body
    assert 'aria-hidden="true"' in body and 'tabindex="-1"' in body
    assert "Leave this blank" in body


def test_public_report_is_saved_awaiting_triage_and_its_reference_shown_on_confirmation(client):
    labour = ExploitationType.objects.get(name="Labour")
    response = client.post(
        REPORT_URL, report(exploitation_types=[labour.pk]), REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302
    assert response["Location"] == "/report/sent/"
    assert "CN-" not in response["Location"]

    concern = Concern.objects.get()
    assert concern.reference.startswith("CN-2026-")
    assert concern.source == ConcernSource.PUBLIC
    assert concern.status == ConcernStatus.AWAITING_TRIAGE
    assert concern.referring_agency_type == ReferringAgencyType.PUBLIC
    assert concern.submitted_at is not None
    assert concern.submitted_from == "203.0.113.9"
    assert concern.reported_by is None
    assert concern.location_description == "Car wash on London Road"
    assert concern.ward == "Foleshill"
    assert concern.seen_on.isoformat() == "2026-11-03"
    assert list(concern.exploitation_types.all()) == [labour]

    confirmation = client.get("/report/sent/")
    body = confirmation.content.decode()
    assert concern.reference in body
    assert "You will not get updates" in body
    # Refreshing shows it again to the same browser; another browser sees no reference.
    assert concern.reference in client.get("/report/sent/").content.decode()


def test_confirmation_page_without_a_report_in_the_session_shows_no_reference(client):
    response = client.get("/report/sent/")
    assert response.status_code == 200
    assert "CN-" not in response.content.decode()


def test_signed_in_staff_using_the_public_form_still_make_an_anonymous_public_report(
    client, worker_a
):
    client.force_login(worker_a)
    client.post(REPORT_URL, report())
    concern = Concern.objects.get()
    assert concern.source == ConcernSource.PUBLIC
    assert concern.reported_by is None


def test_an_empty_report_names_the_missing_answers_and_saves_nothing(client):
    response = client.post(REPORT_URL, {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter what you saw or heard" in body
    assert "Enter where you saw it, or the area of the city" in body
    assert "Select whether we can contact you" in body
    assert '<a href="#id_can_contact_1">' in body  # links reach the first radio
    assert not Concern.objects.exists()


def test_contact_details_are_needed_when_the_reporter_says_we_can_contact_them(client):
    response = client.post(REPORT_URL, report(can_contact="yes"))
    assert "Enter a phone number or email address so we can contact you" in (
        response.content.decode()
    )
    assert not Concern.objects.exists()


def test_contact_details_are_kept_only_with_permission_to_contact(client):
    client.post(
        REPORT_URL,
        report(can_contact="no", reporter_name="Sam", reporter_phone="07700 900123"),
    )
    client.post(
        REPORT_URL,
        report(can_contact="yes", reporter_name="Alex", reporter_email="alex@example.com"),
    )
    without, with_permission = Concern.objects.order_by("pk")
    assert (without.reporter_name, without.reporter_phone) == ("", "")
    assert with_permission.reporter_name == "Alex"
    assert with_permission.reporter_email == "alex@example.com"


def test_a_date_that_does_not_exist_is_refused_naming_the_date(client):
    response = client.post(REPORT_URL, report(seen_on_0="31", seen_on_1="2", seen_on_2="2026"))
    assert "Enter the date you saw it as a real date" in response.content.decode()
    assert not Concern.objects.exists()


def test_filled_honeypot_is_refused_with_a_reason_and_nothing_is_saved(client):
    response = client.post(REPORT_URL, report(leave_blank="http://spam.example"))
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "a box that must be left empty was filled in" in body
    assert "http://spam.example" not in body
    assert not Concern.objects.exists()


def test_sixth_report_from_one_address_within_the_hour_is_refused(client):
    for _ in range(5):
        assert client.post(REPORT_URL, report(), REMOTE_ADDR="198.51.100.7").status_code == 302
    response = client.post(REPORT_URL, report(), REMOTE_ADDR="198.51.100.7")
    body = response.content.decode()
    assert response.status_code == 429
    assert "govuk-error-summary" in body
    assert "5 reports have already been sent from your internet connection" in body
    assert Concern.objects.count() == 5
    # Someone else is not affected.
    assert client.post(REPORT_URL, report(), REMOTE_ADDR="198.51.100.8").status_code == 302


def test_rate_limit_counts_only_the_last_hour(client):
    for _ in range(5):
        client.post(REPORT_URL, report(), REMOTE_ADDR="198.51.100.7")
    Concern.objects.update(submitted_at=Concern.objects.first().submitted_at.replace(year=2025))
    assert client.post(REPORT_URL, report(), REMOTE_ADDR="198.51.100.7").status_code == 302


def test_an_answer_over_its_size_limit_is_refused_and_nothing_is_saved(client):
    response = client.post(REPORT_URL, report(what_happened="x" * 5001))
    assert "What you saw or heard must be 5,000 characters or fewer" in response.content.decode()
    assert not Concern.objects.exists()


def test_an_oversized_request_is_refused_before_it_is_read(client, settings):
    settings.WAYMARK_PUBLIC_REPORT_MAX_BODY_BYTES = 2_000
    response = client.post(REPORT_URL, report(about_whom="y" * 1990))
    assert response.status_code == 413
    assert "it is too long" in response.content.decode()
    assert not Concern.objects.exists()


def test_lead_notification_is_queued_with_the_concern_id_once_saved(
    client, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(notify_new_concern, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        client.post(REPORT_URL, report())
    concern = Concern.objects.get()
    assert len(callbacks) == 1
    delay.assert_called_once_with(concern.pk)


def test_a_report_made_while_the_broker_is_down_is_still_saved(
    client, django_capture_on_commit_callbacks, caplog
):
    failing = mock.patch.object(
        notify_new_concern, "delay", side_effect=OperationalError("Connection refused")
    )
    with (
        failing,
        caplog.at_level(logging.WARNING, logger="cases.services.concerns"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(REPORT_URL, report())
    assert response.status_code == 302
    assert Concern.objects.filter(status=ConcernStatus.AWAITING_TRIAGE).count() == 1
    assert "Could not queue the new-concern notification" in caplog.text


def test_a_concern_the_queue_missed_is_announced_by_the_sweep_exactly_once(client, lead):
    with mock.patch.object(notify_new_concern, "delay", side_effect=OperationalError("down")):
        client.post(REPORT_URL, report())
    concern = Concern.objects.get()
    assert concern.lead_notified_at is None
    Concern.objects.filter(pk=concern.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert notify_missed_concerns() == 1
    assert notify_missed_concerns() == 0
    assert notify_new_concern(concern.pk) == 0
    assert len(mail.outbox) == 1
    assert "notify-missed-concerns" in settings.CELERY_BEAT_SCHEDULE


def test_the_lead_is_emailed_a_link_to_triage_with_no_personal_data(client, lead, worker_a):
    client.post(REPORT_URL, report(about_whom="Anh Nguyen, 19"))
    concern = Concern.objects.get()
    assert notify_new_concern(concern.pk) == 1
    message = mail.outbox[0]
    assert message.to == [lead.email]
    assert message.subject == NEW_CONCERN_SUBJECT
    assert "/cases/triage/" in message.body
    for detail in ("Anh Nguyen", "car wash", "London Road", concern.reference):
        assert detail.lower() not in message.body.lower()


def test_addresses_of_public_reports_are_forgotten_after_the_rate_limit_window(client):
    client.post(REPORT_URL, report(), REMOTE_ADDR="198.51.100.7")
    concern = Concern.objects.get()
    Concern.objects.update(submitted_at=concern.submitted_at.replace(year=2025))
    assert public_concern_forget_addresses() == 1
    concern.refresh_from_db()
    assert concern.submitted_from is None


def test_the_long_boxes_count_characters_and_nothing_cuts_text_in_the_browser(client):
    body = client.get(REPORT_URL).content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="5000"' in body
    assert "You can enter up to 5000 characters" in body
    # A maxlength attribute would make the browser drop pasted text silently.
    assert " maxlength=" not in body


def test_a_report_one_character_too_long_is_refused_with_a_clear_error_and_not_cut(client):
    response = client.post(REPORT_URL, report(what_happened="x" * 5001))
    assert response.status_code == 200
    assert "What you saw or heard must be 5,000 characters or fewer" in response.content.decode()
    assert not Concern.objects.exists()
    response = client.post(REPORT_URL, report(what_happened="x" * 5000))
    assert Concern.objects.get().what_happened == "x" * 5000


@pytest.mark.parametrize("phone", ["call me maybe", "123", "07700 900123 ext. 4"])
def test_something_that_is_not_a_phone_number_is_refused(client, phone):
    response = client.post(
        REPORT_URL, report(can_contact="yes", reporter_phone=phone, reporter_email="")
    )
    assert "Enter a phone number, like 01632 960 001" in response.content.decode()
    assert not Concern.objects.exists()


@pytest.mark.parametrize("phone", ["07700 900123", "+44 (0)24 7683 1234", "024-7683-1234"])
def test_phone_numbers_as_people_write_them_are_accepted(client, phone):
    client.post(REPORT_URL, report(can_contact="yes", reporter_phone=phone))
    assert Concern.objects.get().reporter_phone == phone


def test_the_header_takes_the_public_back_to_the_form_not_to_sign_in(client):
    body = client.get(REPORT_URL).content.decode()
    assert 'href="/report/" class="govuk-header__link govuk-header__link--homepage"' in body


def test_the_favicon_is_served_to_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert client.get(response["Location"]).status_code == 200
