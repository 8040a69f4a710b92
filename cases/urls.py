from cases.views import case_list, case_record, concerns, documents, importing, notes, triage

app_name = "cases"

# Fixed paths first: everything after them treats the next path segment as a
# case reference.
urlpatterns = [
    *case_list.urlpatterns,
    *triage.urlpatterns,
    *concerns.urlpatterns,
    *importing.urlpatterns,
    *documents.urlpatterns,
    *notes.urlpatterns,
    *case_record.urlpatterns,
]
