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

    date_of_birth_unknown = forms.BooleanField(
        label="For 4.8 Transition to Adulthood: the young person's date of birth is not known",
        help_text="Its steps are timed from the 18th birthday, so they will have no due dates.",
        required=False,
    )

    def __init__(self, *args, pathways=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].choices = [("", "Choose a pathway")] + [
            (p.key, p.display) for p in pathways
        ]


class TimescaleForm(GovukFormMixin, forms.Form):
    """The Lead's change to one step's deadline. ``days`` is offered only for a
    local-practice deadline; any deadline may be turned off."""

    applies = forms.TypedChoiceField(
        label="Does this deadline apply?",
        choices=[("yes", "Yes, steps have this deadline"), ("no", "No, turn this deadline off")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this deadline applies"},
    )
    days = forms.IntegerField(
        label="Number of days",
        min_value=0,
        max_value=3650,
        required=False,
        error_messages={
            "invalid": "Enter the number of days as a whole number, like 5",
            "min_value": "Enter a number of days from 0 to 3650",
            "max_value": "Enter a number of days from 0 to 3650",
        },
    )
    reason = forms.CharField(
        label="Why are you changing it?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the change"},
    )

    def __init__(self, *args, local_practice: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not local_practice:
            del self.fields["days"]

    def clean(self):
        data = super().clean()
        needs_days = "days" in self.fields and data.get("applies") and "days" not in self.errors
        if needs_days and data.get("days") is None:
            self.add_error("days", "Enter the number of days")
        return data
