from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "agency_type", "is_first_responder", "is_active"]
    list_filter = ["agency_type", "is_first_responder", "is_active"]
    search_fields = ["name"]
    exclude = ["group"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_active"]
    list_filter = ["agency", "groups", "is_active"]
    fieldsets = DjangoUserAdmin.fieldsets + (("Waymark", {"fields": ("agency", "job_title")}),)
