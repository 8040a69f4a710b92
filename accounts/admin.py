from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import AccountEvent, Agency, User
from accounts.services import two_factor_reset


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "agency_type", "service_area", "is_first_responder", "is_active"]
    list_filter = ["agency_type", "service_area", "is_first_responder", "is_active"]
    search_fields = ["name"]
    exclude = ["group"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_active"]
    list_filter = ["agency", "groups", "is_active"]
    fieldsets = DjangoUserAdmin.fieldsets + (("Waymark", {"fields": ("agency", "job_title")}),)
    actions = ["reset_two_factor"]

    @admin.action(permissions=["change"], description="Reset two-factor sign-in")
    def reset_two_factor(self, request, queryset):
        """For someone who has lost their phone or key and their recovery
        codes: they set up a new second factor at their next sign-in. Check
        who is asking first (call them back on a number you already hold)."""
        for user in queryset:
            two_factor_reset(actor=request.user, user=user, request=request)
        count = queryset.count()
        self.message_user(
            request,
            f"Two-factor sign-in reset for {count} account{'s' if count != 1 else ''}. "
            "They will set it up again when they next sign in",
            messages.SUCCESS,
        )


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """Changes to how people sign in, read-only: the database refuses edits."""

    list_display = ["created_at", "actor", "kind", "username", "detail", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
