"""Protocol 4.2.3 Post NRM (move-on support after the Conclusive Grounds decision)."""

from pathways.engine import Deadline, Pathway, State, Transition

from ._common import (
    LEAD_ONLY,
    SOURCE_MOVE_ON_NEGATIVE,
    SOURCE_MOVE_ON_POSITIVE,
    closable_from_any_step,
)

PATHWAY = Pathway(
    key="post_nrm",
    name="Post NRM",
    number="4.2.3",
    description=(
        "After the Conclusive Grounds decision: move-on support, temporary permission "
        "to stay where needed, and exit from support."
    ),
    initial="cg_received",
    states=(
        State(
            "cg_received",
            "Conclusive Grounds decision received",
            "Record the Conclusive Grounds decision on the NRM referral; this pathway "
            "then moves to the right kind of move-on support.",
            deadline=Deadline(
                2, working_days=True, setting="WAYMARK_DEADLINE_POST_NRM_RECORD_CG_DAYS"
            ),
        ),
        State(
            "move_on_support",
            "Move-on support (positive decision)",
            "The person gets at least 45 days of move-on support. Plan housing, income "
            "and ongoing help now; ask for a Recovery Needs Assessment if they need longer.",
            # docs/domain.md section 5: positive-CG move-on at least 45 days.
            deadline=Deadline(
                45,
                setting="WAYMARK_DEADLINE_NRM_MOVE_ON_POSITIVE_DAYS",
                source=SOURCE_MOVE_ON_POSITIVE,
            ),
            episode_clock="move_on_ends",
        ),
        State(
            "extended_support",
            "Support extended after a Recovery Needs Assessment",
            "Support continues for the needs the Recovery Needs Assessment found. Review "
            "progress and plan the exit with the person.",
            deadline=Deadline(90, setting="WAYMARK_DEADLINE_POST_NRM_EXTENDED_REVIEW_DAYS"),
            episode_clock="move_on_ends",
        ),
        State(
            "temporary_permission_considered",
            "Temporary permission to stay being considered",
            "The person has no leave to remain, so the Home Office considers temporary "
            "permission to stay for victims. Make sure they have immigration advice.",
            deadline=Deadline(60, setting="WAYMARK_DEADLINE_POST_NRM_TEMPORARY_PERMISSION_DAYS"),
        ),
        State(
            "cg_negative_review",
            "Negative decision: next steps",
            "Tell the person the outcome and their options. Ask for a reconsideration if "
            "there is new evidence; otherwise short move-on support begins.",
            deadline=Deadline(
                5, working_days=True, setting="WAYMARK_DEADLINE_POST_NRM_NEGATIVE_REVIEW_DAYS"
            ),
        ),
        State(
            "reconsideration_requested",
            "Reconsideration of the Conclusive Grounds decision requested",
            "Wait for the competent authority to reconsider and record the new decision "
            "on the NRM referral.",
            deadline=Deadline(30, setting="WAYMARK_DEADLINE_POST_NRM_RECONSIDERATION_DAYS"),
        ),
        State(
            "short_move_on",
            "Short move-on support (negative decision)",
            "Victim Care Contract support ends soon. Arrange housing and mainstream "
            "support before it does.",
            # (verify) docs/domain.md section 5: negative-CG move-on 14 days
            # (section 4 says "14 days / 9 working days, verify").
            deadline=Deadline(
                14,
                setting="WAYMARK_DEADLINE_NRM_MOVE_ON_NEGATIVE_DAYS",
                source=SOURCE_MOVE_ON_NEGATIVE,
            ),
            episode_clock="move_on_ends",
        ),
        State(
            "exited",
            "Exited support",
            "Support under the NRM has ended. The exit destination is recorded on the "
            "NRM referral.",
            terminal=True,
        ),
    ),
    transitions=(
        Transition(
            "start_move_on",
            "Positive decision: move-on support started",
            ("cg_received", "reconsideration_requested"),
            "move_on_support",
            driven_by_fact="cg_positive",
        ),
        Transition(
            "negative_decision",
            "Negative decision recorded",
            "cg_received",
            "cg_negative_review",
            driven_by_fact="cg_negative",
        ),
        Transition(
            "extend_support",
            "Support extended by a Recovery Needs Assessment",
            "move_on_support",
            "extended_support",
            driven_by_fact="recovery_needs_assessment",
        ),
        Transition(
            "consider_temporary_permission",
            "No leave to remain: temporary permission to stay considered",
            ("move_on_support", "extended_support"),
            "temporary_permission_considered",
        ),
        Transition(
            "request_reconsideration",
            "Reconsideration requested",
            "cg_negative_review",
            "reconsideration_requested",
            driven_by_fact="reconsideration_requested",
        ),
        Transition(
            "start_short_move_on",
            "Short move-on support started",
            ("cg_negative_review", "reconsideration_requested"),
            "short_move_on",
            driven_by_fact="move_on_started",
        ),
        Transition(
            "exit_support",
            "Exited support (destination recorded)",
            (
                "move_on_support",
                "extended_support",
                "temporary_permission_considered",
                "short_move_on",
            ),
            "exited",
            driven_by_fact="exited_support",
        ),
    ),
)

# No dead ends: the pathway can be closed from any open step, with a reason.
PATHWAY = closable_from_any_step(
    PATHWAY, label="Closed by the Modern Slavery Lead (reason recorded)", allowed_roles=LEAD_ONLY
)
