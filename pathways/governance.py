"""What pathways gives information governance: its part of anonymising a case
and of a subject access pack (registered in PathwaysConfig.ready)."""

from governance.services.retention import blank_text
from pathways.models import PathwayStep


def anonymise(*, case, people) -> None:
    blank_text(PathwayStep.objects.filter(case_pathway__case=case), "note")


def subject_access(*, case, person) -> dict:
    steps = (
        PathwayStep.objects.filter(case_pathway__case=case)
        .select_related("case_pathway", "actor")
        .order_by("created_at")
    )
    return {
        "title": "Pathway steps",
        "rows": [
            {
                "pathway": step.case_pathway.get_pathway_key_display(),
                "from": step.from_state,
                "to": step.to_state,
                "note": step.note,
                "when": step.created_at.isoformat(),
            }
            for step in steps
        ],
        "third_party": [
            f"Pathway step note of {step.created_at:%d %b %Y}: may mention other people"
            for step in steps
            if step.note
        ],
    }
