"""The public report form: one short page, plain English, no account."""

import re

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from cases.models import ExploitationType
from core.fields import GovukDateField, GovukErrorSummaryMixin
from core.forms import GovukFormMixin

# Field sizes. The whole request is also capped (see cases.views.public).
WHAT_HAPPENED_MAX = 5000
LOCATION_MAX = 300  # a case Location holds 300 characters
AREA_MAX = 100
ABOUT_WHOM_MAX = 2000
NAME_MAX = 200
PHONE_MAX = 50
EMAIL_MAX = 254
HONEYPOT_FIELD = "leave_blank"

CONTACT_CHOICES = [("yes", "Yes"), ("no", "No")]

# Digits with the spaces, brackets, dashes, dots and leading + people write.
PHONE_PATTERN = re.compile(r"^\+?[\d\s().-]+$")


def is_phone_number(text: str) -> bool:
    """A UK or international phone number as people write it: 7 to 15 digits."""
    digits = sum(character.isdigit() for character in text)
    return bool(PHONE_PATTERN.match(text)) and 7 <= digits <= 15


def _too_long(what: str, limit: int) -> str:
    return f"{what} must be {limit:,} characters or fewer"


class PublicReportForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    what_happened = forms.CharField(
        label="What did you see or hear?",
        help_text="Tell us what made you worried. Include anything that might help, "
        "such as what people were doing, how they looked, or what was said.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=WHAT_HAPPENED_MAX,
        error_messages={
            "required": "Enter what you saw or heard",
            "max_length": _too_long("What you saw or heard", WHAT_HAPPENED_MAX),
        },
    )
    location = forms.CharField(
        label="Where did you see it?",
        help_text="An address, the name of a business, or a description of the place, "
        "for example 'the car wash on London Road'.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LOCATION_MAX,
        required=False,
        error_messages={"max_length": _too_long("Where you saw it", LOCATION_MAX)},
    )
    area = forms.CharField(
        label="Area of the city (if you know it)",
        help_text="For example, Foleshill or the city centre.",
        max_length=AREA_MAX,
        required=False,
        error_messages={"max_length": _too_long("The area", AREA_MAX)},
    )
    seen_on = GovukDateField(
        name="date you saw it",
        label="When did you see it? (optional)",
        help_text="For example, 27 3 2026. If it keeps happening, say so above.",
        required=False,
    )
    about_whom = forms.CharField(
        label="Who is it about? (optional)",
        help_text="Names if you know them, or a description: how many people, "
        "roughly how old, anything you noticed.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ABOUT_WHOM_MAX,
        required=False,
        error_messages={"max_length": _too_long("Who it is about", ABOUT_WHOM_MAX)},
    )
    exploitation_types = forms.ModelMultipleChoiceField(
        label="What kind of work or exploitation do you think it is? (optional)",
        help_text="Select all that apply.",
        queryset=ExploitationType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select a kind of exploitation from the list"},
    )
    can_contact = forms.ChoiceField(
        label="Can we contact you about this report?",
        help_text="You do not have to give your name. We will only contact you "
        "if we need to ask about what you saw.",
        choices=CONTACT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether we can contact you"},
    )
    reporter_name = forms.CharField(
        label="Your name (optional)",
        max_length=NAME_MAX,
        required=False,
        error_messages={"max_length": _too_long("Your name", NAME_MAX)},
    )
    reporter_phone = forms.CharField(
        label="Phone number",
        max_length=PHONE_MAX,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": _too_long("Your phone number", PHONE_MAX)},
    )
    reporter_email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": _too_long("Your email address", EMAIL_MAX),
        },
    )
    # A honeypot: hidden from people (off screen, hidden from screen readers,
    # out of the tab order); automated spam fills every box it finds.
    leave_blank = forms.CharField(label="Leave this blank", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exploitation_types"].queryset = ExploitationType.objects.filter(is_active=True)
        self.fields["reporter_name"].widget.attrs["autocomplete"] = "name"
        # Set here rather than trusting the mixin's value: crispy-forms-gds
        # wants the size ("s"), not the CSS class.
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.disable_csrf = True  # the template has the token
        self.helper.layout = Layout(
            self.character_counted("what_happened", rows=6),
            self.character_counted("location", rows=3),
            Field.text("area", field_width=20),
            Field("seen_on"),
            self.character_counted("about_whom", rows=3),
            Field.checkboxes("exploitation_types", small=True),
            # Plain radios and a fieldset, not a conditional reveal: the reveal
            # sets aria-expanded on radio inputs, which axe refuses.
            Field.radios("can_contact", inline=True),
            Fieldset(
                Field.text("reporter_name", field_width=20),
                Field.text("reporter_phone", field_width=20),
                Field.text("reporter_email", field_width=20),
                legend="If we can contact you, your details",
                legend_size=Size.SMALL,
            ),
        )

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_reporter_phone(self):
        phone = self.cleaned_data["reporter_phone"].strip()
        if phone and not is_phone_number(phone):
            raise forms.ValidationError(
                "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if self.honeypot_filled:
            raise forms.ValidationError(
                "Your report was not sent, because a box that must be left empty was "
                "filled in. This stops automated spam. If you are a person, please send "
                "your report again.",
                code="honeypot",
            )
        if not cleaned.get("location", "").strip() and not cleaned.get("area", "").strip():
            self.add_error("location", "Enter where you saw it, or the area of the city")
        no_way_to_contact = not (cleaned.get("reporter_phone") or cleaned.get("reporter_email"))
        if (
            cleaned.get("can_contact") == "yes"
            and no_way_to_contact
            and "reporter_email" not in self.errors
        ):
            self.add_error(
                "reporter_phone", "Enter a phone number or email address so we can contact you"
            )
        return cleaned

    def concern_fields(self) -> dict:
        """What the service needs. Contact details are kept only with permission."""
        data = self.cleaned_data
        may_contact = data["can_contact"] == "yes"
        return {
            "what_happened": data["what_happened"].strip(),
            "location_description": data["location"].strip(),
            "ward": data["area"].strip(),
            "seen_on": data["seen_on"],
            "people_description": data["about_whom"].strip(),
            "exploitation_types": list(data["exploitation_types"]),
            "reporter_name": data["reporter_name"].strip() if may_contact else "",
            "reporter_phone": data["reporter_phone"].strip() if may_contact else "",
            "reporter_email": data["reporter_email"].strip() if may_contact else "",
        }
