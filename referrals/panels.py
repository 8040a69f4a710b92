"""The sections referrals puts on the case page (registered in ReferralsConfig.ready)."""

from django.utils import timezone

from cases.models import CasePerson
from cases.permissions import can_change_case
from referrals import selectors
from referrals.eligibility import services_for_case_context
from referrals.models import DutyToNotifyFlag


def support_services_panel(request, case) -> dict:
    """The support directory's services each person on the case can use, by
    their NRM status (which only referrals knows)."""
    return services_for_case_context(case=case)


def nrm_case_panel(request, case) -> dict:
    """NRM episodes and service referrals on the case page (the case is already
    checked as visible to the user by the case view)."""
    user = request.user
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
        "can_work": can_change_case(user, case),
        "can_print": selectors.can_print_prompt_sheet(user),
        "referrals": selectors.service_referrals_for_case(case=case),
        "dtn_flag": DutyToNotifyFlag.objects.filter(case=case, resolved_at=None).first(),
    }
