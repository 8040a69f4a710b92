"""The one base every Waymark form builds on: a GOV.UK crispy helper.

Templates own the <form> tag, the CSRF token, the error summary
(``{% error_summary form %}``) and the buttons, so a page reads top to bottom.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size
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
        self.helper.layout = Layout(*self.fields)
