"""What referrals gives information governance: its part of anonymising a case
and of a subject access pack (registered in ReferralsConfig.ready)."""

from django.apps import apps

from governance.services.retention import blank_text, scrub_history
from referrals.models import NrmEpisode, ServiceReferral

NRM_TEXT = (
    "early_cg_reason",
    "rna_note",
    "disqualification_reason",
    "withdrawal_reason",
    "exit_destination",
)


def anonymise(*, case, people) -> None:
    episodes = NrmEpisode.objects.filter(case=case)
    episodes.update(home_office_reference="")
    blank_text(episodes, *NRM_TEXT)
    scrub_history(
        apps.get_model("referrals", "NrmEpisodeEvent"),
        {"case_id": case.pk},
        {"home_office_reference": ""},
        NRM_TEXT,
    )
    blank_text(ServiceReferral.objects.filter(case=case), "outcome_reason")


def subject_access(*, case, person) -> dict:
    episodes = NrmEpisode.objects.filter(case=case, person=person).order_by("created_at")
    referrals = ServiceReferral.objects.filter(case=case, person=person).select_related("service")
    rows = [
        {
            "record": "NRM or Duty to Notify episode",
            "route": episode.get_route_display(),
            "state": episode.get_state_display(),
            "home_office_reference": episode.home_office_reference,
            "submitted_on": episode.submitted_on.isoformat() if episode.submitted_on else "",
            "reasonable_grounds": episode.get_rg_decision_display() if episode.rg_decision else "",
            "conclusive_grounds": episode.get_cg_decision_display() if episode.cg_decision else "",
            "notes": " ".join(filter(None, (getattr(episode, field) for field in NRM_TEXT))),
        }
        for episode in episodes
    ] + [
        {
            "record": "Referral to a service",
            "to": referral.destination,
            "status": referral.get_status_display(),
            "sent_on": referral.sent_on.isoformat() if referral.sent_on else "",
            "outcome": referral.outcome_reason,
        }
        for referral in referrals
    ]
    third_party = [
        "Referral outcome given by the service: an agency's view, review before release"
        for referral in referrals
        if referral.outcome_reason
    ]
    return {"title": "NRM episodes and referrals", "rows": rows, "third_party": third_party}
