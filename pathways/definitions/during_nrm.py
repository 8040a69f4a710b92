"""Protocol 4.2.2 During NRM (Reasonable Grounds, recovery period, Conclusive Grounds).

Every transition here is driven by a fact recorded on the NRM referral except
the end of the recovery period and the exit after a negative RG decision.
"""

from pathways.engine import Deadline, Pathway, State, Transition

from ._common import (
    LEAD_ONLY,
    SOURCE_AWAITING_CG,
    SOURCE_RECOVERY,
    SOURCE_RG,
    closable_from_any_step,
)

WITHDRAWABLE = (
    "awaiting_rg",
    "rg_negative",
    "reconsideration_requested",
    "recovery_period",
    "awaiting_cg",
)

PATHWAY = Pathway(
    key="during_nrm",
    name="During NRM",
    number="4.2.2",
    description=(
        "From submission to the Conclusive Grounds decision: the Reasonable Grounds "
        "decision, reconsideration, the recovery period and the wait for a decision."
    ),
    initial="awaiting_rg",
    states=(
        State(
            "awaiting_rg",
            "Awaiting Reasonable Grounds decision",
            "The competent authority aims to decide within 5 working days; many take "
            "longer. Keep the person safe and in contact; chase the Home Office if it is "
            "overdue.",
            # docs/domain.md section 5: RG expected 5 working days after submission
            # (monitor only).
            deadline=Deadline(
                5, working_days=True, setting="WAYMARK_DEADLINE_NRM_RG_DAYS", source=SOURCE_RG
            ),
            episode_clock="rg_expected",
        ),
        State(
            "rg_negative",
            "Reasonable Grounds decision negative",
            "Tell the person the outcome. The First Responder or support provider can ask "
            "for a reconsideration if there is new evidence; otherwise the NRM ends.",
            deadline=Deadline(
                10, working_days=True, setting="WAYMARK_DEADLINE_NRM_RECONSIDERATION_DAYS"
            ),
        ),
        State(
            "reconsideration_requested",
            "Reconsideration requested",
            "Wait for the competent authority to reconsider. Record the new Reasonable "
            "Grounds decision on the referral when it arrives.",
            deadline=Deadline(30, setting="WAYMARK_DEADLINE_NRM_RECONSIDERATION_DECISION_DAYS"),
        ),
        State(
            "recovery_period",
            "Recovery period",
            "The person has at least 30 days of recovery and reflection. If they "
            "consented, The Salvation Army arranges support through the Modern Slavery "
            "Victim Care Contract.",
            # docs/domain.md section 5: recovery period minimum 30 days from positive RG.
            deadline=Deadline(
                30, setting="WAYMARK_DEADLINE_NRM_RECOVERY_PERIOD_DAYS", source=SOURCE_RECOVERY
            ),
            episode_clock="recovery_period_ends",
        ),
        State(
            "awaiting_cg",
            "Awaiting Conclusive Grounds decision",
            "The decision often takes many months. Keep support going and review the "
            "person's needs; tell the Modern Slavery Lead if the wait is causing harm.",
            # Stale alert, not a legal limit; docs/domain.md suggests 6 and 12 months.
            deadline=Deadline(
                182, setting="WAYMARK_DEADLINE_NRM_AWAITING_CG_DAYS", source=SOURCE_AWAITING_CG
            ),
            episode_clock="awaiting_cg_alert",
        ),
        State(
            "cg_positive",
            "Conclusive Grounds decision positive",
            "The person is confirmed as a victim. Follow the Post-NRM pathway for move-on support.",
            terminal=True,
        ),
        State(
            "cg_negative",
            "Conclusive Grounds decision negative",
            "Tell the person the outcome. Follow the Post-NRM pathway: reconsideration or "
            "short move-on support.",
            terminal=True,
        ),
        State(
            "disqualified",
            "Disqualified (public order or bad faith)",
            "Victim support was withdrawn on public-order or bad-faith grounds. Tell the "
            "Modern Slavery Lead and safeguard the person through mainstream services.",
            terminal=True,
        ),
        State(
            "exited",
            "Exited the NRM",
            "The NRM has ended after a negative decision. Make sure the person knows "
            "other support is available and record where they went.",
            terminal=True,
        ),
        State(
            "withdrawn",
            "Withdrawn",
            "The person left the NRM. A re-referral later starts a new NRM referral.",
            terminal=True,
        ),
    ),
    transitions=(
        Transition(
            "rg_positive",
            "Positive Reasonable Grounds decision",
            ("awaiting_rg", "reconsideration_requested"),
            "recovery_period",
            driven_by_fact="rg_positive",
        ),
        Transition(
            "rg_negative",
            "Negative Reasonable Grounds decision",
            "awaiting_rg",
            "rg_negative",
            driven_by_fact="rg_negative",
        ),
        Transition(
            "request_reconsideration",
            "Reconsideration requested (First Responder or support provider)",
            "rg_negative",
            "reconsideration_requested",
            driven_by_fact="reconsideration_requested",
        ),
        Transition(
            "reconsideration_upheld",
            "Negative decision upheld",
            "reconsideration_requested",
            "exited",
            driven_by_fact="rg_negative",
        ),
        Transition(
            "exit_after_rg_negative",
            "No reconsideration: NRM ended",
            "rg_negative",
            "exited",
            requires_note=True,
        ),
        Transition(
            "recovery_period_ended",
            "Recovery period of at least 30 days ended",
            "recovery_period",
            "awaiting_cg",
        ),
        Transition(
            "cg_positive",
            "Positive Conclusive Grounds decision",
            "awaiting_cg",
            "cg_positive",
            driven_by_fact="cg_positive",
        ),
        Transition(
            "cg_negative",
            "Negative Conclusive Grounds decision",
            "awaiting_cg",
            "cg_negative",
            driven_by_fact="cg_negative",
        ),
        Transition(
            "disqualify",
            "Public-order or bad-faith disqualification",
            ("recovery_period", "awaiting_cg"),
            "disqualified",
            driven_by_fact="public_order_disqualification",
        ),
        Transition(
            "withdraw",
            "Withdrawn from the NRM",
            WITHDRAWABLE,
            "withdrawn",
            driven_by_fact="nrm_withdrawn",
        ),
    ),
)

# No dead ends: the pathway can be closed from any open step, with a reason.
PATHWAY = closable_from_any_step(
    PATHWAY, label="Closed by the Modern Slavery Lead (reason recorded)", allowed_roles=LEAD_ONLY
)
