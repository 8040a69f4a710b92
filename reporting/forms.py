"""Forms validate and present; they never act."""

from django import forms
from django.utils import timezone

from accounts.models import Agency, User
from core.fields import GovukDateField, GovukErrorSummaryMixin
from core.forms import GovukFormMixin
from reporting import periods
from reporting.disclosure import AUDIENCES, BOARD
from reporting.figures import AGE_BAND_CHOICES, BOTH
from reporting.models import (
    ActionPlanItem,
    Ambassador,
    AmbassadorActivity,
    AwarenessEvent,
    TrainingSession,
)

CUSTOM = "custom"


class ReportRequestForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    """Which period, for whom, and which survivor age bands."""

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
    age_bands = forms.ChoiceField(
        label="Survivor age bands",
        choices=list(AGE_BAND_CHOICES.items()),
        initial=BOTH,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, audiences=(BOARD,), today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["period"].choices = (
            [("", "Choose a period")]
            + [
                (period.code, periods.listed_label(period, today))
                for period in periods.recent_choices(today)
            ]
            + [(CUSTOM, "Dates I choose below")]
        )
        self.fields["audience"].choices = [(a, AUDIENCES[a]) for a in audiences]
        self.fields["audience"].initial = BOARD if BOARD in audiences else audiences[0]
        if len(audiences) == 1:
            self.fields["audience"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        # Both sets of bands unless the person chose one.
        data["age_bands"] = data.get("age_bands") or BOTH
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
            "ratings_5",
            "ratings_4",
            "ratings_3",
            "ratings_2",
            "ratings_1",
        ]
        labels = {
            "topics": "Topic or topics",
            "audience_type": "Audience",
            "organisations": "Organisations attending (optional)",
            "minutes": "Length in minutes",
            "attendees": "Number of attendees",
            "average_rating": "Average feedback rating out of 5 (optional)",
            "ratings_5": "Feedback forms rating it 5 (excellent)",
            "ratings_4": "Feedback forms rating it 4",
            "ratings_3": "Feedback forms rating it 3",
            "ratings_2": "Feedback forms rating it 2",
            "ratings_1": "Feedback forms rating it 1 (poor)",
        }
        help_texts = {
            "average_rating": "For example, 4.65. Leave it blank if you count the ratings "
            "below: the average is worked out from them."
        }
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
        for n in range(1, 6):
            field = self.fields[f"ratings_{n}"]
            field.required = False
            field.error_messages["invalid"] = "Enter a whole number of forms, like 12"
            field.widget.attrs["class"] = "govuk-input--width-4"


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


# --- The partnership's records -----------------------------------------------------------------


def _no_blank_choice(form, *names):
    for name in names:
        form.fields[name].choices = [c for c in form.fields[name].choices if c[0]]


class AmbassadorForm(GovukErrorSummaryMixin, GovukFormMixin, forms.ModelForm):
    trained_on = GovukDateField(name="date trained", label="Date trained", required=True)
    refreshed_on = GovukDateField(
        name="date of the last refresher", label="Date of the last refresher (optional)"
    )
    left_on = GovukDateField(
        name="date they stopped",
        label="Date they stopped being an ambassador (optional)",
        must_be_past=False,
    )

    class Meta:
        model = Ambassador
        fields = ["name", "agency", "user", "trained_on", "refreshed_on", "left_on"]
        labels = {
            "name": "Name",
            "agency": "Agency",
            "user": "Their Waymark sign-in (optional)",
        }
        help_texts = {"user": "Give them the Modern Slavery Ambassador role in the admin site"}
        error_messages = {
            "name": {"required": "Enter the ambassador's name"},
            "agency": {"required": "Select the ambassador's agency"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["user"].queryset = User.objects.filter(is_active=True, agency__isnull=False)


class AmbassadorActivityForm(GovukErrorSummaryMixin, GovukFormMixin, forms.ModelForm):
    done_on = GovukDateField(name="date of the activity", label="Date", required=True)

    class Meta:
        model = AmbassadorActivity
        fields = ["done_on", "kind", "description", "sessions", "people_reached", "average_rating"]
        labels = {
            "kind": "What did they do?",
            "description": "Description (optional)",
            "sessions": "Sessions delivered",
            "people_reached": "People reached",
            "average_rating": "Average feedback rating out of 5 (optional)",
        }
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "kind": {"required": "Select what they did"},
            "sessions": {
                "required": "Enter the number of sessions",
                "invalid": "Sessions must be a whole number, like 1",
                "min_value": "Sessions must be at least 1",
            },
            "people_reached": {
                "required": "Enter the number of people reached",
                "invalid": "People reached must be a whole number, like 30",
            },
            "average_rating": {
                "invalid": "Enter the rating as a number from 1 to 5, like 4.65",
                "min_value": "The rating must be 1 or more",
                "max_value": "The rating must be 5 or less",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_blank_choice(self, "kind")


class RecordsImportForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="CSV file of ambassadors",
        help_text="Columns: name, agency, date trained, last refresher, and optionally date "
        "left. One row is one ambassador; agencies are named as in Waymark.",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 2 MB")
        return upload


class EventForm(GovukErrorSummaryMixin, GovukFormMixin, forms.ModelForm):
    held_on = GovukDateField(name="date of the event", label="Date", required=True)

    class Meta:
        model = AwarenessEvent
        fields = ["name", "held_on", "kind", "audience", "attendees", "partners"]
        labels = {
            "name": "Name of the event or campaign",
            "kind": "Kind of event",
            "audience": "Audience (optional)",
            "attendees": "Number of attendees",
            "partners": "Partners involved (optional)",
        }
        help_texts = {"audience": "For example, the public, businesses or students"}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the name of the event"},
            "kind": {"required": "Select the kind of event"},
            "attendees": {
                "required": "Enter the number of attendees",
                "invalid": "Attendees must be a whole number, like 120",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_blank_choice(self, "kind")


class ElearningForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        error_messages={"required": "Select the agency"},
    )
    course = forms.CharField(
        label="Course",
        max_length=200,
        initial="Modern slavery awareness (e-learning)",
        error_messages={"required": "Enter the course"},
    )
    month = GovukDateField(
        name="month",
        label="Month",
        help_text="Any day in the month, for example 1 4 2025",
        required=True,
    )
    completions = forms.IntegerField(
        label="Completions in the month",
        min_value=0,
        error_messages={
            "required": "Enter the number of completions",
            "invalid": "Completions must be a whole number, like 12",
            "min_value": "Completions must be 0 or more",
        },
    )


class TrainingFeedbackAnswerForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    question = forms.CharField(
        label="Question",
        max_length=200,
        help_text="For example, Would you recommend this training?",
        error_messages={"required": "Enter the question"},
    )
    answer = forms.CharField(
        label="Answer",
        max_length=100,
        help_text="For example, Yes, or 4 for a score",
        error_messages={"required": "Enter the answer"},
    )
    responses = forms.IntegerField(
        label="How many people gave this answer",
        min_value=0,
        error_messages={
            "required": "Enter how many people gave this answer",
            "invalid": "Enter a whole number, like 12",
            "min_value": "Enter 0 or more",
        },
    )


class CaseReferenceField(forms.CharField):
    """A case typed by its reference; the view turns it into a case the user may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value):
        return super().clean(value).strip().upper()


class TransitionPanelForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    discussed_on = GovukDateField(
        name="date of the panel", label="Date of the panel", required=True
    )
    case_reference = CaseReferenceField(
        label="Waymark case reference (if there is a case)",
        help_text="For example, MS-2025-00042",
        required=False,
    )
    reference = forms.CharField(
        label="Presenting agency's reference (if there is no case)",
        help_text="Never a name",
        required=False,
        max_length=100,
    )
    agency = forms.ModelChoiceField(
        label="Presenting agency (optional)",
        queryset=Agency.objects.filter(is_active=True),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not data.get("case_reference") and not data.get("reference"):
            self.add_error(
                "case_reference", "Enter the case reference or the presenting agency's reference"
            )
        return data


class CaseStudyForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    case_reference = CaseReferenceField(
        label="Case reference",
        help_text="The case the study is written from, for example MS-2025-00042. Only you "
        "will see it.",
        error_messages={"required": "Enter the case reference"},
    )
    year = forms.CharField(
        label="Report year",
        help_text="The financial year whose reports show it, like 2025-26",
        max_length=7,
        error_messages={"required": "Enter the report year, like 2025-26"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    text = forms.CharField(
        label="Case study",
        help_text="Write it without names, exact places or dates, or anything else that "
        "could identify the people in it.",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter the case study"},
    )

    def clean_year(self):
        try:
            return periods.financial_year(self.cleaned_data["year"]).code
        except periods.PeriodError as error:
            raise forms.ValidationError(str(error)) from None


class CaseStudySubmitForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    anonymised = forms.BooleanField(
        label="I have removed names, places, dates and anything else that could identify "
        "the people in it",
        error_messages={"required": "Confirm you have anonymised the case study"},
    )


class CaseStudyReturnForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="What needs changing?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what needs changing before it can be approved"},
    )
