"""NRM columns of an imported spreadsheet (docs/import-format.md) as episodes.

One imported episode per case, marked with ``imported_from``; re-importing
the same file finds it and changes nothing. The import writes the episode as
it stands (state and dates from the columns) without moving pathways or
sending reminders: the history happened before Waymark. A case that already
has episodes recorded in Waymark keeps them and the NRM columns are ignored.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from accounts.models import Agency, AgencyType
from cases.models import Case, CasePerson, Person
from referrals import clocks
from referrals.models import CgDecision, EpisodeState, NrmEpisode, NrmRoute, RgDecision

S = EpisodeState

# How an imported first_responder names its kind of organisation.
_RESPONDER_WORDS = (
    ("police", AgencyType.POLICE),
    ("constabulary", AgencyType.POLICE),
    ("council", AgencyType.LOCAL_AUTHORITY),
    ("local authority", AgencyType.LOCAL_AUTHORITY),
    ("nhs", AgencyType.NHS),
    ("home office", AgencyType.GOVERNMENT),
    ("government", AgencyType.GOVERNMENT),
    ("glaa", AgencyType.GOVERNMENT),
    ("border force", AgencyType.GOVERNMENT),
    ("immigration", AgencyType.GOVERNMENT),
    ("salvation army", AgencyType.VOLUNTARY),
    ("migrant help", AgencyType.VOLUNTARY),
    ("barnardo", AgencyType.VOLUNTARY),
    ("charity", AgencyType.VOLUNTARY),
    ("voluntary", AgencyType.VOLUNTARY),
)


def _responder(text: str, agencies: dict | None = None) -> dict:
    text = text.strip()
    if not text:
        return {
            "first_responder_agency": None,
            "first_responder_type": "",
            "first_responder_name": "",
        }
    if agencies is not None:
        agency = agencies.get(text.lower())
    else:
        agency = Agency.objects.filter(name__iexact=text).first()
    if agency is not None:
        return {
            "first_responder_agency": agency,
            "first_responder_type": agency.agency_type,
            "first_responder_name": agency.name,
        }
    lowered = text.lower()
    kind = next((k for word, k in _RESPONDER_WORDS if word in lowered), "")
    return {
        "first_responder_agency": None,
        "first_responder_type": kind,
        "first_responder_name": text,
    }


def _state_and_clocks(nrm, today: date) -> dict:
    """The episode fields the NRM columns imply, clocks included."""
    rg_decision = nrm.rg_decision if nrm.rg_decision in RgDecision.values else ""
    if not rg_decision and nrm.cg_decision in ("positive", "negative"):
        rg_decision = RgDecision.POSITIVE  # a CG decision is only made after a positive RG
    values = {
        "route": nrm.route,
        "submitted_on": nrm.submitted_on,
        "rg_expected_on": clocks.rg_expected_on(nrm.submitted_on) if nrm.submitted_on else None,
        "rg_decision": rg_decision,
        "rg_decision_on": nrm.rg_decision_on,
        "recovery_period_start": None,
        "recovery_period_ends_on": None,
        "earliest_cg_on": None,
        "cg_decision": "",
        "cg_decision_on": None,
        "move_on_started_on": None,
        "move_on_ends_on": None,
        "exited_on": None,
        "consent_referral": "declined" if nrm.route == NrmRoute.DTN else "given",
    }
    if nrm.route == NrmRoute.DTN:
        return {**values, "state": S.DTN_SUBMITTED}
    if rg_decision == RgDecision.NEGATIVE:
        return {**values, "state": S.RG_NEGATIVE}
    if rg_decision != RgDecision.POSITIVE:
        return {**values, "state": S.AWAITING_RG if nrm.submitted_on else S.CONSENT_GIVEN}
    rg_on = nrm.rg_decision_on
    if rg_on:
        values["recovery_period_start"] = rg_on
        values["recovery_period_ends_on"] = clocks.recovery_period_ends_on(rg_on)
        values["earliest_cg_on"] = clocks.earliest_cg_on(rg_on)
    if nrm.cg_decision not in ("positive", "negative"):
        in_recovery = (
            values["recovery_period_ends_on"] and values["recovery_period_ends_on"] > today
        )
        return {**values, "state": S.RECOVERY_PERIOD if in_recovery else S.AWAITING_CG}
    cg_on = nrm.cg_decision_on
    positive = nrm.cg_decision == "positive"
    values["cg_decision"] = CgDecision.POSITIVE_UNSPECIFIED if positive else CgDecision.NEGATIVE
    values["cg_decision_on"] = cg_on
    if not positive:
        return {**values, "state": S.CG_NEGATIVE}
    if cg_on:
        values["move_on_started_on"] = cg_on
        values["move_on_ends_on"] = clocks.move_on_ends_on(cg_on, positive=True)
        # A spreadsheet records no exit: support after a positive CG ends with
        # move-on, so a move-on already over is imported as ended then (an
        # extension would have been recorded in Waymark, not in the file).
        if values["move_on_ends_on"] < today:
            return {**values, "exited_on": values["move_on_ends_on"], "state": S.EXITED}
    return {**values, "state": S.MOVE_ON}


def _wanted(case: Case, nrm, agencies: dict | None = None) -> dict | None:
    if nrm.is_empty or not nrm.route:
        return None
    return {
        **_state_and_clocks(nrm, timezone.localdate()),
        **_responder(nrm.first_responder, agencies),
    }


def nrm_import_build(*, cases_and_nrm, actor, file_name: str) -> list:
    """For cases the import is creating: ``(case, nrm, person or None)`` in,
    ``(case, unsaved episode)`` out for each whose NRM columns make one (the
    import saves them together, in its transaction). A case with no person
    gets its episode's person from the import, as ``nrm_import_write`` does.
    Agencies are read once, not per row."""
    agencies = {agency.name.lower(): agency for agency in Agency.objects.all()}
    built = []
    for case, nrm, person in cases_and_nrm:
        wanted = _wanted(case, nrm, agencies)
        if wanted is None:
            continue
        episode = NrmEpisode(
            case=case, person=person, created_by=actor, imported_from=file_name, **wanted
        )
        built.append((case, episode))
    return built


def nrm_import_save(*, episodes: list) -> None:
    """Save what ``nrm_import_build`` made, their people set, in one statement."""
    NrmEpisode.objects.bulk_create(episodes, batch_size=2000)


def _imported_episode(case: Case) -> tuple[bool, NrmEpisode | None]:
    """(whether the import may manage this case's NRM, its imported episode)."""
    if case.pk is None:
        return True, None
    episodes = list(NrmEpisode.objects.filter(case=case))
    if any(not e.imported_from for e in episodes):
        return False, None
    return True, next(iter(episodes), None)


def nrm_import_differs(*, case: Case, nrm) -> bool:
    """Whether importing ``nrm`` would change the case's imported episode."""
    manageable, episode = _imported_episode(case)
    if not manageable:
        return False
    wanted = _wanted(case, nrm)
    if wanted is None:
        return False
    if episode is None:
        return True
    return any(getattr(episode, name) != value for name, value in wanted.items())


def nrm_import_write(*, case: Case, nrm, actor, file_name: str) -> NrmEpisode | None:
    """Create or update the case's imported episode from the NRM columns.

    Called inside the import's transaction, so a failure anywhere leaves no
    episode behind. The case's own "imported" timeline event covers it (an
    update lists "NRM" among the changes). Returns the episode, or None.
    """
    manageable, episode = _imported_episode(case)
    wanted = _wanted(case, nrm)
    if not manageable or wanted is None:
        return None
    if episode is not None and not any(
        getattr(episode, name) != value for name, value in wanted.items()
    ):
        return episode
    if episode is None:
        link = CasePerson.objects.filter(case=case).select_related("person").order_by("pk").first()
        if link is None:
            person = Person.objects.create()
            CasePerson.objects.create(case=case, person=person, added_by=actor)
        else:
            person = link.person
        episode = NrmEpisode(case=case, person=person, created_by=actor)
    for name, value in wanted.items():
        setattr(episode, name, value)
    episode.imported_from = file_name
    episode.save()
    return episode
