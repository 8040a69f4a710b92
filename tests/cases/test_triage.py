import datetime

import pytest
from django.urls import reverse

from cases.choices import ConcernClosureReason
from cases.models import Case, Concern, ConcernStatus, ScreeningAnswer
from cases.services.triage import concern_close, concern_link_to_case, concern_triage_new_case
from core.errors import ServiceError
from tests.factories import AgencyFactory, CaseFactory, ConcernFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_queue_shows_concerns_awaiting_triage_oldest_first(client, lead):
    from django.utils import timezone

    newer = ConcernFactory(submitted_at=timezone.now())
    older = ConcernFactory(submitted_at=timezone.now() - datetime.timedelta(days=2))
    ConcernFactory(status=ConcernStatus.CLOSED)
    client.force_login(lead)
    response = client.get(reverse("cases:triage_queue"))
    assert [c.reference for c in response.context["concerns"]] == [
        older.reference,
        newer.reference,
    ]


def test_a_concern_saying_someone_is_in_danger_comes_first_and_a_long_queue_is_paged(client, lead):
    from django.utils import timezone

    start = timezone.now() - datetime.timedelta(days=10)
    ConcernFactory.create_batch(
        50, submitted_at=start, is_emergency="no", reporting_agency=None, reported_by=None
    )
    danger = ConcernFactory(submitted_at=timezone.now(), is_emergency="yes")
    client.force_login(lead)
    first = client.get(reverse("cases:triage_queue"))
    assert first.context["concerns"][0].reference == danger.reference
    assert len(first.context["concerns"]) == 50
    body = first.content.decode()
    assert "1 in immediate danger" in body and "<strong>51</strong> waiting" in body
    second = client.get(reverse("cases:triage_queue") + "?page=2")
    assert len(second.context["concerns"]) == 1


@pytest.mark.parametrize("persona", ["worker_a", "board_member", "administrator", "outsider"])
def test_only_the_lead_can_open_the_triage_queue_or_a_concern(client, request, persona):
    concern = ConcernFactory()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:triage_queue")).status_code == 404
    assert client.get(reverse("cases:triage_concern", args=[concern.reference])).status_code == 404


def test_triage_into_a_new_case_shares_it_with_the_raising_agency_and_chosen_agencies(
    client, lead, agency_a, agency_b, worker_a, worker_b
):
    person = PersonFactory(first_name="Minh", last_name="Nguyen")
    concern = ConcernFactory(reporting_agency=agency_a, reported_by=worker_a, people=[person])
    ScreeningAnswer.objects.create(
        concern=concern, question="debt", answer="yes", note="Owes £4,000"
    )
    client.force_login(lead)
    response = client.post(
        reverse("cases:triage_concern", args=[concern.reference]),
        {
            "decision": "new_case",
            "risk_level": "high",
            "summary": "Car wash",
            "agencies": [agency_b.pk],
            "lawful_basis": "safeguarding",
            "basis_reason": "Adult at risk of exploitation",
        },
    )
    case = Case.objects.get()
    assert response["Location"] == case.get_absolute_url()
    assert case.reference.startswith(f"MS-{case.date_reported.year}-")
    assert len(case.reference) == len("MS-2026-00001")
    assert case.raised_by_agency == agency_a
    assert list(case.people.all()) == [person]
    assert case.screening_answers.get(question="debt").note == "Owes £4,000"
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NEW_CASE and concern.case == case
    for worker in (worker_a, worker_b):
        client.force_login(worker)
        assert client.get(case.get_absolute_url()).status_code == 200
    assert case.timeline.filter(kind="triaged").exists()


def test_references_are_issued_in_sequence_per_year(lead):
    first = concern_triage_new_case(
        actor=lead, concern=ConcernFactory(), agencies=[], risk_level="low"
    )
    second = concern_triage_new_case(
        actor=lead, concern=ConcernFactory(), agencies=[], risk_level="low"
    )
    assert int(second.reference[-5:]) == int(first.reference[-5:]) + 1


def test_a_known_person_is_offered_as_a_possible_match_with_the_exact_match_first(client, lead):
    born = datetime.date(1990, 5, 1)
    similar = PersonFactory(first_name="Minh", last_name="Nguyen")
    exact = PersonFactory(first_name="Min", last_name="Nguyen", date_of_birth=born)
    unrelated = PersonFactory(first_name="Alice", last_name="Brown")
    similar_case = CaseFactory(survivors=[similar])
    exact_case = CaseFactory(survivors=[exact])
    CaseFactory(survivors=[unrelated])
    reported = PersonFactory(first_name="Min", last_name="Nguyen", date_of_birth=born)
    concern = ConcernFactory(people=[reported])
    client.force_login(lead)
    page = client.get(reverse("cases:triage_concern", args=[concern.reference]))
    ((person, candidates, matched),) = page.context["people_with_duplicates"]
    assert candidates == [(exact, True), (similar, False)]
    assert matched is None
    html = page.content.decode()
    assert "Same name and date of birth" in html
    for case in (exact_case, similar_case):
        assert f'href="{case.get_absolute_url()}" target="_blank" rel="noopener"' in html


def _tomas_and_tomasz():
    """Police report Tomas; the partnership already knows a Tomasz Nowicki
    whose record says something different about almost everything."""
    born = datetime.date(1988, 2, 14)
    known = PersonFactory(
        first_name="Tomasz",
        last_name="Nowicki",
        date_of_birth=born,
        gender="female",
        pregnant="yes",
        safe_contact_method="",
        safe_to_leave_message="unknown",
    )
    case = CaseFactory(survivors=[known])
    reported = PersonFactory(
        first_name="Tomas",
        last_name="Nowicki",
        date_of_birth=born,
        gender="male",
        safe_contact_method="Contact only via WMP officer PC 1234",
        safe_to_leave_message="no",
    )
    concern = ConcernFactory(people=[reported], is_emergency="yes")
    return known, case, reported, concern


def test_the_match_page_shows_both_records_and_asks_where_they_differ(client, lead):
    known, case, reported, concern = _tomas_and_tomasz()
    url = reverse("cases:triage_match", args=[concern.reference, reported.pk, known.pk])
    client.force_login(lead)
    page = client.get(url)
    html = page.content.decode()
    assert "Contact only via WMP officer PC 1234" in html and "Female" in html
    assert "The records say different things about how to contact" in html
    # The concern's safety details are chosen to begin with; where both sides
    # know different things (gender) nothing is chosen for the Lead.
    form = page.context["form"]
    assert form["keep_safe_contact_method"].initial == "concern"
    assert form["keep_safe_to_leave_message"].initial == "concern"
    assert form["keep_gender"].initial is None
    response = client.post(
        url,
        {
            "keep_first_name": "existing",
            "keep_safe_contact_method": "concern",
            "keep_safe_to_leave_message": "concern",
            "keep_pregnant": "existing",
        },
    )
    assert response.status_code == 200
    assert ("#id_keep_gender_1", "Choose which gender to keep for Tomasz Nowicki") in (
        response.context["error_items"]
    )
    concern.refresh_from_db()
    assert concern.person_matches == {}


def test_linking_a_matched_person_keeps_what_the_lead_chose_and_records_it(client, lead):
    known, case, reported, concern = _tomas_and_tomasz()
    client.force_login(lead)
    client.post(
        reverse("cases:triage_match", args=[concern.reference, reported.pk, known.pk]),
        {
            "keep_first_name": "existing",
            "keep_gender": "concern",
            "keep_safe_contact_method": "concern",
            "keep_safe_to_leave_message": "concern",
            "keep_pregnant": "concern",
        },
    )
    response = client.post(
        reverse("cases:triage_concern", args=[concern.reference]),
        {"decision": "link", "reference": case.reference},
    )
    assert response["Location"] == case.get_absolute_url()
    known.refresh_from_db()
    assert known.gender == "male"
    assert known.safe_contact_method == "Contact only via WMP officer PC 1234"
    assert known.safe_to_leave_message == "no"
    assert known.pregnant == "unknown"
    assert known.first_name == "Tomasz" and "Tomas Nowicki" in known.aliases
    assert list(case.people.all()) == [known]
    case.refresh_from_db()
    assert case.is_emergency == "yes"
    merged = case.timeline.get(kind="person_updated", concern=concern)
    assert (
        "kept from the concern: gender, safe way to contact them, safe to leave a message, pregnant"
        in merged.description
    )
    assert "kept from the existing record: first name" in merged.description
    assert case.timeline.filter(kind="concern_linked", concern=concern).exists()
    # Change history says who changed the person, and from which concern.
    event = known.events.order_by("-pgh_id").first()
    assert event.pgh_context.metadata["concern"] == concern.reference


def test_a_match_never_drops_a_difference_the_lead_did_not_choose(lead):
    from cases.services.triage import concern_person_match

    known, case, reported, concern = _tomas_and_tomasz()
    with pytest.raises(ServiceError, match="Choose which safe way to contact them to keep"):
        concern_person_match(
            actor=lead,
            concern=concern,
            person=reported,
            existing=known,
            keep={"first_name": "concern", "gender": "concern"},
        )
    with pytest.raises(ServiceError):
        concern_link_to_case(actor=lead, concern=concern, case=case, same_as={reported.pk: known})
    known.refresh_from_db()
    assert known.gender == "female"


DIFFERING = ["first_name", "gender", "safe_contact_method", "safe_to_leave_message", "pregnant"]


def test_not_the_same_person_after_all_records_a_new_person(client, lead):
    known, case, reported, concern = _tomas_and_tomasz()
    concern.person_matches = {
        str(reported.pk): {
            "existing": known.pk,
            "keep": dict.fromkeys(DIFFERING, "existing"),
        }
    }
    concern.save()
    client.force_login(lead)
    client.post(reverse("cases:triage_unmatch", args=[concern.reference, reported.pk]))
    concern_link_to_case(actor=lead, concern=Concern.objects.get(pk=concern.pk), case=case)
    assert set(case.people.all()) == {known, reported}


@pytest.mark.parametrize("persona", ["worker_a", "board_member", "administrator", "outsider"])
def test_only_the_lead_can_compare_or_unmatch_people_at_triage(client, request, persona):
    known, case, reported, concern = _tomas_and_tomasz()
    client.force_login(request.getfixturevalue(persona))
    match_url = reverse("cases:triage_match", args=[concern.reference, reported.pk, known.pk])
    assert client.get(match_url).status_code == 404
    assert client.post(match_url, {}).status_code == 404
    unmatch_url = reverse("cases:triage_unmatch", args=[concern.reference, reported.pk])
    assert client.post(unmatch_url).status_code == 404


def test_the_lead_cannot_compare_with_someone_who_is_not_a_possible_match(client, lead):
    known, case, reported, concern = _tomas_and_tomasz()
    stranger = PersonFactory(first_name="Alice", last_name="Brown")
    CaseFactory(survivors=[stranger])
    client.force_login(lead)
    url = reverse("cases:triage_match", args=[concern.reference, reported.pk, stranger.pk])
    assert client.get(url).status_code == 404


def test_linking_a_concern_adds_its_people_to_the_existing_case(lead, agency_b):
    case = CaseFactory()
    person = PersonFactory()
    concern = ConcernFactory(people=[person], reporting_agency=agency_b)
    concern_link_to_case(actor=lead, concern=concern, case=case)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.LINKED
    assert person in case.people.all()
    assert case.shares.filter(agency=agency_b, revoked_at__isnull=True).exists()


@pytest.mark.parametrize("reason", ConcernClosureReason.values)
def test_a_concern_can_be_closed_with_each_reason_and_no_case_is_made(lead, reason):
    concern = ConcernFactory()
    concern_close(actor=lead, concern=concern, reason=reason, note="Checked")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert concern.closure_reason == reason
    assert not Case.objects.exists()


def test_a_concern_cannot_be_triaged_twice(lead):
    concern = ConcernFactory()
    concern_close(actor=lead, concern=concern, reason="duplicate")
    with pytest.raises(ServiceError, match="already been triaged"):
        concern_triage_new_case(actor=lead, concern=concern, agencies=[], risk_level="low")


def test_closing_without_a_reason_names_the_field_and_changes_nothing(client, lead):
    concern = ConcernFactory()
    client.force_login(lead)
    response = client.post(
        reverse("cases:triage_concern", args=[concern.reference]), {"decision": "close"}
    )
    assert "Select why the concern is being closed" in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.AWAITING_TRIAGE


def test_a_worker_cannot_triage_through_the_service(worker_a):
    with pytest.raises(ServiceError):
        concern_close(actor=worker_a, concern=ConcernFactory(), reason="duplicate")


def test_an_adult_at_risk_needing_accommodation_starts_adult_social_care_and_housing(lead):
    from pathways.models import CasePathway

    concern = ConcernFactory(adult_at_risk="yes", needs_accommodation="yes")
    case = concern_triage_new_case(actor=lead, concern=concern, agencies=[], risk_level="high")
    assert set(CasePathway.objects.filter(case=case).values_list("pathway_key", flat=True)) == {
        "initial_identification",
        "adult_social_care",
        "housing",
    }
    plain = concern_triage_new_case(
        actor=lead, concern=ConcernFactory(adult_at_risk="no"), agencies=[], risk_level="low"
    )
    assert list(CasePathway.objects.filter(case=plain).values_list("pathway_key", flat=True)) == [
        "initial_identification"
    ]


def _public_concern_with_contact():
    return ConcernFactory(
        source="public",
        reporter_name="Sam Reporter",
        reporter_phone="07700 900123",
        reporter_email="sam@example.org",
        what_happened="Men sleeping at the car wash on Foleshill Road.",
    )


def test_the_lead_sees_the_public_reporters_contact_details_at_triage(client, lead):
    concern = _public_concern_with_contact()
    client.force_login(lead)
    html = client.get(reverse("cases:triage_concern", args=[concern.reference])).content.decode()
    assert "Sam Reporter" in html
    assert 'href="tel:07700 900123"' in html
    assert 'href="mailto:sam@example.org"' in html


def test_a_concern_added_to_a_case_shows_on_the_case_and_links_to_its_page(
    client, lead, agency_a, worker_a, worker_b
):
    case = CaseFactory(raised_by=agency_a)
    concern = _public_concern_with_contact()
    client.force_login(lead)
    client.post(
        reverse("cases:triage_concern", args=[concern.reference]),
        {"decision": "link", "reference": case.reference},
    )
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Concerns that fed this case" in html
    assert "Men sleeping at the car wash on Foleshill Road." in html
    assert html.count(f'href="{concern.get_absolute_url()}"') == 2  # the card and the timeline
    assert "sam@example.org" in html
    # A worker on the case reads what was reported, but not the reporter's
    # details, and gets no link to a concern page they may not open.
    client.force_login(worker_a)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Men sleeping at the car wash on Foleshill Road." in html
    assert "sam@example.org" not in html and "Sam Reporter" not in html
    assert f'href="{concern.get_absolute_url()}"' not in html
    assert client.get(concern.get_absolute_url()).status_code == 404
    client.force_login(worker_b)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_the_concern_page_shows_the_lead_how_to_reach_a_public_reporter(client, lead):
    concern = _public_concern_with_contact()
    client.force_login(lead)
    html = client.get(concern.get_absolute_url()).content.decode()
    assert 'href="mailto:sam@example.org"' in html


# --- Perpetrators never reach roles that may not see them -----------------------------


@pytest.fixture
def concern_naming_a_perpetrator(agency_a):
    from cases.models import Perpetrator

    perpetrator = Perpetrator.objects.create(first_name="Viktor", last_name="Hale", aliases=["Vik"])
    concern = ConcernFactory(
        reporting_agency=agency_a,
        what_happened="Viktor Hale drives them to the car wash; Vik keeps their passports.",
        people=[PersonFactory()],
    )
    concern.perpetrators.add(perpetrator)
    return concern


def test_the_triage_prefill_leaves_out_the_perpetrators_names(
    client, lead, concern_naming_a_perpetrator
):
    client.force_login(lead)
    response = client.get(
        reverse("cases:triage_concern", args=[concern_naming_a_perpetrator.reference])
    )
    prefill = response.context["forms"]["new_case"].initial["summary"]
    assert "drives them to the car wash" in prefill
    assert "Viktor" not in prefill and "Hale" not in prefill and "Vik " not in prefill


def test_a_case_opened_without_a_summary_does_not_carry_the_perpetrator_to_the_charity(
    client, lead, agency_b, worker_b, concern_naming_a_perpetrator
):
    case = concern_triage_new_case(
        actor=lead,
        concern=concern_naming_a_perpetrator,
        agencies=[agency_b],
        lawful_basis="safeguarding",
        basis_reason="Adult at risk of exploitation",
        summary="",
        risk_level="high",
    )
    assert "Viktor" not in case.summary and "Hale" not in case.summary
    client.force_login(worker_b)
    body = client.get(case.get_absolute_url()).content.decode()
    assert "Viktor" not in body and "Hale" not in body


def triage_post(client, concern, **fields):
    return client.post(
        reverse("cases:triage_concern", args=[concern.reference]),
        {"decision": "new_case", "risk_level": "high", "summary": "Car wash", **fields},
    )


def test_sharing_at_triage_records_the_basis_on_each_share(client, lead, agency_a, agency_b):
    concern = ConcernFactory(reporting_agency=agency_a, people=[PersonFactory()])
    client.force_login(lead)
    triage_post(
        client,
        concern,
        agencies=[agency_b.pk],
        lawful_basis="safeguarding",
        basis_reason="Adult at risk of exploitation",
    )
    share = Case.objects.get().shares.get(agency=agency_b)
    assert (share.basis, share.basis_note) == ("safeguarding", "Adult at risk of exploitation")


def test_sharing_at_triage_without_consent_or_a_basis_names_the_field_and_keeps_nothing(
    client, lead, agency_a, agency_b, worker_b
):
    concern = ConcernFactory(reporting_agency=agency_a, people=[PersonFactory()])
    client.force_login(lead)
    response = triage_post(client, concern, agencies=[agency_b.pk])
    assert response.status_code == 200
    form = response.context["forms"]["new_case"]
    assert "select the lawful basis" in " ".join(form.errors["lawful_basis"])
    assert not Case.objects.exists()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.AWAITING_TRIAGE
    assert concern.case is None


def test_an_agency_without_an_agreement_is_given_the_case_at_triage_only_with_an_emergency_reason(
    client, lead, agency_a
):
    agency_b = AgencyFactory(name="Unsigned Charity", agreement=False)
    concern = ConcernFactory(reporting_agency=agency_a, people=[PersonFactory()])
    client.force_login(lead)
    basis = {"lawful_basis": "safeguarding", "basis_reason": "Adult at risk"}
    response = triage_post(client, concern, agencies=[agency_b.pk], **basis)
    form = response.context["forms"]["new_case"]
    assert "no current information-sharing agreement" in " ".join(form.errors["emergency_reason"])
    assert not Case.objects.exists()
    triage_post(
        client, concern, agencies=[agency_b.pk], emergency_reason="Police raid tonight", **basis
    )
    case = Case.objects.get()
    assert case.shares.filter(agency=agency_b, revoked_at__isnull=True).exists()
    assert case.timeline.filter(kind="shared_without_agreement").exists()
