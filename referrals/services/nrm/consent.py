"""Starting an NRM episode and recording consent."""

from __future__ import annotations

from datetime import date

import pghistory
from django.db import transaction

from cases.models import Case, CasePerson
from core.dates import long_date
from core.errors import ServiceError
from referrals.models import (
    NrmEpisode,
    NrmRoute,
    ReferralConsent,
)
from referrals.services.nrm.common import (
    S,
    _check_actor,
    _check_choice,
    _check_date,
    _drive,
    _fact,
    _locked_for,
    _step,
    _timeline,
    nrm_episode_transition,
)
from referrals.states import NRM_EPISODE

# --- Starting an episode -------------------------------------------------------------------


@transaction.atomic
def nrm_episode_start(*, actor, case: Case, person) -> NrmEpisode:
    """Open an episode for a person on the case (the consent conversation begins)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_actor(actor, case)
    if not CasePerson.objects.filter(case=case, person=person).exists():
        raise ServiceError("Select a person named on this case")
    open_episodes = NrmEpisode.objects.filter(
        case=case, person=person, state__in=NRM_EPISODE.open_states
    )
    if open_episodes.exists():
        raise ServiceError(
            f"{person} already has an open NRM episode on this case: record on that one"
        )
    with pghistory.context(user=getattr(actor, "pk", None)):
        episode = NrmEpisode.objects.create(
            case=case, person=person, state=NRM_EPISODE.initial, created_by=actor
        )
    _timeline(episode, actor, "started (consent to be explained)")
    _drive(actor=actor, episode=episode, pathway_key="pre_nrm", steps=(), start=True)
    return episode


# --- Consent ----------------------------------------------------------------------------------


@transaction.atomic
def nrm_record_consent(
    *,
    actor,
    episode: NrmEpisode,
    referral: str,
    referral_on: date | None,
    vcc_support: str = "unknown",
    police_contact: str = "unknown",
    interpreter_used: str = "unknown",
) -> NrmEpisode:
    """Consent to the referral (given, declined, or not needed for a child), with
    consent to victim care contract support and to police contact."""
    episode = _locked_for(episode, "consent", actor)
    _check_choice(referral, ReferralConsent, "person's answer about the NRM referral")
    if episode.state == S.CONSENT_DECLINED and referral == ReferralConsent.DECLINED:
        raise ServiceError("Consent is already recorded as declined")
    _check_date(referral_on, "date of the consent conversation")
    for value, name in (
        (vcc_support, "answer about victim care contract support"),
        (police_contact, "answer about police contact"),
        (interpreter_used, "answer about an interpreter"),
    ):
        if value not in ("yes", "no", "unknown"):
            raise ServiceError(f"Select the {name}")
    declined = referral == ReferralConsent.DECLINED
    label = dict(ReferralConsent.choices)[referral].lower()
    episode = nrm_episode_transition(
        actor=actor,
        episode=episode,
        transition="consent_declined" if declined else "consent_given",
        text=f"consent to an NRM referral {label} on {long_date(referral_on)}",
        route=NrmRoute.DTN if declined else NrmRoute.NRM,
        consent_referral=referral,
        consent_referral_on=referral_on,
        consent_vcc_support=vcc_support,
        consent_vcc_support_on=referral_on if vcc_support != "unknown" else None,
        consent_police_contact=police_contact,
        consent_police_contact_on=referral_on if police_contact != "unknown" else None,
        interpreter_used=interpreter_used,
    )
    if referral == ReferralConsent.GIVEN:
        steps = (_fact("nrm_consent_given"),)
    elif referral == ReferralConsent.NOT_NEEDED:
        steps = (_step("child_no_consent_needed", "Child: no consent needed (NRM episode)"),)
    else:
        steps = (_fact("nrm_consent_declined"),)
    _drive(actor=actor, episode=episode, pathway_key="pre_nrm", steps=steps, start=True)
    return episode
