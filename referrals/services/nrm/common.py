"""What every NRM fact's service shares: the checks, the one transition
function, and moving the pathways. Where each fact may be recorded, and by
whom, is declared in ``referrals.states.NRM_EPISODE``."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.utils import timezone

from cases.models import Case, TimelineKind
from cases.services.common import timeline_add
from core.dates import long_date
from core.errors import ServiceError
from core.states import perform
from pathways.definitions import get_pathway
from pathways.models import CasePathway
from pathways.services import pathway_follow_episode_clock, pathway_start, pathway_transition
from referrals.clocks import EPISODE_CLOCKS
from referrals.models import (
    DutyToNotifyFlag,
    EpisodeState,
    NrmEpisode,
)
from referrals.states import MAY_WORK_CASE, NRM_EPISODE

S = EpisodeState


# --- Checks shared by every fact ------------------------------------------------------


def _check_actor(actor, case: Case) -> None:
    """People record facts on cases they may work; Waymark itself (None) may too."""
    if actor is None:
        return
    reason = MAY_WORK_CASE.refuses(actor, SimpleNamespace(case=case))
    if reason:
        raise ServiceError(reason)


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


def _episodes():
    return NrmEpisode.objects.select_related("case", "person")


def _locked_for(episode: NrmEpisode, step: str, actor) -> NrmEpisode:
    """Lock the episode and check ``step`` may be recorded on it now, by ``actor``
    (``NRM_EPISODE`` says who and from where), before the answers are checked."""
    episode = _episodes().select_for_update().get(pk=episode.pk)
    NRM_EPISODE.check_step(step, record=episode, actor=actor)
    return episode


def _timeline(episode: NrmEpisode, actor, text: str) -> None:
    timeline_add(
        case=episode.case,
        actor=actor,
        kind=TimelineKind.NRM,
        description=f"{episode.get_route_display()} episode for {episode.person}: {text}",
    )


def nrm_episode_transition(
    *, actor, episode: NrmEpisode, transition: str, text: str, **fields
) -> NrmEpisode:
    """The one way an episode changes state: lock the row, check ``transition``
    against ``NRM_EPISODE`` (from where the episode stands now, and who may),
    set the state and ``fields``, save, and write ``text`` on the case timeline.

    The service that calls it checks what was recorded and moves the pathways.
    """
    episode = perform(
        NRM_EPISODE,
        queryset=_episodes().select_for_update(),
        record=episode,
        transition=transition,
        actor=actor,
        fields=fields,
    )
    _timeline(episode, actor, text)
    return episode


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
    follow_episode_clock(episode, case_pathway)


def follow_episode_clock(episode: NrmEpisode, case_pathway: CasePathway) -> None:
    """One clock per fact: a step that mirrors an NRM fact is due when the episode says."""
    case_pathway.refresh_from_db()
    clock = case_pathway.state.episode_clock
    if clock:
        pathway_follow_episode_clock(
            case_pathway=case_pathway, due_on=EPISODE_CLOCKS[clock](episode)
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
