from django.contrib import admin

from reporting.models import ActionPlanItem, ReportRun, TrainingSession


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    """Read-only: runs are made by the reports page and kept as made."""

    list_display = ["period_code", "audience", "status", "requested_by", "created_at"]
    list_filter = ["audience", "status"]
    exclude = ["snapshot"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["delivered_on", "topics", "audience_type", "attendees"]


@admin.register(ActionPlanItem)
class ActionPlanItemAdmin(admin.ModelAdmin):
    list_display = ["year", "strand", "kind", "goal", "status"]
