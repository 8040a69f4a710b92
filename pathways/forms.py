"""Forms validate and present; they never act."""

from django import forms

from core.fields import GovukErrorSummaryMixin
from core.forms import GovukFormMixin


class TransitionForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    non_field_error_anchor = "id_note"

    transition = forms.CharField(widget=forms.HiddenInput)
    expected_state = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StartPathwayForm(GovukFormMixin, forms.Form):
    pathway = forms.ChoiceField(
        label="Start another pathway",
        error_messages={"required": "Select the pathway to start"},
    )

    def __init__(self, *args, pathways=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].choices = [("", "Choose a pathway")] + [
            (p.key, f"{p.number}. {p.name}") for p in pathways
        ]
