"""Forms for the case record: filters, edits, sharing, closing."""

from crispy_forms_gds.layout import Layout
from django import forms
from django.utils import timezone

from accounts.models import Agency
from cases.choices import (
    WITHOUT_CONSENT_BASES,
    CaseOutcome,
    Ethnicity,
    Gender,
    ImmigrationStatus,
    RiskLevel,
)
from cases.models import CaseStatus, ExploitationType
from core.choices import YesNoUnknown
from core.forms import GovukFormMixin, StorableInputMixin


class CaseFilterForm(StorableInputMixin, forms.Form):
    """Filters on the case list; rendered by hand in a GET form."""

    q = forms.CharField(label="Reference or name", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), *CaseStatus.choices]
    )
    agency = forms.ModelChoiceField(
        label="Agency with access",
        required=False,
        queryset=Agency.objects.filter(is_active=True),
        empty_label="Any",
    )
    exploitation_type = forms.ModelChoiceField(
        label="Exploitation type",
        required=False,
        queryset=ExploitationType.objects.filter(is_active=True),
        empty_label="Any",
    )
    risk = forms.ChoiceField(
        label="Risk", required=False, choices=[("", "Any"), *RiskLevel.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("status", "agency", "exploitation_type", "risk"):
            self.fields[name].widget.attrs["class"] = "govuk-select"


class CaseEditForm(GovukFormMixin, forms.Form):
    """The case summary. ``version`` is the version the person opened."""

    summary = forms.CharField(
        label="Summary", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    risk_level = forms.ChoiceField(label="Risk", choices=RiskLevel.choices)
    is_emergency = forms.ChoiceField(
        label="Is anyone in immediate danger?", choices=YesNoUnknown.choices
    )
    child_involved = forms.ChoiceField(label="Is a child involved?", choices=YesNoUnknown.choices)
    adult_at_risk = forms.ChoiceField(
        label="Is an adult at risk (care and support needs)?", choices=YesNoUnknown.choices
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def lawful_basis_field(label: str, *, help_text: str = "") -> forms.ChoiceField:
    """The lawful basis for a disclosure without consent (DPA 2018 Sch 1), as
    every form that shares or keeps a share asks it; governance checks it."""
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=WITHOUT_CONSENT_BASES,
        required=False,
        widget=forms.RadioSelect,
    )


def basis_reason_field(
    label: str = "Why is sharing without consent justified?",
) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ShareForm(GovukFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        empty_label="Choose an agency",
        error_messages={"required": "Select the agency to share this case with"},
    )
    reason = forms.CharField(
        label="Why does this agency need to see the case?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter why you are sharing this case"},
    )
    ends_on = forms.DateField(
        label="Last day of access (optional)",
        help_text="For example, 27/3/2027. Leave empty for no end date.",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the last day of access as a date, like 27/3/2027"},
    )

    lawful_basis = lawful_basis_field(
        "Lawful basis for sharing without consent",
        help_text=(
            "Only if someone named on the case has not consented to sharing with this agency. "
            "Sharing without consent waits for the Modern Slavery Lead's approval."
        ),
    )
    basis_reason = basis_reason_field()
    life_at_risk = forms.BooleanField(
        label="A life is at immediate risk: share now and tell the Lead at once",
        required=False,
    )
    emergency_reason = forms.CharField(
        label="Emergency: why share without a current information-sharing agreement?",
        help_text="Only the Modern Slavery Lead may override a missing agreement. It is audited.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, may_override_agreement=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_override_agreement:
            del self.fields["emergency_reason"]
            self.helper.layout = Layout(*self.fields)

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on and ends_on < timezone.localdate():
            raise forms.ValidationError("The last day of access must be today or in the future")
        return ends_on


class RevokeShareForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is access ending?",
        max_length=1000,
        error_messages={"required": "Enter why access is ending"},
    )


class CloseCaseForm(GovukFormMixin, forms.Form):
    outcomes = forms.MultipleChoiceField(
        label="Outcomes",
        choices=CaseOutcome.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one outcome"},
    )
    note = forms.CharField(
        label="Closing note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenCaseForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the case being reopened?",
        max_length=1000,
        error_messages={"required": "Enter why the case is being reopened"},
    )


class PersonEditForm(GovukFormMixin, forms.Form):
    """A survivor's details. ``version`` is the version the person opened."""

    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = forms.DateField(
        label="Date of birth (optional)",
        help_text="For example, 27/3/1990",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter the date of birth as a date, like 27/3/1990"},
    )
    estimated_age = forms.IntegerField(
        label="Estimated age, if the date of birth is not known",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={"invalid": "Enter the estimated age as a whole number"},
    )
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices)
    ethnicity = forms.ChoiceField(label="Ethnic group", choices=Ethnicity.choices)
    safe_contact_method = forms.CharField(
        label="Safe way to contact them", required=False, max_length=300
    )
    safe_to_leave_message = forms.ChoiceField(
        label="Is it safe to leave a message?", choices=YesNoUnknown.choices
    )
    interpreter_needed = forms.ChoiceField(
        label="Do they need an interpreter?", choices=YesNoUnknown.choices
    )
    immigration_status = forms.ChoiceField(
        label="Immigration status", choices=ImmigrationStatus.choices
    )
    no_recourse_to_public_funds = forms.ChoiceField(
        label="No recourse to public funds?", choices=YesNoUnknown.choices
    )
    care_and_support_needs = forms.ChoiceField(
        label="Care and support needs?", choices=YesNoUnknown.choices
    )
    disability_or_health_condition = forms.ChoiceField(
        label="Disability or health condition?", choices=YesNoUnknown.choices
    )
    pregnant = forms.ChoiceField(label="Pregnant?", choices=YesNoUnknown.choices)
    care_experienced = forms.ChoiceField(label="Care-experienced?", choices=YesNoUnknown.choices)
    dependants_note = forms.CharField(
        label="Other notes about dependants (optional)",
        help_text="Add dependent children one by one on the case page. Note here anything "
        "else, such as adults they care for.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, person) -> dict:
        return {name: getattr(person, name) for name in cls.base_fields}


class DependentChildForm(GovukFormMixin, forms.Form):
    age = forms.IntegerField(
        label="Age in years (optional)",
        help_text="Leave blank if it is not known",
        required=False,
        min_value=0,
        max_value=17,
        error_messages={
            "invalid": "Enter the age as a whole number, like 7",
            "min_value": "The age must be 0 or more",
            "max_value": "A dependent child is under 18: enter an age from 0 to 17",
        },
    )
    in_uk = forms.ChoiceField(
        label="Is the child in the UK?",
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child is in the UK"},
    )
    known_to_childrens_services = forms.ChoiceField(
        label="Is the child known to children's services?",
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether children's services know the child"},
    )
