"""NRM figures for partnership reports, aggregated in SQL. Raw counts: the
reporting app applies disclosure control.

An episode counts as a referral once it is submitted (``submitted_q``): a
consent conversation that never led to a referral or notification is not one.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce

from accounts.models import AgencyType
from referrals.models import (
    CgDecision,
    NrmEpisode,
    NrmRoute,
    RgDecision,
    submitted_q,
)
from referrals.states import NRM_EPISODE


class _DaysBetween(Func):
    """``later - earlier`` for two dates, in days (PostgreSQL date subtraction)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()


class _Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _table(counts: dict, labels: list[tuple[str, str]]) -> list[dict]:
    return [{"label": label, "count": counts.get(key, 0)} for key, label in labels]


def _positive_unspecified_row(cg_counts: dict) -> list[tuple[str, str]]:
    """Imported positive CG decisions do not say which kind: their own row,
    shown only when there are some, so they are neither lost nor guessed."""
    if cg_counts.get(CgDecision.POSITIVE_UNSPECIFIED, 0):
        return [(CgDecision.POSITIVE_UNSPECIFIED, "Positive - type not recorded")]
    return []


def nrm_report(*, cases, date_from: date, date_to: date) -> dict:
    """NRM and Duty to Notify figures for the cases of a period (see the brief's contract)."""
    submitted = NrmEpisode.objects.filter(submitted_q(), case__in=cases.values("pk"))
    nrm = submitted.filter(route=NrmRoute.NRM)
    dtn = submitted.filter(route=NrmRoute.DTN)

    # Each case once: NRM beats Duty to Notify beats None.
    has_nrm = Exists(nrm.filter(case=OuterRef("pk")))
    has_dtn = Exists(dtn.filter(case=OuterRef("pk")))
    route_counts = cases.aggregate(
        nrm=Count("pk", filter=Q(has_nrm), distinct=True),
        dtn=Count("pk", filter=Q(has_dtn) & ~Q(has_nrm), distinct=True),
        none=Count("pk", filter=~Q(has_dtn) & ~Q(has_nrm), distinct=True),
    )

    type_counts = dict(nrm.values_list("first_responder_type").annotate(n=Count("pk")).order_by())
    responder_types = [(key, label) for key, label in AgencyType.choices]
    if type_counts.get("", 0):
        responder_types.append(("", "Not recorded"))

    rg_counts = dict(nrm.values_list("rg_decision").annotate(n=Count("pk")).order_by())
    positive_rg = NrmEpisode.objects.filter(
        case__in=cases.values("pk"), rg_decision=RgDecision.POSITIVE
    )
    cg_counts = dict(positive_rg.values_list("cg_decision").annotate(n=Count("pk")).order_by())

    # Open on date_to: submitted by then, and not closed by then.
    closed_on = Coalesce("exited_on", "withdrawn_on", "disqualified_on")
    open_on = (
        NrmEpisode.objects.filter(route=NrmRoute.NRM, submitted_on__lte=date_to)
        .annotate(closed_on=closed_on)
        .filter(
            Q(closed_on__gt=date_to)
            | (Q(closed_on__isnull=True) & ~Q(state__in=sorted(NRM_EPISODE.terminal)))
        )
    )
    three, six, twelve = (date_to - relativedelta(months=m) for m in (3, 6, 12))
    age_band = CaseWhen(
        When(submitted_on__gt=three, then=Value("u3")),
        When(submitted_on__gt=six, then=Value("3_6")),
        When(submitted_on__gt=twelve, then=Value("6_12")),
        default=Value("12p"),
    )
    age_counts = dict(
        open_on.annotate(band=age_band).values_list("band").annotate(n=Count("pk")).order_by()
    )

    medians = nrm.aggregate(
        rg=_Median(
            _DaysBetween(F("rg_decision_on"), F("submitted_on")),
            filter=Q(rg_decision_on__isnull=False),
        ),
        cg=_Median(
            _DaysBetween(F("cg_decision_on"), F("submitted_on")),
            filter=Q(cg_decision_on__isnull=False),
        ),
    )
    return {
        "tables": {
            "nrm_route": [
                {"label": "NRM", "count": route_counts["nrm"]},
                {"label": "Duty to Notify", "count": route_counts["dtn"]},
                {"label": "None", "count": route_counts["none"]},
            ],
            "nrm_first_responder_type": _table(type_counts, responder_types),
            "rg_decision": _table(
                rg_counts,
                [("positive", "Positive"), ("negative", "Negative"), ("", "Awaiting decision")],
            ),
            "cg_decision": _table(
                cg_counts,
                [
                    (CgDecision.POSITIVE_TRAFFICKING, "Positive - trafficking"),
                    (CgDecision.POSITIVE_SLAVERY, "Positive - slavery, servitude or forced labour"),
                    (CgDecision.NEGATIVE, "Negative"),
                    ("", "Awaiting decision"),
                    *_positive_unspecified_row(cg_counts),
                ],
            ),
            "nrm_open_by_age": _table(
                age_counts,
                [
                    ("u3", "Under 3 months"),
                    ("3_6", "3 to 6 months"),
                    ("6_12", "6 to 12 months"),
                    ("12p", "12 months or more"),
                ],
            ),
        },
        "figures": {
            "nrm_referrals": nrm.count(),
            "dtn_referrals": dtn.count(),
            "council_nrm_referrals": nrm.filter(
                first_responder_type=AgencyType.LOCAL_AUTHORITY
            ).count(),
            "median_days_to_rg": medians["rg"],
            "median_days_to_cg": medians["cg"],
        },
    }
