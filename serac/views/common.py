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
    meeting_get_for_user,
)


def _log_case_reads(request, cases, what: str) -> None:
    """SERAC pages show case details: each read is on the case's access log."""
    access_log_record_many(
        user=request.user,
        action=AccessAction.VIEW_CASE,
        request=request,
        cases=cases,
        detail=what,
    )


def _require(condition: bool) -> None:
    if not condition:
        raise Http404


def _meeting_for(request, pk, *, admin=False):
    """Fetch-and-authorise: a meeting this user may see (and run, with ``admin``)."""
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    if admin:
        _require(is_serac_admin(request.user))
    return meeting


def _minutes_of(meeting) -> SeracMinutes | None:
    return SeracMinutes.objects.filter(meeting=meeting).select_related("approved_by").first()


def _item_for(meeting, item_pk) -> AgendaItem:
    return get_object_or_404(meeting.items.select_related("case", "referral"), pk=item_pk)
