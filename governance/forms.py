"""Forms for information governance. They validate and present; services act."""

from django import forms

from accounts.models import Agency
from cases.forms.cases import basis_reason_field, lawful_basis_field
from core.fields import GovukDateField
from core.forms import GovukFormMixin
from governance.models import ConsentDecision, ConsentMethod, ConsentScope


class ConsentForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="What did the person say?",
        choices=ConsentDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was given, declined or withdrawn"},
    )
    scope = forms.ChoiceField(
        label="What is it about?",
        choices=ConsentScope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the consent is for"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies (for sharing with named agencies)",
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    service_name = forms.CharField(
        label="Service (for a referral to a named service)", required=False, max_length=200
    )
    method = forms.ChoiceField(
        label="How did they give their answer?",
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the person gave their answer"},
    )
    decided_on = GovukDateField(name="date the person gave their answer", required=True)
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("scope") == ConsentScope.AGENCIES and not data.get("agencies"):
            self.add_error("agencies", "Select the agencies the consent covers")
        if data.get("scope") == ConsentScope.SERVICE and not data.get("service_name", "").strip():
            self.add_error("service_name", "Enter the name of the service")
        return data


class DisclosureDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve: open the share now"), ("refuse", "Refuse the share")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve or refuse the share"},
    )
    note = forms.CharField(
        label="Reason (needed to refuse)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("note", "").strip():
            self.add_error("note", "Enter why the share is refused")
        return data


class AgreementForm(GovukFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        empty_label="Choose an agency",
        error_messages={"required": "Select the agency the agreement is with"},
    )
    signed_on = GovukDateField(name="date the agreement was signed", required=True)
    expires_on = GovukDateField(
        name="date the agreement expires", required=True, must_be_past=False
    )
    signatory = forms.CharField(
        label="Who signed it for the agency",
        max_length=200,
        error_messages={"required": "Enter who signed the agreement for the agency"},
    )
    document = forms.FileField(
        label="The signed agreement",
        help_text="A PDF, Word document or image of the signed agreement.",
        error_messages={"required": "Choose the signed agreement to upload"},
    )

    def clean(self):
        data = super().clean()
        signed, expires = data.get("signed_on"), data.get("expires_on")
        if signed and expires and expires < signed:
            self.add_error(
                "expires_on", "The expiry date must be on or after the date it was signed"
            )
        return data


class LegalHoldForm(GovukFormMixin, forms.Form):
    hold = forms.ChoiceField(
        label="Legal hold",
        choices=[("on", "Place the case on legal hold"), ("off", "Lift the legal hold")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to place or lift the hold"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the reason"},
    )


class RetentionDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("keep", "Keep the case for now"),
            ("anonymise", "Anonymise the case: remove its personal data for good"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to keep or anonymise the case"},
    )
    reason = forms.CharField(
        label="Why is the case kept? (to keep it)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_review_on = GovukDateField(name="next review date", must_be_past=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "keep":
            if not data.get("reason", "").strip():
                self.add_error("reason", "Enter why the case is kept")
            if not data.get("next_review_on"):
                self.add_error("next_review_on", "Enter the next review date")
        return data


class WithdrawnConsentReviewForm(GovukFormMixin, forms.Form):
    """The Lead's review of a share whose consent was withdrawn."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("end", "End this agency's access"),
            ("keep", "Keep the access on a lawful basis without consent"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to end or keep the access"},
    )
    reason = forms.CharField(
        label="Why is the access ended? (needed to end it)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )
    lawful_basis = lawful_basis_field(
        "Lawful basis for keeping it without consent (needed to keep it)"
    )
    basis_reason = basis_reason_field(
        "Why is keeping it without consent justified? (needed to keep it)"
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "end" and not data.get("reason", "").strip():
            self.add_error("reason", "Enter why the access is ended")
        if data.get("decision") == "keep":
            if not data.get("lawful_basis"):
                self.add_error("lawful_basis", "Select the lawful basis for keeping the access")
            if not data.get("basis_reason", "").strip():
                self.add_error("basis_reason", "Enter why keeping the access is justified")
        return data
