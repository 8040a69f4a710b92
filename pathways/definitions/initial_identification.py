"""Protocol 4.1 Initial Identification & Safeguarding (all agencies, every concern)."""

from pathways.engine import Deadline, Pathway, State, Transition

from ._common import CARE_ACT_S42, CHILDREN_ACT, MSA_S52, closable_from_any_step

PATHWAY = Pathway(
    key="initial_identification",
    name="Initial Identification & Safeguarding",
    number="4.1",
    description=(
        "What every professional does when they suspect modern slavery: keep the "
        "person safe, route children and adults at risk to safeguarding, and tell "
        "the Modern Slavery Lead."
    ),
    initial="concern_raised",
    states=(
        State(
            "concern_raised",
            "Concern raised",
            "Check now whether the person is in immediate danger. If they are, call 999 "
            "before doing anything else.",
            deadline=Deadline(0, setting="WAYMARK_DEADLINE_INITIAL_DANGER_DAYS"),
        ),
        State(
            "danger_assessed",
            "Immediate danger assessed",
            "Establish the person's age. If they may be under 18, treat them as a child "
            "until their age is confirmed.",
            deadline=Deadline(1, setting="WAYMARK_DEADLINE_INITIAL_AGE_DAYS"),
        ),
        State(
            "age_established",
            "Age established",
            "Choose the safeguarding route: a child goes to the Multi-Agency Safeguarding "
            "Hub; an adult at risk goes to Adult Social Care; otherwise report straight "
            "to the Modern Slavery Lead.",
            deadline=Deadline(
                1, working_days=True, setting="WAYMARK_DEADLINE_INITIAL_SAFEGUARDING_DAYS"
            ),
        ),
        State(
            "mash_referral_made",
            "Referred to the Multi-Agency Safeguarding Hub (child)",
            "Children's services lead on the child's safety. Now report the concern to "
            "the Modern Slavery Lead and your own safeguarding lead. A child's NRM "
            "referral needs no consent.",
            deadline=Deadline(1, working_days=True, setting="WAYMARK_DEADLINE_INITIAL_REPORT_DAYS"),
            legal_basis=CHILDREN_ACT,
        ),
        State(
            "adult_safeguarding_referral_made",
            "Adult safeguarding referral made",
            "Adult Social Care will decide whether to make a safeguarding enquiry. Now "
            "report the concern to the Modern Slavery Lead and your own safeguarding lead.",
            deadline=Deadline(1, working_days=True, setting="WAYMARK_DEADLINE_INITIAL_REPORT_DAYS"),
            legal_basis=CARE_ACT_S42,
        ),
        State(
            "reported_to_msl",
            "Reported to the Modern Slavery Lead and own safeguarding lead",
            "Talk to the person about the National Referral Mechanism: what it is, the "
            "support it offers and what happens to their information. Book an "
            "interpreter if needed.",
            deadline=Deadline(
                2, working_days=True, setting="WAYMARK_DEADLINE_INITIAL_NRM_CONVERSATION_DAYS"
            ),
            legal_basis=MSA_S52,
        ),
        State(
            "nrm_consent_conversation",
            "NRM consent conversation",
            "Record the outcome on the Pre-NRM pathway, which takes over from here. "
            "Public authorities must still notify the Home Office if the adult declines.",
            deadline=Deadline(
                1, working_days=True, setting="WAYMARK_DEADLINE_INITIAL_HANDOVER_DAYS"
            ),
            legal_basis=MSA_S52,
        ),
        State(
            "done",
            "Initial safeguarding complete",
            "Initial identification and safeguarding are complete. Follow the Pre-NRM "
            "pathway and any support pathways the person needs.",
            terminal=True,
        ),
    ),
    transitions=(
        Transition(
            "assess_danger",
            "Immediate danger assessed",
            "concern_raised",
            "danger_assessed",
            requires_note=True,
        ),
        Transition("establish_age", "Age established", "danger_assessed", "age_established"),
        Transition(
            "refer_to_mash",
            "Child: referred to the Multi-Agency Safeguarding Hub",
            "age_established",
            "mash_referral_made",
        ),
        Transition(
            "refer_to_adult_safeguarding",
            "Adult at risk: adult safeguarding referral made",
            "age_established",
            "adult_safeguarding_referral_made",
            starts_pathways=("adult_social_care",),
        ),
        Transition(
            "report_without_referral",
            "Neither: reported to the Modern Slavery Lead and own safeguarding lead",
            "age_established",
            "reported_to_msl",
        ),
        Transition(
            "report_to_msl",
            "Reported to the Modern Slavery Lead and own safeguarding lead",
            ("mash_referral_made", "adult_safeguarding_referral_made"),
            "reported_to_msl",
        ),
        Transition(
            "hold_nrm_conversation",
            "NRM consent conversation held",
            "reported_to_msl",
            "nrm_consent_conversation",
        ),
        Transition(
            "hand_over_to_pre_nrm",
            "Handed over to the Pre-NRM pathway",
            "nrm_consent_conversation",
            "done",
            starts_pathways=("pre_nrm",),
        ),
    ),
)

# No dead ends: the pathway can be closed from any open step, with a reason.
PATHWAY = closable_from_any_step(PATHWAY)
