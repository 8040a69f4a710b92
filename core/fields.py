"""Reusable GOV.UK form pieces: a date input, Yes / No / Unknown radios, country
choices, list-splitting text, and an error summary whose links reach the field.

Error messages follow the GOV.UK Design System: they name the field and say
how to fix it ("Enter the date of birth as a real date").
"""

import re
from datetime import date

import pycountry
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.choices import YesNoUnknown

# --- Date input -------------------------------------------------------------

_DATE_PARTS = ("day", "month", "year")
EARLIEST_YEAR = 1900


class GovukDateWidget(DateInputWidget):
    """Day, month and year boxes (the Design System's date input), numeric keypad
    on phones and without browser autofill guesses."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for widget in self.widgets:
            widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def decompress(self, value):
        if isinstance(value, date):
            return value.day, value.month, value.year
        return None, None, None


class GovukDateField(forms.MultiValueField):
    """A date typed into three boxes, with the Design System's error messages.

    ``name`` is how messages speak of the date ("date of birth");
    ``must_be_past`` refuses dates after today. The part of the date that is
    wrong is marked, so the error summary links straight to that box.
    """

    widget = GovukDateWidget

    def __init__(self, *, name: str, must_be_past: bool = True, required: bool = False, **kwargs):
        self.name = name
        self.must_be_past = must_be_past
        parts = tuple(forms.CharField(max_length=4, required=False) for _ in _DATE_PARTS)
        kwargs.setdefault("error_messages", {"required": f"Enter the {name}"})
        super().__init__(fields=parts, require_all_fields=False, required=required, **kwargs)

    def _fail(self, message: str, parts=_DATE_PARTS):
        for index, part in enumerate(_DATE_PARTS):
            self.fields[index].widget.errors = [message] if part in parts else []
        raise ValidationError(message, code="invalid")

    def clean(self, value):
        for part_field in self.fields:
            part_field.widget.errors = []
        values = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        values = (values + ["", "", ""])[:3]
        if not any(values):
            if self.required:
                self._fail(self.error_messages["required"], parts=("day",))
            return None
        missing = [part for part, text in zip(_DATE_PARTS, values, strict=True) if not text]
        if missing:
            self._fail(f"The {self.name} must include a {' and '.join(missing)}", parts=missing)
        if not all(re.fullmatch(r"\d{1,4}", text) for text in values):
            wrong = [
                part
                for part, text in zip(_DATE_PARTS, values, strict=True)
                if not re.fullmatch(r"\d{1,4}", text)
            ]
            self._fail(f"Enter the {self.name} as a real date", parts=wrong)
        day, month, year = (int(text) for text in values)
        if len(values[2]) != 4:
            self._fail("Year must include 4 numbers", parts=("year",))
        try:
            result = date(year, month, day)
        except ValueError:
            self._fail(f"Enter the {self.name} as a real date")
        if self.must_be_past and result > timezone.localdate():
            self._fail(f"The {self.name} must be today or in the past")
        if result.year < EARLIEST_YEAR:
            self._fail(f"The {self.name} must be after {EARLIEST_YEAR}", parts=("year",))
        return result

    def compress(self, data_list):  # clean() above does the whole job
        return None


# --- Choices ----------------------------------------------------------------


def yes_no_unknown_field(label: str, *, error: str, required: bool = True, **kwargs):
    """Radios answered Yes / No / Unknown; ``error`` is shown when none is chosen."""
    return forms.ChoiceField(
        label=label,
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": error, "invalid_choice": error},
        **kwargs,
    )


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def country_choices(*, blank_label: str = "Select a country") -> list[tuple[str, str]]:
    """Every ISO 3166 country by its everyday name, alphabetical, UK first."""
    countries = sorted(
        ((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries),
        key=lambda item: item[1],
    )
    united_kingdom = [item for item in countries if item[0] == "GB"]
    rest = [item for item in countries if item[0] != "GB"]
    return [("", blank_label), *united_kingdom, *rest]


class SplitListField(forms.CharField):
    """Free text of several items separated by commas or semicolons, cleaned to a list."""

    def __init__(self, *, item_max_length: int = 200, item_name: str = "Each item", **kwargs):
        self.item_max_length = item_max_length
        self.item_name = item_name
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        items = [item.strip() for item in re.split(r"[;,]", text or "")]
        return [item for item in items if item]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for item in value:
            if len(item) > self.item_max_length:
                raise ValidationError(
                    f"{self.item_name} must be {self.item_max_length} characters or fewer",
                    code="max_length",
                )

    def run_validators(self, value):
        # max_length applies to the text typed, checked on the joined list.
        super().run_validators(", ".join(value))


# --- Error summary ----------------------------------------------------------


class GovukErrorSummaryMixin:
    """``form.error_summary_items``: (href, message) pairs for the error summary.

    crispy-forms-gds links every error to the field's ``id``, which radios,
    checkboxes and date inputs do not have, so those links go nowhere. Here
    radios and checkboxes link to their first option and a date to the box
    that is wrong. (crispy-forms-gds numbers radio and checkbox ids from 1;
    its ``ConditionalRadios`` would number them from 0.)
    """

    def error_anchor(self, name: str) -> str:
        bound = self[name]
        widget = bound.field.widget
        if isinstance(bound.field, forms.MultiValueField):
            for index, part_field in enumerate(bound.field.fields):
                if getattr(part_field.widget, "errors", None):
                    return f"{bound.auto_id}_{index}"
            return f"{bound.auto_id}_0"
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            return f"id_{bound.html_name}_1"
        return bound.auto_id

    @property
    def error_summary_items(self) -> list[tuple[str, str]]:
        items = []
        first_field = next(iter(self.fields), None)
        for error in self.non_field_errors():
            target = getattr(self, "non_field_error_anchor", None) or (
                self.error_anchor(first_field) if first_field else ""
            )
            items.append((f"#{target}", error))
        for name in self.fields:
            for error in self.errors.get(name, []):
                items.append((f"#{self.error_anchor(name)}", error))
        return items
