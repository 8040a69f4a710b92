"""The Lead's triage decisions."""

from django import forms

from accounts.models import Agency
from cases.choices import ConcernClosureReason, RiskLevel
from cases.forms.cases import basis_reason_field, lawful_basis_field
from cases.person_merge import CONCERN, EXISTING
from core.fields import GovukErrorSummaryMixin
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
    # Sharing at triage is a disclosure: the people on a new case have rarely
    # consented yet, so the Lead records the basis for every agency chosen.
    lawful_basis = lawful_basis_field(
        "Lawful basis for sharing with the agencies chosen",
        help_text="Needed when anyone named in the concern has not consented to the sharing.",
    )
    basis_reason = basis_reason_field()
    emergency_reason = forms.CharField(
        label="Emergency: why share with an agency without a current information-sharing "
        "agreement?",
        help_text="Only if an agency chosen has no current agreement. It is audited.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


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


class PersonMatchForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    """Where the concern's person and the existing record differ, which to keep.

    One required choice per differing field; a side that knows something where
    the other does not is chosen to begin with, and shown so it can be changed.
    """

    def __init__(self, *args, comparison=(), existing_name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in comparison:
            if not row.differs:
                self.rows.append((row, None))
                continue
            name = f"keep_{row.field}"
            self.fields[name] = forms.ChoiceField(
                label=f"{row.label}: which to keep",
                choices=[
                    (CONCERN, f"This concern: {row.concern_value}"),
                    (EXISTING, f"Already known: {row.existing_value}"),
                ],
                widget=forms.RadioSelect,
                initial=row.suggested,
                error_messages={
                    "required": f"Choose which {row.label.lower()} to keep for {existing_name}"
                },
            )
            self.rows.append((row, self[name]))

    def keep(self) -> dict:
        return {name.removeprefix("keep_"): value for name, value in self.cleaned_data.items()}
