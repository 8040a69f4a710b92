"""The demo seed: episodes in every state, some overdue, varied service referrals; once."""

import pytest
from django.utils import timezone

from referrals.models import EpisodeState, NrmEpisode, ServiceReferral
from referrals.selectors import next_event
from tests.demo_seed import seed_demo_through

pytestmark = pytest.mark.django_db


def seed():
    seed_demo_through("referrals.demo")


def test_seed_demo_adds_episodes_in_every_state_and_referrals_once():
    seed()
    states = set(NrmEpisode.objects.values_list("state", flat=True))
    assert states == set(EpisodeState.values)
    today = timezone.localdate()
    assert any(next_event(e).is_overdue(today) for e in NrmEpisode.objects.all())
    statuses = set(ServiceReferral.objects.values_list("status", flat=True))
    assert {
        "sent",
        "accepted",
        "declined",
        "no_capacity",
        "withdrawn",
        "engaged",
        "ended",
    } <= statuses
    counts = (NrmEpisode.objects.count(), ServiceReferral.objects.count())
    seed()
    assert (NrmEpisode.objects.count(), ServiceReferral.objects.count()) == counts
