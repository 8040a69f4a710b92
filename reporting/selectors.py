"""Reads, always filtered by what the user may see.

Reports are for the Modern Slavery Lead (every audience) and partnership board
members (board-audience reports only). Nobody else sees that they exist.
"""

from django.http import Http404

from accounts.roles import Role
from accounts.selectors import user_has_role
from cases.permissions import is_lead
from reporting.disclosure import AUDIENCES, BOARD
from reporting.models import (
    ActionPlanItem,
    Ambassador,
    AwarenessEvent,
    CaseStudy,
    CaseStudyStatus,
    ElearningCompletion,
    ReportRun,
    TrainingSession,
    TransitionPanelDiscussion,
)


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


def may_approve(user) -> bool:
    """Another Lead or the SERAC chair approves a case study."""
    return is_lead(user) or user_has_role(user, Role.SERAC_CHAIR)


def _lead_only(user, queryset):
    """The partnership's records are the Lead's to keep: anyone else gets 404."""
    if not can_manage_inputs(user):
        raise Http404
    return queryset


def ambassadors_for(*, user):
    return _lead_only(
        user, Ambassador.objects.select_related("agency", "user").order_by("name", "pk")
    )


def events_for(*, user):
    return _lead_only(user, AwarenessEvent.objects.all())


def elearning_for(*, user):
    return _lead_only(user, ElearningCompletion.objects.select_related("agency"))


def transition_panel_for(*, user):
    return _lead_only(user, TransitionPanelDiscussion.objects.select_related("case", "agency"))


def case_studies_for(*, user):
    """The Lead sees every study; the SERAC chair sees those waiting for
    approval or approved (to approve them), never which case they came from."""
    studies = CaseStudy.objects.select_related("written_by", "approved_by")
    if is_lead(user):
        return studies.select_related("case")
    if user.is_authenticated and may_approve(user):
        return studies.filter(status__in=[CaseStudyStatus.SUBMITTED, CaseStudyStatus.APPROVED])
    raise Http404


def case_study_get_for_user(*, user, pk: int) -> CaseStudy:
    study = case_studies_for(user=user).filter(pk=pk).first()
    if study is None:
        raise Http404
    return study
