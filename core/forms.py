"""The one base every Waymark form builds on: a GOV.UK crispy helper.

Templates own the <form> tag, the CSRF token, the error summary
(``{% error_summary form %}``) and the buttons, so a page reads top to bottom.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from config.unstorable import MESSAGE, is_unstorable


class StorableInputMixin:
    """A field whose submitted value PostgreSQL cannot hold (a NUL byte) gets
    a form error naming it, before the field is cleaned: cleaning a choice of
    records would otherwise send the value to the database and fail there."""

    def _clean_fields(self):
        for name, bound in self._bound_items():
            if is_unstorable(bound.data):
                label = bound.label or name.replace("_", " ").capitalize()
                self.add_error(name, ValidationError(f"{label} {MESSAGE}", code="unstorable"))
        refused = set(self._errors)
        if not refused:
            return super()._clean_fields()
        # Clean the others as Django does, skipping the refused ones.
        fields = self.fields
        self.fields = {name: field for name, field in fields.items() if name not in refused}
        try:
            return super()._clean_fields()
        finally:
            self.fields = fields


class GovukFormMixin(StorableInputMixin):
    """Gives a form ``self.helper`` rendering GOV.UK fields and inline errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        # crispy-forms-gds applies label_size only when rendering a layout, so
        # every form gets one. A form that adds fields after this must extend it.
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*(self.character_counted(name) for name in self.fields))
        # A browser silently cuts pasted text at an input's maxlength. Waymark
        # never truncates: the field's own check says what is too long instead,
        # and a long box shows a GOV.UK character count.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def character_counted(self, name: str, **kwargs):
        """The layout item for field ``name``: a GOV.UK character count for a
        text box with a length limit, the plain field otherwise."""
        field = self.fields[name]
        if isinstance(field.widget, forms.Textarea):
            rows = field.widget.attrs.get("rows")
            options = {"rows": int(rows)} if rows else {}
            options.update(kwargs)
            if getattr(field, "max_length", None):
                options["max_characters"] = field.max_length
                # crispy-forms-gds 2.0.1 reads this key unguarded for a
                # character count on a box with no hint.
                field.widget.attrs.setdefault("aria-describedby", "")
            return Field.textarea(name, **options)
        if kwargs:
            return Field(name, **kwargs)
        return name
