"""A person's NRM status for the support directory's eligibility (docs/domain.md section 6).

The directory (a lower layer) knows whom each service takes by NRM status; this
module, which knows the NRM episodes, works the status out and asks it.
"""

from cases.choices import RiskLevel
from cases.selectors import case_people_links
from directory.models import NrmStatus
from directory.selectors import active_services, services_for
from referrals.models import POSITIVE_CG, EpisodeState, NrmEpisode, RgDecision

# How an NRM episode's state sets NRM status (referrals.models.EpisodeState).
# Before submission, after a Duty to Notify, a withdrawal or a disqualification
# the person is not in the NRM; an exit keeps the decision they had.
EPISODE_STATUS = {
    EpisodeState.AWAITING_RG: NrmStatus.IN_NRM,
    # A positive Reasonable Grounds decision counts as a positive decision.
    EpisodeState.RECOVERY_PERIOD: NrmStatus.POSITIVE_DECISION,
    EpisodeState.AWAITING_CG: NrmStatus.POSITIVE_DECISION,
    EpisodeState.MOVE_ON: NrmStatus.POSITIVE_DECISION,
    EpisodeState.EXTENDED_SUPPORT: NrmStatus.POSITIVE_DECISION,
    EpisodeState.RG_NEGATIVE: NrmStatus.NEGATIVE_DECISION,
    EpisodeState.RG_RECONSIDERATION: NrmStatus.NEGATIVE_DECISION,
    EpisodeState.CG_NEGATIVE: NrmStatus.NEGATIVE_DECISION,
    EpisodeState.CG_RECONSIDERATION: NrmStatus.NEGATIVE_DECISION,
    EpisodeState.SHORT_MOVE_ON: NrmStatus.NEGATIVE_DECISION,
}


#: Episodes that have ended: the person keeps the decision they had, so someone who
#: left the NRM after a negative decision is "after a negative decision".
_ENDED = (EpisodeState.EXITED, EpisodeState.WITHDRAWN, EpisodeState.DISQUALIFIED)


def nrm_status_for_episode(episode) -> str:
    if episode.state in EPISODE_STATUS:
        return str(EPISODE_STATUS[episode.state])
    if episode.state in _ENDED:
        if episode.cg_decision in POSITIVE_CG and episode.state == EpisodeState.EXITED:
            return str(NrmStatus.POSITIVE_DECISION)
        if (episode.cg_decision and episode.cg_decision not in POSITIVE_CG) or (
            episode.rg_decision == RgDecision.NEGATIVE and not episode.cg_decision
        ):
            return str(NrmStatus.NEGATIVE_DECISION)
    return str(NrmStatus.NOT_IN_NRM)


def nrm_status_for_person(person) -> str:
    """The person's own NRM status, from their most recent NRM episode (on any case)."""
    episode = NrmEpisode.objects.filter(person=person).order_by("-created_at", "-pk").first()
    if episode is None:
        return str(NrmStatus.NOT_IN_NRM)
    return nrm_status_for_episode(episode)


def nrm_status_for_case(case) -> str:
    """The NRM status of the case's survivor(s), from the case's most recent NRM
    episode (``referrals``). Returns one of ``NrmStatus``'s values."""
    # The case page reads the case's episodes once (referrals.selectors.case_episodes).
    cached = getattr(case, "_nrm_episodes", None)
    if cached is not None:
        episode = max(cached, key=lambda e: (e.created_at, e.pk), default=None)
    else:
        episode = NrmEpisode.objects.filter(case=case).order_by("-created_at", "-pk").first()
    if episode is None:
        return str(NrmStatus.NOT_IN_NRM)
    return nrm_status_for_episode(episode)


def services_for_case_people(*, case) -> list[tuple]:
    """(person, their NRM status's label, services they can use) for each survivor in
    the case: each by their own NRM status and gender, and the case's risk."""
    high_needs = case.risk_level == RiskLevel.HIGH
    people = [link.person for link in case_people_links(case=case)]
    if not people:
        return []
    # Each person's newest episode (on any case) and the directory, read once
    # for everyone on the case.
    newest = {
        episode.person_id: episode
        for episode in NrmEpisode.objects.filter(person__in=people)
        .order_by("person_id", "-created_at", "-pk")
        .distinct("person_id")
    }
    among = active_services()
    rows = []
    for person in people:
        episode = newest.get(person.pk)
        status = nrm_status_for_episode(episode) if episode else str(NrmStatus.NOT_IN_NRM)
        services = services_for(
            nrm_status=status, gender=person.gender, high_needs=high_needs, among=among
        )
        rows.append((person, NrmStatus(status).label, services))
    return rows


def services_for_case_context(*, case) -> dict:
    """Context for templates/directory/_services_for_case.html on the case page."""
    return {
        "services_for_people": services_for_case_people(case=case),
        "services_for_people_high_needs": case.risk_level == RiskLevel.HIGH,
    }
