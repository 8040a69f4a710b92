"""The tracker and the home page count in SQL what the tracker shows per row."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals import selectors
from referrals.models import EpisodeState, NrmEpisode
from referrals.states import NRM_EPISODE
from tests.referrals.factories import case_with_person

pytestmark = pytest.mark.django_db

S = EpisodeState
DATE_FIELDS = (
    "submitted_on",
    "rg_expected_on",
    "recovery_period_ends_on",
    "move_on_ends_on",
    "support_extended_until",
)


def test_sql_overdue_agrees_with_each_rows_next_event_in_every_open_state(agency_a):
    """Every open state, with each clock's date in the past, today, in the
    future or missing: the SQL condition marks exactly the rows next_event
    calls overdue."""
    today = timezone.localdate()
    choices = [
        None,
        today - timedelta(days=400),
        today - timedelta(days=1),
        today,
        today + timedelta(days=3),
    ]
    case, person = case_with_person(raised_by=agency_a)
    made = []
    for state in sorted(NRM_EPISODE.open_states):
        for field in DATE_FIELDS:
            for value in choices:
                made.append(NrmEpisode(case=case, person=person, state=state, **{field: value}))
        for extended, move_on in itertools.product(choices, repeat=2):
            made.append(
                NrmEpisode(
                    case=case,
                    person=person,
                    state=state,
                    support_extended_until=extended,
                    move_on_ends_on=move_on,
                )
            )
    NrmEpisode.objects.bulk_create(made)
    expected = {e.pk for e in NrmEpisode.objects.all() if selectors.next_event(e).is_overdue(today)}
    assert expected  # the dates above make some overdue in several states
    in_sql = set(
        NrmEpisode.objects.filter(selectors.overdue_condition(today)).values_list("pk", flat=True)
    )
    assert in_sql == expected


def test_the_tracker_shows_fifty_episodes_a_page_and_counts_them_all(
    client, lead, worker_b, agency_a
):
    case, person = case_with_person(raised_by=agency_a)
    long_ago = timezone.localdate() - timedelta(days=60)
    NrmEpisode.objects.bulk_create(
        NrmEpisode(
            case=case,
            person=person,
            state=S.AWAITING_RG,
            submitted_on=long_ago + timedelta(days=n % 30),
            rg_expected_on=long_ago,
        )
        for n in range(60)
    )
    client.force_login(lead)
    url = reverse("referrals:nrm_tracker")
    first = client.get(url)
    assert len(first.context["rows"]) == 50
    assert first.context["total"] == 60 and first.context["overdue"] == 60
    assert first.context["by_state"] == [("Awaiting Reasonable Grounds decision", 60)]
    second = client.get(url, {"page": 2})
    assert len(second.context["rows"]) == 10
    assert "Page 2 of 2" in second.content.decode()
    shown = {row.episode.pk for row in first.context["rows"] + second.context["rows"]}
    assert len(shown) == 60
    # A worker in an agency the case is not shared with counts none of them.
    client.force_login(worker_b)
    response = client.get(url)
    assert response.context["total"] == 0 and response.context["rows"] == []
    assert case.reference not in response.content.decode()


def test_the_home_panel_counts_open_and_overdue_episodes_the_user_may_see(
    client, lead, worker_a, worker_b, agency_a
):
    case, person = case_with_person(raised_by=agency_a)
    today = timezone.localdate()
    NrmEpisode.objects.create(
        case=case, person=person, state=S.AWAITING_RG, rg_expected_on=today - timedelta(days=1)
    )
    NrmEpisode.objects.create(
        case=case, person=person, state=S.AWAITING_RG, rg_expected_on=today + timedelta(days=1)
    )
    NrmEpisode.objects.create(case=case, person=person, state=S.EXITED)
    assert selectors.dashboard_counts(user=lead)["open"] == 2
    assert selectors.dashboard_counts(user=worker_a) == {"open": 2, "overdue": 1, "dtn_flags": 0}
    assert selectors.dashboard_counts(user=worker_b)["open"] == 0
