"""Reads, always filtered by what the user may see.

Who sees which NRM episodes (the tracker, the case panel):

- the Modern Slavery Lead sees every episode;
- other staff (frontline workers, agency leads, SERAC roles) with an agency see
  the episodes of cases they may see (``case_list_visible_to``: raised by or
  shared with their agency, or in a SERAC window), and no others: a First
  Responder whose access to the case ended no longer sees its episodes;
- board members, administrators and anyone without an agency see none (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.models import Case
from cases.permissions import can_work_case, is_lead
from cases.selectors import case_list_visible_to, user_may_see_case
from referrals import clocks
from referrals.models import (
    DutyToNotifyFlag,
    EpisodeState,
    NrmEpisode,
    ServiceReferral,
)
from referrals.states import NRM_EPISODE

S = EpisodeState


def can_use_tracker(user) -> bool:
    return is_lead(user) or (bool(getattr(user, "agency_id", None)) and can_work_case(user))


def can_print_prompt_sheet(user) -> bool:
    """First Responder staff and the Lead print the NRM prompt sheet."""
    if is_lead(user):
        return True
    agency = getattr(user, "agency", None)
    return bool(agency and agency.is_first_responder and can_work_case(user))


def episodes_visible_to(*, user) -> QuerySet[NrmEpisode]:
    if not user.is_authenticated or not can_use_tracker(user):
        return NrmEpisode.objects.none()
    episodes = NrmEpisode.objects.all()
    if is_lead(user):
        return episodes
    return episodes.filter(case__in=case_list_visible_to(user=user).values("pk"))


def episode_get_for_user(*, user, case: Case, pk: int) -> NrmEpisode:
    try:
        return (
            episodes_visible_to(user=user)
            .select_related("case", "person", "first_responder_agency", "first_responder_officer")
            .get(case=case, pk=pk)
        )
    except NrmEpisode.DoesNotExist:
        raise Http404("No NRM episode found") from None


@dataclass(frozen=True)
class NextEvent:
    label: str
    on: date | None

    def is_overdue(self, today: date) -> bool:
        return self.on is not None and self.on < today


def next_event(episode: NrmEpisode) -> NextEvent:
    """What is expected next on the episode and when (None when no clock runs)."""
    state = episode.state
    if state == S.CONSENT_PENDING:
        return NextEvent("Consent conversation", None)
    if state == S.CONSENT_GIVEN:
        return NextEvent("NRM referral submitted by a First Responder", None)
    if state == S.CONSENT_DECLINED:
        return NextEvent("Duty to Notify submitted", None)
    if state == S.AWAITING_RG:
        return NextEvent("Reasonable Grounds decision expected", episode.rg_expected_on)
    if state == S.RG_NEGATIVE:
        return NextEvent("Reconsideration requested, or exit", None)
    if state in (S.RG_RECONSIDERATION, S.CG_RECONSIDERATION):
        return NextEvent("Reconsidered decision", None)
    if state == S.RECOVERY_PERIOD:
        return NextEvent("Recovery period ends", episode.recovery_period_ends_on)
    if state == S.AWAITING_CG:
        if episode.submitted_on:
            today = timezone.localdate()
            for days in clocks.awaiting_cg_alert_days():
                alert_on = episode.submitted_on + timedelta(days=days)
                if alert_on >= today:
                    return NextEvent(
                        f"Conclusive Grounds decision (waiting review at {days} days)", alert_on
                    )
            last = clocks.awaiting_cg_alert_days()[-1:]
            if last:
                return NextEvent(
                    f"Conclusive Grounds decision (waiting over {last[0]} days)",
                    episode.submitted_on + timedelta(days=last[0]),
                )
        return NextEvent("Conclusive Grounds decision", None)
    if state == S.CG_NEGATIVE:
        return NextEvent("Short move-on support, or reconsideration", None)
    if state in (S.MOVE_ON, S.SHORT_MOVE_ON):
        return NextEvent("Move-on support ends", episode.move_on_ends_on)
    if state == S.EXTENDED_SUPPORT:
        return NextEvent(
            "Extended support ends", episode.support_extended_until or episode.move_on_ends_on
        )
    return NextEvent("Nothing: closed", None)


def episode_started_on(episode: NrmEpisode) -> date:
    return (
        episode.submitted_on
        or episode.consent_referral_on
        or timezone.localdate(episode.created_at)
    )


AGE_FILTERS = {
    "under_3": ("Under 3 months", 0, 91),
    "3_to_6": ("3 to 6 months", 91, 182),
    "6_to_12": ("6 to 12 months", 182, 365),
    "over_12": ("12 months or more", 365, None),
}


@dataclass
class TrackerRow:
    episode: NrmEpisode
    age_days: int
    next: NextEvent
    overdue: bool


def nrm_tracker(*, user, state: str = "", agency_id: int | None = None, age: str = "") -> dict:
    """Open episodes the user may see, filtered, with totals for the top of the page."""
    today = timezone.localdate()
    episodes = (
        episodes_visible_to(user=user)
        .filter(state__in=NRM_EPISODE.open_states)
        .select_related("case", "person", "first_responder_agency")
        .order_by("submitted_on", "created_at", "pk")
    )
    if state:
        episodes = episodes.filter(state=state)
    if agency_id:
        episodes = episodes.filter(
            Q(first_responder_agency_id=agency_id)
            | Q(first_responder_agency__isnull=True, case__raised_by_agency_id=agency_id)
        )
    rows = []
    for episode in episodes:
        started = episode_started_on(episode)
        age_days = (today - started).days
        if age in AGE_FILTERS:
            _, low, high = AGE_FILTERS[age]
            if age_days < low or (high is not None and age_days >= high):
                continue
        event = next_event(episode)
        rows.append(TrackerRow(episode, age_days, event, event.is_overdue(today)))
    by_state = {}
    for row in rows:
        by_state[row.episode.state] = by_state.get(row.episode.state, 0) + 1
    dtn_flags = dtn_flags_visible_to(user=user)
    return {
        "rows": rows,
        "total": len(rows),
        "overdue": sum(row.overdue for row in rows),
        "by_state": [(EpisodeState(key).label, count) for key, count in sorted(by_state.items())],
        "dtn_flags": dtn_flags,
    }


def dtn_flags_visible_to(*, user) -> list[DutyToNotifyFlag]:
    """Unresolved Duty to Notify flags: the Lead's to act on."""
    if not is_lead(user):
        return []
    return list(
        DutyToNotifyFlag.objects.filter(resolved_at=None).select_related("case").order_by("due_on")
    )


def episodes_for_case(*, user, case: Case) -> list[NrmEpisode]:
    """Every episode of ``case``, which the caller has already fetched with
    ``case_get_for_user``: whoever may see a case sees all of its episodes."""
    if not user_may_see_case(user=user, case=case):
        return []
    return list(
        NrmEpisode.objects.filter(case=case)
        .select_related("person", "first_responder_agency")
        .prefetch_related("reconsiderations")
        .order_by("created_at", "pk")
    )


def service_referrals_for_case(*, case: Case) -> list[ServiceReferral]:
    """For a case the caller has already checked the user may see."""
    return list(
        ServiceReferral.objects.filter(case=case).select_related("person", "service", "sent_by")
    )


def dashboard_counts(*, user) -> dict:
    if not can_use_tracker(user):
        return {}
    today = timezone.localdate()
    open_episodes = list(
        episodes_visible_to(user=user)
        .filter(state__in=NRM_EPISODE.open_states)
        .select_related("case")
    )
    overdue = sum(next_event(e).is_overdue(today) for e in open_episodes)
    return {
        "open": len(open_episodes),
        "overdue": overdue,
        "dtn_flags": len(dtn_flags_visible_to(user=user)),
    }
