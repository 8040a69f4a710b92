"""Notes and documents on a case.

Each form has a prefix so its fields keep unique ids on the case page, where
several forms sit together.
"""

from django import forms

from cases.services.documents import DESCRIPTION_MAX_LENGTH, MAX_DOCUMENT_BYTES
from core.forms import GovukFormMixin


class NoteForm(GovukFormMixin, forms.Form):
    prefix = "note"

    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the note"},
    )


class NoteCorrectionForm(GovukFormMixin, forms.Form):
    """The note as it should read. The original stays on the case."""

    prefix = "note"

    text = forms.CharField(
        label="Corrected note",
        help_text="Change the note so it reads as it should. The original note stays on "
        "the case, marked as corrected.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the note"},
    )

    def __init__(self, *args, original, **kwargs):
        super().__init__(*args, **kwargs)
        self.original = original

    def clean_text(self):
        text = self.cleaned_data["text"]
        if text.strip() == self.original.text.strip():
            raise forms.ValidationError("Change the note before saving the correction")
        return text


class DocumentUploadForm(GovukFormMixin, forms.Form):
    prefix = "document"

    file = forms.FileField(
        label="Upload a file",
        help_text=(
            f"PDF, JPG, PNG, Word (DOCX), Excel (XLSX) or text (TXT), smaller than "
            f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB. Location and camera details are "
            "removed from photos."
        ),
        widget=forms.FileInput(
            attrs={
                "class": "govuk-file-upload",
                "accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.txt",
            }
        ),
        error_messages={
            "required": "Select a file",
            "invalid": "Select a file",
            "missing": "Select a file",
            "empty": "The selected file is empty",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="For example, ‘Signed consent form’. This is shown in the case timeline.",
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        error_messages={
            "max_length": f"Description must be {DESCRIPTION_MAX_LENGTH} characters or fewer"
        },
    )
