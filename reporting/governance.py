"""What reporting gives information governance: its part of anonymising a case
(registered in ReportingConfig.ready)."""

from django.apps import apps

from governance.services.retention import blank_text, names_of, remove_names, scrub_history
from reporting.models import CaseStudy, CaseStudyStatus

STUDY_TEXT = ("title", "text", "return_reason")


def anonymise(*, case, people) -> None:
    """A case study not yet approved was never checked as anonymous: its text
    goes. An approved one was written to be anonymous and checked by a second
    person, so it stays for the reports, with any name of the people taken out
    as a safety net. Its history keeps only the approved wording (so
    scrubbed); earlier drafts, never checked, are blanked."""
    studies = CaseStudy.objects.filter(case=case)
    blank_text(studies.exclude(status=CaseStudyStatus.APPROVED), *STUDY_TEXT)
    names = names_of(people)
    approved = {}
    for study in studies.filter(status=CaseStudyStatus.APPROVED):
        values = {
            "title": remove_names(study.title, names),
            "text": remove_names(study.text, names),
        }
        CaseStudy.objects.filter(pk=study.pk).update(**values)
        approved[study.pk] = (study.title, study.text, values)
    event_model = apps.get_model("reporting", "CaseStudyEvent")
    for event in event_model.objects.filter(pgh_obj_id__in=studies.values("pk")):
        title, text, values = approved.get(event.pgh_obj_id, (None, None, None))
        if (event.title, event.text) == (title, text):
            scrub_history(event_model, {"pk": event.pk}, values)
        else:
            scrub_history(event_model, {"pk": event.pk}, {}, STUDY_TEXT)
