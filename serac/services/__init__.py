"""SERAC's writes: functions named <entity>_<verb>, keyword-only, with an actor, atomic.

Every change that touches a case writes a line on the case's timeline. Timeline
lines and emails say that SERAC did something, never what was discussed.

By topic: ``common`` (meeting dates, the access window's end, links, emails),
``referrals``, ``meetings``, ``agenda`` (listing cases, circulating, the access
window), ``meeting_work`` (research returns, discussion, actions, holding the
meeting), ``minutes`` and ``reminders``.
"""

from serac.services.agenda import (
    agenda_add,
    agenda_item_update_summary,
    agenda_move,
    agenda_remove,
    agenda_sort,
    meeting_circulate,
    member_email_addresses,
    models_q_ends_on_covers,
)
from serac.services.common import (
    access_ends_on,
    add_months,
    meeting_next_start_default,
    meeting_transition,
)
from serac.services.meeting_work import (
    action_add,
    action_update_status,
    item_record_discussion,
    meeting_mark_held,
    research_save,
)
from serac.services.meetings import (
    meeting_cancel,
    meeting_create,
    meeting_record_attendance,
    meeting_update,
)
from serac.services.minutes import minutes_draft, minutes_draft_text, minutes_save
from serac.services.referrals import (
    referral_accept,
    referral_create,
    referral_decline,
    referral_find_previous,
    referral_transition,
)
from serac.services.reminders import action_send_reminders, models_q_unreminded

__all__ = [
    "add_months",
    "meeting_next_start_default",
    "access_ends_on",
    "referral_find_previous",
    "referral_create",
    "referral_accept",
    "referral_decline",
    "referral_transition",
    "meeting_create",
    "meeting_update",
    "meeting_record_attendance",
    "meeting_cancel",
    "meeting_transition",
    "models_q_ends_on_covers",
    "agenda_sort",
    "agenda_add",
    "agenda_remove",
    "agenda_move",
    "agenda_item_update_summary",
    "member_email_addresses",
    "meeting_circulate",
    "research_save",
    "item_record_discussion",
    "action_add",
    "action_update_status",
    "meeting_mark_held",
    "minutes_draft_text",
    "minutes_draft",
    "minutes_save",
    "action_send_reminders",
    "models_q_unreminded",
]
