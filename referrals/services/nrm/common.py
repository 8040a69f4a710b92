"""What every NRM fact's service shares: where each fact may be recorded, the
checks, and moving the pathways."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from cases.models import Case
from cases.permissions import can_work_case
from cases.selectors import user_may_see_case
from cases.services.common import timeline_add
from core.dates import long_date
from core.errors import ServiceError
from pathways.definitions import get_pathway
from pathways.models import CasePathway
from pathways.services import pathway_start, pathway_transition
from referrals.models import (
    DutyToNotifyFlag,
    EpisodeState,
    NrmEpisode,
)

S = EpisodeState


# Where an episode must stand for each fact to be recorded. The services refuse
# anything else; the episode page offers only the steps that fit (referrals/views.py).
RECORDABLE_IN = {
    "consent": frozenset({S.CONSENT_PENDING, S.CONSENT_DECLINED}),
    "submission": frozenset({S.CONSENT_GIVEN}),
    "dtn": frozenset({S.CONSENT_DECLINED}),
    "rg": frozenset({S.AWAITING_RG, S.RG_RECONSIDERATION}),
    "reconsideration": frozenset({S.RG_NEGATIVE, S.CG_NEGATIVE}),
    "cg": frozenset({S.RECOVERY_PERIOD, S.AWAITING_CG, S.CG_RECONSIDERATION}),
    "move-on": frozenset({S.CG_NEGATIVE, S.CG_RECONSIDERATION, S.MOVE_ON}),
    "rna": frozenset({S.MOVE_ON, S.EXTENDED_SUPPORT}),
    "temporary-permission": frozenset({S.MOVE_ON, S.EXTENDED_SUPPORT}),
    "disqualification": frozenset(
        {S.RECOVERY_PERIOD, S.AWAITING_CG, S.MOVE_ON, S.EXTENDED_SUPPORT}
    ),
    "withdrawal": frozenset(
        {
            S.CONSENT_PENDING,
            S.CONSENT_GIVEN,
            S.CONSENT_DECLINED,
            S.AWAITING_RG,
            S.RG_NEGATIVE,
            S.RG_RECONSIDERATION,
            S.RECOVERY_PERIOD,
            S.AWAITING_CG,
        }
    ),
    "exit": frozenset({S.RG_NEGATIVE, S.MOVE_ON, S.EXTENDED_SUPPORT, S.SHORT_MOVE_ON}),
}


# --- Checks shared by every fact ------------------------------------------------------


def _check_actor(actor, case: Case) -> None:
    """People record facts on cases they may work; Waymark itself (None) may too."""
    if actor is None:
        return
    if not can_work_case(actor) or not user_may_see_case(user=actor, case=case):
        raise ServiceError("You cannot record NRM information on this case")


def _check_first_responder(actor) -> None:
    if actor is None:
        return
    agency = getattr(actor, "agency", None)
    if not (agency and agency.is_first_responder):
        raise ServiceError(
            "Only staff of a First Responder organisation can record a submission: "
            "pass the case to a First Responder (the police or the Modern Slavery Lead)"
        )


def _check_date(value: date | None, name: str, *, not_before: date | None = None, before_name=""):
    if value is None:
        raise ServiceError(f"Enter the {name}")
    if value > timezone.localdate():
        raise ServiceError(f"The {name} must be today or in the past")
    if not_before is not None and value < not_before:
        raise ServiceError(f"The {name} cannot be before {before_name} ({long_date(not_before)})")


def _check_choice(value: str, choices, name: str, *, allow_blank=False) -> None:
    if allow_blank and value == "":
        return
    if value not in choices.values:
        raise ServiceError(f"Select the {name}")


def _locked(episode: NrmEpisode) -> NrmEpisode:
    return (
        NrmEpisode.objects.select_for_update().select_related("case", "person").get(pk=episode.pk)
    )


def _require_state(episode: NrmEpisode, allowed: set, doing: str) -> None:
    if episode.state not in allowed:
        raise ServiceError(
            f"You cannot {doing} now: the episode is at '{episode.get_state_display()}'"
        )


def _set_state(episode: NrmEpisode, state: str, **fields) -> None:
    episode.state = state
    for name, value in fields.items():
        setattr(episode, name, value)
    episode.save()


def _timeline(episode: NrmEpisode, actor, text: str) -> None:
    timeline_add(
        case=episode.case,
        actor=actor,
        kind="nrm",
        description=f"{episode.get_route_display()} episode for {episode.person}: {text}",
    )


# --- Moving the pathways ----------------------------------------------------------------


def _drive(
    *,
    actor,
    episode: NrmEpisode,
    pathway_key: str,
    steps: tuple,
    start: bool = False,
) -> None:
    """Perform ``steps`` on the case's pathway where they fit its current state.

    Each step is ("fact", name, note) for a fact-driven transition, or
    ("step", transition_key, note) for a bridging step the fact implies (the
    recovery period has ended when a CG decision arrives, for instance).
    """
    case_pathway = CasePathway.objects.filter(case=episode.case, pathway_key=pathway_key).first()
    if case_pathway is None:
        if not start:
            return
        responsible = episode.first_responder_agency or getattr(actor, "agency", None)
        case_pathway = pathway_start(
            actor=actor, case=episode.case, pathway_key=pathway_key, responsible_agency=responsible
        )
    pathway = get_pathway(pathway_key)
    for kind, key, note in steps:
        case_pathway.refresh_from_db()
        if kind == "fact":
            transition = pathway.transition_for_fact(case_pathway.state_key, key)
        else:
            candidate = pathway.transition(key)
            transition = candidate if case_pathway.state_key in candidate.sources else None
        if transition is None:
            continue
        case_pathway = pathway_transition(
            actor=actor,
            case_pathway=case_pathway,
            transition_key=transition.key,
            note=note,
            by_fact=True,
        )


def _first_responder(actor, episode: NrmEpisode) -> dict:
    agency = getattr(actor, "agency", None) or episode.first_responder_agency
    return {
        "first_responder_agency": agency,
        "first_responder_officer": actor or episode.first_responder_officer,
        "first_responder_type": agency.agency_type if agency else episode.first_responder_type,
        "first_responder_name": agency.name if agency else episode.first_responder_name,
    }


def _fact(name, note=""):
    return ("fact", name, note)


def _step(key, note=""):
    return ("step", key, note)


def _resolve_dtn_flag(case: Case) -> None:
    DutyToNotifyFlag.objects.filter(case=case, resolved_at=None).update(
        resolved_at=timezone.now(), updated_at=timezone.now()
    )
