"""The agenda: listing cases in order, and circulating it, which opens the access window."""

from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, Max, Q, Value, When
from django.db.models import Case as When_
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Agency, User
from accounts.roles import ROLE_GROUP_NAMES, Role
from cases.models import Case, CaseShare, ShareKind, TimelineKind
from cases.services.common import timeline_add
from cases.services.sharing import case_share
from core.dates import long_date
from core.errors import ServiceError
from core.notifications import queue_each, send_queued, site_url
from governance.selectors import agreement_current_for, serac_referral_disclosure
from serac.models import (
    AgendaItem,
    AgendaKind,
    ReferralStatus,
    SeracMeeting,
    SeracReferral,
)
from serac.selectors import risk_rank
from serac.services.common import (
    _check_runs_serac,
    _editable,
    access_ends_on,
    meeting_transition,
)
from serac.states import MEETING

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
    meeting_day = long_date(meeting.meeting_date)
    # A window is a disclosure to the member agency: it needs a current
    # information-sharing agreement like any other share, and rests on the
    # basis recorded when the case was referred to SERAC.
    if agreement_current_for(agency) is None:
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineKind.SERAC_WINDOW_WITHHELD,
            description=f"{agency.name} was not given access for the SERAC meeting on "
            f"{meeting_day}: it has no current information-sharing agreement",
        )
        return
    referral = serac_referral_disclosure(case=case)
    case_share(
        actor=actor,
        case=case,
        agency=agency,
        kind=ShareKind.SERAC,
        ends_on=ends_on,
        reason=f"Listed for the SERAC meeting on {meeting_day}",
        basis=referral.basis if referral else "",
        basis_note=_window_basis_note(referral),
    )


def _window_basis_note(referral) -> str:
    if referral is None:
        return ""
    note = "The basis recorded when the case was referred to SERAC"
    return f"{note}: {referral.basis_reason}" if referral.basis_reason else note


def models_q_ends_on_covers(ends_on: date) -> Q:
    return Q(ends_on__isnull=True) | Q(ends_on__gte=ends_on)


def _renumber(meeting: SeracMeeting) -> None:
    for position, item in enumerate(meeting.items.order_by("order", "pk"), start=1):
        if item.order != position:
            AgendaItem.objects.filter(pk=item.pk).update(order=position)


def agenda_sort(*, meeting: SeracMeeting) -> None:
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
    agenda_sort(meeting=meeting)
    timeline_add(
        case=case,
        actor=actor,
        kind=TimelineKind.SERAC_LISTED,
        description=f"Listed for the SERAC meeting on {long_date(meeting.meeting_date)}",
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
        kind=TimelineKind.SERAC_UNLISTED,
        description=f"Taken off the SERAC agenda for {long_date(meeting.meeting_date)}",
    )


@transaction.atomic
def agenda_move(*, actor, item: AgendaItem, up: bool) -> None:
    _check_runs_serac(actor)
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


@transaction.atomic
def meeting_circulate(*, actor, meeting: SeracMeeting) -> SeracMeeting:
    """Send the agenda to members and open their access to the listed cases."""
    meeting = SeracMeeting.objects.select_for_update().get(pk=meeting.pk)
    MEETING.check("circulate", record=meeting, actor=actor)
    if not meeting.items.exists():
        raise ServiceError("List at least one case before circulating the agenda")
    memberships = list(meeting.memberships.select_related("agency"))
    if not memberships:
        raise ServiceError("Add the member agencies before circulating the agenda")
    if access_ends_on(meeting) < timezone.localdate():
        raise ServiceError("The meeting is too long ago to circulate its agenda")
    meeting = meeting_transition(
        actor=actor, meeting=meeting, transition="circulate", circulated_at=timezone.now()
    )
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
    # Queued with the circulation; this meeting's emails are sent once it commits.
    key = f"serac.circulated:{meeting.pk}"
    queue_each(key=key, subject=subject, body=body, recipients=member_email_addresses(meeting))
    transaction.on_commit(partial(send_queued, key=key), robust=True)
    return meeting
