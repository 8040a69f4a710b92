"""The professional concern: one short form per question page.

Forms validate only; cases.services.concerns saves. Each page's fields are
optional where the worker may not know yet: what must be there before the
concern is submitted is checked on the "Check your answers" page.
"""

from crispy_forms_gds.layout import (
    HTML,
    Div,
    Field,
    Fieldset,
    Layout,
    Size,
)
from django import forms
from django.conf import settings
from django.utils.html import format_html

from cases.choices import Gender, PerpetratorRole, PremisesType
from cases.models import ExploitationType
from cases.screening import SCREENING_QUESTIONS
from core.fields import (
    GovukDateField,
    GovukErrorSummaryMixin,
    SplitListField,
    country_choices,
    yes_no_unknown_field,
)
from core.forms import GovukFormMixin

# Children's services front door; the partnership's own number goes in settings.
DEFAULT_CHILDREN_SAFEGUARDING_PHONE = "024 7678 8555"

WHAT_HAPPENED_MAX = 10000
NOTE_MAX = 1000
LONG_TEXT_MAX = 5000
DESCRIPTION_MAX = 2000
LOCATION_MAX = 300  # a case Location holds 300 characters
NAME_MAX = 100
OVERSEAS_CHOICES = [("no", "No"), ("yes", "Yes")]


def children_safeguarding_phone() -> str:
    return getattr(
        settings, "WAYMARK_CHILDREN_SAFEGUARDING_PHONE", DEFAULT_CHILDREN_SAFEGUARDING_PHONE
    )


def _too_long(what: str, limit: int) -> str:
    return f"{what} must be {limit:,} characters or fewer"


class ConcernStepForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    """Base for every page of the professional form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set here rather than trusting the mixin's value: crispy-forms-gds
        # wants the size ("s"), not the CSS class.
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.disable_csrf = True  # the template has the token


# --- 1 Immediate risk ---------------------------------------------------------


class ImmediateRiskForm(ConcernStepForm):
    """Plain radios: GOV.UK conditional reveals set aria-expanded on radio
    inputs, which WCAG checkers (axe) refuse, so guidance sits in the hints and
    the "Call 999 now" warning shows once the answer is yes."""

    is_emergency = yes_no_unknown_field(
        "Is anyone in immediate danger?",
        error="Select whether anyone is in immediate danger",
        help_text="If yes, call 999 now, then come back to finish this report.",
    )
    child_involved = yes_no_unknown_field(
        "Is a child (under 18) involved?",
        error="Select whether a child is involved",
    )
    adult_at_risk = yes_no_unknown_field(
        "Is an adult at risk?",
        error="Select whether an adult is at risk",
        help_text="They have care and support needs, are experiencing or at risk of "
        "abuse, and cannot protect themselves because of those needs. If yes, also make "
        "an adult safeguarding referral to Adult Social Care.",
    )
    needs_accommodation = yes_no_unknown_field(
        "Does anyone need somewhere safe to stay?",
        error="Select whether anyone needs somewhere safe to stay",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child_involved"].help_text = (
            "Select yes if anyone involved may be under 18. If yes, also refer them to "
            f"children's services on {children_safeguarding_phone()}: a child does not need "
            "to consent to an NRM referral."
        )
        self.helper.layout = Layout(
            Field.radios("is_emergency"),
            Field.radios("child_involved"),
            Field.radios("adult_at_risk"),
            Field.radios("needs_accommodation"),
        )

    @property
    def says_emergency(self) -> bool:
        return self.is_bound and self.data.get("is_emergency") == "yes"


# --- 2 People ---------------------------------------------------------------------

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "aliases",
    "date_of_birth",
    "estimated_age",
    "gender",
    "nationality",
    "languages",
    "interpreter_needed",
    "safe_contact_method",
    "safe_to_leave_message",
)


class NamedRecordForm(ConcernStepForm):
    """A person or suspected perpetrator: both start with a name, if known."""

    non_field_error_anchor = "id_first_name"

    first_name = forms.CharField(
        label="First name",
        max_length=NAME_MAX,
        required=False,
        error_messages={"max_length": _too_long("First name", NAME_MAX)},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=NAME_MAX,
        required=False,
        error_messages={"max_length": _too_long("Last name", NAME_MAX)},
    )


class PersonForm(NamedRecordForm):
    """One person to add, and the free-text description of who the concern is about.

    With ``require_person=True`` (the "Add this person" button) a person must be
    described; otherwise a person is added only when any of their boxes is filled.
    """

    aliases = SplitListField(
        label="Other names they use (optional)",
        help_text="Separate names with a comma or semicolon.",
        max_length=1000,
        required=False,
        item_name="Each other name",
        error_messages={"max_length": _too_long("Other names", 1000)},
    )
    date_of_birth = GovukDateField(
        name="date of birth",
        label="Date of birth",
        help_text="For example, 27 3 1995. Leave this blank if you do not know it.",
    )
    estimated_age = forms.IntegerField(
        label="If you do not know their date of birth, roughly how old are they?",
        min_value=0,
        max_value=120,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Estimated age must be a whole number, like 25",
            "min_value": "Estimated age must be 0 or more",
            "max_value": "Estimated age must be 120 or less",
        },
    )
    gender = forms.ChoiceField(
        label="Gender",
        choices=Gender.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select the person's gender"},
    )
    nationality = forms.ChoiceField(
        label="Nationality (optional)",
        choices=(),
        required=False,
        error_messages={"invalid_choice": "Select a country from the list"},
    )
    languages = SplitListField(
        label="Languages they speak (optional)",
        help_text="Separate languages with a comma or semicolon.",
        max_length=500,
        required=False,
        item_max_length=100,
        item_name="Each language",
        error_messages={"max_length": _too_long("Languages", 500)},
    )
    interpreter_needed = yes_no_unknown_field(
        "Do they need an interpreter?",
        error="Select whether they need an interpreter",
        required=False,
    )
    safe_contact_method = forms.CharField(
        label="Safe way to contact them (optional)",
        help_text="For example, 'only through their support worker'.",
        max_length=300,
        required=False,
        error_messages={"max_length": _too_long("Safe way to contact them", 300)},
    )
    safe_to_leave_message = yes_no_unknown_field(
        "Is it safe to leave them a message?",
        error="Select whether it is safe to leave them a message",
        required=False,
    )
    people_description = forms.CharField(
        label="If you do not know who they are, describe them (optional)",
        help_text="For example, how many people, roughly how old, what they look like.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=DESCRIPTION_MAX,
        required=False,
        error_messages={"max_length": _too_long("The description", DESCRIPTION_MAX)},
    )

    def __init__(self, *args, require_person: bool = False, **kwargs):
        self.require_person = require_person
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = country_choices()
        self.fields["nationality"].widget.attrs["data-waymark-autocomplete"] = ""
        self.helper.layout = Layout(
            Fieldset(
                Field.text("first_name", field_width=20),
                Field.text("last_name", field_width=20),
                Field.text("aliases", field_width=30),
                Field("date_of_birth"),
                Field.text("estimated_age", field_width=3),
                Field.radios("gender", inline=True),
                Field.select("nationality"),
                Field.text("languages", field_width=30),
                Field.radios("interpreter_needed", inline=True),
                Field.text("safe_contact_method"),
                Field.radios("safe_to_leave_message", inline=True),
                legend="Add a person",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            self.character_counted("people_description", label_size=Size.MEDIUM, rows=3),
        )

    def has_person(self) -> bool:
        """True when any of the person's boxes was filled in."""
        for name in PERSON_FIELDS:
            value = self.cleaned_data.get(name)
            if value not in (None, "", []):
                return True
        return False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_of_birth") and cleaned.get("estimated_age") is not None:
            self.add_error(
                "estimated_age", "Enter either a date of birth or an estimated age, not both"
            )
        if self.require_person and not self.errors and not self.has_person():
            raise forms.ValidationError(
                "Enter the person's name, or something else you know about them",
                code="empty_person",
            )
        return cleaned

    def person_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"].strip(),
            "last_name": data["last_name"].strip(),
            "aliases": data["aliases"],
            "date_of_birth": data["date_of_birth"],
            "estimated_age": data["estimated_age"],
            "gender": data["gender"] or Gender.NOT_RECORDED,
            "nationalities": [data["nationality"]] if data["nationality"] else [],
            "languages": data["languages"],
            # Left blank, these stay blank: "Not answered", not "Unknown".
            "interpreter_needed": data["interpreter_needed"],
            "safe_contact_method": data["safe_contact_method"].strip(),
            "safe_to_leave_message": data["safe_to_leave_message"],
        }


# --- 3 What was seen --------------------------------------------------------------


def _note_label(question: str):
    return format_html(
        'Note<span class="govuk-visually-hidden"> about: {}</span> (optional)', question
    )


class WhatWasSeenForm(ConcernStepForm):
    what_happened = forms.CharField(
        label="Describe what you saw",
        help_text="What happened, when, and what made you concerned. You must fill this in "
        "before you submit the concern.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=WHAT_HAPPENED_MAX,
        required=False,
        error_messages={"max_length": _too_long("What you saw", WHAT_HAPPENED_MAX)},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        screening_layout = []
        for key, question in SCREENING_QUESTIONS:
            self.fields[key] = yes_no_unknown_field(
                question,
                error=f"Select Yes, No or Unknown for '{question}'",
                required=False,
            )
            self.fields[f"{key}_note"] = forms.CharField(
                label=_note_label(question),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=NOTE_MAX,
                required=False,
                error_messages={"max_length": _too_long(f"The note about '{question}'", NOTE_MAX)},
            )
            screening_layout.append(
                Div(
                    Field.radios(key, legend_size=Size.SMALL, inline=True),
                    self.character_counted(f"{key}_note", rows=2),
                    css_class="govuk-!-margin-bottom-6",
                )
            )
        self.helper.layout = Layout(
            self.character_counted("what_happened", label_size=Size.MEDIUM, label_tag="h2", rows=8),
            HTML(
                '<h2 class="govuk-heading-m">Signs of modern slavery</h2>'
                '<p class="govuk-body">Answer the ones you can. They support your '
                "judgement: they do not decide anything.</p>"
            ),
            *screening_layout,
        )

    def clean(self):
        cleaned = super().clean()
        for key, question in SCREENING_QUESTIONS:
            note_only = cleaned.get(f"{key}_note", "").strip() and not cleaned.get(key)
            if note_only and key not in self.errors:
                self.add_error(
                    key, f"Select Yes, No or Unknown for '{question}' to go with your note"
                )
        return cleaned

    def screening_answers(self) -> dict[str, tuple[str, str]]:
        """{question key: (answer, note)} for the questions answered."""
        return {
            key: (self.cleaned_data[key], self.cleaned_data[f"{key}_note"].strip())
            for key, _ in SCREENING_QUESTIONS
            if self.cleaned_data.get(key)
        }


# --- 4 Exploitation types ---------------------------------------------------------


class ExploitationForm(ConcernStepForm):
    exploitation_types = forms.ModelMultipleChoiceField(
        label="What kinds of exploitation do you suspect?",
        help_text="Select all that apply.",
        queryset=ExploitationType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select a kind of exploitation from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = list(ExploitationType.objects.filter(is_active=True).prefetch_related("subtypes"))
        self.fields["exploitation_types"].queryset = ExploitationType.objects.filter(is_active=True)
        self.subtype_fields = {}
        layout = [Field.checkboxes("exploitation_types", legend_size=Size.MEDIUM, legend_tag="h2")]
        for exploitation_type in types:
            subtypes = [s for s in exploitation_type.subtypes.all() if s.is_active]
            if not subtypes:
                continue
            name = f"subtypes_{exploitation_type.pk}"
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=f"{exploitation_type.name} exploitation: what kind? (optional)",
                queryset=exploitation_type.subtypes.filter(is_active=True),
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={"invalid_choice": "Select a kind from the list"},
            )
            self.subtype_fields[name] = exploitation_type
            layout.append(Field.checkboxes(name, small=True))
        self.helper.layout = Layout(*layout)

    def clean(self):
        """A sub-type ticked under a type that is not chosen is asked about,
        never silently turned into that type."""
        cleaned = super().clean()
        types = set(cleaned.get("exploitation_types") or [])
        for name, exploitation_type in self.subtype_fields.items():
            picked = list(cleaned.get(name) or [])
            if picked and exploitation_type not in types and name not in self.errors:
                names = ", ".join(f"'{subtype.name}'" for subtype in picked)
                self.add_error(
                    name,
                    f"You chose {names} under {exploitation_type.name} exploitation. "
                    f"Also select {exploitation_type.name} above, or untick {names}",
                )
        return cleaned

    def chosen(self) -> tuple[list, list]:
        """(types, sub-types), as chosen (``clean`` has checked they agree)."""
        types = list(self.cleaned_data["exploitation_types"])
        subtypes = []
        for name in self.subtype_fields:
            subtypes.extend(self.cleaned_data.get(name) or [])
        return types, subtypes


# --- 5 Where ----------------------------------------------------------------------


class WhereForm(ConcernStepForm):
    location_description = forms.CharField(
        label="Where is it happening?",
        help_text="An address, the name of a business, or a description of the place.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LOCATION_MAX,
        required=False,
        error_messages={"max_length": _too_long("Where it is happening", LOCATION_MAX)},
    )
    premises_type = forms.ChoiceField(
        label="What kind of place is it?",
        choices=[("", "Select a kind of place"), *PremisesType.choices],
        required=False,
        error_messages={"invalid_choice": "Select a kind of place from the list"},
    )
    ward = forms.CharField(
        label="Ward or area (optional)",
        max_length=100,
        required=False,
        error_messages={"max_length": _too_long("Ward or area", 100)},
    )
    is_overseas = forms.ChoiceField(
        label="Is it outside the UK?",
        choices=OVERSEAS_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select whether it is outside the UK"},
    )
    overseas_country = forms.ChoiceField(
        label="If it is outside the UK, which country?",
        choices=(),
        required=False,
        error_messages={"invalid_choice": "Select a country from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overseas_country"].choices = country_choices()
        self.fields["overseas_country"].widget.attrs["data-waymark-autocomplete"] = ""
        self.helper.layout = Layout(
            self.character_counted(
                "location_description", label_size=Size.MEDIUM, label_tag="h2", rows=3
            ),
            Field.select("premises_type"),
            Field.text("ward", field_width=20),
            Field.radios("is_overseas", inline=True),
            Field.select("overseas_country"),
        )

    def clean(self):
        cleaned = super().clean()
        overseas = cleaned.get("is_overseas") == "yes"
        if overseas and not cleaned.get("overseas_country"):
            self.add_error("overseas_country", "Select the country")
        if cleaned.get("overseas_country") == "GB":
            self.add_error("overseas_country", "Select a country outside the UK")
        cleaned["is_overseas"] = overseas
        if not overseas:
            cleaned["overseas_country"] = ""
        cleaned["premises_type"] = cleaned.get("premises_type") or PremisesType.UNKNOWN
        return cleaned


# --- 6 Suspected perpetrators -----------------------------------------------------

PERPETRATOR_FIELDS = ("first_name", "last_name", "aliases", "gender", "nationality", "role")


class PerpetratorForm(NamedRecordForm):
    aliases = SplitListField(
        label="Other names or nicknames (optional)",
        help_text="Separate names with a comma or semicolon.",
        max_length=1000,
        required=False,
        item_name="Each other name",
        error_messages={"max_length": _too_long("Other names", 1000)},
    )
    gender = forms.ChoiceField(
        label="Gender",
        choices=Gender.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select their gender"},
    )
    nationality = forms.ChoiceField(
        label="Nationality (optional)",
        choices=(),
        required=False,
        error_messages={"invalid_choice": "Select a country from the list"},
    )
    role = forms.ChoiceField(
        label="What do you think their role is?",
        choices=[("", "Select a role"), *PerpetratorRole.choices],
        required=False,
        error_messages={"invalid_choice": "Select a role from the list"},
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="What they look like, vehicles, phone numbers, where they are seen.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=DESCRIPTION_MAX,
        required=False,
        error_messages={"max_length": _too_long("The description", DESCRIPTION_MAX)},
    )

    def __init__(self, *args, require_perpetrator: bool = False, **kwargs):
        self.require_perpetrator = require_perpetrator
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = country_choices()
        self.fields["nationality"].widget.attrs["data-waymark-autocomplete"] = ""
        self.helper.layout = Layout(
            Fieldset(
                Field.text("first_name", field_width=20),
                Field.text("last_name", field_width=20),
                Field.text("aliases", field_width=30),
                Field.radios("gender", inline=True),
                Field.select("nationality"),
                Field.select("role"),
                self.character_counted("description", rows=3),
                legend="Add a suspected perpetrator",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
        )

    def has_perpetrator(self) -> bool:
        data = self.cleaned_data
        return any(data.get(name) for name in PERPETRATOR_FIELDS) or bool(
            data.get("description", "").strip()
        )

    def clean(self):
        cleaned = super().clean()
        if self.require_perpetrator and not self.errors and not self.has_perpetrator():
            raise forms.ValidationError(
                "Enter the person's name, or a description of them", code="empty_perpetrator"
            )
        return cleaned

    def perpetrator_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"].strip(),
            "last_name": data["last_name"].strip(),
            "aliases": data["aliases"],
            "gender": data["gender"] or Gender.NOT_RECORDED,
            "nationalities": [data["nationality"]] if data["nationality"] else [],
            "role": data["role"] or PerpetratorRole.UNKNOWN,
            "description": data["description"].strip(),
        }


# --- 7 What you have done ---------------------------------------------------------


class ActionsForm(ConcernStepForm):
    actions_taken = forms.CharField(
        label="What have you already done?",
        help_text="For example, who you have told, referrals you have made, "
        "or advice you gave. Write 'Nothing yet' if you have not done anything.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=LONG_TEXT_MAX,
        required=False,
        error_messages={"max_length": _too_long("What you have done", LONG_TEXT_MAX)},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(self.character_counted("actions_taken", rows=6))
