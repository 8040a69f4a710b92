"""Reads about pathways, always for a case the user can already see."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Func, Q, Subquery
from django.utils import timezone

from accounts.models import Agency
from accounts.selectors import user_roles
from cases.permissions import is_lead
from cases.selectors import visible_to
from pathways.definitions import PATHWAYS, get_pathway
from pathways.diagrams import Diagram, diagram_for
from pathways.engine import Pathway, State, Transition, allowed_transitions, describe_days
from pathways.models import CasePathway, Timescale, TimescaleChange

# --- Timescales: each step's deadline as it applies now ---------------------------------


@dataclass(frozen=True)
class EffectiveDeadline:
    """A step's deadline as it applies to steps entered now: the deployment's
    default (definition or environment variable) unless the Lead changed it."""

    pathway: Pathway
    state: State
    default_days: int
    days: int
    enabled: bool
    changed: bool

    @property
    def working_days(self) -> bool:
        return self.state.deadline.working_days

    @property
    def source(self) -> str:
        return self.state.deadline.source

    @property
    def short_source(self) -> str:
        return self.state.deadline.short_source

    @property
    def is_local_practice(self) -> bool:
        return self.state.deadline.is_local_practice

    @property
    def deadline_days(self) -> int | None:
        """The days a step entered now is given; None when the deadline is off."""
        return self.days if self.enabled else None

    def describe(self) -> str:
        if not self.enabled:
            return "No deadline (turned off by the Modern Slavery Lead)"
        return describe_days(
            self.days, working_days=self.working_days, before=self.state.deadline.before
        )


def _effective(pathway, state, setting: Timescale | None) -> EffectiveDeadline:
    default = state.deadline.resolved_days()
    days = default
    if setting is not None and setting.days is not None and state.deadline.is_local_practice:
        days = setting.days
    return EffectiveDeadline(
        pathway=pathway,
        state=state,
        default_days=default,
        days=days,
        enabled=setting.enabled if setting is not None else True,
        changed=setting is not None,
    )


def effective_deadline(*, pathway_key: str, state_key: str) -> EffectiveDeadline | None:
    """The deadline a step entered now is given, or None if the step has none."""
    pathway = get_pathway(pathway_key)
    state = pathway.state(state_key)
    if state.terminal or state.deadline is None:
        return None
    setting = Timescale.objects.filter(pathway_key=pathway_key, state_key=state_key).first()
    return _effective(pathway, state, setting)


def effective_deadlines(*, pathway_key: str | None = None) -> dict:
    """{(pathway key, state key): EffectiveDeadline} for every step with a deadline,
    in protocol order, in one query."""
    settings_ = {
        (t.pathway_key, t.state_key): t
        for t in Timescale.objects.filter(**({"pathway_key": pathway_key} if pathway_key else {}))
    }
    pathways = [get_pathway(pathway_key)] if pathway_key else PATHWAYS.values()
    return {
        (pathway.key, state.key): _effective(
            pathway, state, settings_.get((pathway.key, state.key))
        )
        for pathway in pathways
        for state in pathway.states
        if state.deadline is not None and not state.terminal
    }


def deadline_texts(pathway: Pathway, effective: dict) -> dict[str, str]:
    """{state key: "5 working days, local practice"} for a pathway's diagram and steps."""
    return {
        state_key: (
            f"{deadline.describe()}, {deadline.short_source}"
            if deadline.enabled
            else f"none (turned off by the Lead; normally {deadline.short_source})"
        )
        for (pathway_key, state_key), deadline in effective.items()
        if pathway_key == pathway.key
    }


def timescale_changes(*, limit: int = 200) -> list[TimescaleChange]:
    """The Lead's changes to timescales, newest first."""
    return list(TimescaleChange.objects.select_related("actor")[:limit])


@dataclass
class PathwayView:
    case_pathway: CasePathway
    actions: list[Transition]
    is_overdue: bool
    diagram: Diagram


def case_pathways_for(*, user, case) -> list[PathwayView]:
    """Each pathway the case is on, with the steps this user may take now."""
    agency = getattr(user, "agency", None)
    roles = set(user_roles(user))
    today = timezone.localdate()
    views = []
    effective = effective_deadlines()
    for case_pathway in CasePathway.objects.filter(case=case):
        pathway = case_pathway.pathway
        actions = (
            []
            if case_pathway.completed_at
            else allowed_transitions(
                pathway,
                case_pathway.state_key,
                roles=roles,
                agency_type=agency.agency_type if agency else None,
                is_first_responder=bool(agency and agency.is_first_responder),
                team=agency.service_area if agency else None,
            )
        )
        views.append(
            PathwayView(
                case_pathway=case_pathway,
                actions=actions,
                is_overdue=bool(case_pathway.due_on and case_pathway.due_on < today),
                diagram=diagram_for(
                    pathway,
                    current=case_pathway.state_key,
                    deadlines=deadline_texts(pathway, effective),
                ),
            )
        )
    return views


def pathways_not_started(*, case, started: set[str] | None = None) -> list:
    """Pathways not yet on the case (``started``: their keys, when already read)."""
    if started is None:
        started = set(CasePathway.objects.filter(case=case).values_list("pathway_key", flat=True))
    return [pathway for key, pathway in PATHWAYS.items() if key not in started]


def next_steps_for(*, user, limit: int = 10):
    """Open steps the user's agency is responsible for (all of them for the Lead),
    on cases the user can see, soonest due first; and how many are overdue."""
    steps = visible_to(CasePathway.objects.filter(completed_at=None), user=user).select_related(
        "case", "responsible_agency"
    )
    if not is_lead(user):
        steps = steps.filter(responsible_agency_id=getattr(user, "agency_id", None))
    today = timezone.localdate()
    # One query: the soonest steps (by the open-steps index), each carrying how
    # many are overdue in all, as an uncorrelated subquery PostgreSQL counts
    # once. (A window count would join every open step before the limit.)
    overdue_count = Subquery(
        steps.filter(due_on__lt=today).order_by().values(total=Func(F("pk"), function="COUNT"))
    )
    upcoming = list(
        steps.exclude(due_on=None)
        .annotate(overdue_total=overdue_count)
        .order_by("due_on", "pk")[:limit]
    )
    overdue = upcoming[0].overdue_total if upcoming else 0
    for step in upcoming:
        step.is_overdue = step.due_on < today
    return upcoming, overdue


def compliance_summary(*, stalled_after_days: int = 30):
    """Overdue and long-stalled open steps by pathway and by agency, counted
    in SQL in one pass over the open steps, grouped by both at once (the
    partial index ``case_pathway_open_counts`` holds every column it reads,
    so the table of every step ever taken is not read). The two tables are
    sums of those few rows."""
    today = timezone.localdate()
    stalled_since = timezone.now() - timedelta(days=stalled_after_days)
    cells = list(
        CasePathway.objects.filter(completed_at=None)
        .values("pathway_key", "responsible_agency_id")
        .annotate(
            # A column the index holds (never empty): counting the id would
            # send PostgreSQL to the table for it.
            overdue=Count("pathway_key", filter=Q(due_on__lt=today)),
            stalled=Count("pathway_key", filter=Q(entered_state_at__lt=stalled_since)),
            open=Count("*"),
        )
        .order_by()
    )
    by_pathway, by_agency = {}, {}
    for cell in cells:
        for totals, key in (
            (by_pathway, cell["pathway_key"]),
            (by_agency, cell["responsible_agency_id"]),
        ):
            row = totals.setdefault(key, {"overdue": 0, "stalled": 0, "open": 0})
            for name in ("overdue", "stalled", "open"):
                row[name] += cell[name]
    pathway_rows = [
        {"pathway": pathway, **by_pathway.get(key, {"overdue": 0, "stalled": 0, "open": 0})}
        for key, pathway in PATHWAYS.items()
    ]
    names = dict(Agency.objects.filter(pk__in=by_agency).values_list("pk", "name"))
    agency_rows = sorted(
        (
            {"responsible_agency__name": names.get(agency_id), **row}
            for agency_id, row in by_agency.items()
            if row["overdue"] or row["stalled"]
        ),
        # Most overdue first, then by name; steps with no agency (the Lead's) last.
        key=lambda row: (
            -row["overdue"],
            row["responsible_agency__name"] is None,
            row["responsible_agency__name"] or "",
        ),
    )
    return pathway_rows, agency_rows
