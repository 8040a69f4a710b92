"""The one base every Waymark form builds on: a GOV.UK crispy helper.

Templates own the <form> tag, the CSRF token, the error summary
(``{% error_summary form %}``) and the buttons, so a page reads top to bottom.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size


class GovukFormMixin:
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
