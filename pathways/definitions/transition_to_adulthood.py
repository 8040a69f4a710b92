"""Protocol 4.8 Transition to Adulthood (Children's Services)."""

from pathways.engine import EIGHTEENTH_BIRTHDAY, Deadline, Pathway, State, Transition

from ._common import CARE_ACT_S9, CHILDREN_ACT, CHILDRENS_SERVICES_TEAM, closable_from_any_step

PATHWAY = Pathway(
    key="transition_to_adulthood",
    name="Transition to Adulthood",
    number="4.8",
    description=(
        "A young person of 17 or over known to children's services: the transition "
        "panel, adult services assessments, NRM status and handover at 18. Its steps are "
        "timed from the young person's 18th birthday."
    ),
    initial="identified",
    states=(
        State(
            "identified",
            "Young person (17+) identified",
            "Put the young person on the agenda of the next transition panel.",
            deadline=Deadline(
                182, setting="WAYMARK_DEADLINE_TRANSITION_PANEL_DAYS", before=EIGHTEENTH_BIRTHDAY
            ),
            legal_basis=CHILDREN_ACT,
        ),
        State(
            "panel_discussed",
            "Discussed at the transition panel",
            "Ask adult social care and housing to assess the young person before they turn 18.",
            deadline=Deadline(
                120,
                setting="WAYMARK_DEADLINE_TRANSITION_ASSESSMENT_DAYS",
                before=EIGHTEENTH_BIRTHDAY,
            ),
        ),
        State(
            "adult_assessment",
            "Adult services assessment",
            "Adult social care and housing assess what support the young person will "
            "need as an adult.",
            deadline=Deadline(
                30,
                setting="WAYMARK_DEADLINE_TRANSITION_ADULT_ASSESSMENT_DAYS",
                before=EIGHTEENTH_BIRTHDAY,
            ),
            legal_basis=CARE_ACT_S9 + "; Care Act 2014 s58 (transition assessment)",
        ),
        State(
            "nrm_status_reviewed",
            "NRM status reviewed",
            "A child's NRM referral needed no consent, but adult support does. Talk to the "
            "young person about consent before they turn 18.",
            # Handover at 18.
            deadline=Deadline(
                0, setting="WAYMARK_DEADLINE_TRANSITION_HANDOVER_DAYS", before=EIGHTEENTH_BIRTHDAY
            ),
        ),
        State(
            "handover_completed",
            "Handover completed at 18",
            "Adult services now lead. Confirm the young person knows who their new "
            "workers are, then close.",
        ),
        State("closed", "Closed", "The transition pathway is closed.", terminal=True),
    ),
    transitions=(
        Transition(
            "discuss_at_panel",
            "Discussed at the transition panel",
            "identified",
            "panel_discussed",
            teams=CHILDRENS_SERVICES_TEAM,
        ),
        Transition(
            "request_assessment",
            "Adult services assessment requested",
            "panel_discussed",
            "adult_assessment",
            teams=CHILDRENS_SERVICES_TEAM,
        ),
        Transition(
            "review_nrm_status",
            "NRM status reviewed",
            "adult_assessment",
            "nrm_status_reviewed",
            teams=CHILDRENS_SERVICES_TEAM,
        ),
        Transition(
            "complete_handover",
            "Handover completed at 18",
            "nrm_status_reviewed",
            "handover_completed",
            teams=CHILDRENS_SERVICES_TEAM,
        ),
    ),
)

# No dead ends: the pathway can be closed from any open step, with a reason.
PATHWAY = closable_from_any_step(PATHWAY, teams=CHILDRENS_SERVICES_TEAM)
