"""Protocol 4.2.1 Pre-NRM (consent, then an NRM referral or a Duty to Notify)."""

from pathways.engine import Deadline, Pathway, State, Transition

from ._common import LEAD_ONLY, MSA_S52, closable_from_any_step

PATHWAY = Pathway(
    key="pre_nrm",
    name="Pre-NRM",
    number="4.2.1",
    description=(
        "From the consent conversation to an NRM referral submitted by a First "
        "Responder, or a Duty to Notify if the adult declines."
    ),
    initial="consent_explained",
    states=(
        State(
            "consent_explained",
            "Consent being explained",
            "Explain the NRM: what it is, the support it offers, possible outcomes and "
            "how their information is shared. Use an interpreter if needed. A child "
            "needs no consent.",
            deadline=Deadline(
                5, working_days=True, setting="WAYMARK_DEADLINE_PRE_NRM_CONSENT_DAYS"
            ),
        ),
        State(
            "consent_given",
            "Consent given",
            "If your organisation is a First Responder, start the NRM referral. If not, "
            "pass the case to a First Responder (the police or the council's Modern "
            "Slavery Lead).",
            deadline=Deadline(
                2, working_days=True, setting="WAYMARK_DEADLINE_PRE_NRM_START_REFERRAL_DAYS"
            ),
        ),
        State(
            "referred_to_first_responder",
            "Passed to a First Responder",
            "Your organisation is not a First Responder, so a First Responder will "
            "complete the NRM referral. Share what you know with them and stay in touch "
            "with the person.",
            deadline=Deadline(
                3, working_days=True, setting="WAYMARK_DEADLINE_PRE_NRM_FIRST_RESPONDER_DAYS"
            ),
        ),
        State(
            "referral_in_preparation",
            "NRM referral being prepared",
            "Complete the NRM referral form online with the person's account and submit "
            "it to the Home Office. Record the submission and reference on the referral.",
            deadline=Deadline(
                5, working_days=True, setting="WAYMARK_DEADLINE_PRE_NRM_SUBMISSION_DAYS"
            ),
        ),
        State(
            "nrm_submitted",
            "NRM referral submitted",
            "The referral is with the competent authority. Follow the During-NRM pathway "
            "while the Reasonable Grounds decision is awaited.",
            terminal=True,
        ),
        State(
            "consent_declined",
            "Consent declined",
            "A public authority must still notify the Home Office anonymously (Duty to "
            "Notify). If the person changes their mind, record their consent instead.",
            deadline=Deadline(5, working_days=True, setting="WAYMARK_DEADLINE_PRE_NRM_DTN_DAYS"),
            legal_basis=MSA_S52,
        ),
        State(
            "dtn_submitted",
            "Duty to Notify submitted",
            "The anonymous notification was sent: there is no decision and no NRM "
            "support. If the person later consents, start a new NRM referral.",
            terminal=True,
            legal_basis=MSA_S52,
        ),
    ),
    transitions=(
        Transition(
            "give_consent",
            "Consent given",
            ("consent_explained", "consent_declined"),
            "consent_given",
            driven_by_fact="nrm_consent_given",
        ),
        Transition(
            "child_no_consent_needed",
            "Child: no consent needed",
            "consent_explained",
            "consent_given",
            # Recorded on the NRM referral, which checks the person's age at the time.
            driven_by_fact="nrm_consent_not_needed",
        ),
        Transition(
            "decline_consent",
            "Consent declined",
            "consent_explained",
            "consent_declined",
            driven_by_fact="nrm_consent_declined",
        ),
        Transition(
            "refer_to_first_responder",
            "Passed to a First Responder",
            "consent_given",
            "referred_to_first_responder",
        ),
        Transition(
            "prepare_referral",
            "NRM referral started by a First Responder",
            ("consent_given", "referred_to_first_responder"),
            "referral_in_preparation",
            first_responder_only=True,
        ),
        Transition(
            "submit_nrm",
            "NRM referral submitted",
            "referral_in_preparation",
            "nrm_submitted",
            first_responder_only=True,
            driven_by_fact="nrm_submitted",
        ),
        Transition(
            "submit_dtn",
            "Duty to Notify submitted",
            "consent_declined",
            "dtn_submitted",
            first_responder_only=True,
            driven_by_fact="dtn_submitted",
        ),
    ),
)

# No dead ends: the pathway can be closed from any open step, with a reason.
PATHWAY = closable_from_any_step(
    PATHWAY, label="Closed by the Modern Slavery Lead (reason recorded)", allowed_roles=LEAD_ONLY
)
