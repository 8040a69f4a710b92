"""Recording NRM and Duty to Notify facts, one service per fact.

Each service locks the episode, checks the fact against what is already
recorded, writes it, moves the episode's ``state``, writes the case timeline,
and moves the case's Pre-, During- and Post-NRM pathways (starting them where
needed) so the worker records the fact once. A pathway already past the step
a fact drives (a second episode on the same case, for instance) is left where
it is: the episode is the record of the NRM; the pathway is the checklist.

By topic: ``common`` (the checks every fact shares and moving the pathways),
``consent`` (starting an episode and consent), ``submission``, ``decisions``
(Reasonable and Conclusive Grounds, reconsideration) and ``after_decision``
(move-on, Recovery Needs Assessment, temporary permission, disqualification,
withdrawal, exit).
"""

from referrals.services.nrm.after_decision import (
    nrm_record_disqualification,
    nrm_record_exit,
    nrm_record_move_on,
    nrm_record_rna,
    nrm_record_temporary_permission,
    nrm_record_withdrawal,
)
from referrals.services.nrm.consent import nrm_episode_start, nrm_record_consent
from referrals.services.nrm.decisions import (
    nrm_record_cg_decision,
    nrm_record_rg_decision,
    nrm_request_reconsideration,
)
from referrals.services.nrm.submission import nrm_record_dtn_submission, nrm_record_submission

__all__ = [
    "nrm_episode_start",
    "nrm_record_consent",
    "nrm_record_submission",
    "nrm_record_dtn_submission",
    "nrm_record_rg_decision",
    "nrm_request_reconsideration",
    "nrm_record_cg_decision",
    "nrm_record_move_on",
    "nrm_record_rna",
    "nrm_record_temporary_permission",
    "nrm_record_disqualification",
    "nrm_record_withdrawal",
    "nrm_record_exit",
]
