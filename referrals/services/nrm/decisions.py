"""Reasonable and Conclusive Grounds decisions, and reconsideration."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from core.dates import long_date
from core.errors import ServiceError
from referrals import clocks
from referrals.models import (
    POSITIVE_CG,
    CgDecision,
    NrmEpisode,
    Reconsideration,
    ReconsiderationOutcome,
    ReconsiderationStage,
    RgDecision,
    VictimCareSupport,
)
from referrals.services.nrm.common import (
    S,
    _check_choice,
    _check_date,
    _drive,
    _fact,
    _locked_for,
    _step,
    nrm_episode_transition,
)

# --- Reasonable Grounds ----------------------------------------------------------------------


@transaction.atomic
def nrm_record_rg_decision(
    *,
    actor,
    episode: NrmEpisode,
    decision: str,
    decided_on: date | None,
    vcc_support: str = "",
) -> NrmEpisode:
    """The Reasonable Grounds decision (or the decision after a reconsideration)."""
    episode = _locked_for(episode, "rg", actor)
    _check_choice(decision, RgDecision, "Reasonable Grounds decision")
    _check_date(
        decided_on,
        "date of the Reasonable Grounds decision",
        not_before=episode.submitted_on,
        before_name="the submission",
    )
    _check_choice(vcc_support, VictimCareSupport, "victim care contract support", allow_blank=True)
    reconsidering = episode.state == S.RG_RECONSIDERATION
    if reconsidering:
        pending = episode.reconsiderations.filter(
            stage=ReconsiderationStage.RG, outcome=ReconsiderationOutcome.PENDING
        ).last()
        if pending and decided_on < pending.requested_on:
            raise ServiceError(
                "The date of the Reasonable Grounds decision cannot be before the "
                f"reconsideration was requested ({long_date(pending.requested_on)})"
            )
        if pending:
            pending.outcome = (
                ReconsiderationOutcome.OVERTURNED
                if decision == RgDecision.POSITIVE
                else ReconsiderationOutcome.UPHELD
            )
            pending.outcome_on = decided_on
            pending.save()
    fields = {"rg_decision": decision, "rg_decision_on": decided_on}
    if vcc_support:
        fields["vcc_support"] = vcc_support
    if decision == RgDecision.POSITIVE:
        ends_on = clocks.recovery_period_ends_on(decided_on)
        recovery_over = ends_on <= timezone.localdate()
        transition = "rg_positive_recovery_over" if recovery_over else "rg_positive"
        fields.update(
            recovery_period_start=decided_on,
            recovery_period_ends_on=ends_on,
            earliest_cg_on=clocks.earliest_cg_on(decided_on),
        )
        text = (
            f"positive Reasonable Grounds decision on {long_date(decided_on)}; recovery period "
            f"until at least {long_date(ends_on)}"
        )
        steps = [_fact("rg_positive")]
        if recovery_over:
            steps.append(_step("recovery_period_ended"))
    elif reconsidering:
        transition = "rg_negative_upheld"
        fields["exited_on"] = decided_on
        text = f"negative Reasonable Grounds decision upheld on {long_date(decided_on)}: NRM ended"
        steps = [_fact("rg_negative")]
    else:
        transition = "rg_negative"
        text = f"negative Reasonable Grounds decision on {long_date(decided_on)}"
        steps = [_fact("rg_negative")]
    episode = nrm_episode_transition(
        actor=actor, episode=episode, transition=transition, text=text, **fields
    )
    _drive(actor=actor, episode=episode, pathway_key="during_nrm", steps=tuple(steps), start=True)
    return episode


# --- Reconsideration -------------------------------------------------------------------------


@transaction.atomic
def nrm_request_reconsideration(
    *, actor, episode: NrmEpisode, requested_on: date | None, reason: str = ""
) -> Reconsideration:
    """A negative RG or CG decision is asked to be reconsidered. Only the First
    Responder or a support provider can ask (docs/domain.md section 4)."""
    episode = _locked_for(episode, "reconsideration", actor)
    stage = ReconsiderationStage.RG if episode.state == S.RG_NEGATIVE else ReconsiderationStage.CG
    decided_on = (
        episode.rg_decision_on if stage == ReconsiderationStage.RG else episode.cg_decision_on
    )
    _check_date(
        requested_on,
        "date the reconsideration was requested",
        not_before=decided_on,
        before_name="the decision",
    )
    request = Reconsideration.objects.create(
        episode=episode, stage=stage, requested_on=requested_on, requested_by=actor, reason=reason
    )
    episode = nrm_episode_transition(
        actor=actor,
        episode=episode,
        transition="rg_reconsideration_requested"
        if stage == ReconsiderationStage.RG
        else "cg_reconsideration_requested",
        text=f"reconsideration of the {request.get_stage_display()} decision requested on "
        f"{long_date(requested_on)}",
    )
    _drive(
        actor=actor,
        episode=episode,
        pathway_key="during_nrm" if stage == ReconsiderationStage.RG else "post_nrm",
        steps=(_fact("reconsideration_requested"),),
    )
    return request


# --- Conclusive Grounds -------------------------------------------------------------------------


@transaction.atomic
def nrm_record_cg_decision(
    *,
    actor,
    episode: NrmEpisode,
    decision: str,
    decided_on: date | None,
    early_reason: str = "",
    early_confirmed: bool = False,
) -> NrmEpisode:
    """The Conclusive Grounds decision. It needs a positive RG; one sooner than
    the earliest CG date needs a reason the recorder confirms."""
    episode = _locked_for(episode, "cg", actor)
    _check_choice(decision, CgDecision, "Conclusive Grounds decision")
    _check_date(
        decided_on,
        "date of the Conclusive Grounds decision",
        not_before=episode.rg_decision_on,
        before_name="the Reasonable Grounds decision",
    )
    early_reason = early_reason.strip()
    too_early = episode.earliest_cg_on and decided_on < episode.earliest_cg_on
    if too_early and not (early_reason and early_confirmed):
        raise ServiceError(
            "This Conclusive Grounds decision is earlier than expected (not before "
            f"{long_date(episode.earliest_cg_on)}): enter the reason and confirm it"
        )
    reconsidering = episode.state == S.CG_RECONSIDERATION
    if reconsidering:
        pending = episode.reconsiderations.filter(
            stage=ReconsiderationStage.CG, outcome=ReconsiderationOutcome.PENDING
        ).last()
        if pending:
            pending.outcome = (
                ReconsiderationOutcome.OVERTURNED
                if decision in POSITIVE_CG
                else ReconsiderationOutcome.UPHELD
            )
            pending.outcome_on = decided_on
            pending.save()
    positive = decision in POSITIVE_CG
    fields = {
        "cg_decision": decision,
        "cg_decision_on": decided_on,
        "early_cg_reason": early_reason if early_reason else episode.early_cg_reason,
    }
    if positive:
        move_on_ends_on = clocks.move_on_ends_on(decided_on, positive=True)
        fields.update(move_on_started_on=decided_on, move_on_ends_on=move_on_ends_on)
        text = (
            f"{CgDecision(decision).label} Conclusive Grounds decision on "
            f"{long_date(decided_on)}; move-on support until at least "
            f"{long_date(move_on_ends_on)}"
        )
    else:
        text = f"negative Conclusive Grounds decision on {long_date(decided_on)}"
    if early_reason:
        text += f". Earlier than expected because: {early_reason}"
    episode = nrm_episode_transition(
        actor=actor,
        episode=episode,
        transition="cg_positive" if positive else "cg_negative",
        text=text,
        **fields,
    )
    fact = "cg_positive" if positive else "cg_negative"
    _drive(
        actor=actor,
        episode=episode,
        pathway_key="during_nrm",
        steps=(_step("recovery_period_ended", "Conclusive Grounds decision recorded"), _fact(fact)),
        start=True,
    )
    _drive(actor=actor, episode=episode, pathway_key="post_nrm", steps=(_fact(fact),), start=True)
    return episode
