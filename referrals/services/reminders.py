"""The beat task's work: NRM clocks, one-time reminders and the Duty to Notify check.

Every reminder is a row (``NrmReminder``, ``DutyToNotifyFlag``) written in the
same transaction as the email is queued (core.outbox), under a unique
constraint, so a reminder goes out once however often (or concurrently) the
task runs, and once even if a worker dies part-way through sending. Emails
carry a case reference and a link, never a person's details.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import AgencyType, User
from accounts.roles import ROLE_GROUP_NAMES, Role
from cases.models import Case, CaseShare, CaseStatus, TimelineKind
from cases.services.common import timeline_add
from core.dates import long_date
from core.notifications import queue_each, send_queued, site_url
from pathways.models import CasePathway
from pathways.services import pathway_transition
from referrals import clocks
from referrals.models import (
    DutyToNotifyFlag,
    EpisodeState,
    NrmEpisode,
    NrmReminder,
    submitted_q,
)
from referrals.services.nrm.common import follow_episode_clock, nrm_episode_transition
from referrals.states import NRM_EPISODE

#: Agency types that are public authorities, bound by the duty to notify
#: (Modern Slavery Act 2015 s52: police, local authorities, NHS bodies and
#: government agencies such as the GLAA).
PUBLIC_AUTHORITY_TYPES = (
    AgencyType.POLICE,
    AgencyType.LOCAL_AUTHORITY,
    AgencyType.NHS,
    AgencyType.GOVERNMENT,
)


def _lead_emails() -> list[str]:
    return list(
        User.objects.filter(is_active=True, groups__name=ROLE_GROUP_NAMES[Role.MODERN_SLAVERY_LEAD])
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _agency_emails(agency_id) -> list[str]:
    if not agency_id:
        return []
    return list(
        User.objects.filter(is_active=True, agency_id=agency_id)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _link(case: Case, anchor: str = "") -> str:
    return site_url(f"{case.get_absolute_url()}{anchor}")


def _send(key: str, subject: str, body: str, recipients: list[str]) -> int:
    # Queued with the reminder row; send_queued sends it after the commit.
    return queue_each(key=key, subject=subject, body=body, recipients=recipients)


# --- Recovery periods that have run their course --------------------------------------------


def nrm_end_recovery_periods(*, today: date | None = None) -> int:
    """Move episodes whose recovery period has ended to "awaiting CG", and the
    During-NRM pathway with them. Returns how many moved."""
    today = today or timezone.localdate()
    moved = 0
    ids = NrmEpisode.objects.filter(
        state=EpisodeState.RECOVERY_PERIOD, recovery_period_ends_on__lte=today
    ).values_list("pk", flat=True)
    for pk in list(ids):
        with transaction.atomic():
            episode = (
                NrmEpisode.objects.select_for_update()
                .select_related("case", "person")
                .filter(pk=pk, state=EpisodeState.RECOVERY_PERIOD)
                .first()
            )
            if episode is None:
                continue
            episode = nrm_episode_transition(
                actor=None,
                episode=episode,
                transition="recovery_period_ended",
                text=f"recovery period ended on {long_date(episode.recovery_period_ends_on)}; "
                "awaiting the Conclusive Grounds decision",
            )
            case_pathway = CasePathway.objects.filter(
                case=episode.case, pathway_key="during_nrm", state_key="recovery_period"
            ).first()
            if case_pathway is not None:
                case_pathway = pathway_transition(
                    actor=None,
                    case_pathway=case_pathway,
                    transition_key="recovery_period_ended",
                    by_fact=True,
                )
                follow_episode_clock(episode, case_pathway)
            moved += 1
    return moved


# --- One-time reminders ----------------------------------------------------------------------


def _due_reminders(today: date):
    """(episode, kind, due_on, subject line, recipients) for every clock that has come due."""
    episodes = NrmEpisode.objects.filter(state__in=NRM_EPISODE.open_states).select_related("case")
    already = set(
        NrmReminder.objects.filter(episode__in=episodes).values_list("episode_id", "kind")
    )
    alert_days = clocks.awaiting_cg_alert_days()
    warning = timedelta(days=settings.WAYMARK_NRM_MOVE_ON_WARNING_DAYS)
    for episode in episodes.iterator():
        agency = episode.first_responder_agency_id or episode.case.raised_by_agency_id
        candidates = []
        if episode.state == EpisodeState.AWAITING_RG and episode.rg_expected_on:
            candidates.append(
                (
                    "rg_overdue",
                    episode.rg_expected_on + timedelta(days=1),
                    "the Reasonable Grounds decision is overdue",
                    False,
                )
            )
        if episode.state == EpisodeState.AWAITING_CG and episode.recovery_period_ends_on:
            candidates.append(
                (
                    "recovery_ended",
                    episode.recovery_period_ends_on,
                    "the recovery period has ended",
                    False,
                )
            )
        if (
            episode.state in (EpisodeState.RECOVERY_PERIOD, EpisodeState.AWAITING_CG)
            and episode.submitted_on
        ):
            for days in alert_days:
                candidates.append(
                    (
                        f"awaiting_cg_{days}",
                        episode.submitted_on + timedelta(days=days),
                        f"the Conclusive Grounds decision has been awaited for {days} days",
                        True,
                    )
                )
        ends = episode.support_extended_until or episode.move_on_ends_on
        if (
            episode.state
            in (EpisodeState.MOVE_ON, EpisodeState.EXTENDED_SUPPORT, EpisodeState.SHORT_MOVE_ON)
            and ends
        ):
            candidates.append(
                (
                    "move_on_ending",
                    ends - warning,
                    f"move-on support ends on {long_date(ends)}",
                    False,
                )
            )
        for kind, due_on, what, to_lead in candidates:
            if due_on <= today and (episode.pk, kind) not in already:
                recipients = _agency_emails(agency) + (
                    _lead_emails() if to_lead or not agency else []
                )
                yield episode, kind, due_on, what, recipients


def nrm_send_reminders(*, today: date | None = None) -> int:
    """Send each NRM clock reminder that has come due, once. Returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for episode, kind, due_on, what, recipients in list(_due_reminders(today)):
        try:
            with transaction.atomic():
                NrmReminder.objects.create(
                    episode=episode, kind=kind, due_on=due_on, recipients=len(set(recipients))
                )
                reference = episode.case.reference
                subject = f"Waymark: NRM reminder for case {reference}"
                body = (
                    f"On case {reference}, {what}.\n\n"
                    f"Open the case: {_link(episode.case, '#nrm')}\n"
                )
                _send(f"referrals.nrm:{episode.pk}:{kind}:{due_on}", subject, body, recipients)
        except IntegrityError:
            continue  # another run sent it first
        sent += 1
    send_queued()
    return sent


# --- Duty to Notify check -----------------------------------------------------------------


def dtn_cases_to_check():
    """Open cases a public authority is involved in (raised by or shared with),
    with no submitted NRM or Duty to Notify, not yet flagged. Imported cases
    are left out: their triage happened before Waymark."""
    public_share = CaseShare.objects.filter(
        case=OuterRef("pk"),
        revoked_at__isnull=True,
        agency__agency_type__in=PUBLIC_AUTHORITY_TYPES,
    )
    submitted = NrmEpisode.objects.filter(submitted_q(), case=OuterRef("pk"))
    return (
        Case.objects.filter(status=CaseStatus.OPEN, imported_from="")
        .filter(Q(raised_by_agency__agency_type__in=PUBLIC_AUTHORITY_TYPES) | Exists(public_share))
        .exclude(Exists(submitted))
        .exclude(Exists(DutyToNotifyFlag.objects.filter(case=OuterRef("pk"))))
        .annotate(
            triaged_at=Min("concerns__triaged_at"),
            created_on=TruncDate("created_at"),
        )
    )


def dtn_check(*, today: date | None = None) -> int:
    """Flag each overdue case to the Modern Slavery Lead once. Returns how many."""
    today = today or timezone.localdate()
    flagged = 0
    for case in list(dtn_cases_to_check()):
        triaged_on = timezone.localdate(case.triaged_at) if case.triaged_at else case.created_on
        due_on = clocks.dtn_check_due_on(triaged_on)
        if due_on >= today:
            continue
        try:
            with transaction.atomic():
                DutyToNotifyFlag.objects.create(case=case, triaged_on=triaged_on, due_on=due_on)
                timeline_add(
                    case=case,
                    actor=None,
                    kind=TimelineKind.NRM,
                    description="Duty to Notify check: a public authority is involved and no "
                    f"NRM referral or Duty to Notify was recorded by {long_date(due_on)}. "
                    "Flagged to the Modern Slavery Lead.",
                )
                _send(
                    f"referrals.dtn:{case.pk}:{due_on}",
                    f"Waymark: Duty to Notify check on case {case.reference}",
                    f"Case {case.reference} involves a public authority and has no NRM "
                    f"referral or Duty to Notify recorded by {long_date(due_on)}.\n\n"
                    f"Open the case: {_link(case, '#nrm')}\n",
                    _lead_emails(),
                )
        except IntegrityError:
            continue
        flagged += 1
    send_queued()
    return flagged


def nrm_run_clocks(*, today: date | None = None) -> dict:
    """Everything the hourly beat entry does, in order."""
    today = today or timezone.localdate()
    return {
        "recovery_periods_ended": nrm_end_recovery_periods(today=today),
        "reminders_sent": nrm_send_reminders(today=today),
        "dtn_flags": dtn_check(today=today),
    }
