"""Forms validate and present; they never act.

Each NRM form matches one recording service (``referrals.services.nrm``);
``service_error_field`` names the field a refusal from the service is shown
against (the service's message names the field in words too).
"""

from django import forms

from cases.choices import WITHOUT_CONSENT_BASES
from cases.models import ExploitationType
from core.choices import YesNoUnknown
from core.fields import GovukDateField, GovukErrorSummaryMixin
from core.forms import GovukFormMixin
from referrals.models import (
    CgDecision,
    CompetentAuthority,
    ExploitationPlace,
    ReferralConsent,
    ReferralStatus,
    RgDecision,
    StatutoryTeam,
    TemporaryPermission,
    VictimCareSupport,
)


def _date(name: str, label: str, hint: str = "For example, 27 3 2026.") -> GovukDateField:
    return GovukDateField(name=name, label=label, help_text=hint, required=True)


def _radios(label: str, choices, error: str, *, required=True, blank_label=None):
    choices = list(choices)
    if blank_label:
        choices = [("", blank_label), *choices]
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": error, "invalid_choice": error},
    )


class NrmForm(GovukErrorSummaryMixin, GovukFormMixin, forms.Form):
    service_error_field: str | None = None

    def add_service_error(self, message: str) -> None:
        field = self.service_error_field if self.service_error_field in self.fields else None
        self.add_error(field, message)


class StartEpisodeForm(NrmForm):
    person = forms.ChoiceField(
        label="Who is the NRM referral or Duty to Notify for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person", "invalid_choice": "Select the person"},
    )
    service_error_field = "person"

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(p.pk), str(p)) for p in people]


class ConsentForm(NrmForm):
    referral = _radios(
        "Did the person consent to an NRM referral?",
        ReferralConsent.choices,
        "Select whether the person consented to an NRM referral",
    )
    referral_on = _date("date of the consent conversation", "Date of the consent conversation")
    vcc_support = _radios(
        "Did they consent to support through the Modern Slavery Victim Care Contract?",
        YesNoUnknown.choices,
        "Select whether they consented to victim care contract support",
    )
    police_contact = _radios(
        "Did they consent to be contacted by the police?",
        YesNoUnknown.choices,
        "Select whether they consented to police contact",
    )
    interpreter_used = _radios(
        "Was an interpreter used?", YesNoUnknown.choices, "Select whether an interpreter was used"
    )
    age_unknown = forms.BooleanField(
        label="The person's age is not known (the Modern Slavery Lead will be told)",
        help_text="A child goes into the NRM without consent; a Duty to Notify is only for "
        "adults. Waymark uses the date of birth or the recorded age.",
        required=False,
    )
    service_error_field = "referral_on"

    def add_service_error(self, message: str) -> None:
        field = "referral" if ("child" in message or "age is not known" in message) else None
        self.add_error(field or self.service_error_field, message)


class SubmissionForm(NrmForm):
    submitted_on = _date("date the referral was submitted", "Date the referral was submitted")
    home_office_reference = forms.CharField(
        label="Home Office reference (optional)", max_length=60, required=False
    )
    competent_authority = _radios(
        "Competent authority (optional)",
        CompetentAuthority.choices,
        "Select the competent authority",
        required=False,
    )
    exploitation_types = forms.ModelMultipleChoiceField(
        label="Types of exploitation in the referral (optional)",
        queryset=ExploitationType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    exploitation_place = _radios(
        "Where did the exploitation happen? (optional)",
        ExploitationPlace.choices,
        "Select where the exploitation happened",
        required=False,
    )
    service_error_field = "submitted_on"


class DtnForm(NrmForm):
    submitted_on = _date(
        "date the Duty to Notify was submitted", "Date the Duty to Notify was submitted"
    )
    home_office_reference = forms.CharField(
        label="Home Office reference (optional)", max_length=60, required=False
    )
    service_error_field = "submitted_on"


class RgForm(NrmForm):
    decision = _radios(
        "Reasonable Grounds decision",
        RgDecision.choices,
        "Select the Reasonable Grounds decision",
    )
    decided_on = _date(
        "date of the Reasonable Grounds decision", "Date of the Reasonable Grounds decision"
    )
    vcc_support = _radios(
        "Victim care contract support (optional)",
        VictimCareSupport.choices,
        "Select the victim care contract support",
        required=False,
    )
    service_error_field = "decided_on"


class ReconsiderationForm(NrmForm):
    requested_on = _date(
        "date the reconsideration was requested", "Date the reconsideration was requested"
    )
    reason = forms.CharField(
        label="Why a reconsideration was asked for (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    service_error_field = "requested_on"


class CgForm(NrmForm):
    decision = _radios(
        "Conclusive Grounds decision",
        CgDecision.choices,
        "Select the Conclusive Grounds decision",
    )
    decided_on = _date(
        "date of the Conclusive Grounds decision", "Date of the Conclusive Grounds decision"
    )
    early_reason = forms.CharField(
        label="If the decision came before the earliest expected date, why?",
        help_text="Only needed when the decision is earlier than 30 days after the positive "
        "Reasonable Grounds decision.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    early_confirmed = forms.BooleanField(
        label="I confirm the decision date is correct although it is earlier than expected",
        required=False,
    )

    def add_service_error(self, message: str) -> None:
        self.add_error(
            "early_reason" if "earlier than expected" in message else "decided_on", message
        )


class MoveOnForm(NrmForm):
    started_on = _date("date move-on support started", "Date move-on support started")
    service_error_field = "started_on"


class RnaForm(NrmForm):
    assessed_on = _date(
        "date of the Recovery Needs Assessment", "Date of the Recovery Needs Assessment"
    )
    note = forms.CharField(
        label="What the assessment found (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    support_extended_until = GovukDateField(
        name="date support is extended until",
        label="Support extended until (optional)",
        must_be_past=False,
    )
    service_error_field = "assessed_on"

    def add_service_error(self, message: str) -> None:
        self.add_error(
            "support_extended_until" if "extended until" in message else "assessed_on", message
        )


class TemporaryPermissionForm(NrmForm):
    decision = _radios(
        "Temporary permission to stay",
        TemporaryPermission.choices,
        "Select the temporary permission to stay decision",
    )
    decided_on = _date(
        "date of the temporary permission decision", "Date of the temporary permission decision"
    )
    service_error_field = "decided_on"


class DisqualificationForm(NrmForm):
    disqualified_on = _date("date of the disqualification", "Date of the disqualification")
    reason = forms.CharField(
        label="Grounds (public order or bad faith)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the grounds for the disqualification"},
    )
    service_error_field = "disqualified_on"


class WithdrawalForm(NrmForm):
    withdrawn_on = _date("date of the withdrawal", "Date of the withdrawal")
    reason = forms.CharField(
        label="Why (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    service_error_field = "withdrawn_on"


class ExitForm(NrmForm):
    exited_on = _date("date support ended", "Date support ended")
    destination = forms.CharField(
        label="Where did the person go?",
        help_text="For example: own tenancy, returned home, moved out of area, lost contact.",
        max_length=300,
        error_messages={"required": "Enter where the person went when support ended"},
    )
    service_error_field = "exited_on"

    def add_service_error(self, message: str) -> None:
        self.add_error(
            "destination" if "where the person went" in message else "exited_on", message
        )


# --- Service referrals -------------------------------------------------------------------


class ServiceReferralForm(NrmForm):
    person = forms.ChoiceField(
        label="Who is being referred?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person", "invalid_choice": "Select the person"},
    )
    destination = forms.ChoiceField(
        label="Refer to",
        error_messages={
            "required": "Select the service or team",
            "invalid_choice": "Select the service or team",
        },
    )
    sent_on = _date("date the referral was sent", "Date the referral was sent")
    consent_given = forms.BooleanField(
        label="The person consented to this referral",
        help_text="Their consent is recorded with the referral.",
        required=False,
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for referring without consent",
        help_text="Only if the person has not consented to this referral.",
        choices=WITHOUT_CONSENT_BASES,
        required=False,
        widget=forms.RadioSelect,
    )
    basis_reason = forms.CharField(
        label="Why is referring without consent justified?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    women_only_confirmed = forms.BooleanField(
        label="Referring a man to a women-only service: the service has agreed to take him",
        help_text="Women-only services are not offered for men. Tick only if the service "
        "has agreed.",
        required=False,
    )
    service_error_field = "destination"

    def __init__(self, *args, people=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(p.pk), str(p)) for p in people]
        self.fields["destination"].choices = [
            ("", "Choose a service or team"),
            *[(f"team:{value}", label) for value, label in StatutoryTeam.choices],
            *[
                (f"service:{s.pk}", f"{s.name} ({s.provider})" if s.provider else s.name)
                for s in services
            ],
        ]

    def add_service_error(self, message: str, field: str | None = None) -> None:
        if field not in self.fields:
            if "women only" in message:
                field = "women_only_confirmed"
            else:
                field = "sent_on" if "date" in message else "destination"
        self.add_error(field, message)


class ServiceReferralUpdateForm(NrmForm):
    status = _radios("What happened?", [], "Select what happened to the referral")
    on = _date("date", "Date")
    reason = forms.CharField(
        label="Reason or outcome",
        help_text="Needed when the referral is declined, withdrawn or ended.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    service_error_field = "reason"

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, ReferralStatus(s).label) for s in statuses]

    def add_service_error(self, message: str) -> None:
        self.add_error("on" if "date" in message.lower() else "reason", message)
