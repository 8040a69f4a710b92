import pytest
from django.utils import timezone

from serac.models import ActionStatus, MeetingStatus, ResearchReturn, SeracAction, SeracMeeting
from tests.demo_seed import seed_demo_through

pytestmark = pytest.mark.django_db


def test_demo_has_a_past_and_an_upcoming_meeting_once(settings, django_capture_on_commit_callbacks):
    settings.WAYMARK_DEMO = True
    from serac import demo as serac_demo

    seed_demo_through("referrals.demo")
    with django_capture_on_commit_callbacks(execute=True):
        serac_demo.seed()

    past, upcoming = SeracMeeting.objects.order_by("starts_at")
    assert past.status == MeetingStatus.HELD and past.minutes.is_approved
    today = timezone.localdate()
    open_actions = SeracAction.objects.filter(meeting=past, status=ActionStatus.OPEN)
    assert open_actions.filter(due_on__lt=today).count() >= 2
    assert SeracAction.objects.filter(status=ActionStatus.DONE).exists()
    assert upcoming.status == MeetingStatus.CIRCULATED and upcoming.items.count() == 3
    assert upcoming.items.filter(referral__is_repeat=True).exists()
    research = ResearchReturn.objects.filter(item__meeting=upcoming)
    assert research.filter(returned_at__isnull=False).exists()
    assert research.filter(returned_at__isnull=True).exists()
    members = set(upcoming.memberships.values_list("agency__name", flat=True))
    assert "Adavu" not in members and len(members) == 3

    serac_demo.seed()
    assert SeracMeeting.objects.count() == 2
