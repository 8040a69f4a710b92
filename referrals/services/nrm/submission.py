"""Recording an NRM referral's or a Duty to Notify's submission."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from cases.models import ExploitationType
from core.dates import long_date
from core.errors import ServiceError
from referrals import clocks
from referrals.models import (
    CompetentAuthority,
    ExploitationPlace,
    NrmEpisode,
    NrmRoute,
)
from referrals.services.nrm.common import (
    _check_choice,
    _check_date,
    _drive,
    _fact,
    _first_responder,
    _locked_for,
    _resolve_dtn_flag,
    _step,
    nrm_episode_transition,
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
    episode = _locked_for(episode, "submission", actor)
    _check_date(
        submitted_on,
        "date the referral was submitted",
        not_before=episode.consent_referral_on,
        before_name="the consent",
    )
    _check_choice(competent_authority, CompetentAuthority, "competent authority", allow_blank=True)
    _check_choice(exploitation_place, ExploitationPlace, "place of exploitation", allow_blank=True)
    rg_expected_on = clocks.rg_expected_on(submitted_on)
    episode = nrm_episode_transition(
        actor=actor,
        episode=episode,
        transition="nrm_submitted",
        text=f"NRM referral submitted on {long_date(submitted_on)}; Reasonable Grounds "
        f"decision expected by {long_date(rg_expected_on)}",
        route=NrmRoute.NRM,
        submitted_on=submitted_on,
        home_office_reference=home_office_reference.strip(),
        competent_authority=competent_authority,
        exploitation_place=exploitation_place,
        **_first_responder(actor, episode),
        rg_expected_on=rg_expected_on,
    )
    types = list(
        ExploitationType.objects.filter(pk__in=[getattr(t, "pk", t) for t in exploitation_types])
    )
    episode.exploitation_types.set(types)
    _resolve_dtn_flag(episode.case)
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
    episode = _locked_for(episode, "dtn", actor)
    _check_date(
        submitted_on,
        "date the Duty to Notify was submitted",
        not_before=episode.consent_referral_on,
        before_name="the consent conversation",
    )
    age = episode.person.age_on(episode.consent_referral_on or submitted_on)
    if age is not None and age < 18:
        raise ServiceError(
            "A Duty to Notify is only for adults who do not consent: a child goes into the "
            "NRM without consent. Record “Not needed (child)” on the consent instead"
        )
    episode = nrm_episode_transition(
        actor=actor,
        episode=episode,
        transition="dtn_submitted",
        text=f"Duty to Notify submitted on {long_date(submitted_on)}",
        route=NrmRoute.DTN,
        submitted_on=submitted_on,
        home_office_reference=home_office_reference.strip(),
        **_first_responder(actor, episode),
    )
    _resolve_dtn_flag(episode.case)
    _drive(
        actor=actor,
        episode=episode,
        pathway_key="pre_nrm",
        steps=(_fact("nrm_consent_declined"), _fact("dtn_submitted")),
        start=True,
    )
    return episode
