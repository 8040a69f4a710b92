"""Writes: functions named <entity>_<verb>, keyword-only, with an actor, atomic.

- ``nrm``: one service per NRM / Duty to Notify fact, each moving the pathways.
- ``reminders``: the beat task's clocks, one-time reminders, Duty to Notify check.
- ``service_referrals``: referrals to support services and statutory teams.
"""

from referrals.services.nrm import (
    nrm_episode_start,
    nrm_record_cg_decision,
    nrm_record_consent,
    nrm_record_disqualification,
    nrm_record_dtn_submission,
    nrm_record_exit,
    nrm_record_move_on,
    nrm_record_rg_decision,
    nrm_record_rna,
    nrm_record_submission,
    nrm_record_temporary_permission,
    nrm_record_withdrawal,
    nrm_request_reconsideration,
)
from referrals.services.reminders import (
    dtn_check,
    nrm_end_recovery_periods,
    nrm_run_clocks,
    nrm_send_reminders,
)
from referrals.services.service_referrals import (
    service_referral_chase,
    service_referral_create,
    service_referral_update,
)

__all__ = [
    "dtn_check",
    "nrm_end_recovery_periods",
    "nrm_episode_start",
    "nrm_record_cg_decision",
    "nrm_record_consent",
    "nrm_record_disqualification",
    "nrm_record_dtn_submission",
    "nrm_record_exit",
    "nrm_record_move_on",
    "nrm_record_rg_decision",
    "nrm_record_rna",
    "nrm_record_submission",
    "nrm_record_temporary_permission",
    "nrm_record_withdrawal",
    "nrm_request_reconsideration",
    "nrm_run_clocks",
    "nrm_send_reminders",
    "service_referral_chase",
    "service_referral_create",
    "service_referral_update",
]
