"""The Lead's form for adding or changing a support service. Validates only."""

from django import forms

from core.forms import GovukFormMixin
from directory.models import NrmStatus, ServiceCapacity, ServiceGender, SupportService

ELIGIBILITY_CHOICES = [
    (NrmStatus.IN_NRM, "In the NRM (awaiting a Reasonable Grounds decision)"),
    (NrmStatus.NOT_IN_NRM, "Not in the NRM"),
    (NrmStatus.NEGATIVE_DECISION, "After a negative Reasonable or Conclusive Grounds decision"),
    (NrmStatus.POSITIVE_DECISION, "After a positive Reasonable or Conclusive Grounds decision"),
]
ACCEPTS_CHOICES = [
    ("accepts_little_english", "People with little English"),
    ("accepts_substance_use", "People using drugs or alcohol"),
]


def _too_long(label, limit):
    return f"{label} must be {limit} characters or fewer"


class SupportServiceForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name of the service",
        max_length=200,
        error_messages={
            "required": "Enter the name of the service",
            "max_length": _too_long("The name of the service", 200),
        },
    )
    provider = forms.CharField(
        label="Organisation that runs it",
        required=False,
        max_length=200,
        error_messages={"max_length": _too_long("The organisation", 200)},
    )
    what_they_offer = forms.CharField(
        label="What they offer",
        help_text="For example, casework, advocacy, accommodation, counselling.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter what the service offers",
            "max_length": _too_long("What they offer", 2000),
        },
    )
    contact = forms.CharField(
        label="How to refer or contact them",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _too_long("How to refer", 2000)},
    )
    eligible = forms.MultipleChoiceField(
        label="Who can use it",
        help_text="Select all that apply.",
        choices=ELIGIBILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who can use the service"},
    )
    gender = forms.ChoiceField(
        label="Gender",
        choices=ServiceGender.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which genders the service accepts"},
    )
    accepts = forms.MultipleChoiceField(
        label="The service also accepts",
        help_text="Leave unticked if the service does not, or you do not know.",
        required=False,
        choices=ACCEPTS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    medium_low_needs_only = forms.BooleanField(
        label="Takes people with medium to low needs only",
        help_text="Not offered where a case's risk is high (for example, SafePlace).",
        required=False,
    )
    capacity = forms.ChoiceField(
        label="Can they take someone now?",
        choices=ServiceCapacity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the service can take someone now"},
    )
    capacity_note = forms.CharField(
        label="Note about capacity (optional)",
        required=False,
        max_length=300,
        error_messages={"max_length": _too_long("The note about capacity", 300)},
    )
    is_active = forms.BooleanField(
        label="Offer this service in Waymark",
        required=False,
        initial=True,
    )

    @classmethod
    def initial_for(cls, service: SupportService) -> dict:
        return {
            "name": service.name,
            "provider": service.provider,
            "what_they_offer": service.what_they_offer,
            "contact": service.contact,
            "eligible": [s for s in NrmStatus.values if service.eligible_for(s)],
            "gender": service.gender,
            "accepts": [key for key, _ in ACCEPTS_CHOICES if getattr(service, key)],
            "medium_low_needs_only": service.medium_low_needs_only,
            "capacity": service.capacity,
            "capacity_note": service.capacity_note,
            "is_active": service.is_active,
        }

    def service_fields(self) -> dict:
        """The cleaned data as SupportService field values."""
        data = self.cleaned_data
        fields = {
            key: data[key]
            for key in (
                "name",
                "provider",
                "what_they_offer",
                "contact",
                "gender",
                "medium_low_needs_only",
                "capacity",
                "capacity_note",
                "is_active",
            )
        }
        fields.update({f"eligible_{s}": s in data["eligible"] for s in NrmStatus.values})
        fields.update({key: key in data["accepts"] for key, _ in ACCEPTS_CHOICES})
        return fields
