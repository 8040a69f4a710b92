from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("disclosures/", views.disclosure_queue, name="disclosure_queue"),
    path("disclosures/<int:disclosure_id>/", views.disclosure_decide, name="disclosure_decide"),
    path(
        "disclosures/<int:disclosure_id>/review/",
        views.disclosure_review,
        name="disclosure_review",
    ),
    path("retention/", views.retention_queue, name="retention_queue"),
    path("retention/<str:reference>/", views.retention_decide, name="retention_decide"),
    path("retention/<str:reference>/hold/", views.legal_hold, name="legal_hold"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/add/", views.agreement_add, name="agreement_add"),
    path(
        "agreements/<int:agreement_id>/document/",
        views.agreement_document,
        name="agreement_document",
    ),
]

# Pages about one person on a case live under the case's address (config/urls.py).
case_urlpatterns = [
    path(
        "<str:reference>/people/<int:person_id>/consent/",
        views.consent_add,
        name="consent_add",
    ),
    path(
        "<str:reference>/people/<int:person_id>/subject-access/",
        views.subject_access,
        name="subject_access",
    ),
]
