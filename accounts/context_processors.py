from django.conf import settings

from accounts.navigation import nav_items_for


def navigation(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "waymark_demo": settings.WAYMARK_DEMO,
        "nav_items": nav_items_for(user, request.path) if signed_in else [],
    }
