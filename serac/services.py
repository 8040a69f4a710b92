"""Writes: functions named <entity>_<verb>, keyword-only, with an actor, atomic.

Every change that touches a case writes a line on the case's timeline. Timeline
lines and emails say that SERAC did something, never what was discussed.
"""

import calendar
import logging
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, Max, Q, Value, When
from django.db.models import Case as When_
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Agency, User
from accounts.roles import ROLE_GROUP_NAMES, Role
from cases.models import Case, CaseShare, Person, ShareKind
from cases.services.common import ServiceError, timeline_add
from cases.services.sharing import case_share
from core.outbox import email_deliver_pending, email_queue
from serac.models import (
    ActionStatus,
    AgendaItem,
    AgendaKind,
    MeetingStatus,
    ReferralStatus,
    ResearchReturn,
    SeracAction,
    SeracMeeting,
    SeracMembership,
    SeracMinutes,
    SeracReferral,
)
from serac.selectors import actions_open_from, agenda_items, meeting_previous, risk_rank

logger = logging.getLogger(__name__)


# --- Dates -------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def meeting_next_start_default() -> datetime:
    """When the next meeting would be: the configured number of months after the
    latest one (monthly by default), at the same time; else four weeks from now at 10:00."""
    latest = SeracMeeting.objects.exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at")
    latest = latest.first()
    if latest is not None:
        local = timezone.localtime(latest.starts_at)
        day = add_months(local.date(), settings.WAYMARK_SERAC_MEETING_EVERY_MONTHS)
        naive = datetime.combine(day, local.time().replace(tzinfo=None))
    else:
        naive = datetime.combine(timezone.localdate() + timedelta(days=28), datetime.min.time())
        naive = naive.replace(hour=10)
    return timezone.make_aware(naive)


def access_ends_on(meeting: SeracMeeting) -> date:
    return meeting.meeting_date + timedelta(days=settings.WAYMARK_SERAC_ACCESS_DAYS_AFTER_MEETING)


def site_url(path: str) -> str:
    return settings.WAYMARK_SITE_URL.rstrip("/") + path


# --- Referrals ---------------------------------------------------------------


def referral_find_previous(
    *, case: Case, person: Person | None, before: datetime | None = None
) -> SeracReferral | None:
    """The person's last SERAC referral within the repeat period (12 months);
    with no person, the case's. None when this is not a repeat."""
    before = before or timezone.now()
    since = add_months(timezone.localtime(before).date(), -settings.WAYMARK_SERAC_REPEAT_MONTHS)
    queryset = SeracReferral.objects.filter(referred_at__lt=before, referred_at__date__gte=since)
    queryset = queryset.filter(person=person) if person else queryset.filter(case=case)
    return queryset.order_by("-referred_at").first()


@transaction.atomic
def referral_create(
    *,
    actor,
    case: Case,
    person: Person | None = None,
    criteria_high_risk: bool = False,
    criteria_significant_indicators: bool = False,
    criteria_escalation: bool = False,
    criteria_repeat: bool = False,
    summary: str,
    consent_given: bool,
    consent_justification: str = "",
) -> SeracReferral:
    if getattr(actor, "agency", None) is None:
        raise ServiceError("Only staff of an agency can refer a case to SERAC")
    if person is not None and not case.case_people.filter(person=person).exists():
        raise ServiceError("Select a person named on this case")
    if not summary.strip():
        raise ServiceError("Enter a summary of why the case needs SERAC")
    if not consent_given and not consent_justification.strip():
        raise ServiceError("Enter why the information is shared without consent")
    now = timezone.now()
    previous = referral_find_previous(case=case, person=person, before=now)
    is_repeat = previous is not None
    if not (
        criteria_high_risk
        or criteria_significant_indicators
        or criteria_escalation
        or criteria_repeat
        or is_repeat
    ):
        raise ServiceError("Select at least one SERAC criterion the case meets")
    referral = SeracReferral.objects.create(
        case=case,
        person=person,
        referring_agency=actor.agency,
        referred_by=actor,
        criteria_high_risk=criteria_high_risk,
        criteria_significant_indicators=criteria_significant_indicators,
        criteria_escalation=criteria_escalation,
        # A detected repeat meets the repeat criterion whether or not it was ticked.
        criteria_repeat=criteria_repeat or is_repeat,
        summary=summary.strip(),
        consent_given=consent_given,
        consent_justification="" if consent_given else consent_justification.strip(),
        is_repeat=is_repeat,
        previous_referral=previous,
        referred_at=now,
    )
    repeat = " (a repeat referral)" if is_repeat else ""
    timeline_add(
        case=case,
        actor=actor,
        kind="serac_referred",
        description=f"Referred to SERAC by {actor.agency.name}{repeat}",
    )
    return referral


def _lock_referral(referral: SeracReferral) -> SeracReferral:
    referral = SeracReferral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != ReferralStatus.REFERRED:
        raise ServiceError("The chair has already decided on this referral")
    return referral


@transaction.atomic
def referral_accept(
    *, actor, referral: SeracReferral, meeting: SeracMeeting | None = None, summary: str = ""
) -> SeracReferral:
    """Accept for an agenda; with ``meeting``, list it on that meeting's agenda now."""
    referral = _lock_referral(referral)
    referral.status = ReferralStatus.ACCEPTED
    referral.decided_by = actor
    referral.decided_at = timezone.now()
    referral.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    timeline_add(
        case=referral.case,
        actor=actor,
        kind="serac_accepted",
        description="SERAC referral accepted by the chair",
    )
    if meeting is not None:
        agenda_add(
            actor=actor,
            meeting=meeting,
            case=referral.case,
            referral=referral,
            summary=summary or referral.summary,
        )
    return referral


@transaction.atomic
def referral_decline(*, actor, referral: SeracReferral, reason: str) -> SeracReferral:
    if not reason.strip():
        raise ServiceError("Enter why the referral is declined")
    referral = _lock_referral(referral)
    referral.status = ReferralStatus.DECLINED
    referral.decline_reason = reason.strip()
    referral.decided_by = actor
    referral.decided_at = timezone.now()
    referral.save(
        update_fields=["status", "decline_reason", "decided_by", "decided_at", "updated_at"]
    )
    timeline_add(
        case=referral.case,
        actor=actor,
        kind="serac_declined",
        description=f"SERAC referral declined by the chair: {referral.decline_reason}",
    )
    return referral


# --- Meetings ----------------------------------------------------------------


def _check_place(place: str, video_link: str) -> None:
    if not place.strip() and not video_link.strip():
        raise ServiceError("Enter the place or the video link for the meeting")


@transaction.atomic
def meeting_create(
    *,
    actor,
    starts_at: datetime,
    place: str = "",
    video_link: str = "",
    chair: User | None = None,
    agencies=(),
) -> SeracMeeting:
    _check_place(place, video_link)
    meeting = SeracMeeting.objects.create(
        starts_at=starts_at,
        place=place.strip(),
        video_link=video_link.strip(),
        chair=chair or actor,
    )
    for agency in agencies:
        SeracMembership.objects.create(meeting=meeting, agency=agency)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor,
    meeting: SeracMeeting,
    starts_at: datetime,
    place: str = "",
    video_link: str = "",
    chair: User | None = None,
    agencies=None,
) -> SeracMeeting:
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    _check_place(place, video_link)
    if meeting.is_circulated and starts_at != meeting.starts_at:
        # Member access was opened until a date worked out from the meeting day.
        raise ServiceError(
            "The agenda has been circulated: the meeting date can no longer change. "
            "Cancel this meeting and schedule another"
        )
    meeting.starts_at = starts_at
    meeting.place = place.strip()
    meeting.video_link = video_link.strip()
    if chair is not None:
        meeting.chair = chair
    meeting.save(update_fields=["starts_at", "place", "video_link", "chair", "updated_at"])
    if agencies is not None:
        wanted = {agency.pk: agency for agency in agencies}
        meeting.memberships.exclude(agency_id__in=wanted).delete()
        existing = set(meeting.memberships.values_list("agency_id", flat=True))
        for agency_id, agency in wanted.items():
            if agency_id not in existing:
                SeracMembership.objects.create(meeting=meeting, agency=agency)
                if meeting.is_circulated:
                    for item in meeting.items.select_related("case"):
                        _open_window(actor=actor, meeting=meeting, case=item.case, agency=agency)
    return meeting


@transaction.atomic
def meeting_record_attendance(
    *,
    actor,
    meeting: SeracMeeting,
    representatives: dict[int, str],
    apologies: set[int],
    confidentiality_agreed: bool,
) -> SeracMeeting:
    """Who represents each member agency, who sent apologies, and whether the
    confidentiality statement was agreed. Keys are agency ids."""
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    for membership in meeting.memberships.all():
        membership.representative = representatives.get(membership.agency_id, "").strip()
        membership.sent_apologies = membership.agency_id in apologies
        membership.save(update_fields=["representative", "sent_apologies", "updated_at"])
    meeting.confidentiality_agreed = confidentiality_agreed
    meeting.save(update_fields=["confidentiality_agreed", "updated_at"])
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: SeracMeeting) -> SeracMeeting:
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.HELD:
        raise ServiceError("A meeting that has been held cannot be cancelled")
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


def _editable(meeting: SeracMeeting) -> None:
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ServiceError(f"The meeting is {meeting.get_status_display().lower()}")


# --- Agenda ------------------------------------------------------------------


def _open_window(*, actor, meeting: SeracMeeting, case: Case, agency: Agency) -> None:
    """Give a member agency access to a listed case until the set days after the
    meeting, unless it already has access at least that long."""
    ends_on = access_ends_on(meeting)
    if ends_on < timezone.localdate():
        return  # the window is already over (a meeting recorded after the event)
    already = CaseShare.objects.filter(case=case, agency=agency, revoked_at__isnull=True).filter(
        models_q_ends_on_covers(ends_on)
    )
    if already.exists():
        return
    case_share(
        actor=actor,
        case=case,
        agency=agency,
        kind=ShareKind.SERAC,
        ends_on=ends_on,
        reason=f"Listed for the SERAC meeting on {meeting.meeting_date:%-d %B %Y}",
    )


def models_q_ends_on_covers(ends_on: date) -> Q:
    return Q(ends_on__isnull=True) | Q(ends_on__gte=ends_on)


def _renumber(meeting: SeracMeeting) -> None:
    for position, item in enumerate(meeting.items.order_by("order", "pk"), start=1):
        if item.order != position:
            AgendaItem.objects.filter(pk=item.pk).update(order=position)


def agenda_sort(*, actor, meeting: SeracMeeting) -> None:
    """Put the agenda in the usual order: repeats first, then highest risk."""
    items = (
        meeting.items.annotate(
            repeat_first=When_(
                When(referral__is_repeat=True, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
            risk_rank=risk_rank(),
        )
        .order_by("repeat_first", "risk_rank", "pk")
        .values_list("pk", flat=True)
    )
    for position, pk in enumerate(list(items), start=1):
        AgendaItem.objects.filter(pk=pk).update(order=position)


@transaction.atomic
def agenda_add(
    *,
    actor,
    meeting: SeracMeeting,
    case: Case,
    summary: str,
    referral: SeracReferral | None = None,
) -> AgendaItem:
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    _editable(meeting)
    if not summary.strip():
        raise ServiceError("Enter a short summary for the agenda")
    if referral is not None:
        referral = SeracReferral.objects.get(pk=referral.pk)
    if referral is not None and referral.status != ReferralStatus.ACCEPTED:
        raise ServiceError("Only an accepted referral can be listed")
    if meeting.items.filter(case=case).exists():
        raise ServiceError(f"{case.reference} is already on this agenda")
    item = AgendaItem.objects.create(
        meeting=meeting,
        case=case,
        referral=referral,
        kind=AgendaKind.REFERRAL if referral else AgendaKind.REVIEW,
        order=(meeting.items.aggregate(last=Max("order"))["last"] or 0) + 1,
        summary=summary.strip(),
    )
    agenda_sort(actor=actor, meeting=meeting)
    timeline_add(
        case=case,
        actor=actor,
        kind="serac_listed",
        description=f"Listed for the SERAC meeting on {meeting.meeting_date:%-d %B %Y}",
    )
    # The chair prepares from the case record; members wait for circulation.
    if meeting.chair.agency_id:
        _open_window(actor=actor, meeting=meeting, case=case, agency=meeting.chair.agency)
    if meeting.is_circulated:
        for membership in meeting.memberships.select_related("agency"):
            _open_window(actor=actor, meeting=meeting, case=case, agency=membership.agency)
    return item


@transaction.atomic
def agenda_remove(*, actor, item: AgendaItem) -> None:
    meeting = SeracMeeting.objects.select_for_update().get(pk=item.meeting_id)
    _editable(meeting)
    if meeting.is_circulated:
        raise ServiceError("The agenda has been circulated: a listed case stays on it")
    case = item.case
    item.delete()
    _renumber(meeting)
    timeline_add(
        case=case,
        actor=actor,
        kind="serac_unlisted",
        description=f"Taken off the SERAC agenda for {meeting.meeting_date:%-d %B %Y}",
    )


@transaction.atomic
def agenda_move(*, actor, item: AgendaItem, up: bool) -> None:
    meeting = SeracMeeting.objects.select_for_update().get(pk=item.meeting_id)
    _renumber(meeting)
    items = list(meeting.items.order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if up else index + 1
    if 0 <= swap < len(items):
        first, second = items[index], items[swap]
        AgendaItem.objects.filter(pk=first.pk).update(order=second.order)
        AgendaItem.objects.filter(pk=second.pk).update(order=first.order)


@transaction.atomic
def agenda_item_update_summary(*, actor, item: AgendaItem, summary: str) -> AgendaItem:
    if not summary.strip():
        raise ServiceError("Enter a short summary for the agenda")
    item.summary = summary.strip()
    item.save(update_fields=["summary", "updated_at"])
    return item


def member_email_addresses(meeting: SeracMeeting) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            agency__in=meeting.memberships.values("agency_id"),
            groups__name=ROLE_GROUP_NAMES[Role.SERAC_MEMBER],
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _send_each(key: str, subject: str, body: str, recipients: list[str]) -> int:
    # One message each, so recipients do not see each other's addresses; queued
    # in the caller's transaction and sent once after it (core.outbox).
    return email_queue(key=key, subject=subject, body=body, recipients=recipients)


@transaction.atomic
def meeting_circulate(*, actor, meeting: SeracMeeting) -> SeracMeeting:
    """Send the agenda to members and open their access to the listed cases."""
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ServiceError("The agenda has already been circulated")
    if not meeting.items.exists():
        raise ServiceError("List at least one case before circulating the agenda")
    memberships = list(meeting.memberships.select_related("agency"))
    if not memberships:
        raise ServiceError("Add the member agencies before circulating the agenda")
    if access_ends_on(meeting) < timezone.localdate():
        raise ServiceError("The meeting is too long ago to circulate its agenda")
    meeting.status = MeetingStatus.CIRCULATED
    meeting.circulated_at = timezone.now()
    meeting.save(update_fields=["status", "circulated_at", "updated_at"])
    for item in meeting.items.select_related("case"):
        for membership in memberships:
            _open_window(actor=actor, meeting=meeting, case=item.case, agency=membership.agency)
    subject = "SERAC agenda circulated"
    body = render_to_string(
        "serac/emails/agenda_circulated.txt",
        {
            "meeting": meeting,
            "url": site_url(meeting.get_absolute_url()),
            "access_days": settings.WAYMARK_SERAC_ACCESS_DAYS_AFTER_MEETING,
        },
    )
    key = f"serac.circulated:{meeting.pk}"
    _send_each(key, subject, body, member_email_addresses(meeting))
    transaction.on_commit(partial(email_deliver_pending, key=key), robust=True)
    return meeting


# --- Research ----------------------------------------------------------------


@transaction.atomic
def research_save(
    *,
    actor,
    item: AgendaItem,
    facts: str,
    opinion: str,
    withheld: str,
    return_it: bool,
) -> ResearchReturn:
    """Save the actor's agency's research on a listed case; ``return_it`` sends
    it to the chair (a returned research can still be corrected before the meeting)."""
    meeting = item.meeting
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ServiceError("Research closes when the meeting has been held")
    if return_it and not (facts.strip() or opinion.strip() or withheld.strip()):
        raise ServiceError("Enter what your agency knows, or what it did not share and why")
    research, _ = ResearchReturn.objects.select_for_update().get_or_create(
        item=item, agency=actor.agency, defaults={"written_by": actor}
    )
    research.facts = facts.strip()
    research.opinion = opinion.strip()
    research.withheld = withheld.strip()
    research.written_by = actor
    if return_it and research.returned_at is None:
        research.returned_at = timezone.now()
    research.save()
    return research


# --- Meeting mode ------------------------------------------------------------


@transaction.atomic
def item_record_discussion(
    *, actor, item: AgendaItem, discussion: str, risks: str, decisions: str
) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError("The meeting was cancelled")
    first_time = item.discussed_at is None
    item.discussion = discussion.strip()
    item.risks = risks.strip()
    item.decisions = decisions.strip()
    item.discussed_at = item.discussed_at or timezone.now()
    item.save(update_fields=["discussion", "risks", "decisions", "discussed_at", "updated_at"])
    if first_time:
        timeline_add(
            case=item.case,
            actor=actor,
            kind="serac_heard",
            description=f"Discussed at the SERAC meeting on {item.meeting.meeting_date:%-d %B %Y}",
        )
    return item


@transaction.atomic
def action_add(
    *,
    actor,
    item: AgendaItem,
    description: str,
    owner_agency: Agency,
    owner: User | None = None,
    due_on: date,
) -> SeracAction:
    if not description.strip():
        raise ServiceError("Enter what the action is")
    if owner is not None and owner.agency_id != owner_agency.pk:
        raise ServiceError(f"{owner} is not in {owner_agency.name}: choose someone who is")
    if item.meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError("The meeting was cancelled")
    action = SeracAction.objects.create(
        meeting=item.meeting,
        item=item,
        case=item.case,
        description=description.strip(),
        owner_agency=owner_agency,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    timeline_add(
        case=item.case,
        actor=actor,
        kind="serac_action",
        description=f"SERAC action for {owner_agency.name}, due {due_on:%-d %B %Y}",
    )
    return action


@transaction.atomic
def action_update_status(
    *,
    actor,
    action: SeracAction,
    status: str,
    reason: str = "",
    completed_on: date | None = None,
) -> SeracAction:
    action = SeracAction.objects.select_for_update().get(pk=action.pk)
    if status not in ActionStatus.values:
        raise ServiceError("Select the status of the action")
    reason = reason.strip()
    if status == ActionStatus.NOT_POSSIBLE and not reason:
        raise ServiceError("Enter why the action is not possible")
    action.status = status
    action.not_possible_reason = reason if status == ActionStatus.NOT_POSSIBLE else ""
    if status == ActionStatus.DONE:
        action.completed_on = completed_on or timezone.localdate()
        if action.completed_on > timezone.localdate():
            raise ServiceError("The date the action was done must be today or in the past")
    else:
        action.completed_on = completed_on if status == ActionStatus.NOT_POSSIBLE else None
    action.updated_by = actor
    action.save()
    if status != ActionStatus.OPEN:
        timeline_add(
            case=action.case,
            actor=actor,
            kind="serac_action_updated",
            description=f"SERAC action for {action.owner_agency.name}: "
            f"{action.get_status_display().lower()}",
        )
    return action


@transaction.atomic
def meeting_mark_held(*, actor, meeting: SeracMeeting) -> SeracMeeting:
    """The meeting has taken place: member research closes and the minutes are drafted."""
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.HELD:
        return meeting
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError("The meeting was cancelled")
    if meeting.starts_at > timezone.now():
        raise ServiceError("The meeting has not started yet")
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "updated_at"])
    minutes_draft(actor=actor, meeting=meeting)
    return meeting


# --- Minutes -----------------------------------------------------------------


def minutes_draft_text(*, meeting: SeracMeeting) -> str:
    memberships = list(meeting.memberships.select_related("agency"))
    apologies = [
        m.agency.name + (f" ({m.representative})" if m.representative else "")
        for m in memberships
        if m.sent_apologies
    ]
    text = render_to_string(
        "serac/minutes_draft.txt",
        {
            "meeting": meeting,
            "memberships": memberships,
            "apologies": apologies,
            "items": agenda_items(meeting=meeting),
            "reviewed_actions": actions_open_from(meeting=meeting_previous(meeting=meeting)),
        },
    )
    return text.strip() + "\n"


@transaction.atomic
def minutes_draft(*, actor, meeting: SeracMeeting, replace: bool = False) -> SeracMinutes:
    """Draft the minutes from what was recorded. An approved text is never
    replaced; an edited draft only when ``replace`` is asked for."""
    minutes = SeracMinutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.is_approved:
        raise ServiceError("The minutes are approved and can no longer change")
    if minutes is not None and not replace:
        return minutes
    text = minutes_draft_text(meeting=meeting)
    if minutes is None:
        return SeracMinutes.objects.create(meeting=meeting, text=text)
    minutes.text = text
    minutes.drafted_at = timezone.now()
    minutes.save(update_fields=["text", "drafted_at", "updated_at"])
    return minutes


@transaction.atomic
def minutes_save(*, actor, meeting: SeracMeeting, text: str, approve: bool = False) -> SeracMinutes:
    minutes = (
        SeracMinutes.objects.select_for_update().select_related("meeting").filter(meeting=meeting)
    ).first()
    if minutes is None:
        raise ServiceError("Draft the minutes first")
    if minutes.is_approved:
        raise ServiceError("The minutes are approved and can no longer change")
    if not text.strip():
        raise ServiceError("Enter the minutes")
    if approve and minutes.meeting.status != MeetingStatus.HELD:
        raise ServiceError("Minutes can be approved once the meeting has been held")
    minutes.text = text.strip() + "\n"
    if approve:
        minutes.approved_by = actor
        minutes.approved_at = timezone.now()
    minutes.save()
    return minutes


# --- Reminders ---------------------------------------------------------------


def _action_recipients(action: SeracAction) -> list[str]:
    if action.owner_id and action.owner.email and action.owner.is_active:
        return [action.owner.email]
    return list(
        User.objects.filter(
            is_active=True,
            agency_id=action.owner_agency_id,
            groups__name__in=[
                ROLE_GROUP_NAMES[Role.SERAC_MEMBER],
                ROLE_GROUP_NAMES[Role.AGENCY_LEAD],
            ],
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def action_send_reminders(*, today: date | None = None) -> int:
    """Email the owner of each open action on its due day and again when it is
    overdue: once each, stamped in the same transaction. Returns emails sent."""
    today = today or timezone.localdate()
    sent = 0
    candidates = SeracAction.objects.filter(status=ActionStatus.OPEN, due_on__lte=today).filter(
        models_q_unreminded()
    )
    for action_id in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            action = (
                SeracAction.objects.select_for_update(of=("self",))
                .select_related("owner", "owner_agency")
                .get(pk=action_id)
            )
            if action.status != ActionStatus.OPEN:
                continue
            overdue = action.due_on < today
            if overdue and action.overdue_reminded_at is None:
                subject = "A SERAC action is overdue"
            elif not overdue and action.due_reminded_at is None:
                subject = "A SERAC action is due today"
            else:
                continue
            body = render_to_string(
                "serac/emails/action_reminder.txt",
                {
                    "action": action,
                    "overdue": overdue,
                    "url": site_url(reverse("serac:action_update", args=[action.pk])),
                },
            )
            now = timezone.now()
            # An action first seen already overdue gets the overdue reminder only.
            action.due_reminded_at = action.due_reminded_at or now
            if overdue:
                action.overdue_reminded_at = now
            action.save(update_fields=["due_reminded_at", "overdue_reminded_at", "updated_at"])
            kind = "overdue" if overdue else "due"
            sent += _send_each(
                f"serac.action_{kind}:{action.pk}:{action.due_on}",
                subject,
                body,
                _action_recipients(action),
            )
    email_deliver_pending()
    return sent


def models_q_unreminded() -> Q:
    return Q(due_reminded_at__isnull=True) | Q(overdue_reminded_at__isnull=True)
