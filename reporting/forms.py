"""Forms validate and present; they never act."""

from django import forms
from django.utils import timezone

from core.fields import GovukDateField, GovukErrorSummaryMixin
from core.forms import GovukFormMixin
from reporting import periods
from reporting.disclosure import AUDIENCES, BOARD
from reporting.models import ActionPlanItem, TrainingSession

CUSTOM = "custom"


class ReportRequestForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    period = forms.ChoiceField(
        label="Period",
        help_text="Financial quarters and years run from April. Cases are counted by the "
        "date the concern was reported.",
        error_messages={"required": "Select the period the report covers"},
    )
    date_from = GovukDateField(
        name="start date",
        label="Start date (only for dates you choose)",
        help_text="For example, 1 4 2025",
        must_be_past=False,
    )
    date_to = GovukDateField(
        name="end date",
        label="End date (only for dates you choose)",
        help_text="For example, 30 6 2025",
        must_be_past=False,
    )
    audience = forms.ChoiceField(
        label="Who is the report for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the report is for"},
    )

    def __init__(self, *args, audiences=(BOARD,), today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["period"].choices = (
            [("", "Choose a period")]
            + [(period.code, period.label) for period in periods.recent_choices(today)]
            + [(CUSTOM, "Dates I choose below")]
        )
        self.fields["audience"].choices = [(a, AUDIENCES[a]) for a in audiences]
        self.fields["audience"].initial = BOARD if BOARD in audiences else audiences[0]
        if len(audiences) == 1:
            self.fields["audience"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        code = data.get("period")
        if code == CUSTOM:
            start, end = data.get("date_from"), data.get("date_to")
            if start is None and "date_from" not in self.errors:
                self.add_error("date_from", "Enter the start date")
            if end is None and "date_to" not in self.errors:
                self.add_error("date_to", "Enter the end date")
            if start and end:
                if end < start:
                    self.add_error(
                        "date_to", "The end date must be the same as or after the start date"
                    )
                else:
                    data["period_obj"] = periods.between(start, end)
        elif code:
            data["period_obj"] = periods.from_code(code)
        return data


class TrainingSessionForm(GovukErrorSummaryMixin, GovukFormMixin, forms.ModelForm):
    delivered_on = GovukDateField(
        name="date of the session", label="Date of the session", required=True
    )

    class Meta:
        model = TrainingSession
        fields = [
            "delivered_on",
            "topics",
            "audience_type",
            "organisations",
            "minutes",
            "attendees",
            "average_rating",
        ]
        labels = {
            "topics": "Topic or topics",
            "audience_type": "Audience",
            "organisations": "Organisations attending (optional)",
            "minutes": "Length in minutes",
            "attendees": "Number of attendees",
            "average_rating": "Average feedback rating out of 5 (optional)",
        }
        help_texts = {"average_rating": "For example, 4.65"}
        widgets = {"audience_type": forms.RadioSelect}
        error_messages = {
            "topics": {"required": "Enter the topic or topics"},
            "audience_type": {"required": "Select the audience"},
            "minutes": {
                "required": "Enter the length of the session in minutes",
                "invalid": "Length must be a whole number of minutes, like 90",
                "min_value": "Length must be at least 1 minute",
            },
            "attendees": {
                "required": "Enter the number of attendees",
                "invalid": "Attendees must be a whole number, like 25",
            },
            "average_rating": {
                "invalid": "Enter the rating as a number from 1 to 5, like 4.65",
                "min_value": "The rating must be 1 or more",
                "max_value": "The rating must be 5 or less",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_type"].choices = [
            c for c in self.fields["audience_type"].choices if c[0]
        ]


class TrainingImportForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="CSV file of training sessions",
        help_text="Columns: date, topics, audience_type, organisations, minutes, attendees, "
        "average_rating. One row is one session.",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 2 MB")
        return upload


class ActionPlanItemForm(GovukErrorSummaryMixin, GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ActionPlanItem
        fields = ["year", "strand", "kind", "goal", "action", "owner", "status", "note"]
        labels = {
            "year": "Plan year",
            "kind": "What is this?",
            "goal": "Goal",
            "action": "Action (optional)",
            "owner": "Owner (optional)",
            "status": "Progress",
            "note": "Note (optional)",
        }
        help_texts = {"year": "The financial year, like 2025-26"}
        widgets = {
            "strand": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "status": forms.RadioSelect,
            "action": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "year": {"required": "Enter the plan year, like 2025-26"},
            "strand": {"required": "Select the strand"},
            "goal": {"required": "Enter the goal"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("strand", "kind", "status"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]

    def clean_year(self):
        try:
            return periods.financial_year(self.cleaned_data["year"]).code
        except periods.PeriodError as error:
            raise forms.ValidationError(str(error)) from None
