"""What SERAC gives information governance: its part of anonymising a case
and of a subject access pack (registered in SeracConfig.ready)."""

from governance.services.retention import blank_text
from serac.models import AgendaItem, ResearchReturn, SeracAction, SeracReferral


def anonymise(*, case, people) -> None:
    blank_text(
        SeracReferral.objects.filter(case=case),
        "summary",
        "consent_justification",
        "decline_reason",
    )
    blank_text(AgendaItem.objects.filter(case=case), "summary", "discussion", "risks", "decisions")
    blank_text(ResearchReturn.objects.filter(item__case=case), "facts", "opinion", "withheld")
    blank_text(SeracAction.objects.filter(case=case), "description", "not_possible_reason")


def subject_access(*, case, person) -> dict:
    referrals = SeracReferral.objects.filter(case=case).order_by("referred_at")
    items = AgendaItem.objects.filter(case=case).select_related("meeting")
    actions = SeracAction.objects.filter(case=case)
    research = ResearchReturn.objects.filter(item__case=case).select_related("agency")
    rows = (
        [
            {
                "record": "SERAC referral",
                "referred_at": referral.referred_at.isoformat(),
                "summary": referral.summary,
                "status": referral.get_status_display(),
            }
            for referral in referrals
        ]
        + [
            {
                "record": "SERAC discussion",
                "summary": item.summary,
                "discussion": item.discussion,
                "risks": item.risks,
                "decisions": item.decisions,
            }
            for item in items
        ]
        + [{"record": "SERAC action", "what": action.description} for action in actions]
        + [
            {"record": "Research return", "agency": r.agency.name, "facts": r.facts}
            for r in research
        ]
    )
    third_party = [
        f"Research return from {r.agency.name}: the agency's opinion, review before release"
        for r in research
        if r.opinion
    ] + [
        "SERAC discussion: may name other people and perpetrators, review before release"
        for item in items
        if item.discussion or item.risks
    ]
    return {"title": "SERAC", "rows": rows, "third_party": third_party}
