"""The NRM panel the referrals app puts on the home page."""

from django import template

from referrals import selectors

register = template.Library()


@register.inclusion_tag("referrals/_dashboard_panel.html", takes_context=True)
def nrm_dashboard_panel(context):
    user = context["request"].user
    return {"counts": selectors.dashboard_counts(user=user), "is_lead": selectors.is_lead(user)}
