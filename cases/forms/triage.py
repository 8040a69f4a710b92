"""The Lead's triage decisions."""

from crispy_forms_gds.layout import Layout
from django import forms

from accounts.models import Agency
from cases.choices import ConcernClosureReason, RiskLevel
from core.dates import long_date
from core.forms import GovukFormMixin


class NewCaseForm(GovukFormMixin, forms.Form):
    risk_level = forms.ChoiceField(
        label="Risk",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the risk"},
    )
    summary = forms.CharField(
        label="Case summary",
        help_text="What the partnership needs to know. Starts as the reporter's words.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Which agencies need to see this case?",
        help_text="The agency that raised the concern always has access.",
        queryset=Agency.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, people=(), duplicates=None, **kwargs):
        """``people``: the concern's people; ``duplicates``: person id -> candidates."""
        super().__init__(*args, **kwargs)
        duplicates = duplicates or {}
        self.person_fields = []
        for person in people:
            candidates = duplicates.get(person.pk, [])
            if not candidates:
                continue
            name = f"same_as_{person.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"Is {person} someone already known?",
                choices=[("", "No, a new person")]
                + [(str(candidate.pk), _describe_candidate(candidate)) for candidate in candidates],
                widget=forms.RadioSelect,
                required=False,
                initial="",
            )
            self.person_fields.append((person, name))
        self.helper.layout = Layout(*self.fields)

    def same_as(self, people_by_id) -> dict:
        """Map concern person id -> the existing person chosen, from cleaned data."""
        chosen = {}
        for person, name in self.person_fields:
            value = self.cleaned_data.get(name)
            if value:
                chosen[person.pk] = people_by_id[int(value)]
        return chosen


def _describe_candidate(person) -> str:
    born = f", born {long_date(person.date_of_birth)}" if person.date_of_birth else ""
    references = ", ".join(case.reference for case in person.cases.all())
    return f"Yes: {person}{born} (in {references})"


class LinkCaseForm(GovukFormMixin, forms.Form):
    reference = forms.CharField(
        label="Case reference",
        help_text="For example, MS-2026-00042",
        max_length=20,
        error_messages={"required": "Enter the reference of the case to add this concern to"},
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=1000)


class CloseConcernForm(GovukFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label="Why is the concern being closed?",
        choices=ConcernClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the concern is being closed"},
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
