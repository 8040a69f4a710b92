"""Protocol 4.9 Trading Standards (local authority: the Trading Standards team)."""

from pathways.engine import Deadline, Pathway, State, Transition

from ._common import TRADING_STANDARDS_TEAM, closable_from_any_step

PATHWAY = Pathway(
    key="trading_standards",
    name="Trading Standards",
    number="4.9",
    description=(
        "A concern about a business: intelligence, an inspection visit, potential "
        "victims, referral to an enforcement partner and the outcome."
    ),
    initial="concern_received",
    states=(
        State(
            "concern_received",
            "Concern at a business",
            "Record the intelligence: the business, what was seen and by whom.",
            deadline=Deadline(
                2, working_days=True, setting="WAYMARK_DEADLINE_TRADING_STANDARDS_INTEL_DAYS"
            ),
        ),
        State(
            "intelligence_recorded",
            "Intelligence recorded",
            "Plan an inspection visit, jointly with the police, GLAA, Immigration "
            "Enforcement or HMRC as needed.",
            deadline=Deadline(14, setting="WAYMARK_DEADLINE_TRADING_STANDARDS_VISIT_DAYS"),
        ),
        State(
            "inspection_visit",
            "Inspection visit",
            "On the visit, look for signs of exploitation. Any potential victim starts "
            "the initial identification pathway straight away.",
            deadline=Deadline(
                5, working_days=True, setting="WAYMARK_DEADLINE_TRADING_STANDARDS_FINDINGS_DAYS"
            ),
        ),
        State(
            "victims_identified",
            "Potential victims identified",
            "Start the initial identification pathway for each person. Then refer the "
            "business to the right enforcement partner.",
            deadline=Deadline(
                1, working_days=True, setting="WAYMARK_DEADLINE_TRADING_STANDARDS_VICTIMS_DAYS"
            ),
            legal_basis="Modern Slavery Act 2015 s52 (duty to notify)",
        ),
        State(
            "referred_to_partner",
            "Referred to an enforcement partner",
            "Follow up with the enforcement partner and record the outcome.",
            deadline=Deadline(28, setting="WAYMARK_DEADLINE_TRADING_STANDARDS_OUTCOME_DAYS"),
        ),
        State(
            "outcome_recorded",
            "Outcome recorded",
            "Check the outcome (advice, warning, closure, prosecution or no action) is "
            "recorded, then close.",
        ),
        State("closed", "Closed", "The Trading Standards pathway is closed.", terminal=True),
    ),
    transitions=(
        Transition(
            "record_intelligence",
            "Intelligence recorded",
            "concern_received",
            "intelligence_recorded",
            teams=TRADING_STANDARDS_TEAM,
        ),
        Transition(
            "visit",
            "Inspection visit",
            "intelligence_recorded",
            "inspection_visit",
            teams=TRADING_STANDARDS_TEAM,
        ),
        Transition(
            "victims_found",
            "Potential victims identified",
            "inspection_visit",
            "victims_identified",
            teams=TRADING_STANDARDS_TEAM,
        ),
        Transition(
            "refer_to_partner",
            "Referred to an enforcement partner",
            ("inspection_visit", "victims_identified"),
            "referred_to_partner",
            teams=TRADING_STANDARDS_TEAM,
        ),
        Transition(
            "record_outcome",
            "Outcome recorded",
            ("inspection_visit", "referred_to_partner"),
            "outcome_recorded",
            teams=TRADING_STANDARDS_TEAM,
            requires_note=True,
        ),
        Transition("close", "Closed", "outcome_recorded", "closed", teams=TRADING_STANDARDS_TEAM),
    ),
)

# No dead ends: the pathway can be closed from any open step, with a reason.
PATHWAY = closable_from_any_step(PATHWAY, teams=TRADING_STANDARDS_TEAM)
