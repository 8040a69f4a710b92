"""What SERAC gives information governance: its part of anonymising a case
and of a subject access pack (registered in SeracConfig.ready)."""

from django.apps import apps

from governance.services.retention import blank_text, names_of, remove_names, scrub_history
from serac.models import AgendaItem, ResearchReturn, SeracAction, SeracMinutes, SeracReferral

ITEM_TEXT = ("summary", "discussion", "risks", "decisions")


def _anonymise_minutes(case, people) -> None:
    """Minutes cover every case of a meeting, so they are kept, with what they
    say of this case taken out: the item's own text (copied in when the
    minutes were drafted) and the people's names, in the minutes and their
    history rows."""
    items = list(AgendaItem.objects.filter(case=case).values("meeting_id", *ITEM_TEXT))
    passages = sorted(
        {item[field] for item in items for field in ITEM_TEXT if item[field]},
        key=len,
        reverse=True,
    )
    names = names_of(people)
    meeting_ids = {item["meeting_id"] for item in items}
    event_model = apps.get_model("serac", "SeracMinutesEvent")
    for minutes in SeracMinutes.objects.select_for_update().filter(meeting_id__in=meeting_ids):
        cleaned = remove_names(minutes.text, names, passages)
        if cleaned != minutes.text:
            SeracMinutes.objects.filter(pk=minutes.pk).update(text=cleaned)
        for event in event_model.objects.filter(pgh_obj_id=minutes.pk):
            scrubbed = remove_names(event.text, names, passages)
            if scrubbed != event.text:
                scrub_history(event_model, {"pk": event.pk}, {"text": scrubbed})


def anonymise(*, case, people) -> None:
    _anonymise_minutes(case, people)
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
