"""Emerging threats on an agenda, and the referrals the Lead expects a year.

An emerging threat (a location, a business, a pattern across cases) is
discussed with no single case, so listing it opens no case to the members.
"""

from django.db import transaction

from cases.permissions import is_lead
from core.errors import ServiceError
from serac.models import EmergingThreat, ExpectedVolume, MeetingStatus, SeracMeeting
from serac.selectors import is_serac_admin


@transaction.atomic
def emerging_threat_save(
    *,
    actor,
    meeting: SeracMeeting,
    kind: str,
    title: str,
    summary: str,
    discussion: str = "",
    decisions: str = "",
    threat: EmergingThreat | None = None,
) -> EmergingThreat:
    """List an emerging threat on a meeting's agenda, or record what was said
    and decided about it."""
    if not is_serac_admin(actor):
        raise ServiceError("Only the SERAC chair or the Modern Slavery Lead can change the agenda")
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError("The meeting was cancelled")
    threat = threat or EmergingThreat(meeting=meeting, raised_by=actor)
    threat.kind, threat.title, threat.summary = kind, title.strip(), summary.strip()
    threat.discussion, threat.decisions = discussion.strip(), decisions.strip()
    threat.full_clean()
    threat.save()
    return threat


@transaction.atomic
def expected_volume_set(*, actor, year: str, expected_referrals: int) -> ExpectedVolume:
    """The Lead sets how many SERAC referrals a financial year should bring."""
    if not is_lead(actor):
        raise ServiceError("Only the Modern Slavery Lead sets the expected number of referrals")
    volume, _ = ExpectedVolume.objects.select_for_update().get_or_create(
        year=year, defaults={"expected_referrals": expected_referrals, "set_by": actor}
    )
    volume.expected_referrals, volume.set_by = expected_referrals, actor
    volume.full_clean()
    volume.save()
    return volume
