"""Recording an NRM referral's or a Duty to Notify's submission."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from cases.models import ExploitationType
from core.dates import long_date
from referrals import clocks
from referrals.models import (
    CompetentAuthority,
    ExploitationPlace,
    NrmEpisode,
    NrmRoute,
)
from referrals.services.nrm.common import (
    RECORDABLE_IN,
    S,
    _check_actor,
    _check_choice,
    _check_date,
    _check_first_responder,
    _drive,
    _fact,
    _first_responder,
    _locked,
    _require_state,
    _resolve_dtn_flag,
    _set_state,
    _step,
    _timeline,
)

# --- Submission -----------------------------------------------------------------------------


@transaction.atomic
def nrm_record_submission(
    *,
    actor,
    episode: NrmEpisode,
    submitted_on: date | None,
    home_office_reference: str = "",
    competent_authority: str = "",
    exploitation_types=(),
    exploitation_place: str = "",
) -> NrmEpisode:
    """The NRM referral was submitted to the Home Office by a First Responder."""
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    _check_first_responder(actor)
    _require_state(episode, RECORDABLE_IN["submission"], "record an NRM submission")
    _check_date(
        submitted_on,
        "date the referral was submitted",
        not_before=episode.consent_referral_on,
        before_name="the consent",
    )
    _check_choice(competent_authority, CompetentAuthority, "competent authority", allow_blank=True)
    _check_choice(exploitation_place, ExploitationPlace, "place of exploitation", allow_blank=True)
    _set_state(
        episode,
        S.AWAITING_RG,
        route=NrmRoute.NRM,
        submitted_on=submitted_on,
        home_office_reference=home_office_reference.strip(),
        competent_authority=competent_authority,
        exploitation_place=exploitation_place,
        **_first_responder(actor, episode),
        rg_expected_on=clocks.rg_expected_on(submitted_on),
    )
    types = list(
        ExploitationType.objects.filter(pk__in=[getattr(t, "pk", t) for t in exploitation_types])
    )
    episode.exploitation_types.set(types)
    _resolve_dtn_flag(episode.case)
    _timeline(
        episode,
        actor,
        f"NRM referral submitted on {long_date(submitted_on)}; Reasonable Grounds decision "
        f"expected by {long_date(episode.rg_expected_on)}",
    )
    _drive(
        actor=actor,
        episode=episode,
        pathway_key="pre_nrm",
        steps=(_fact("nrm_consent_given"), _step("prepare_referral"), _fact("nrm_submitted")),
        start=True,
    )
    _drive(actor=actor, episode=episode, pathway_key="during_nrm", steps=(), start=True)
    return episode


@transaction.atomic
def nrm_record_dtn_submission(
    *, actor, episode: NrmEpisode, submitted_on: date | None, home_office_reference: str = ""
) -> NrmEpisode:
    """The anonymous Duty to Notify was sent after the person declined consent."""
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    _check_first_responder(actor)
    _require_state(episode, RECORDABLE_IN["dtn"], "record a Duty to Notify")
    _check_date(
        submitted_on,
        "date the Duty to Notify was submitted",
        not_before=episode.consent_referral_on,
        before_name="the consent conversation",
    )
    _set_state(
        episode,
        S.DTN_SUBMITTED,
        route=NrmRoute.DTN,
        submitted_on=submitted_on,
        home_office_reference=home_office_reference.strip(),
        **_first_responder(actor, episode),
    )
    _resolve_dtn_flag(episode.case)
    _timeline(episode, actor, f"Duty to Notify submitted on {long_date(submitted_on)}")
    _drive(
        actor=actor,
        episode=episode,
        pathway_key="pre_nrm",
        steps=(_fact("nrm_consent_declined"), _fact("dtn_submitted")),
        start=True,
    )
    return episode
