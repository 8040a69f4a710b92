"""Recording NRM and Duty to Notify facts, one service per fact.

Each service locks the episode, checks the fact against what is already
recorded, writes it, moves the episode's ``state``, writes the case timeline,
and moves the case's Pre-, During- and Post-NRM pathways (starting them where
needed) so the worker records the fact once. A pathway already past the step
a fact drives (a second episode on the same case, for instance) is left where
it is: the episode is the record of the NRM; the pathway is the checklist.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import AgencyType
from cases.models import Case, CasePerson, ExploitationType
from cases.permissions import can_work_case, is_lead
from cases.selectors import user_may_see_case
from cases.services.common import timeline_add
from core.errors import ServiceError
from pathways.definitions import get_pathway
from pathways.models import CasePathway
from pathways.services import pathway_start, pathway_transition
from referrals import clocks
from referrals.models import (
    POSITIVE_CG,
    CgDecision,
    CompetentAuthority,
    DutyToNotifyFlag,
    EpisodeState,
    ExploitationPlace,
    NrmEpisode,
    NrmRoute,
    Reconsideration,
    ReconsiderationOutcome,
    ReconsiderationStage,
    ReferralConsent,
    RgDecision,
    TemporaryPermission,
    VictimCareSupport,
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
        raise ServiceError(f"The {name} cannot be before {before_name} ({not_before:%-d %B %Y})")


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


# --- Starting an episode -------------------------------------------------------------------


@transaction.atomic
def nrm_episode_start(*, actor, case: Case, person) -> NrmEpisode:
    """Open an episode for a person on the case (the consent conversation begins)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_actor(actor, case)
    if not CasePerson.objects.filter(case=case, person=person).exists():
        raise ServiceError("Select a person named on this case")
    open_states = [s for s in EpisodeState if s not in _CLOSED]
    if NrmEpisode.objects.filter(case=case, person=person, state__in=open_states).exists():
        raise ServiceError(
            f"{person} already has an open NRM episode on this case: record on that one"
        )
    episode = NrmEpisode.objects.create(case=case, person=person, created_by=actor)
    _timeline(episode, actor, "started (consent to be explained)")
    _drive(actor=actor, episode=episode, pathway_key="pre_nrm", steps=(), start=True)
    return episode


_CLOSED = {S.DTN_SUBMITTED, S.DISQUALIFIED, S.WITHDRAWN, S.EXITED}


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
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    _require_state(episode, RECORDABLE_IN["consent"], "record consent")
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
    _set_state(
        episode,
        S.CONSENT_DECLINED if declined else S.CONSENT_GIVEN,
        route=NrmRoute.DTN if declined else NrmRoute.NRM,
        consent_referral=referral,
        consent_referral_on=referral_on,
        consent_vcc_support=vcc_support,
        consent_vcc_support_on=referral_on if vcc_support != "unknown" else None,
        consent_police_contact=police_contact,
        consent_police_contact_on=referral_on if police_contact != "unknown" else None,
        interpreter_used=interpreter_used,
    )
    label = dict(ReferralConsent.choices)[referral].lower()
    _timeline(episode, actor, f"consent to an NRM referral {label} on {referral_on:%-d %B %Y}")
    if referral == ReferralConsent.GIVEN:
        steps = (_fact("nrm_consent_given"),)
    elif referral == ReferralConsent.NOT_NEEDED:
        steps = (_step("child_no_consent_needed", "Child: no consent needed (NRM episode)"),)
    else:
        steps = (_fact("nrm_consent_declined"),)
    _drive(actor=actor, episode=episode, pathway_key="pre_nrm", steps=steps, start=True)
    return episode


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
        f"NRM referral submitted on {submitted_on:%-d %B %Y}; Reasonable Grounds decision "
        f"expected by {episode.rg_expected_on:%-d %B %Y}",
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
    _timeline(episode, actor, f"Duty to Notify submitted on {submitted_on:%-d %B %Y}")
    _drive(
        actor=actor,
        episode=episode,
        pathway_key="pre_nrm",
        steps=(_fact("nrm_consent_declined"), _fact("dtn_submitted")),
        start=True,
    )
    return episode


# --- Reasonable Grounds ----------------------------------------------------------------------


def _enter_recovery(episode: NrmEpisode, decided_on: date) -> None:
    episode.recovery_period_start = decided_on
    episode.recovery_period_ends_on = clocks.recovery_period_ends_on(decided_on)
    episode.earliest_cg_on = clocks.earliest_cg_on(decided_on)
    ended = episode.recovery_period_ends_on <= timezone.localdate()
    episode.state = S.AWAITING_CG if ended else S.RECOVERY_PERIOD


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
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    _require_state(episode, RECORDABLE_IN["rg"], "record a Reasonable Grounds decision")
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
                f"reconsideration was requested ({pending.requested_on:%-d %B %Y})"
            )
        if pending:
            pending.outcome = (
                ReconsiderationOutcome.OVERTURNED
                if decision == RgDecision.POSITIVE
                else ReconsiderationOutcome.UPHELD
            )
            pending.outcome_on = decided_on
            pending.save()
    episode.rg_decision = decision
    episode.rg_decision_on = decided_on
    if vcc_support:
        episode.vcc_support = vcc_support
    if decision == RgDecision.POSITIVE:
        _enter_recovery(episode, decided_on)
        episode.save()
        text = (
            f"positive Reasonable Grounds decision on {decided_on:%-d %B %Y}; recovery period "
            f"until at least {episode.recovery_period_ends_on:%-d %B %Y}"
        )
        steps = [_fact("rg_positive")]
        if episode.state == S.AWAITING_CG:
            steps.append(_step("recovery_period_ended"))
    elif reconsidering:
        _set_state(episode, S.EXITED, exited_on=decided_on)
        text = f"negative Reasonable Grounds decision upheld on {decided_on:%-d %B %Y}: NRM ended"
        steps = [_fact("rg_negative")]
    else:
        _set_state(episode, S.RG_NEGATIVE)
        text = f"negative Reasonable Grounds decision on {decided_on:%-d %B %Y}"
        steps = [_fact("rg_negative")]
    _timeline(episode, actor, text)
    _drive(actor=actor, episode=episode, pathway_key="during_nrm", steps=tuple(steps), start=True)
    return episode


# --- Reconsideration -------------------------------------------------------------------------


@transaction.atomic
def nrm_request_reconsideration(
    *, actor, episode: NrmEpisode, requested_on: date | None, reason: str = ""
) -> Reconsideration:
    """A negative RG or CG decision is asked to be reconsidered. Only the First
    Responder or a support provider can ask (domain guide section 4)."""
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    agency = getattr(actor, "agency", None)
    if actor is not None and not (
        is_lead(actor)
        or (agency and (agency.is_first_responder or agency.agency_type == AgencyType.VOLUNTARY))
    ):
        raise ServiceError(
            "Only the First Responder or a support provider can ask for a reconsideration"
        )
    _require_state(episode, RECORDABLE_IN["reconsideration"], "record a reconsideration request")
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
    _set_state(
        episode, S.RG_RECONSIDERATION if stage == ReconsiderationStage.RG else S.CG_RECONSIDERATION
    )
    _timeline(
        episode,
        actor,
        f"reconsideration of the {request.get_stage_display()} decision requested on "
        f"{requested_on:%-d %B %Y}",
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
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    if not episode.rg_is_positive:
        raise ServiceError(
            "A Conclusive Grounds decision needs a positive Reasonable Grounds decision first"
        )
    _require_state(
        episode,
        RECORDABLE_IN["cg"],
        "record a Conclusive Grounds decision",
    )
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
            f"{episode.earliest_cg_on:%-d %B %Y}): enter the reason and confirm it"
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
    episode.cg_decision = decision
    episode.cg_decision_on = decided_on
    episode.early_cg_reason = early_reason if early_reason else episode.early_cg_reason
    if positive:
        _set_state(
            episode,
            S.MOVE_ON,
            move_on_started_on=decided_on,
            move_on_ends_on=clocks.move_on_ends_on(decided_on, positive=True),
        )
        text = (
            f"{episode.get_cg_decision_display()} Conclusive Grounds decision on "
            f"{decided_on:%-d %B %Y}; move-on support until at least "
            f"{episode.move_on_ends_on:%-d %B %Y}"
        )
    else:
        _set_state(episode, S.CG_NEGATIVE)
        text = f"negative Conclusive Grounds decision on {decided_on:%-d %B %Y}"
    if early_reason:
        text += f". Earlier than expected because: {early_reason}"
    _timeline(episode, actor, text)
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


# --- After the Conclusive Grounds decision ---------------------------------------------------


@transaction.atomic
def nrm_record_move_on(*, actor, episode: NrmEpisode, started_on: date | None) -> NrmEpisode:
    """Move-on support began: short move-on after a negative CG, or a corrected
    start date for move-on after a positive one."""
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    _require_state(episode, RECORDABLE_IN["move-on"], "record move-on support")
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
    _set_state(
        episode,
        S.MOVE_ON if positive else S.SHORT_MOVE_ON,
        move_on_started_on=started_on,
        move_on_ends_on=ends,
    )
    kind = "move-on support" if positive else "short move-on support"
    _timeline(episode, actor, f"{kind} started on {started_on:%-d %B %Y}, until {ends:%-d %B %Y}")
    if not positive:
        _drive(
            actor=actor, episode=episode, pathway_key="post_nrm", steps=(_fact("move_on_started"),)
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
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    _require_state(episode, RECORDABLE_IN["rna"], "record a Recovery Needs Assessment")
    _check_date(
        assessed_on,
        "date of the Recovery Needs Assessment",
        not_before=episode.cg_decision_on,
        before_name="the Conclusive Grounds decision",
    )
    if support_extended_until is not None and support_extended_until <= assessed_on:
        raise ServiceError("The date support is extended until must be after the assessment")
    _set_state(
        episode,
        S.EXTENDED_SUPPORT,
        rna_on=assessed_on,
        rna_note=note.strip(),
        support_extended_until=support_extended_until,
    )
    until = (
        f", support extended until {support_extended_until:%-d %B %Y}"
        if support_extended_until
        else ""
    )
    _timeline(episode, actor, f"Recovery Needs Assessment on {assessed_on:%-d %B %Y}{until}")
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
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    _require_state(
        episode, RECORDABLE_IN["temporary-permission"], "record temporary permission to stay"
    )
    _check_choice(decision, TemporaryPermission, "temporary permission to stay decision")
    _check_date(
        decided_on,
        "date of the temporary permission decision",
        not_before=episode.cg_decision_on,
        before_name="the Conclusive Grounds decision",
    )
    episode.tps_decision = decision
    episode.tps_decision_on = decided_on
    episode.save()
    _timeline(
        episode,
        actor,
        f"temporary permission to stay {episode.get_tps_decision_display().lower()} on "
        f"{decided_on:%-d %B %Y}",
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
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    _require_state(
        episode,
        RECORDABLE_IN["disqualification"],
        "record a public-order disqualification",
    )
    _check_date(
        disqualified_on,
        "date of the disqualification",
        not_before=episode.rg_decision_on,
        before_name="the Reasonable Grounds decision",
    )
    if not reason.strip():
        raise ServiceError("Enter the grounds for the disqualification")
    _set_state(
        episode,
        S.DISQUALIFIED,
        disqualified_on=disqualified_on,
        disqualification_reason=reason.strip(),
    )
    _timeline(episode, actor, f"disqualified on {disqualified_on:%-d %B %Y}")
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
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    _require_state(episode, RECORDABLE_IN["withdrawal"], "record a withdrawal")
    _check_date(
        withdrawn_on,
        "date of the withdrawal",
        not_before=episode.submitted_on or episode.consent_referral_on,
        before_name="the referral",
    )
    _set_state(episode, S.WITHDRAWN, withdrawn_on=withdrawn_on, withdrawal_reason=reason.strip())
    _timeline(episode, actor, f"withdrawn on {withdrawn_on:%-d %B %Y}")
    _drive(actor=actor, episode=episode, pathway_key="during_nrm", steps=(_fact("nrm_withdrawn"),))
    return episode


@transaction.atomic
def nrm_record_exit(
    *, actor, episode: NrmEpisode, exited_on: date | None, destination: str
) -> NrmEpisode:
    """The person left NRM support; where they went is recorded."""
    episode = _locked(episode)
    _check_actor(actor, episode.case)
    filling_in = episode.state == S.EXITED and not episode.exit_destination
    if not filling_in:
        _require_state(episode, RECORDABLE_IN["exit"], "record an exit")
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
    _set_state(episode, S.EXITED, exited_on=exited_on, exit_destination=destination)
    _timeline(episode, actor, f"exited support on {exited_on:%-d %B %Y}")
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
