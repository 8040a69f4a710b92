"""Reads, always filtered by what the user may see.

Reports are for the Modern Slavery Lead (every audience) and partnership board
members (board-audience reports only). Nobody else sees that they exist.
"""

from django.http import Http404

from accounts.roles import Role
from accounts.selectors import user_has_role
from cases.permissions import is_lead
from reporting.disclosure import AUDIENCES, BOARD
from reporting.models import ActionPlanItem, ReportRun, TrainingSession


def audiences_for(user) -> list[str]:
    """The report audiences a user may generate and download."""
    if not user.is_authenticated:
        return []
    if is_lead(user):
        return list(AUDIENCES)
    if user_has_role(user, Role.BOARD_MEMBER):
        return [BOARD]
    return []


def can_manage_inputs(user) -> bool:
    """Training sessions and the action plan are kept by the Modern Slavery Lead."""
    return is_lead(user)


def report_runs_visible_to(*, user):
    return ReportRun.objects.filter(audience__in=audiences_for(user)).select_related("requested_by")


def report_run_get_for_user(*, user, public_id) -> ReportRun:
    run = report_runs_visible_to(user=user).filter(public_id=public_id).first()
    if run is None:
        raise Http404
    return run


def training_sessions_for(*, user):
    if not can_manage_inputs(user):
        raise Http404
    return TrainingSession.objects.all()


def action_plan_items_for(*, user):
    if not can_manage_inputs(user):
        raise Http404
    return ActionPlanItem.objects.all()
