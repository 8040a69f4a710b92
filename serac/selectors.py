"""Reads, always filtered by what the user may see.

- The SERAC chair and the Modern Slavery Lead see all of SERAC.
- A SERAC member whose agency is a member of a meeting sees that meeting: its
  agenda once circulated, research returns, approved minutes and PDFs.
- Anyone else (a worker from a non-member agency, the board, an outsider) gets
  404 for every meeting.
- An action's owning agency sees that action (dashboard, status update).

Case details of a meeting (listed cases, summaries, research, discussion,
minutes, the PDFs) follow one rule, ``may_see_meeting_cases`` (the access
window); every SERAC page and PDF asks it.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Case as When_
from django.db.models import IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from cases.choices import RiskLevel
from cases.models import Case
from cases.permissions import is_lead
from cases.selectors import case_list_visible_to
from serac.models import (
    ActionStatus,
    AgendaItem,
    MeetingStatus,
    ReferralStatus,
    ResearchReturn,
    SeracAction,
    SeracMeeting,
    SeracMembership,
    SeracReferral,
)

# --- Who may do what ---------------------------------------------------------


def is_serac_admin(user) -> bool:
    """The chair and the Modern Slavery Lead see and run all of SERAC."""
    return user.is_authenticated and user_has_role(user, Role.SERAC_CHAIR, Role.MODERN_SLAVERY_LEAD)


def is_serac_member(user) -> bool:
    return (
        user.is_authenticated
        and bool(getattr(user, "agency_id", None))
        and user_has_role(user, Role.SERAC_MEMBER)
    )


def can_use_serac(user) -> bool:
    return is_serac_admin(user) or is_serac_member(user)


def member_of_meeting(user, meeting: SeracMeeting) -> bool:
    """A SERAC member whose agency is a member of this meeting."""
    return is_serac_member(user) and meeting.memberships.filter(agency_id=user.agency_id).exists()


def access_ends_on(meeting: SeracMeeting) -> date:
    """The last day of the access window around ``meeting``."""
    return meeting.meeting_date + timedelta(days=settings.WAYMARK_SERAC_ACCESS_DAYS_AFTER_MEETING)


def may_see_meeting_cases(user, meeting: SeracMeeting, *, today: date | None = None) -> bool:
    """THE SERAC access-window rule: may ``user`` see the case details of
    ``meeting`` (listed cases, summaries, research, discussion, minutes,
    agenda pack, minutes and action log PDFs)?

    - the Modern Slavery Lead: always;
    - the chair of this meeting: always (they keep the SERAC record of the
      meetings they chaired);
    - another SERAC chair: until the window closes (they may stand in);
    - a SERAC member of a member agency: from circulation until the window
      closes (``WAYMARK_SERAC_ACCESS_DAYS_AFTER_MEETING`` days after the meeting).

    After the window a member still sees the meeting's date and their own
    agency's actions, without the case.
    """
    if not user.is_authenticated:
        return False
    if is_lead(user):
        return True
    is_chair = user_has_role(user, Role.SERAC_CHAIR)
    if is_chair and meeting.chair_id == user.pk:
        return True
    within = (today or timezone.localdate()) <= access_ends_on(meeting)
    if is_chair:
        return within
    return within and meeting.is_circulated and member_of_meeting(user, meeting)


def can_see_agenda(user, meeting: SeracMeeting) -> bool:
    """The agenda, research and PDFs: the access window rule."""
    return may_see_meeting_cases(user, meeting)


def may_see_withheld(user, research: ResearchReturn) -> bool:
    """What an agency held back, and why, is for the chair, the Lead and itself."""
    return is_serac_admin(user) or getattr(user, "agency_id", None) == research.agency_id


def research_mark_withheld(*, user, returns) -> None:
    for research in returns:
        research.show_withheld = may_see_withheld(user, research)


def can_write_research(user, meeting: SeracMeeting) -> bool:
    return (
        meeting.is_circulated
        # Research closes when the meeting is held (or cancelled).
        and meeting.status not in (MeetingStatus.CANCELLED, MeetingStatus.HELD)
        and member_of_meeting(user, meeting)
        and may_see_meeting_cases(user, meeting)
    )


def mark_cases_shown(*, user, records, attr: str = "case") -> list:
    """Set ``case_shown`` on each record: may ``user`` open its case? A page
    names a case only where it is true (one query for the lot)."""
    records = list(records)
    ids = {getattr(record, f"{attr}_id") for record in records}
    openable = set(case_list_visible_to(user=user).filter(pk__in=ids).values_list("pk", flat=True))
    for record in records:
        record.case_shown = getattr(record, f"{attr}_id") in openable
    return records


def can_update_action(user, action: SeracAction) -> bool:
    """People of the owning agency, the chair and the Lead."""
    return is_serac_admin(user) or (
        user.is_authenticated and user.agency_id == action.owner_agency_id
    )


# --- Meetings ----------------------------------------------------------------


def meeting_list_visible_to(*, user) -> QuerySet[SeracMeeting]:
    queryset = SeracMeeting.objects.select_related("chair")
    if is_serac_admin(user):
        return queryset
    if is_serac_member(user):
        return queryset.filter(memberships__agency_id=user.agency_id).distinct()
    return queryset.none()


def meeting_get_for_user(*, user, pk: int) -> SeracMeeting:
    try:
        return meeting_list_visible_to(user=user).get(pk=pk)
    except SeracMeeting.DoesNotExist:
        raise Http404("No meeting found") from None


def meetings_upcoming_and_past(*, user) -> tuple[list, list]:
    now = timezone.now()
    visible = meeting_list_visible_to(user=user)
    # A meeting stays "upcoming" until its day is over.
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    upcoming = list(visible.filter(starts_at__gte=start_of_today).order_by("starts_at"))
    past = list(visible.filter(starts_at__lt=start_of_today).order_by("-starts_at")[:24])
    return upcoming, past


def meeting_previous(*, meeting: SeracMeeting) -> SeracMeeting | None:
    return (
        SeracMeeting.objects.filter(starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


def meeting_memberships(*, meeting: SeracMeeting) -> list[SeracMembership]:
    return list(meeting.memberships.select_related("agency"))


def action_owner_choices(*, memberships) -> tuple[list, list]:
    """Who may own an action from the meeting: its member agencies, and the
    active people in them. Read once per page, for every item's action form."""
    agencies = sorted((m.agency for m in memberships), key=lambda agency: agency.name)
    people = list(
        User.objects.filter(is_active=True, agency_id__in=[agency.pk for agency in agencies])
        .select_related("agency")
        .order_by("agency__name", "first_name", "last_name")
    )
    return agencies, people


def agenda_contents(*, meeting: SeracMeeting) -> list[AgendaItem]:
    """Every item of the agenda in order, with its case's reference only: the
    contents of a page that shows some of the items in full."""
    return list(
        meeting.items.select_related("case")
        .only("pk", "order", "meeting_id", "case__reference")
        .order_by("order", "pk")
    )


def agenda_items(*, meeting: SeracMeeting, pks=None) -> list[AgendaItem]:
    """The agenda's items in order, with their cases, research and actions;
    only those in ``pks`` when given."""
    items = meeting.items.all() if pks is None else meeting.items.filter(pk__in=pks)
    return list(
        items.select_related("case", "referral", "referral__referring_agency")
        .prefetch_related(
            Prefetch(
                "research",
                queryset=ResearchReturn.objects.select_related("agency", "written_by"),
            ),
            Prefetch(
                "actions",
                queryset=SeracAction.objects.select_related("owner_agency", "owner"),
            ),
        )
        .order_by("order", "pk")
    )


def research_matrix(*, meeting: SeracMeeting, items: list[AgendaItem], memberships) -> list[dict]:
    """For the chair: per listed case, each member agency's return state."""
    rows = []
    for item in items:
        by_agency = {r.agency_id: r for r in item.research.all()}
        cells = []
        for membership in memberships:
            research = by_agency.get(membership.agency_id)
            if research is None:
                state = "Not started"
            elif research.returned_at:
                state = "Returned"
            else:
                state = "In progress"
            cells.append({"agency": membership.agency, "state": state, "research": research})
        rows.append({"item": item, "cells": cells})
    return rows


# --- Referrals ---------------------------------------------------------------


def risk_rank(field: str = "case__risk_level") -> When_:
    """High risk first, then medium, not assessed, low."""
    return When_(
        When(**{field: RiskLevel.HIGH}, then=Value(0)),
        When(**{field: RiskLevel.MEDIUM}, then=Value(1)),
        When(**{field: RiskLevel.LOW}, then=Value(3)),
        default=Value(2),
        output_field=IntegerField(),
    )


def referral_queue(*, user) -> QuerySet[SeracReferral]:
    """Referrals waiting for the chair, repeats and highest risk first."""
    if not is_serac_admin(user):
        return SeracReferral.objects.none()
    return (
        SeracReferral.objects.filter(status=ReferralStatus.REFERRED)
        .select_related("case", "referring_agency", "referred_by")
        .annotate(risk_rank=risk_rank())
        .order_by("-is_repeat", "risk_rank", "referred_at")
    )


def referrals_ready_for_agenda() -> QuerySet[SeracReferral]:
    """Accepted referrals not yet listed on any agenda: repeats, then highest risk."""
    return (
        SeracReferral.objects.filter(status=ReferralStatus.ACCEPTED, items__isnull=True)
        .select_related("case", "referring_agency")
        .annotate(risk_rank=risk_rank())
        .order_by("-is_repeat", "risk_rank", "referred_at")
    )


def cases_to_review(*, meeting: SeracMeeting):
    """Cases heard at earlier meetings that still have open actions, and not
    already on this agenda: the chair may list them for review."""
    listed = meeting.items.values("case_id")
    # Ids of cases with open actions, not a join: a case with several open
    # actions would otherwise need DISTINCT over every column of the case.
    # Those listed are left out inside that subquery, on the small table: left
    # out of the cases instead, PostgreSQL read every case to check each one.
    with_open_actions = (
        SeracAction.objects.filter(
            status=ActionStatus.OPEN, meeting__starts_at__lt=meeting.starts_at
        )
        .exclude(case_id__in=listed)
        .values("case_id")
    )
    return (
        Case.objects.filter(pk__in=with_open_actions)
        .only("pk", "reference", "risk_level")
        .annotate(risk_rank=risk_rank("risk_level"))
        .order_by("risk_rank", "reference")
    )


def listable_case(*, user, reference: str):
    """A case the chair may list by its reference: one they can see, or one
    already known to SERAC (referred or heard before). Listing shares the case
    with every member agency, so it is never open to any case at all."""
    visible = case_list_visible_to(user=user).values("pk")
    return (
        Case.objects.filter(reference__iexact=reference.strip())
        .filter(Q(pk__in=visible) | Q(serac_referrals__isnull=False) | Q(serac_items__isnull=False))
        .distinct()
        .first()
    )


def referral_get_for_user(*, user, pk: int) -> SeracReferral:
    """The chair and Lead see any referral; the referring agency sees its own."""
    queryset = SeracReferral.objects.select_related(
        "case", "person", "referring_agency", "referred_by", "decided_by", "previous_referral"
    )
    if not is_serac_admin(user):
        if not (user.is_authenticated and user.agency_id):
            raise Http404
        queryset = queryset.filter(
            referring_agency_id=user.agency_id,
            case__in=case_list_visible_to(user=user).values("pk"),
        )
    try:
        return queryset.get(pk=pk)
    except SeracReferral.DoesNotExist:
        raise Http404("No referral found") from None


def referrals_for_case(*, case) -> list[SeracReferral]:
    return list(
        case.serac_referrals.select_related("referring_agency", "person").order_by("-referred_at")
    )


# --- Actions -----------------------------------------------------------------


def actions_for_agency_at(*, meeting: SeracMeeting, user) -> list[SeracAction]:
    """The actions the user's agency owns from this meeting, each marked
    ``case_shown`` (may the user open its case?)."""
    agency_id = getattr(user, "agency_id", None)
    if not agency_id:
        return []
    actions = meeting.actions.filter(owner_agency_id=agency_id).select_related("owner", "case")
    return mark_cases_shown(user=user, records=actions.order_by("due_on", "pk"))


def actions_open_for_agency(*, agency) -> QuerySet[SeracAction]:
    if agency is None:
        return SeracAction.objects.none()
    return (
        SeracAction.objects.filter(owner_agency=agency, status=ActionStatus.OPEN)
        .select_related("case", "owner", "meeting")
        .order_by("due_on", "pk")
    )


def actions_open_from(*, meeting: SeracMeeting | None) -> list[SeracAction]:
    if meeting is None:
        return []
    return list(
        meeting.actions.filter(status=ActionStatus.OPEN)
        .select_related("case", "owner_agency", "owner")
        .order_by("due_on", "pk")
    )


def action_get_for_user(*, user, pk: int) -> SeracAction:
    try:
        action = SeracAction.objects.select_related("case", "owner_agency", "owner", "meeting").get(
            pk=pk
        )
    except SeracAction.DoesNotExist:
        raise Http404("No action found") from None
    if not can_update_action(user, action):
        raise Http404("No action found")
    return action


def actions_for_meeting(*, meeting: SeracMeeting) -> list[SeracAction]:
    return list(
        meeting.actions.select_related("case", "owner_agency", "owner").order_by(
            "case__reference", "due_on", "pk"
        )
    )
