"""Panels the referrals app puts on pages it does not own (case page, dashboard)."""

from django import template
from django.utils import timezone

from cases.models import CasePerson
from cases.permissions import can_work_case
from referrals import selectors
from referrals.models import DutyToNotifyFlag

register = template.Library()


@register.inclusion_tag("referrals/_case_panel.html", takes_context=True)
def nrm_case_panel(context, case):
    """NRM episodes and service referrals on the case page (the case is already
    checked as visible to the user by the case view)."""
    user = context["request"].user
    today = timezone.localdate()
    episodes = selectors.episodes_for_case(user=user, case=case)
    rows = []
    for episode in episodes:
        event = selectors.next_event(episode)
        rows.append({"episode": episode, "next": event, "overdue": event.is_overdue(today)})
    links = list(CasePerson.objects.filter(case=case).select_related("person"))
    return {
        "case": case,
        "rows": rows,
        "links": links,
        "can_work": can_work_case(user),
        "can_print": selectors.can_print_prompt_sheet(user),
        "referrals": selectors.service_referrals_for_case(case=case),
        "dtn_flag": DutyToNotifyFlag.objects.filter(case=case, resolved_at=None).first(),
    }


@register.inclusion_tag("referrals/_dashboard_panel.html", takes_context=True)
def nrm_dashboard_panel(context):
    user = context["request"].user
    return {"counts": selectors.dashboard_counts(user=user), "is_lead": selectors.is_lead(user)}
