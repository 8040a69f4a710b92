"""The Lead's spreadsheet import: the upload and the confirmation.

The forms check what was sent; the views call cases.services.importing.
"""

from django import forms

from core.forms import GovukFormMixin

MAX_IMPORT_BYTES = 5 * 1024 * 1024
IMPORT_EXTENSIONS = (".csv", ".xlsx")


class CaseImportUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload a spreadsheet",
        help_text="A CSV (UTF-8) or Excel .xlsx file, up to 5 MB. The first row must be "
        "the column headings.",
        max_length=300,
        allow_empty_file=False,
        error_messages={
            "required": "Select a CSV or Excel (.xlsx) file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or Excel (.xlsx) file",
            "missing": "Select a CSV or Excel (.xlsx) file",
            "max_length": "The file name must be 300 characters or fewer",
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(IMPORT_EXTENSIONS):
            raise forms.ValidationError(
                "The selected file must be a CSV or Excel (.xlsx) file", code="extension"
            )
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_IMPORT_BYTES // (1024 * 1024)} MB",
                code="size",
            )
        return upload


class CaseImportConfirmForm(forms.Form):
    """Names the checked file being confirmed (a random token kept in the session)."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=100)
