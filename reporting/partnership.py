"""The partnership's own records in a period, counted in SQL for the report:
training feedback, e-learning, ambassadors, awareness events, the Transition
Panel and case studies.

Like :mod:`reporting.figures` these are exact; :mod:`reporting.report`
applies disclosure control. Each table is rows of ``{"label", "count"}``;
``bases`` says what a table's percentages are of.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from pathways.models import CasePathway
from reporting.models import (
    Ambassador,
    AmbassadorActivity,
    AmbassadorActivityKind,
    AwarenessEvent,
    CaseStudy,
    CaseStudyStatus,
    ElearningCompletion,
    TrainingFeedbackAnswer,
    TrainingSession,
    TransitionPanelDiscussion,
)
from reporting.periods import Period

RATING_LABELS = ["Rated 5 (excellent)", "Rated 4", "Rated 3", "Rated 2", "Rated 1 (poor)"]
WEIGHTED = "weighted by attendees: each session's average counts once for each person who came"
TRANSITION_PATHWAY = "transition_to_adulthood"


def _rows(pairs) -> list[dict]:
    return [{"label": label, "count": int(count or 0)} for label, count in pairs]


def _two_places(value) -> float | None:
    if value is None:
        return None
    return float(Decimal(value).quantize(Decimal("0.01")))


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


# --- Training feedback and e-learning --------------------------------------------------------


def weighted_rating(sessions) -> float | None:
    """The attendee-weighted average of the sessions' average ratings."""
    totals = sessions.filter(average_rating__isnull=False, attendees__gt=0).aggregate(
        weighted=Sum(F("average_rating") * F("attendees")), people=Sum("attendees")
    )
    if not totals["people"]:
        return None
    return _two_places(Decimal(totals["weighted"]) / totals["people"])


def training_feedback(period: Period) -> dict:
    sessions = TrainingSession.objects.filter(_in(period, "delivered_on"))
    ratings = sessions.aggregate(**{f"r{n}": Sum(f"ratings_{n}") for n in range(1, 6)})
    counts = [ratings[f"r{n}"] or 0 for n in (5, 4, 3, 2, 1)]
    answers = (
        TrainingFeedbackAnswer.objects.filter(session__in=sessions)
        .values("question", "answer")
        .annotate(n=Sum("responses"))
        .order_by("question", "answer")
    )
    questions: dict[str, list[dict]] = {}
    for row in answers:
        questions.setdefault(row["question"], []).append(
            {"label": row["answer"], "count": int(row["n"])}
        )
    return {
        "rows": _rows(zip(RATING_LABELS, counts, strict=True)),
        "responses": sum(counts),
        "questions": [{"question": q, "rows": rows} for q, rows in questions.items()],
        "average_rating": weighted_rating(sessions),
    }


def elearning_by_agency(period: Period) -> list[dict]:
    # A month counts when it begins inside the period.
    rows = (
        ElearningCompletion.objects.filter(_in(period, "month"))
        .values("agency__name")
        .annotate(n=Sum("completions"))
        .order_by("-n", "agency__name")
    )
    return _rows((row["agency__name"], row["n"]) for row in rows)


# --- Ambassadors and events -------------------------------------------------------------------


def ambassadors(period: Period) -> dict:
    """Ambassadors in post at the end of the period, by agency, and their activity."""
    in_post = Ambassador.objects.filter(trained_on__lte=period.end).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=period.end)
    )
    by_agency = (
        in_post.values("agency__name").annotate(n=Count("pk")).order_by("-n", "agency__name")
    )
    activity = AmbassadorActivity.objects.filter(_in(period, "done_on"))
    by_kind = {
        row["kind"]: row
        for row in activity.values("kind")
        .annotate(sessions=Sum("sessions"), reached=Sum("people_reached"))
        .order_by()
    }
    rated = activity.filter(average_rating__isnull=False, people_reached__gt=0).aggregate(
        weighted=Sum(F("average_rating") * F("people_reached")), people=Sum("people_reached")
    )
    totals = activity.aggregate(sessions=Sum("sessions"), reached=Sum("people_reached"))
    return {
        "ambassadors": _rows((row["agency__name"], row["n"]) for row in by_agency),
        "ambassador_activity": [
            {
                "label": label,
                "count": int(by_kind.get(value, {}).get("sessions") or 0),
                "people_reached": int(by_kind.get(value, {}).get("reached") or 0),
            }
            for value, label in AmbassadorActivityKind.choices
        ],
        "figures": {
            "ambassadors": in_post.count(),
            "ambassadors_trained": Ambassador.objects.filter(_in(period, "trained_on")).count(),
            "ambassadors_refreshed": Ambassador.objects.filter(_in(period, "refreshed_on")).count(),
            "ambassador_sessions": int(totals["sessions"] or 0),
            "ambassador_people_reached": int(totals["reached"] or 0),
            "ambassador_average_rating": (
                _two_places(Decimal(rated["weighted"]) / rated["people"])
                if rated["people"]
                else None
            ),
        },
    }


def events(period: Period) -> list[dict]:
    """Each event in the period: its name and date, attendees as the count."""
    return [
        {
            "label": f"{event.name} ({event.held_on.day} {event.held_on:%B %Y})",
            "count": event.attendees,
            "kind": event.get_kind_display(),
            "audience": event.audience,
            "partners": event.partners,
        }
        for event in AwarenessEvent.objects.filter(_in(period, "held_on")).order_by("held_on", "pk")
    ]


# --- Transition Panel and case studies ----------------------------------------------------------


def transition_panel(period: Period) -> list[dict]:
    on_pathway = CasePathway.objects.filter(
        case_id=OuterRef("case_id"), pathway_key=TRANSITION_PATHWAY
    )
    counts = (
        TransitionPanelDiscussion.objects.filter(_in(period, "discussed_on"))
        .annotate(on_pathway=Exists(on_pathway))
        .aggregate(
            n_pathway=Count("pk", filter=Q(on_pathway=True)),
            n_case=Count("pk", filter=Q(case__isnull=False, on_pathway=False)),
            n_none=Count("pk", filter=Q(case__isnull=True)),
        )
    )
    return _rows(
        [
            ("On the 4.8 Transition to Adulthood pathway", counts["n_pathway"]),
            ("With a Waymark case, not on the pathway", counts["n_case"]),
            ("No Waymark case", counts["n_none"]),
        ]
    )


def case_studies(year: str) -> list[dict]:
    """The year's approved case studies, as the report prints them (no case)."""
    return [
        {"title": study.title, "text": study.text}
        for study in CaseStudy.objects.filter(year=year, status=CaseStudyStatus.APPROVED).order_by(
            "approved_at", "pk"
        )
    ]
