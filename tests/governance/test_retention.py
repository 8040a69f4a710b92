"""Retention: legal holds, the review queue, keeping, and anonymising for good
while every figure the reports count stays the same."""

import io
import json
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessAction, AccessLogEntry, CaseDocument, CaseNote, Person
from cases.services.cases import case_close, note_add
from cases.services.common import access_log_record
from cases.services.documents import document_upload
from core.errors import ServiceError
from governance.models import CaseRetention
from governance.services import (
    case_anonymise,
    case_anonymise_request,
    legal_hold_set,
    retention_find_due,
    retention_keep,
)
from governance.services.retention import age_band_floor
from governance.tasks import anonymise_case
from tests.database_roles import query
from tests.factories import CaseFactory, PersonFactory
from tests.referrals.factories import episode_rg_positive

pytestmark = pytest.mark.django_db


def closed_case(lead, *, closed_on, reported=None, person=None, **kwargs):
    case = CaseFactory(
        date_reported=reported or closed_on - timedelta(days=60),
        survivors=[person or PersonFactory(date_of_birth=date(1990, 3, 4))],
        **kwargs,
    )
    case_close(
        actor=lead,
        case=case,
        outcomes=["nrm_referral"],
        note="Moved to Wales with her sister Lan",
        closed_on=closed_on,
    )
    return case


def years_ago(years, days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def test_a_case_closed_six_years_ago_joins_the_queue_once_and_a_held_one_never(lead, settings):
    settings.WAYMARK_RETENTION_YEARS = 6
    due = closed_case(lead, closed_on=years_ago(6, days=1))
    recent = closed_case(lead, closed_on=years_ago(5))
    held = closed_case(lead, closed_on=years_ago(7))
    legal_hold_set(actor=lead, case=held, hold=True, reason="Civil claim pending")
    assert retention_find_due() == [due]
    assert retention_find_due() == []  # already in the queue
    assert CaseRetention.objects.get(case=due).status == "due"
    assert not CaseRetention.objects.filter(case=recent).exists()
    assert held.timeline.filter(kind="legal_hold").exists()


def test_the_dry_run_lists_what_is_due_without_queueing_it(lead):
    due = closed_case(lead, closed_on=years_ago(7))
    out = io.StringIO()
    call_command("retention_review", "--dry-run", stdout=out)
    assert due.reference in out.getvalue()
    assert not CaseRetention.objects.exists()
    call_command("retention_review", stdout=io.StringIO())
    assert CaseRetention.objects.get(case=due).status == "due"


def test_the_lead_keeps_a_case_with_a_reason_until_a_next_review(lead):
    case = closed_case(lead, closed_on=years_ago(7))
    retention_find_due()
    with pytest.raises(ServiceError, match="why the case is kept"):
        retention_keep(actor=lead, case=case, reason="", next_review_on=years_ago(-1))
    retention_keep(
        actor=lead, case=case, reason="Prosecution ongoing", next_review_on=years_ago(-1)
    )
    assert retention_find_due() == []
    # On the review date it comes back.
    assert retention_find_due(today=years_ago(-1)) == [case]


def test_a_case_on_legal_hold_cannot_be_anonymised(lead):
    case = closed_case(lead, closed_on=years_ago(7))
    legal_hold_set(actor=lead, case=case, hold=True, reason="Inquiry")
    with pytest.raises(ServiceError, match="legal hold"):
        case_anonymise(actor=lead, case=case)


def test_anonymising_removes_personal_data_from_tables_history_and_disk(lead, worker_a, agency_a):
    person = PersonFactory(
        first_name="Lan",
        last_name="Tran",
        aliases=["Lanny"],
        date_of_birth=date(2001, 5, 6),
        safe_contact_method="Text 07700 900123",
    )
    case = CaseFactory(raised_by=agency_a, survivors=[person], summary="Lan Tran at the nail bar")
    note_add(actor=lead, case=case, text="Lan's uncle drives the van")
    document = document_upload(
        actor=lead,
        case=case,
        uploaded_file=SimpleUploadedFile("passport.txt", b"Passport of Lan Tran"),
        description="Passport copy",
    )
    path = document.file.path
    access_log_record(user=worker_a, action=AccessAction.VIEW_CASE, case=case)
    # A change, so the history holds the name twice.
    Person.objects.filter(pk=person.pk).update(last_name="Tran-Le")
    case_close(actor=lead, case=case, outcomes=["nrm_referral"], note="Lan moved away")
    with pytest.raises(ServiceError, match="Only the Modern Slavery Lead"):
        case_anonymise(actor=worker_a, case=case)
    with django_on_commit():
        case_anonymise(actor=lead, case=case)

    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.aliases) == ("", "", [])
    reported = case.date_reported
    age = reported.year - 2001 - ((reported.month, reported.day) < (5, 6))
    assert person.date_of_birth is None and person.estimated_age == age_band_floor(age)
    assert person.safe_contact_method == ""
    person_history = apps.get_model("cases", "PersonEvent").objects.filter(pgh_obj_id=person.pk)
    assert person_history.exists()
    assert not person_history.exclude(first_name="").exists()
    assert not person_history.filter(date_of_birth__isnull=False).exists()
    case.refresh_from_db()
    assert "Lan" not in case.summary and "Lan" not in case.closure_note
    case_history = apps.get_model("cases", "CaseEvent").objects.filter(pgh_obj_id=case.pk)
    assert not [e for e in case_history if "Lan" in e.summary or "Lan" in e.closure_note]
    assert "Lan" not in CaseNote.objects.get(case=case).text
    assert not CaseDocument.objects.filter(case=case).exists()
    import os

    assert not os.path.exists(path)
    assert not [e for e in case.timeline.all() if "Lan" in e.description]
    # The access log still says who looked, against the case's reference.
    assert AccessLogEntry.objects.filter(case=case, user=worker_a).exists()
    assert case.reference.startswith("MS-")


def test_a_person_also_on_a_kept_case_keeps_their_details(lead):
    person = PersonFactory(first_name="Minh")
    old = closed_case(lead, closed_on=years_ago(7), person=person)
    CaseFactory(survivors=[person])
    case_anonymise(actor=lead, case=old)
    person.refresh_from_db()
    assert person.first_name == "Minh"


def report_json(year) -> dict:
    out = io.StringIO()
    call_command(
        "render_report",
        "--year",
        str(year),
        "--format",
        "json",
        "--audience",
        "internal",
        stdout=out,
        stderr=io.StringIO(),
    )
    data = json.loads(out.getvalue())
    data.pop("generated_at", None)
    return data


def test_the_annual_report_is_identical_before_and_after_a_cohort_is_anonymised(
    lead, worker_a, agency_a
):
    from serac.services import referral_create

    year = 2019
    births = [date(2003, 7, 1), date(1960, 1, 1), date(2002, 12, 31), date(1985, 6, 15), None]
    cohort = []
    for number, born in enumerate(births):
        person = PersonFactory(
            date_of_birth=born,
            estimated_age=None if born else 40,
            gender="female" if number % 2 else "male",
            nationalities=["VN"] if number % 2 else ["AL"],
        )
        case = CaseFactory(
            date_reported=date(year, 3 + number, 10),
            raised_by=agency_a,
            survivors=[person],
            exploitation=["Labour exploitation"],
        )
        episode_rg_positive(
            actor=worker_a,
            case=case,
            person=person,
            submitted_on=date(year, 3 + number, 20),
            rg_on=date(year, 4 + number, 1),
        )
        referral_create(
            actor=worker_a,
            case=case,
            person=person,
            criteria_high_risk=True,
            summary=f"Risk to {person.first_name}",
            consent_given=True,
        )
        note_add(actor=worker_a, case=case, text=f"Met {person.first_name}")
        case_close(
            actor=lead,
            case=case,
            outcomes=["nrm_referral", "accommodated"],
            note=f"{person.first_name} housed",
            closed_on=date(year, 11, 1),
        )
        cohort.append(case)
    before = report_json(year)
    for case in cohort:
        case_anonymise(actor=lead, case=case)
    assert report_json(year) == before
    assert not Person.objects.filter(cases__in=cohort).exclude(first_name="").exists()


@pytest.mark.parametrize(
    "persona", ["worker_a", "worker_b", "serac_chair", "board_member", "administrator", "outsider"]
)
def test_only_the_lead_opens_the_retention_pages(client, request, lead, agency_a, persona):
    case = closed_case(lead, closed_on=years_ago(7), raised_by=agency_a)
    retention_find_due()
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("governance:retention_queue"),
        reverse("governance:retention_decide", args=[case.reference]),
        reverse("governance:legal_hold", args=[case.reference]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_lead_anonymises_from_the_queue(
    client, lead, monkeypatch, django_capture_on_commit_callbacks
):
    case = closed_case(lead, closed_on=years_ago(7))
    retention_find_due()
    client.force_login(lead)
    assert case.reference in client.get(reverse("governance:retention_queue")).content.decode()
    queued = []
    monkeypatch.setattr("governance.tasks.anonymise_case.delay", lambda *ids: queued.append(ids))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("governance:retention_decide", args=[case.reference]),
            {"decision": "anonymise"},
        )
    assert response.status_code == 302
    assert CaseRetention.objects.get(case=case).status == "anonymising"
    queue = client.get(reverse("governance:retention_queue")).content.decode()
    assert "No case is due for review" in queue
    assert "Being anonymised" in client.get(case.get_absolute_url()).content.decode()
    # The worker carries it out.
    assert queued == [(case.pk, lead.pk)]
    anonymise_case(*queued[0])
    assert CaseRetention.objects.get(case=case).status == "anonymised"
    assert case.reference not in client.get(reverse("governance:retention_queue")).content.decode()


def test_the_web_request_that_decides_runs_as_the_app_role(
    client, lead, app_role, monkeypatch, django_capture_on_commit_callbacks
):
    # The app role may not change history rows, so the page only records the
    # decision; the worker, connected as the owner, removes the data.
    case = closed_case(lead, closed_on=years_ago(7))
    retention_find_due()
    monkeypatch.setattr("governance.tasks.anonymise_case.delay", lambda *ids: None)
    client.force_login(lead)
    query(f'SET LOCAL ROLE "{app_role}"')
    response = client.post(
        reverse("governance:retention_decide", args=[case.reference]), {"decision": "anonymise"}
    )
    query("RESET ROLE")
    assert response.status_code == 302
    assert CaseRetention.objects.get(case=case).status == "anonymising"


def test_a_legal_hold_placed_before_the_worker_runs_stops_the_anonymisation(lead):
    case = closed_case(lead, closed_on=years_ago(7))
    retention_find_due()
    case_anonymise_request(actor=lead, case=case)
    legal_hold_set(actor=lead, case=case, hold=True, reason="Civil claim")
    anonymise_case(case.pk, lead.pk)
    retention = CaseRetention.objects.get(case=case)
    assert retention.status == "" and retention.legal_hold
    assert Person.objects.filter(cases=case).exclude(last_name="").exists()


class django_on_commit:
    """Run on_commit callbacks (the file deletion) at the end of the block."""

    def __enter__(self):
        from django.test import TestCase

        self._context = TestCase.captureOnCommitCallbacks(execute=True)
        return self._context.__enter__()

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)


def test_serac_minutes_keep_other_cases_but_lose_the_anonymised_persons_name_and_item(
    lead, serac_chair
):
    from serac.models import SeracMinutes
    from tests.serac.factories import AgendaItemFactory, SeracMeetingFactory

    person = PersonFactory(first_name="Thanh", last_name="Pham", aliases=["Tommy"])
    case = closed_case(lead, closed_on=years_ago(7), person=person)
    other = CaseFactory()
    meeting = SeracMeetingFactory(chair=serac_chair)
    AgendaItemFactory(
        meeting=meeting,
        case=case,
        summary="Nail bar, Foleshill",
        discussion="Owes £9,000",
        decisions="Visit",
    )
    AgendaItemFactory(meeting=meeting, case=other, summary="Cannabis farm in Tile Hill")
    minutes = SeracMinutes.objects.create(
        meeting=meeting,
        text=f"{case.reference}: Nail bar, Foleshill. Thanh Pham (Tommy) attended.\n"
        f"Discussion: Owes £9,000. Pham's sister to be visited.\n"
        f"{other.reference}: Cannabis farm in Tile Hill. Thanh Pham not involved... thankful.\n"
        "Decision: Visit.",
    )
    minutes.text += "\nApproved."
    minutes.save()  # a second history row
    retention_find_due()
    case_anonymise(actor=lead, case=case)

    minutes.refresh_from_db()
    history = apps.get_model("serac", "SeracMinutesEvent").objects.filter(pgh_obj_id=minutes.pk)
    for text in [minutes.text, *history.values_list("text", flat=True)]:
        for gone in ("Thanh", "Pham", "Tommy", "Nail bar", "£9,000"):
            assert gone not in text
        assert "Cannabis farm in Tile Hill" in text and "thankful" in text
        assert "Decision: Visit." in text  # a short phrase is not taken from other cases
        assert case.reference in text  # the reference stays, as in the access log


def test_an_approved_case_study_stays_without_the_persons_name_and_a_draft_goes(lead):
    from reporting.models import CaseStudy

    person = PersonFactory(first_name="Thanh", last_name="Pham")
    case = closed_case(lead, closed_on=years_ago(7), person=person)
    approved = CaseStudy.objects.create(
        case=case,
        year="2019-20",
        title="From a nail bar to college",
        text="A young man found work at a nail bar. Pham now studies at college.",
        written_by=lead,
        status="approved",
    )
    draft = CaseStudy.objects.create(
        case=case,
        year="2019-20",
        title="Thanh's story",
        text="Thanh Pham, born 1990",
        written_by=lead,
    )
    retention_find_due()
    case_anonymise(actor=lead, case=case)
    approved.refresh_from_db()
    draft.refresh_from_db()
    assert (
        approved.text
        == "A young man found work at a nail bar. [name removed] now studies at college."
    )
    assert (draft.title, draft.text) == ("[removed]", "[removed]")
    history = apps.get_model("reporting", "CaseStudyEvent").objects.filter(
        pgh_obj_id__in=[approved.pk, draft.pk]
    )
    assert not any("Thanh" in e.text or "Pham" in e.text or "Thanh" in e.title for e in history)


def test_an_anonymisation_the_worker_never_ran_is_queued_again_by_the_daily_task(lead, monkeypatch):
    from governance.tasks import retention_review

    case = closed_case(lead, closed_on=years_ago(7))
    retention_find_due()
    queued = []
    monkeypatch.setattr("governance.tasks.anonymise_case.delay", lambda *ids: queued.append(ids))
    case_anonymise_request(actor=lead, case=case)  # its message is lost (not run on commit)
    retention_review()
    assert queued == []  # decided just now: the worker may still be on it
    CaseRetention.objects.filter(case=case).update(decided_at=timezone.now() - timedelta(hours=2))
    retention_review()
    assert queued == [(case.pk, lead.pk)]
