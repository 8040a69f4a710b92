"""SERAC's pages: thin views that fetch-and-authorise, call a service, redirect.

By topic: ``common`` (fetching a meeting or item for the user, logging case
reads), ``referrals`` (the SERAC home, referring and the chair's queue),
``meetings`` (scheduling, agenda, research, meeting mode, actions, minutes) and
``pdfs`` (agenda pack, minutes, action log, and the figures page).
"""

from serac.views.meeting_work import (
    action_update,
    item_action_add,
    item_discussion,
    item_save,
    meeting_attendance,
    meeting_held,
    meeting_mode,
    minutes,
    research_edit,
)
from serac.views.meetings import (
    agenda_edit,
    agenda_item_move,
    agenda_item_remove,
    meeting_cancel,
    meeting_circulate,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_invite,
)
from serac.views.pdfs import actions_pdf, agenda_pdf, figures, minutes_pdf
from serac.views.referrals import home, referral_create, referral_detail, referral_list
from serac.views.threats import expected_volume, threat_edit

__all__ = [
    "expected_volume",
    "threat_edit",
    "home",
    "referral_create",
    "referral_list",
    "referral_detail",
    "meeting_create",
    "meeting_edit",
    "meeting_detail",
    "meeting_invite",
    "meeting_circulate",
    "meeting_cancel",
    "agenda_edit",
    "agenda_item_move",
    "agenda_item_remove",
    "research_edit",
    "meeting_mode",
    "meeting_attendance",
    "item_discussion",
    "item_action_add",
    "item_save",
    "meeting_held",
    "action_update",
    "minutes",
    "agenda_pdf",
    "minutes_pdf",
    "actions_pdf",
    "figures",
]
