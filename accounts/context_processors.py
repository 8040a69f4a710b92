from django.conf import settings

from accounts.navigation import nav_items_for
from accounts.two_factor import second_factor_done


def navigation(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    # Until the second factor is given, no page but the sign-in steps opens, so
    # none is offered.
    fully_signed_in = signed_in and second_factor_done(request)
    return {
        "waymark_demo": settings.WAYMARK_DEMO,
        "nav_items": nav_items_for(user, request.path) if fully_signed_in else [],
        "fully_signed_in": fully_signed_in,
    }
