"""Protocol 4.7 Health (NHS staff)."""

from pathways.engine import Deadline, Pathway, State, Transition

from ._common import NHS, closable_from_any_step

PATHWAY = Pathway(
    key="health",
    name="Health",
    number="4.7",
    description=(
        "A concern identified in a health setting: safeguarding lead, immediate "
        "clinical needs, GP registration, referrals and an NRM through a First Responder."
    ),
    initial="concern_identified",
    states=(
        State(
            "concern_identified",
            "Concern identified in a health setting",
            "Tell your safeguarding lead today. If the person is in immediate danger, call 999.",
            deadline=Deadline(0, setting="WAYMARK_DEADLINE_HEALTH_LEAD_DAYS"),
        ),
        State(
            "safeguarding_lead_informed",
            "Safeguarding lead informed",
            "Meet the person's immediate clinical needs. See them alone, with a "
            "professional interpreter, not a companion.",
            deadline=Deadline(1, setting="WAYMARK_DEADLINE_HEALTH_IMMEDIATE_DAYS"),
        ),
        State(
            "immediate_needs_met",
            "Immediate clinical needs met",
            "Register the person with a GP. Nobody needs proof of address or immigration "
            "status to register.",
            deadline=Deadline(5, working_days=True, setting="WAYMARK_DEADLINE_HEALTH_GP_DAYS"),
        ),
        State(
            "gp_registered",
            "Registered with a GP",
            "Make the referrals the person needs: mental health, trauma, sexual health, "
            "substance use.",
            deadline=Deadline(
                10, working_days=True, setting="WAYMARK_DEADLINE_HEALTH_REFERRALS_DAYS"
            ),
        ),
        State(
            "referrals_made",
            "Referrals made",
            "NHS bodies are not First Responders. With the person's consent, ask a First "
            "Responder (the police or the council's Modern Slavery Lead) to make the NRM "
            "referral.",
            deadline=Deadline(5, working_days=True, setting="WAYMARK_DEADLINE_HEALTH_NRM_DAYS"),
        ),
        State(
            "nrm_via_first_responder",
            "NRM referral through a First Responder",
            "Give the First Responder the clinical information they need, with consent. "
            "Carry on with the person's care.",
            deadline=Deadline(
                5, working_days=True, setting="WAYMARK_DEADLINE_HEALTH_HANDOVER_DAYS"
            ),
        ),
        State(
            "ongoing_care",
            "Ongoing care",
            "Continue care and keep the safeguarding lead informed of any new risk.",
        ),
        State("closed", "Closed", "The health pathway is closed.", terminal=True),
    ),
    transitions=(
        Transition(
            "inform_lead",
            "Safeguarding lead informed",
            "concern_identified",
            "safeguarding_lead_informed",
            agency_types=NHS,
        ),
        Transition(
            "meet_immediate_needs",
            "Immediate clinical needs met",
            "safeguarding_lead_informed",
            "immediate_needs_met",
            agency_types=NHS,
        ),
        Transition(
            "register_gp",
            "Registered with a GP",
            "immediate_needs_met",
            "gp_registered",
            agency_types=NHS,
        ),
        Transition(
            "make_referrals",
            "Referrals made",
            "gp_registered",
            "referrals_made",
            agency_types=NHS,
        ),
        Transition(
            "refer_to_first_responder",
            "Passed to a First Responder for the NRM",
            "referrals_made",
            "nrm_via_first_responder",
            agency_types=NHS,
        ),
        Transition(
            "continue_care",
            "Ongoing care",
            "nrm_via_first_responder",
            "ongoing_care",
            agency_types=NHS,
        ),
        Transition(
            "no_nrm_needed",
            "No NRM referral (declined or already made): ongoing care",
            "referrals_made",
            "ongoing_care",
            agency_types=NHS,
            requires_note=True,
        ),
        Transition(
            "close", "Closed", "ongoing_care", "closed", agency_types=NHS, requires_note=True
        ),
    ),
)

# No dead ends: the pathway can be closed from any open step, with a reason.
PATHWAY = closable_from_any_step(PATHWAY, agency_types=NHS)
