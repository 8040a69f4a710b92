"""Forms validate and present; they never act."""

import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from accounts.models import Agency, User
from accounts.roles import ROLE_GROUP_NAMES, Role
from cases.choices import WITHOUT_CONSENT_BASES
from core.dates import is_working_day, long_date
from core.fields import GovukDateField, GovukErrorSummaryMixin
from core.forms import GovukFormMixin
from serac.models import ActionStatus, MeetingStatus, SeracMeeting, ThreatKind

CRITERIA = [
    ("criteria_high_risk", "High risk on professional judgement"),
    ("criteria_significant_indicators", "Significant indicators of exploitation"),
    ("criteria_escalation", "Escalation: the risk or the exploitation is getting worse"),
    ("criteria_repeat", "Repeat: referred to SERAC in the last 12 months"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


class SeracForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    pass


class ReferralForm(SeracForm):
    person = forms.ChoiceField(
        label="Who is the referral about?",
        required=False,
        help_text="Waymark checks whether this person was referred to SERAC in the last 12 months.",
    )
    criteria = forms.MultipleChoiceField(
        label="Which SERAC criteria does the case meet?",
        help_text="Select all that apply.",
        choices=CRITERIA,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    summary = forms.CharField(
        label="Why does this case need SERAC?",
        help_text="The risks, what has been tried, and what you need from other agencies.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Enter why the case needs SERAC"},
    )
    consent = forms.ChoiceField(
        label="Has the person agreed to their information being shared at SERAC?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person agreed to sharing"},
    )
    lawful_basis = forms.ChoiceField(
        label="If not, the lawful basis for sharing without consent",
        choices=WITHOUT_CONSENT_BASES,
        required=False,
        widget=forms.RadioSelect,
    )
    consent_justification = forms.CharField(
        label="If not, why is sharing without consent justified?",
        help_text="For example, the risk of serious harm to the person or to others.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in people}
        self.fields["person"].choices = [("", "The case (no one person)")] + [
            (pk, str(person)) for pk, person in self.people.items()
        ]
        if not self.people:
            self.fields["person"].widget = forms.HiddenInput()
        elif len(self.people) == 1:
            self.fields["person"].initial = next(iter(self.people))

    def clean(self):
        data = super().clean()
        if data.get("consent") == "no" and not data.get("consent_justification", "").strip():
            self.add_error(
                "consent_justification", "Enter why sharing without consent is justified"
            )
        if data.get("consent") == "no" and not data.get("lawful_basis"):
            self.add_error("lawful_basis", "Select the lawful basis for sharing without consent")
        data["person_obj"] = self.people.get(data.get("person") or "")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "person": data["person_obj"],
            **{name: name in data["criteria"] for name, _ in CRITERIA},
            "summary": data["summary"],
            "consent_given": data["consent"] == "yes",
            "consent_justification": data["consent_justification"],
            "lawful_basis": data["lawful_basis"],
        }


def upcoming_meetings():
    return SeracMeeting.objects.filter(
        status__in=[MeetingStatus.SCHEDULED, MeetingStatus.CIRCULATED],
        starts_at__gte=timezone.now() - timezone.timedelta(hours=12),
    ).order_by("starts_at")


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        starts_at = timezone.localtime(obj.starts_at)
        return f"{long_date(starts_at)}, {starts_at:%H:%M}"


class AcceptForm(SeracForm):
    meeting = MeetingChoiceField(
        label="List it on the agenda for (optional)",
        queryset=SeracMeeting.objects.none(),
        required=False,
        empty_label="Not yet: keep it ready for an agenda",
    )
    agenda_summary = forms.CharField(
        label="Short summary for the agenda",
        help_text="Members read this on the agenda. Leave empty to use the referral's summary.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = upcoming_meetings()
        self.fields["meeting"].widget.attrs["class"] = "govuk-select"


class DeclineForm(SeracForm):
    decline_reason = forms.CharField(
        label="Why is the referral declined?",
        help_text="The referring agency reads this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why the referral is declined"},
    )


_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class MeetingForm(SeracForm):
    date = GovukDateField(name="meeting date", must_be_past=False, required=True)
    start_time = forms.CharField(
        label="Start time",
        help_text="24-hour clock, for example 10:00",
        max_length=5,
        error_messages={"required": "Enter the start time"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    not_a_working_day_confirmed = forms.BooleanField(
        label="Meet on this date even though it is a weekend or a bank holiday",
        required=False,
    )
    place = forms.CharField(label="Place", required=False, max_length=300)
    video_link = forms.URLField(
        label="Video link",
        assume_scheme="https",
        required=False,
        max_length=500,
        error_messages={"invalid": "Enter the video link as a web address, starting https://"},
    )
    chair = forms.ModelChoiceField(
        label="Chair",
        queryset=User.objects.none(),
        empty_label="Choose who chairs the meeting",
        error_messages={"required": "Select who chairs the meeting"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Member agencies",
        help_text="Their SERAC members see the agenda, research and minutes of this meeting.",
        queryset=Agency.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the member agencies"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(
            is_active=True,
            groups__name__in=[
                ROLE_GROUP_NAMES[Role.SERAC_CHAIR],
                ROLE_GROUP_NAMES[Role.MODERN_SLAVERY_LEAD],
            ],
        ).distinct()
        self.fields["chair"].widget.attrs["class"] = "govuk-select"

    @staticmethod
    def initial_for(meeting: SeracMeeting) -> dict:
        local = timezone.localtime(meeting.starts_at)
        return {
            "date": local.date(),
            "start_time": f"{local:%H:%M}",
            "place": meeting.place,
            "video_link": meeting.video_link,
            "chair": meeting.chair_id,
            "agencies": list(meeting.memberships.values_list("agency_id", flat=True)),
        }

    def clean_start_time(self):
        match = _TIME.match(self.cleaned_data["start_time"].strip())
        if not match:
            raise forms.ValidationError("Enter the start time as hours and minutes, like 10:00")
        return time(int(match[1]), int(match[2]))

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("place", "").strip() and not data.get("video_link"):
            self.add_error("place", "Enter the place or the video link for the meeting")
        day = data.get("date")
        if day and not is_working_day(day) and not data.get("not_a_working_day_confirmed"):
            what = "a bank holiday" if day.weekday() < 5 else f"a {day:%A}"
            self.add_error(
                "date",
                f"{long_date(day)} is {what}. Choose a working day, or tick the box below "
                "to meet on that day anyway",
            )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": timezone.make_aware(datetime.combine(data["date"], data["start_time"])),
            "place": data["place"],
            "video_link": data["video_link"],
            "chair": data["chair"],
            "agencies": list(data["agencies"]),
        }


class AttendanceForm(SeracForm):
    """Per member agency: its representative and whether it sent apologies."""

    confidentiality_agreed = forms.BooleanField(
        label="The confidentiality statement was read and agreed by everyone present",
        required=False,
    )

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        for membership in self.memberships:
            self.fields[f"rep_{membership.agency_id}"] = forms.CharField(
                label=f"{membership.agency.name}: representative",
                required=False,
                max_length=200,
                initial=membership.representative,
            )
        self.fields["apologies"] = forms.MultipleChoiceField(
            label="Apologies received from",
            required=False,
            choices=[(str(m.agency_id), m.agency.name) for m in self.memberships],
            widget=forms.CheckboxSelectMultiple,
            initial=[str(m.agency_id) for m in self.memberships if m.sent_apologies],
        )
        # The layout was built before these fields existed (see GovukFormMixin).
        from crispy_forms_gds.layout import Layout

        self.helper.layout = Layout(*self.fields)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "representatives": {
                m.agency_id: data.get(f"rep_{m.agency_id}", "") for m in self.memberships
            },
            "apologies": {int(pk) for pk in data["apologies"]},
            "confidentiality_agreed": data["confidentiality_agreed"],
        }


class AgendaAddForm(SeracForm):
    reference = forms.CharField(
        label="Case reference",
        help_text="For example, MS-2026-00012",
        max_length=20,
        error_messages={"required": "Enter the reference of the case to list"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    summary = forms.CharField(
        label="Short summary for the agenda",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter a short summary for the agenda"},
    )
    referral = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ResearchForm(SeracForm):
    facts = forms.CharField(
        label="Facts your agency holds",
        help_text="What your records show: dates, contacts, events. Keep opinion below.",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10000,
    )
    opinion = forms.CharField(
        label="Your agency's professional opinion",
        help_text="Your assessment of the risks and what would help.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    withheld = forms.CharField(
        label="Anything not shared, and why",
        help_text="For example, information held back to protect an investigation.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class DiscussionForm(SeracForm):
    discussion = forms.CharField(
        label="Discussion", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    risks = forms.CharField(
        label="Risks identified", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decisions = forms.CharField(
        label="Decisions", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ActionForm(SeracForm):
    """An action on an agenda item. Its owners are chosen from ``agencies``
    and ``people`` (``serac.selectors.action_owner_choices``), read once for
    the page: meeting mode shows this form on every item it lists."""

    description = forms.CharField(
        label="What",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Enter what the action is"},
    )
    owner_agency = forms.TypedChoiceField(
        label="Owning agency",
        coerce=int,
        error_messages={
            "required": "Select the agency that owns the action",
            "invalid_choice": "Select one of the meeting's member agencies",
        },
    )
    owner = forms.TypedChoiceField(
        label="Owning person (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Select someone in one of the member agencies"},
    )
    due_on = GovukDateField(name="due date", must_be_past=False, required=True, label="Due date")

    def __init__(self, *args, agencies=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {agency.pk: agency for agency in agencies}
        self.people = {person.pk: person for person in people}
        self.fields["owner_agency"].choices = [("", "Choose an agency")] + [
            (agency.pk, agency.name) for agency in agencies
        ]
        self.fields["owner"].choices = [("", "Anyone in the agency")] + [
            (person.pk, f"{person}, {person.agency.name}" if person.agency_id else str(person))
            for person in people
        ]
        self.fields["owner_agency"].widget.attrs["class"] = "govuk-select"
        self.fields["owner"].widget.attrs["class"] = "govuk-select"

    def clean_owner_agency(self):
        return self.agencies[self.cleaned_data["owner_agency"]]

    def clean_owner(self):
        chosen = self.cleaned_data.get("owner")
        return None if chosen is None else self.people[chosen]

    def clean(self):
        data = super().clean()
        owner, agency = data.get("owner"), data.get("owner_agency")
        if owner and agency and owner.agency_id != agency.pk:
            self.add_error("owner", f"{owner} is not in {agency.name}: choose someone who is")
        if data.get("due_on") and data["due_on"] < timezone.localdate():
            self.add_error("due_on", "The due date must be today or in the future")
        return data


class ActionStatusForm(SeracForm):
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the action"},
    )
    reason = forms.CharField(
        label="If not possible, why",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    completed_on = GovukDateField(
        name="date it was done",
        required=False,
        help_text="Leave empty for today.",
        label="Date it was done (if done)",
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == ActionStatus.NOT_POSSIBLE and not data.get("reason", "").strip():
            self.add_error("reason", "Enter why the action is not possible")
        return data


class MinutesForm(SeracForm):
    text = forms.CharField(
        label="Minutes",
        widget=forms.Textarea(attrs={"rows": 30}),
        error_messages={"required": "Enter the minutes"},
    )


class FiguresForm(SeracForm):
    date_from = GovukDateField(name="start date", must_be_past=False, required=True, label="From")
    date_to = GovukDateField(name="end date", must_be_past=False, required=True, label="To")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data


class EmergingThreatForm(SeracForm):
    kind = forms.ChoiceField(
        label="What is the threat about?",
        choices=ThreatKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the threat is about"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Hand car washes on the ring road",
        error_messages={"required": "Enter a title"},
    )
    summary = forms.CharField(
        label="What has been seen",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="No survivor's name: this item is about no single case",
        error_messages={"required": "Enter what has been seen"},
    )
    discussion = forms.CharField(
        label="Discussion (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decisions = forms.CharField(
        label="Decisions (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExpectedVolumeForm(SeracForm):
    year = forms.CharField(
        label="Financial year",
        max_length=7,
        help_text="Like 2025-26",
        error_messages={"required": "Enter the financial year, like 2025-26"},
    )
    expected_referrals = forms.IntegerField(
        label="Referrals expected in the year",
        min_value=0,
        error_messages={
            "required": "Enter the number of referrals expected",
            "invalid": "Enter a whole number, like 40",
            "min_value": "Enter 0 or more",
        },
    )

    def clean_year(self):
        match = re.fullmatch(r"\s*(\d{4})-(\d{2})\s*", self.cleaned_data["year"])
        if not match or int(match[2]) != (int(match[1]) + 1) % 100:
            raise forms.ValidationError("Enter the financial year like 2025-26")
        return f"{match[1]}-{match[2]}"
