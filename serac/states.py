"""SERAC referrals', meetings' and actions' states and transitions, as data.

docs/domain.md section 7. The services in ``serac.services`` perform these
transitions (``referral_transition``, ``meeting_transition``,
``action_update_status``); the pages offer only what these definitions allow,
for the person looking. The structure is ``core.states``.
"""

from core.states import Rule, StateMachine, Transition
from serac.models import ActionStatus, MeetingStatus, ReferralStatus
from serac.selectors import can_update_action, is_serac_admin

# --- Who may ---------------------------------------------------------------------

#: The chair and the Modern Slavery Lead run SERAC: they decide on referrals and
#: schedule, circulate, hold and cancel meetings.
SERAC_ADMIN = Rule(
    lambda actor, record: is_serac_admin(actor),
    "Only the SERAC chair or the Modern Slavery Lead can do this",
)

#: An action is updated by the people of the agency that owns it, the chair and the Lead.
ACTION_OWNER = Rule(
    lambda actor, action: can_update_action(actor, action),
    "Only the agency that owns the action, the SERAC chair or the Modern Slavery Lead "
    "can update it",
)


# --- Referrals -----------------------------------------------------------------------

SERAC_REFERRAL = StateMachine(
    name="referral",
    states=ReferralStatus,
    initial=ReferralStatus.REFERRED,
    # Once the chair has decided, the referral is done with: an accepted one is
    # then listed on agendas (AgendaItem), a declined one says why.
    terminal=(ReferralStatus.ACCEPTED, ReferralStatus.DECLINED),
    who=(SERAC_ADMIN,),
    wording="The chair has already decided on this referral",
    transitions=(
        Transition("accept", "Accept", ReferralStatus.REFERRED, ReferralStatus.ACCEPTED),
        Transition(
            "decline",
            "Decline",
            ReferralStatus.REFERRED,
            ReferralStatus.DECLINED,
            requires_note=True,
        ),
    ),
)


# --- Meetings ------------------------------------------------------------------------

_BEFORE_THE_MEETING = (MeetingStatus.SCHEDULED, MeetingStatus.CIRCULATED)

MEETING = StateMachine(
    name="meeting",
    states=MeetingStatus,
    initial=MeetingStatus.SCHEDULED,
    # Held or cancelled: the agenda and research are closed.
    terminal=(MeetingStatus.HELD, MeetingStatus.CANCELLED),
    who=(SERAC_ADMIN,),
    transitions=(
        Transition(
            "circulate",
            "Circulate the agenda",
            MeetingStatus.SCHEDULED,
            MeetingStatus.CIRCULATED,
            refusal="The agenda has already been circulated",
        ),
        Transition(
            "hold",
            "Record the meeting as held",
            _BEFORE_THE_MEETING,
            MeetingStatus.HELD,
            refusal="The meeting was cancelled",
        ),
        Transition(
            "cancel",
            "Cancel this meeting",
            _BEFORE_THE_MEETING,
            MeetingStatus.CANCELLED,
            refusal="A meeting that has been held cannot be cancelled",
        ),
    ),
)


# --- Actions -----------------------------------------------------------------------

_ANY_STATUS = tuple(ActionStatus.values)

#: An action's owner may set any status at any time (a done action can be
#: reopened). Overdue is not a status: an open action past its due date is overdue.
ACTION = StateMachine(
    name="action",
    states=ActionStatus,
    initial=ActionStatus.OPEN,
    terminal=(),
    who=(ACTION_OWNER,),
    transitions=(
        Transition("done", "Done", _ANY_STATUS, ActionStatus.DONE),
        Transition(
            "not_possible",
            "Not possible",
            _ANY_STATUS,
            ActionStatus.NOT_POSSIBLE,
            requires_note=True,
        ),
        Transition("open", "Open", _ANY_STATUS, ActionStatus.OPEN),
    ),
)
