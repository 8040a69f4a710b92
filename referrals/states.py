"""The NRM episode's and the service referral's states and transitions, as data.

docs/domain.md section 5 (NRM and Duty to Notify) and section 6 (referrals to
support services). The services in ``referrals.services`` perform these
transitions through ``nrm_episode_transition`` and ``service_referral_update``;
the episode page and the referral form offer only what these definitions
allow, for the person looking. The structure is ``core.states``.
"""

from __future__ import annotations

from accounts.models import AgencyType
from cases.permissions import can_change_case, is_lead
from cases.selectors import user_may_see_case
from core.states import Rule, StateMachine, Transition
from referrals.models import EpisodeState, ReferralStatus

S = EpisodeState


def _is_first_responder(actor) -> bool:
    agency = getattr(actor, "agency", None)
    return bool(agency and agency.is_first_responder)


def _is_support_provider(actor) -> bool:
    agency = getattr(actor, "agency", None)
    return bool(agency and agency.agency_type == AgencyType.VOLUNTARY)


# --- Who may record -------------------------------------------------------------------

#: People record on cases they may work on and can see.
MAY_WORK_CASE = Rule(
    lambda actor, record: (
        can_change_case(actor, record.case) and user_may_see_case(user=actor, case=record.case)
    ),
    "You cannot record NRM information on this case",
)

#: Only a First Responder organisation submits an NRM referral or a Duty to Notify
#: (docs/domain.md sections 1 and 4).
FIRST_RESPONDER = Rule(
    lambda actor, record: _is_first_responder(actor),
    "Only staff of a First Responder organisation can record a submission: "
    "pass the case to a First Responder (the police or the Modern Slavery Lead)",
)

#: Only the First Responder or a support provider can ask for a negative decision to be
#: reconsidered (docs/domain.md section 4); the Lead may record it for them.
FIRST_RESPONDER_OR_SUPPORT_PROVIDER = Rule(
    lambda actor, record: (
        is_lead(actor) or _is_first_responder(actor) or _is_support_provider(actor)
    ),
    "Only the First Responder or a support provider can ask for a reconsideration",
)


#: Reasonable and Conclusive Grounds decisions come back to the First Responder who
#: referred: only staff of a First Responder organisation on the case (MAY_WORK_CASE
#: already asks that the case is theirs to see), or the Lead, record them.
def _agency_on_case(actor, case) -> bool:
    """The actor's agency raised the case or has it shared with them now (not, say,
    a SERAC member who sees it for a meeting)."""
    agency_id = getattr(actor, "agency_id", None)
    if agency_id is None:
        return False
    if case.raised_by_agency_id == agency_id:
        return True
    return case.shares.filter(agency_id=agency_id, revoked_at__isnull=True).exists()


FIRST_RESPONDER_ON_CASE = Rule(
    lambda actor, record: (
        is_lead(actor) or (_is_first_responder(actor) and _agency_on_case(actor, record.case))
    ),
    "Only staff of a First Responder organisation on this case, or the Modern Slavery "
    "Lead, can record a Reasonable or Conclusive Grounds decision",
)

#: Steps Waymark takes itself, when a clock runs out.
WAYMARK_ONLY = Rule(
    lambda actor, record: actor is None,
    "Waymark records this itself when the recovery period ends",
)

# --- What the episode must be --------------------------------------------------------------

POSITIVE_RG = Rule(
    lambda actor, episode: episode.rg_is_positive,
    "A Conclusive Grounds decision needs a positive Reasonable Grounds decision first",
)


# --- The NRM episode -------------------------------------------------------------------------

#: Before the Home Office has a decision to make: the person may still withdraw.
_WITHDRAWABLE = (
    S.CONSENT_PENDING,
    S.CONSENT_GIVEN,
    S.CONSENT_DECLINED,
    S.AWAITING_RG,
    S.RG_NEGATIVE,
    S.RG_RECONSIDERATION,
    S.RECOVERY_PERIOD,
    S.AWAITING_CG,
)
_CG_AWAITED = (S.RECOVERY_PERIOD, S.AWAITING_CG, S.CG_RECONSIDERATION)
_RG_AWAITED = (S.AWAITING_RG, S.RG_RECONSIDERATION)
_IN_MOVE_ON = (S.MOVE_ON, S.EXTENDED_SUPPORT)


def _consent(key, label, sources, target):
    return Transition(key, label, sources, target, step="consent", doing="record consent")


def _rg(key, label, sources, target):
    return Transition(
        key,
        label,
        sources,
        target,
        step="rg",
        doing="record a Reasonable Grounds decision",
        who=(FIRST_RESPONDER_ON_CASE,),
    )


def _cg(key, label, target):
    return Transition(
        key,
        label,
        _CG_AWAITED,
        target,
        step="cg",
        doing="record a Conclusive Grounds decision",
        who=(FIRST_RESPONDER_ON_CASE,),
        requires=(POSITIVE_RG,),
    )


def _reconsideration(key, label, source, target):
    return Transition(
        key,
        label,
        source,
        target,
        step="reconsideration",
        doing="record a reconsideration request",
        who=(FIRST_RESPONDER_OR_SUPPORT_PROVIDER,),
    )


def _move_on(key, label, sources, target):
    return Transition(key, label, sources, target, step="move-on", doing="record move-on support")


def _exit(key, label, sources, target, when=None):
    return Transition(key, label, sources, target, step="exit", doing="record an exit", when=when)


NRM_EPISODE = StateMachine(
    name="episode",
    states=EpisodeState,
    field="state",
    initial=S.CONSENT_PENDING,
    # Nothing more is expected: the episode is closed. A re-referral is a new episode.
    terminal=(S.DTN_SUBMITTED, S.DISQUALIFIED, S.WITHDRAWN, S.EXITED),
    who=(MAY_WORK_CASE,),
    transitions=(
        _consent(
            "consent_given",
            "Consent given (or not needed for a child)",
            (S.CONSENT_PENDING, S.CONSENT_DECLINED),
            S.CONSENT_GIVEN,
        ),
        _consent("consent_declined", "Consent declined", S.CONSENT_PENDING, S.CONSENT_DECLINED),
        Transition(
            "nrm_submitted",
            "NRM referral submitted",
            S.CONSENT_GIVEN,
            S.AWAITING_RG,
            step="submission",
            doing="record an NRM submission",
            who=(FIRST_RESPONDER,),
        ),
        Transition(
            "dtn_submitted",
            "Duty to Notify submitted",
            S.CONSENT_DECLINED,
            S.DTN_SUBMITTED,
            step="dtn",
            doing="record a Duty to Notify",
            who=(FIRST_RESPONDER,),
        ),
        _rg("rg_positive", "Positive Reasonable Grounds decision", _RG_AWAITED, S.RECOVERY_PERIOD),
        # Recorded after the recovery period would already have ended.
        _rg(
            "rg_positive_recovery_over",
            "Positive Reasonable Grounds decision, recovery period over",
            _RG_AWAITED,
            S.AWAITING_CG,
        ),
        _rg("rg_negative", "Negative Reasonable Grounds decision", S.AWAITING_RG, S.RG_NEGATIVE),
        _rg(
            "rg_negative_upheld",
            "Negative Reasonable Grounds decision upheld: NRM ended",
            S.RG_RECONSIDERATION,
            S.EXITED,
        ),
        _reconsideration(
            "rg_reconsideration_requested",
            "Reconsideration of the Reasonable Grounds decision requested",
            S.RG_NEGATIVE,
            S.RG_RECONSIDERATION,
        ),
        _reconsideration(
            "cg_reconsideration_requested",
            "Reconsideration of the Conclusive Grounds decision requested",
            S.CG_NEGATIVE,
            S.CG_RECONSIDERATION,
        ),
        Transition(
            "recovery_period_ended",
            "Recovery period ended",
            S.RECOVERY_PERIOD,
            S.AWAITING_CG,
            who=(WAYMARK_ONLY,),
        ),
        _cg("cg_positive", "Positive Conclusive Grounds decision", S.MOVE_ON),
        _cg("cg_negative", "Negative Conclusive Grounds decision", S.CG_NEGATIVE),
        _move_on(
            "short_move_on",
            "Short move-on support started",
            (S.CG_NEGATIVE, S.CG_RECONSIDERATION),
            S.SHORT_MOVE_ON,
        ),
        _move_on("move_on_corrected", "Move-on start date corrected", S.MOVE_ON, None),
        Transition(
            "support_extended",
            "Recovery Needs Assessment",
            _IN_MOVE_ON,
            S.EXTENDED_SUPPORT,
            step="rna",
            doing="record a Recovery Needs Assessment",
        ),
        Transition(
            "temporary_permission",
            "Temporary permission to stay decided",
            _IN_MOVE_ON,
            None,
            step="temporary-permission",
            doing="record temporary permission to stay",
        ),
        Transition(
            "disqualified",
            "Disqualified (public order or bad faith)",
            (S.RECOVERY_PERIOD, S.AWAITING_CG, *_IN_MOVE_ON),
            S.DISQUALIFIED,
            step="disqualification",
            doing="record a public-order disqualification",
        ),
        Transition(
            "withdrawn",
            "Withdrawn",
            _WITHDRAWABLE,
            S.WITHDRAWN,
            step="withdrawal",
            doing="record a withdrawal",
        ),
        _exit(
            "exited",
            "Exited support",
            (S.RG_NEGATIVE, *_IN_MOVE_ON, S.SHORT_MOVE_ON),
            S.EXITED,
        ),
        # An episode that ended (or was imported as ended) without a destination.
        _exit(
            "exit_destination_recorded",
            "Where the person went recorded",
            S.EXITED,
            None,
            when=lambda episode: not episode.exit_destination,
        ),
    ),
)


# --- Referrals to support services -----------------------------------------------------------

R = ReferralStatus


def _referral(key, label, sources, target, *, requires_note=False):
    return Transition(key, label, sources, target, requires_note=requires_note)


SERVICE_REFERRAL = StateMachine(
    name="referral",
    states=ReferralStatus,
    initial=R.SENT,
    # A referral ends here; declined and ended say why (requires_note).
    terminal=(R.DECLINED, R.NO_CAPACITY, R.WITHDRAWN, R.ENDED),
    who=(MAY_WORK_CASE,),
    wording="A referral that is '{state}' cannot become '{target}'",
    transitions=(
        _referral("accepted", "Accepted", R.SENT, R.ACCEPTED),
        _referral("declined", "Declined", R.SENT, R.DECLINED, requires_note=True),
        _referral("no_capacity", "No capacity", R.SENT, R.NO_CAPACITY),
        _referral(
            "withdrawn",
            "Withdrawn",
            (R.SENT, R.ACCEPTED, R.ENGAGED),
            R.WITHDRAWN,
            requires_note=True,
        ),
        _referral("engaged", "Engaged", R.ACCEPTED, R.ENGAGED),
        _referral("ended", "Ended", (R.ACCEPTED, R.ENGAGED), R.ENDED, requires_note=True),
    ),
)
