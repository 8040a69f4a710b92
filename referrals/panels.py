"""The sections referrals puts on the case page (registered in ReferralsConfig.ready)."""

from django.utils import timezone

from cases.permissions import can_change_case
from cases.selectors import case_people_links
from referrals import selectors
from referrals.eligibility import services_for_case_context
from referrals.models import DutyToNotifyFlag


def support_services_panel(request, case) -> dict:
    """The support directory's services each person on the case can use, by
    their NRM status (which only referrals knows)."""
    selectors.case_episodes(case=case)  # read once, for this panel and the NRM panel
    return services_for_case_context(case=case)


def nrm_case_panel(request, case) -> dict:
    """NRM episodes and service referrals on the case page (the case is already
    checked as visible to the user by the case view)."""
    user = request.user
    today = timezone.localdate()
    # The case view has checked the user may see the case: no second check here.
    episodes = selectors.case_episodes(case=case)
    rows = []
    for episode in episodes:
        event = selectors.next_event(episode)
        rows.append({"episode": episode, "next": event, "overdue": event.is_overdue(today)})
    links = case_people_links(case=case)
    return {
        "case": case,
        "rows": rows,
        "links": links,
        "can_work": can_change_case(user, case),
        "can_print": selectors.can_print_prompt_sheet(user),
        "referrals": selectors.service_referrals_for_case(case=case),
        "dtn_flag": DutyToNotifyFlag.objects.filter(case=case, resolved_at=None).first(),
    }
