"""Protocol 4.6 Adult Social Care (local authority: the Adult Social Care team)."""

from pathways.engine import Deadline, Pathway, State, Transition

from ._common import (
    ADULT_SOCIAL_CARE_TEAM,
    CARE_ACT_S9,
    CARE_ACT_S42,
    LOCALISM_S1,
    closable_from_any_step,
)

PATHWAY = Pathway(
    key="adult_social_care",
    name="Adult Social Care",
    number="4.6",
    description=(
        "A safeguarding concern about an adult: the s42 enquiry decision, the Care Act "
        "needs assessment, and a care plan, human rights assessment or signposting."
    ),
    initial="concern_received",
    states=(
        State(
            "concern_received",
            "Safeguarding concern received",
            "Decide whether the s42 duty applies: care and support needs, experiencing or "
            "at risk of abuse or exploitation, and unable to protect themselves.",
            deadline=Deadline(2, working_days=True, setting="WAYMARK_DEADLINE_ASC_S42_DAYS"),
            legal_basis=CARE_ACT_S42,
        ),
        State(
            "s42_enquiry",
            "Section 42 safeguarding enquiry",
            "Make the enquiry with the person and partner agencies, and agree a "
            "protection plan. Keep the Modern Slavery Lead informed.",
            deadline=Deadline(28, setting="WAYMARK_DEADLINE_ASC_ENQUIRY_DAYS"),
            legal_basis=CARE_ACT_S42,
        ),
        State(
            "needs_assessment",
            "Care Act needs assessment",
            "Assess the person's care and support needs against the national "
            "eligibility criteria. Use an interpreter if needed.",
            deadline=Deadline(28, setting="WAYMARK_DEADLINE_ASC_ASSESSMENT_DAYS"),
            legal_basis=CARE_ACT_S9,
        ),
        State(
            "care_plan",
            "Care and support plan",
            "Put the care and support plan in place with the person and book its first review.",
            deadline=Deadline(42, setting="WAYMARK_DEADLINE_ASC_REVIEW_DAYS"),
            legal_basis="Care Act 2014 s24-25 (care and support plan)",
        ),
        State(
            "review",
            "Care plan review",
            "Review whether the plan meets the person's needs. Close when support is no "
            "longer needed from Adult Social Care.",
            legal_basis="Care Act 2014 s27 (review)",
        ),
        State(
            "human_rights_assessment",
            "Human rights assessment",
            "The person is not eligible (for example, no recourse to public funds). "
            "Assess whether support is needed to avoid a breach of their human rights.",
            deadline=Deadline(28, setting="WAYMARK_DEADLINE_ASC_HUMAN_RIGHTS_DAYS"),
            legal_basis=LOCALISM_S1,
        ),
        State(
            "signposted",
            "Signposted",
            "The person is not eligible. Signpost them to community and specialist "
            "support, then close.",
        ),
        State("closed", "Closed", "The Adult Social Care pathway is closed.", terminal=True),
    ),
    transitions=(
        Transition(
            "start_s42_enquiry",
            "Section 42 enquiry started",
            "concern_received",
            "s42_enquiry",
            teams=ADULT_SOCIAL_CARE_TEAM,
        ),
        Transition(
            "no_s42_enquiry",
            "No s42 enquiry: needs assessment",
            "concern_received",
            "needs_assessment",
            teams=ADULT_SOCIAL_CARE_TEAM,
            requires_note=True,
        ),
        Transition(
            "enquiry_concluded",
            "Enquiry concluded: needs assessment",
            "s42_enquiry",
            "needs_assessment",
            teams=ADULT_SOCIAL_CARE_TEAM,
        ),
        Transition(
            "eligible",
            "Eligible: care and support plan",
            "needs_assessment",
            "care_plan",
            teams=ADULT_SOCIAL_CARE_TEAM,
        ),
        Transition(
            "human_rights",
            "Not eligible: human rights assessment",
            "needs_assessment",
            "human_rights_assessment",
            teams=ADULT_SOCIAL_CARE_TEAM,
        ),
        Transition(
            "signpost",
            "Not eligible: signposted",
            "needs_assessment",
            "signposted",
            teams=ADULT_SOCIAL_CARE_TEAM,
        ),
        Transition("review", "Plan reviewed", "care_plan", "review", teams=ADULT_SOCIAL_CARE_TEAM),
        Transition(
            "close",
            "Closed",
            ("review", "human_rights_assessment", "signposted"),
            "closed",
            teams=ADULT_SOCIAL_CARE_TEAM,
            requires_note=True,
        ),
    ),
)

# No dead ends: the pathway can be closed from any open step, with a reason.
PATHWAY = closable_from_any_step(PATHWAY, teams=ADULT_SOCIAL_CARE_TEAM)
