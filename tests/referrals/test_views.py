"""The tracker, the recording screens, the case panel and the prompt sheet."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import AgencyType
from accounts.roles import Role
from cases.models import AccessLogEntry
from referrals.models import NrmEpisode
from referrals.services import nrm_episode_start
from tests.factories import AgencyFactory, UserFactory
from tests.referrals.factories import case_with_person, episode_rg_positive, episode_submitted

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def date_data(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.fixture
def case_and_person(agency_a):
    return case_with_person(raised_by=agency_a)


@pytest.fixture
def unrelated_worker(db):
    agency = AgencyFactory(
        name="Another police force", agency_type=AgencyType.POLICE, is_first_responder=True
    )
    return UserFactory(username="unrelated", agency=agency, roles=[Role.FRONTLINE_WORKER])


# --- Tracker ------------------------------------------------------------------------------


def test_the_lead_sees_every_open_episode_with_its_next_event(
    client, lead, worker_a, case_and_person
):
    case, person = case_and_person
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(30), submitted_on=days_ago(30)
    )
    client.force_login(lead)
    response = client.get(reverse("referrals:nrm_tracker"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.episode for row in rows] == [episode]
    assert rows[0].next.label == "Reasonable Grounds decision expected"
    assert rows[0].overdue  # 30 days after submission, 5 working days have passed
    assert response.context["total"] == 1 and response.context["overdue"] == 1
    assert "Overdue:" in response.content.decode()


def test_staff_see_episodes_of_cases_they_can_see_only(
    client, worker_a, unrelated_worker, case_and_person
):
    case, person = case_and_person
    nrm_episode_start(actor=worker_a, case=case, person=person)
    client.force_login(worker_a)
    assert len(client.get(reverse("referrals:nrm_tracker")).context["rows"]) == 1
    client.force_login(unrelated_worker)
    response = client.get(reverse("referrals:nrm_tracker"))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert case.reference not in response.content.decode()


def test_a_first_responder_that_lost_access_no_longer_sees_the_episode_anywhere(
    client, lead, worker_a, agency_a, agency_b
):
    """The police submitted the referral on a charity's case and their share
    was then ended: the case answers 404, so no list may show it either."""
    from cases.models import CaseShare
    from cases.services.sharing import case_share_revoke

    case, person = case_with_person(raised_by=agency_b, shared_with=[agency_a])
    episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(9), submitted_on=days_ago(9)
    )
    share = CaseShare.objects.get(case=case, agency=agency_a)
    case_share_revoke(actor=lead, share=share, reason="Police work finished")
    client.force_login(worker_a)
    assert client.get(case.get_absolute_url()).status_code == 404
    response = client.get(reverse("referrals:nrm_tracker"))
    assert response.context["rows"] == []
    assert case.reference not in response.content.decode()
    home = client.get("/").content.decode()
    assert case.reference not in home


def test_the_tracker_logs_one_access_row_per_case_it_shows(client, worker_a, case_and_person):
    case, person = case_and_person
    nrm_episode_start(actor=worker_a, case=case, person=person)
    client.force_login(worker_a)
    client.get(reverse("referrals:nrm_tracker"))
    assert AccessLogEntry.objects.filter(case=case, user=worker_a).count() == 1


@pytest.mark.parametrize("persona", ["board_member", "administrator", "outsider"])
def test_board_administrators_and_outsiders_get_404_from_the_tracker(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("referrals:nrm_tracker")).status_code == 404


def test_tracker_filters_by_state_and_age(client, lead, worker_a, agency_a):
    old_case, old_person = case_with_person(raised_by=agency_a)
    new_case, new_person = case_with_person(raised_by=agency_a)
    old = episode_rg_positive(
        actor=worker_a,
        case=old_case,
        person=old_person,
        submitted_on=days_ago(200),
        rg_on=days_ago(190),
    )
    new = episode_submitted(
        actor=worker_a,
        case=new_case,
        person=new_person,
        consent_on=days_ago(2),
        submitted_on=days_ago(2),
    )
    client.force_login(lead)
    url = reverse("referrals:nrm_tracker")
    assert [r.episode for r in client.get(url, {"state": "awaiting_cg"}).context["rows"]] == [old]
    assert [r.episode for r in client.get(url, {"age": "under_3"}).context["rows"]] == [new]
    assert [r.episode for r in client.get(url, {"age": "6_to_12"}).context["rows"]] == [old]
    assert len(client.get(url, {"agency": agency_a.pk}).context["rows"]) == 2


# --- Recording screens --------------------------------------------------------------------


def test_a_police_worker_records_consent_submission_and_rg_through_the_screens(
    client, worker_a, case_and_person
):
    case, person = case_and_person
    client.force_login(worker_a)
    response = client.post(
        reverse("referrals:episode_start", args=[case.reference]), {"person": person.pk}
    )
    episode = NrmEpisode.objects.get(case=case)
    assert response.url == episode.get_absolute_url()
    step = lambda key: reverse("referrals:episode_step", args=[case.reference, episode.pk, key])  # noqa: E731
    response = client.post(
        step("consent"),
        {
            "referral": "given",
            **date_data("referral_on", days_ago(3)),
            "vcc_support": "yes",
            "police_contact": "yes",
            "interpreter_used": "no",
        },
    )
    assert response.status_code == 302
    response = client.post(step("submission"), {**date_data("submitted_on", days_ago(2))})
    assert response.status_code == 302
    response = client.post(
        step("rg"), {"decision": "positive", **date_data("decided_on", days_ago(1))}
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.state == "recovery_period"
    page = client.get(episode.get_absolute_url()).content.decode()
    assert "until at least" in page


def test_a_refused_step_shows_the_error_against_the_field(client, worker_a, case_and_person):
    case, person = case_and_person
    episode = episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(5), submitted_on=days_ago(5)
    )
    client.force_login(worker_a)
    response = client.post(
        reverse("referrals:episode_step", args=[case.reference, episode.pk, "rg"]),
        {"decision": "positive", **date_data("decided_on", days_ago(9))},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "cannot be before the submission" in form.errors["decided_on"][0]
    assert "There is a problem" in response.content.decode()
    response = client.post(
        reverse("referrals:episode_step", args=[case.reference, episode.pk, "rg"]), {}
    )
    assert response.context["form"].errors["decision"] == ["Select the Reasonable Grounds decision"]


def test_a_step_that_does_not_fit_the_state_is_404(client, worker_a, case_and_person):
    case, person = case_and_person
    episode = nrm_episode_start(actor=worker_a, case=case, person=person)
    client.force_login(worker_a)
    url = reverse("referrals:episode_step", args=[case.reference, episode.pk, "cg"])
    assert client.get(url).status_code == 404


def test_a_charity_worker_is_not_offered_the_submission(client, worker_b, agency_a, agency_b):
    case, person = case_with_person(raised_by=agency_a, shared_with=[agency_b])
    episode = nrm_episode_start(actor=worker_b, case=case, person=person)
    client.force_login(worker_b)
    client.post(
        reverse("referrals:episode_step", args=[case.reference, episode.pk, "consent"]),
        {
            "referral": "given",
            **date_data("referral_on", days_ago(1)),
            "vcc_support": "unknown",
            "police_contact": "unknown",
            "interpreter_used": "unknown",
        },
    )
    url = reverse("referrals:episode_step", args=[case.reference, episode.pk, "submission"])
    assert client.get(url).status_code == 404
    page = client.get(episode.get_absolute_url()).content.decode()
    assert "not a First Responder" in page


def test_an_unrelated_worker_gets_404_for_an_episode(
    client, worker_a, unrelated_worker, case_and_person
):
    case, person = case_and_person
    episode = nrm_episode_start(actor=worker_a, case=case, person=person)
    client.force_login(unrelated_worker)
    assert client.get(episode.get_absolute_url()).status_code == 404
    assert client.get(reverse("referrals:episode_start", args=[case.reference])).status_code == 404


def test_the_case_page_shows_the_nrm_panel(client, worker_a, case_and_person):
    case, person = case_and_person
    episode_submitted(
        actor=worker_a, case=case, person=person, consent_on=days_ago(1), submitted_on=days_ago(1)
    )
    client.force_login(worker_a)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="nrm"' in page
    assert "Awaiting Reasonable Grounds decision" in page
    assert escape(f"NRM prompt sheet for {person}") in page


# --- Prompt sheet -------------------------------------------------------------------------


def _sheet_url(case, person):
    link = case.case_people.get(person=person)
    return reverse("referrals:prompt_sheet", args=[case.reference, link.pk])


def test_a_first_responder_downloads_the_prompt_sheet_and_it_is_logged(
    client, worker_a, case_and_person
):
    case, person = case_and_person
    client.force_login(worker_a)
    response = client.get(_sheet_url(case, person))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(user=worker_a, case=case, action="download_pdf").exists()


@pytest.mark.parametrize(
    "persona", ["board_member", "administrator", "outsider", "unrelated_worker"]
)
def test_the_prompt_sheet_is_404_for_those_who_may_not_have_it(
    client, request, persona, case_and_person
):
    case, person = case_and_person
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_sheet_url(case, person)).status_code == 404


def test_a_non_first_responder_who_sees_the_case_gets_no_prompt_sheet(
    client, worker_b, agency_a, agency_b
):
    case, person = case_with_person(raised_by=agency_a, shared_with=[agency_b])
    client.force_login(worker_b)
    assert client.get(_sheet_url(case, person)).status_code == 404


def test_the_prompt_sheet_context_fills_what_is_known_and_marks_gaps(worker_a, case_and_person):
    from referrals.prompt_sheet import prompt_sheet_context

    case, person = case_and_person
    context = prompt_sheet_context(case=case, person=person, user=worker_a)
    answers = {a.question: a.answer for _, section in context["sections"] for a in section}
    assert answers["Full name"] == person.full_name
    assert answers["Nationality"] == "Vietnam"
    assert answers["Current address"] == ""
    assert context["gaps"] > 0


@pytest.mark.parametrize(
    "label, message",
    [
        ("Record the NRM submission", "NRM submission recorded"),
        ("Record a reconsideration request", "Reconsideration request recorded"),
        ("Record consent", "Consent recorded"),
        ("Record the Reasonable Grounds decision", "Reasonable Grounds decision recorded"),
    ],
)
def test_success_messages_read_as_sentences(label, message):
    from referrals.views import _done_message

    assert _done_message(label) == message
