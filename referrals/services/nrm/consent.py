"""Starting an NRM episode and recording consent."""

from __future__ import annotations

from datetime import date

import pghistory
from django.db import transaction

from accounts.models import User
from accounts.roles import ROLE_GROUP_NAMES, Role
from cases.models import Case, CasePerson
from core.dates import long_date
from core.errors import ServiceError
from core.notifications import queue_each, send_queued, site_url
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
    age_unknown: bool = False,
) -> NrmEpisode:
    """Consent to the referral (given, declined, or not needed for a child), with
    consent to victim care contract support and to police contact.

    The protocol's rules for children (docs/domain.md section 4): every
    suspected child goes into the NRM without consent, so a child cannot decline
    (and so cannot be routed to a Duty to Notify, which is for adults who do not
    consent), and "Not needed (child)" is refused for an adult. Age is the
    person's age on the day of the conversation, from the date of birth or the
    recorded age; where neither is known the person recording says so
    (``age_unknown``) and the Modern Slavery Lead is told.
    """
    episode = _locked_for(episode, "consent", actor)
    _check_choice(referral, ReferralConsent, "person's answer about the NRM referral")
    if episode.state == S.CONSENT_DECLINED and referral == ReferralConsent.DECLINED:
        raise ServiceError("Consent is already recorded as declined")
    _check_date(referral_on, "date of the consent conversation")
    told_lead = _check_age_rules(episode, referral, referral_on, age_unknown=age_unknown)
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
        steps = (_fact("nrm_consent_not_needed", "Child: no consent needed (NRM episode)"),)
    else:
        steps = (_fact("nrm_consent_declined"),)
    _drive(actor=actor, episode=episode, pathway_key="pre_nrm", steps=steps, start=True)
    if told_lead:
        _tell_lead_age_unknown(actor, episode)
    return episode


# --- Children ---------------------------------------------------------------------------


def _check_age_rules(episode: NrmEpisode, referral: str, on: date, *, age_unknown: bool) -> bool:
    """Refuse what the protocol's rules for children do not allow. True when the
    person's age is not known and the answer depends on it (the Lead is told)."""
    person = episode.person
    age = person.age_on(on)
    depends_on_age = referral in (ReferralConsent.NOT_NEEDED, ReferralConsent.DECLINED)
    if age is None:
        if depends_on_age and not age_unknown:
            raise ServiceError(
                f"{person}'s age is not known. Record their date of birth or age, or say "
                "that their age is not known (the Modern Slavery Lead will be told)"
            )
        return depends_on_age
    if referral == ReferralConsent.NOT_NEEDED and age >= 18:
        raise ServiceError(
            f"“Not needed (child)” is only for a child, and {person} was {age} on "
            f"{long_date(on)}. Record whether they consented"
        )
    if referral == ReferralConsent.DECLINED and age < 18:
        raise ServiceError(
            f"{person} was {age} on {long_date(on)}. Every suspected child goes into the NRM "
            "without consent, and a Duty to Notify is only for adults: record “Not needed "
            "(child)”"
        )
    return False


def _tell_lead_age_unknown(actor, episode: NrmEpisode) -> None:
    reference = episode.case.reference
    _timeline(
        episode,
        actor,
        "the person's age is not known; the Modern Slavery Lead was told",
    )
    leads = (
        User.objects.filter(is_active=True, groups__name=ROLE_GROUP_NAMES[Role.MODERN_SLAVERY_LEAD])
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    queue_each(
        key=f"referrals.age_unknown:{episode.pk}",
        subject=f"Waymark: age not known on case {reference}",
        body=(
            f"On case {reference}, an NRM consent answer was recorded for a person whose "
            "age is not known. Check whether they may be a child: a child goes into the "
            "NRM without consent.\n\n"
            f"Open the case: {site_url(episode.case.get_absolute_url())}#nrm\n"
        ),
        recipients=list(leads),
    )
    transaction.on_commit(send_queued)
