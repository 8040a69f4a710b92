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

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from cases.models import Case
from cases.permissions import can_work_case, is_lead
from cases.selectors import user_may_see_case, visible_to
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
    return visible_to(episodes, user=user)


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


TRACKER_PAGE_SIZE = 50


@dataclass
class TrackerRow:
    episode: NrmEpisode
    age_days: int
    next: NextEvent
    overdue: bool


def overdue_condition(today: date) -> Q:
    """``next_event(episode).is_overdue(today)`` as SQL, so the tracker and the
    home page count overdue episodes without loading them (the tests hold the
    two to the same answer for every state)."""
    condition = (
        Q(state=S.AWAITING_RG, rg_expected_on__lt=today)
        | Q(state=S.RECOVERY_PERIOD, recovery_period_ends_on__lt=today)
        | Q(state__in=[S.MOVE_ON, S.SHORT_MOVE_ON], move_on_ends_on__lt=today)
        | Q(state=S.EXTENDED_SUPPORT, support_extended_until__lt=today)
        | Q(state=S.EXTENDED_SUPPORT, support_extended_until=None, move_on_ends_on__lt=today)
    )
    last = clocks.awaiting_cg_alert_days()[-1:]
    if last:
        # Overdue once the last waiting review has passed (see next_event).
        condition |= Q(state=S.AWAITING_CG, submitted_on__lt=today - timedelta(days=last[0]))
    return condition


def _started_on():
    """``episode_started_on`` as SQL."""
    return Coalesce("submitted_on", "consent_referral_on", TruncDate("created_at"))


def open_episodes_visible_to(*, user) -> QuerySet[NrmEpisode]:
    return episodes_visible_to(user=user).filter(state__in=NRM_EPISODE.open_states)


def nrm_tracker(
    *,
    user,
    state: str = "",
    agency_id: int | None = None,
    age: str = "",
    page: int | str | None = 1,
) -> dict:
    """Open episodes the user may see, filtered, one page at a time, with totals
    for the top of the page. Counted in SQL: one grouped query gives the total,
    the overdue and the count in each state; one more reads the page's rows."""
    today = timezone.localdate()
    episodes = open_episodes_visible_to(user=user)
    if state:
        episodes = episodes.filter(state=state)
    if agency_id:
        # The raising agency's cases as a subquery of ids: written as a join,
        # the OR across the two tables made PostgreSQL read every case.
        raised = Case.objects.filter(raised_by_agency_id=agency_id).values("pk")
        episodes = episodes.filter(
            Q(first_responder_agency_id=agency_id)
            | Q(first_responder_agency__isnull=True, case__in=raised)
        )
    if age in AGE_FILTERS:
        _, low, high = AGE_FILTERS[age]
        episodes = episodes.alias(started=_started_on()).filter(
            started__lte=today - timedelta(days=low)
        )
        if high is not None:
            episodes = episodes.filter(started__gt=today - timedelta(days=high))
    counts = list(
        episodes.order_by()
        .values("state")
        .annotate(count=Count("pk"), overdue=Count("pk", filter=overdue_condition(today)))
        .order_by("state")
    )
    total = sum(row["count"] for row in counts)
    order = ("submitted_on", "created_at", "pk")
    paginator = Paginator(episodes.order_by(*order), TRACKER_PAGE_SIZE)
    paginator.count = total  # already counted above: no second COUNT(*)
    page_obj = paginator.get_page(page)
    # The page's ids first (a subquery), then their case, person and agency:
    # joining those for every open episode before the limit cost most of the page.
    page_obj.object_list = list(
        NrmEpisode.objects.filter(pk__in=page_obj.object_list.values("pk"))
        .select_related("case", "person", "first_responder_agency")
        .order_by(*order)
    )
    rows = []
    for episode in page_obj.object_list:
        event = next_event(episode)
        age_days = (today - episode_started_on(episode)).days
        rows.append(TrackerRow(episode, age_days, event, event.is_overdue(today)))
    dtn_flags = dtn_flags_visible_to(user=user)
    return {
        "rows": rows,
        "page": page_obj,
        "total": total,
        "overdue": sum(row["overdue"] for row in counts),
        "by_state": [(EpisodeState(row["state"]).label, row["count"]) for row in counts],
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
    return case_episodes(case=case)


def case_episodes(*, case: Case) -> list[NrmEpisode]:
    """Every episode of a case the caller has already checked the user may see,
    read once per request (the NRM and support-service panels share it)."""
    cached = getattr(case, "_nrm_episodes", None)
    if cached is None:
        cached = list(
            NrmEpisode.objects.filter(case=case)
            .select_related("person", "first_responder_agency")
            .prefetch_related("reconsiderations")
            .order_by("created_at", "pk")
        )
        for episode in cached:
            episode.case = case  # its links name the case: no query per row
        case._nrm_episodes = cached
    return cached


def service_referrals_for_case(*, case: Case) -> list[ServiceReferral]:
    """For a case the caller has already checked the user may see."""
    return list(
        ServiceReferral.objects.filter(case=case).select_related("person", "service", "sent_by")
    )


def dashboard_counts(*, user) -> dict:
    """The home page's NRM panel: open and overdue episodes in one query."""
    if not can_use_tracker(user):
        return {}
    today = timezone.localdate()
    counts = open_episodes_visible_to(user=user).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=overdue_condition(today))
    )
    flags = DutyToNotifyFlag.objects.filter(resolved_at=None).count() if is_lead(user) else 0
    return {"open": counts["open"], "overdue": counts["overdue"], "dtn_flags": flags}
