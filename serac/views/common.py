"""What SERAC's pages share: fetch-and-authorise helpers and case-read logging."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from cases.models import AccessAction
from cases.services.common import access_log_record_many
from serac.models import (
    AgendaItem,
    SeracMinutes,
)
from serac.selectors import (
    is_serac_admin,
    may_see_meeting_cases,
    meeting_get_for_user,
    research_mark_withheld,
)


def _log_case_reads(request, cases, what: str) -> None:
    """SERAC pages show case details: each read is on the case's access log
    (one row per case, in one insert)."""
    access_log_record_many(
        user=request.user, action=AccessAction.VIEW_CASE, request=request, cases=cases, detail=what
    )


def _log_case_list(request, cases, what: str) -> None:
    """A SERAC list names cases (a reference, a risk): one "saw it in a
    list" row per case, as the case list writes."""
    access_log_record_many(
        user=request.user, action=AccessAction.VIEW_LIST, request=request, cases=cases, detail=what
    )


def _require(condition: bool) -> None:
    if not condition:
        raise Http404


def _meeting_for(request, pk, *, admin=False):
    """Fetch-and-authorise: a meeting this user may see (and run, with
    ``admin``: running a meeting shows its cases, so the window rule holds)."""
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    if admin:
        _require(is_serac_admin(request.user) and may_see_meeting_cases(request.user, meeting))
    return meeting


def _research_shown_to(request, items) -> None:
    """Mark on each research return whether its "not shared" note is for this user."""
    for item in items:
        research_mark_withheld(user=request.user, returns=item.research.all())


def _minutes_of(meeting) -> SeracMinutes | None:
    return SeracMinutes.objects.filter(meeting=meeting).select_related("approved_by").first()


def _item_for(meeting, item_pk) -> AgendaItem:
    return get_object_or_404(meeting.items.select_related("case", "referral"), pk=item_pk)
