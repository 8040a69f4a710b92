"""After the Conclusive Grounds decision: move-on, the Recovery Needs Assessment,
temporary permission, disqualification, withdrawal and exit."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from core.dates import long_date
from core.errors import ServiceError
from referrals import clocks
from referrals.models import (
    NrmEpisode,
    ReconsiderationOutcome,
    TemporaryPermission,
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

# --- After the Conclusive Grounds decision ---------------------------------------------------


@transaction.atomic
def nrm_record_move_on(*, actor, episode: NrmEpisode, started_on: date | None) -> NrmEpisode:
    """Move-on support began: short move-on after a negative CG, or a corrected
    start date for move-on after a positive one."""
    episode = _locked_for(episode, "move-on", actor)
    _check_date(
        started_on,
        "date move-on support started",
        not_before=episode.cg_decision_on,
        before_name="the Conclusive Grounds decision",
    )
    positive = episode.state == S.MOVE_ON
    ends = clocks.move_on_ends_on(started_on, positive=positive)
    if not positive and episode.state == S.CG_RECONSIDERATION:
        pending = episode.reconsiderations.filter(outcome=ReconsiderationOutcome.PENDING).last()
        if pending:
            pending.outcome = ReconsiderationOutcome.UPHELD
            pending.outcome_on = started_on
            pending.save()
    kind = "move-on support" if positive else "short move-on support"
    episode = nrm_episode_transition(
        actor=actor,
        episode=episode,
        transition="move_on_corrected" if positive else "short_move_on",
        text=f"{kind} started on {long_date(started_on)}, until {long_date(ends)}",
        move_on_started_on=started_on,
        move_on_ends_on=ends,
    )
    # A corrected start date moves the step's due date with it (one clock per fact).
    _drive(
        actor=actor,
        episode=episode,
        pathway_key="post_nrm",
        steps=() if positive else (_fact("move_on_started"),),
    )
    return episode


@transaction.atomic
def nrm_record_rna(
    *,
    actor,
    episode: NrmEpisode,
    assessed_on: date | None,
    note: str = "",
    support_extended_until: date | None = None,
) -> NrmEpisode:
    """A Recovery Needs Assessment extended support after a positive CG."""
    episode = _locked_for(episode, "rna", actor)
    _check_date(
        assessed_on,
        "date of the Recovery Needs Assessment",
        not_before=episode.cg_decision_on,
        before_name="the Conclusive Grounds decision",
    )
    if support_extended_until is not None and support_extended_until <= assessed_on:
        raise ServiceError("The date support is extended until must be after the assessment")
    until = (
        f", support extended until {long_date(support_extended_until)}"
        if support_extended_until
        else ""
    )
    episode = nrm_episode_transition(
        actor=actor,
        episode=episode,
        transition="support_extended",
        text=f"Recovery Needs Assessment on {long_date(assessed_on)}{until}",
        rna_on=assessed_on,
        rna_note=note.strip(),
        support_extended_until=support_extended_until,
    )
    _drive(
        actor=actor,
        episode=episode,
        pathway_key="post_nrm",
        steps=(_fact("recovery_needs_assessment"),),
    )
    return episode


@transaction.atomic
def nrm_record_temporary_permission(
    *, actor, episode: NrmEpisode, decision: str, decided_on: date | None
) -> NrmEpisode:
    """Temporary permission to stay for victims: granted, refused or paused."""
    episode = _locked_for(episode, "temporary-permission", actor)
    _check_choice(decision, TemporaryPermission, "temporary permission to stay decision")
    _check_date(
        decided_on,
        "date of the temporary permission decision",
        not_before=episode.cg_decision_on,
        before_name="the Conclusive Grounds decision",
    )
    episode = nrm_episode_transition(
        actor=actor,
        episode=episode,
        transition="temporary_permission",
        text=f"temporary permission to stay {TemporaryPermission(decision).label.lower()} on "
        f"{long_date(decided_on)}",
        tps_decision=decision,
        tps_decision_on=decided_on,
    )
    _drive(
        actor=actor,
        episode=episode,
        pathway_key="post_nrm",
        steps=(_step("consider_temporary_permission"),),
    )
    return episode


@transaction.atomic
def nrm_record_disqualification(
    *, actor, episode: NrmEpisode, disqualified_on: date | None, reason: str
) -> NrmEpisode:
    """Support withdrawn on public-order or bad-faith grounds after a positive RG."""
    episode = _locked_for(episode, "disqualification", actor)
    _check_date(
        disqualified_on,
        "date of the disqualification",
        not_before=episode.rg_decision_on,
        before_name="the Reasonable Grounds decision",
    )
    if not reason.strip():
        raise ServiceError("Enter the grounds for the disqualification")
    episode = nrm_episode_transition(
        actor=actor,
        episode=episode,
        transition="disqualified",
        text=f"disqualified on {long_date(disqualified_on)}",
        disqualified_on=disqualified_on,
        disqualification_reason=reason.strip(),
    )
    _drive(
        actor=actor,
        episode=episode,
        pathway_key="during_nrm",
        steps=(_fact("public_order_disqualification"),),
    )
    return episode


@transaction.atomic
def nrm_record_withdrawal(
    *, actor, episode: NrmEpisode, withdrawn_on: date | None, reason: str = ""
) -> NrmEpisode:
    """The person left the NRM before a Conclusive Grounds decision."""
    episode = _locked_for(episode, "withdrawal", actor)
    _check_date(
        withdrawn_on,
        "date of the withdrawal",
        not_before=episode.submitted_on or episode.consent_referral_on,
        before_name="the referral",
    )
    episode = nrm_episode_transition(
        actor=actor,
        episode=episode,
        transition="withdrawn",
        text=f"withdrawn on {long_date(withdrawn_on)}",
        withdrawn_on=withdrawn_on,
        withdrawal_reason=reason.strip(),
    )
    _drive(actor=actor, episode=episode, pathway_key="during_nrm", steps=(_fact("nrm_withdrawn"),))
    return episode


@transaction.atomic
def nrm_record_exit(
    *, actor, episode: NrmEpisode, exited_on: date | None, destination: str
) -> NrmEpisode:
    """The person left NRM support; where they went is recorded."""
    episode = _locked_for(episode, "exit", actor)
    # An episode already exited (an upheld negative decision, an import) only
    # gets its destination; nothing else moves.
    filling_in = episode.state == S.EXITED
    destination = destination.strip()
    if not destination:
        raise ServiceError("Enter where the person went when support ended")
    _check_date(
        exited_on,
        "date support ended",
        not_before=episode.cg_decision_on or episode.rg_decision_on,
        before_name="the decision",
    )
    after_rg_negative = episode.state == S.RG_NEGATIVE
    episode = nrm_episode_transition(
        actor=actor,
        episode=episode,
        transition="exit_destination_recorded" if filling_in else "exited",
        text=f"exited support on {long_date(exited_on)}",
        exited_on=exited_on,
        exit_destination=destination,
    )
    if filling_in:
        return episode
    if after_rg_negative:
        _drive(
            actor=actor,
            episode=episode,
            pathway_key="during_nrm",
            steps=(_step("exit_after_rg_negative", f"Exit destination: {destination}"),),
        )
    else:
        _drive(
            actor=actor, episode=episode, pathway_key="post_nrm", steps=(_fact("exited_support"),)
        )
    return episode
