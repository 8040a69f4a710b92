from django.urls import path

from reporting import views
from reporting.views import case_studies, records

app_name = "reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("runs/<uuid:public_id>/", views.run_detail, name="run_detail"),
    path("runs/<uuid:public_id>/download/", views.run_download, name="run_download"),
    path("runs/<uuid:public_id>/retry/", views.run_retry, name="run_retry"),
    path("training/", views.training_list, name="training_list"),
    path("training/add/", views.training_edit, name="training_add"),
    path("training/<int:pk>/", views.training_edit, name="training_edit"),
    path("training/import/", views.training_import, name="training_import"),
    path("action-plan/", views.plan_list, name="plan_list"),
    path("action-plan/add/", views.plan_edit, name="plan_add"),
    path("action-plan/<int:pk>/", views.plan_edit, name="plan_edit"),
    path("training/<int:pk>/feedback/", records.training_feedback, name="training_feedback"),
    path(
        "training/<int:pk>/feedback/<int:answer_pk>/remove/",
        records.training_feedback_remove,
        name="training_feedback_remove",
    ),
    path("ambassadors/", records.ambassador_list, name="ambassador_list"),
    path("ambassadors/add/", records.ambassador_edit, name="ambassador_add"),
    path("ambassadors/import/", records.ambassador_import, name="ambassador_import"),
    path("ambassadors/<int:pk>/", records.ambassador_edit, name="ambassador_edit"),
    path(
        "ambassadors/<int:pk>/activity/add/",
        records.ambassador_activity_add_view,
        name="ambassador_activity_add",
    ),
    path("events/", records.event_list, name="event_list"),
    path("events/add/", records.event_edit, name="event_add"),
    path("events/<int:pk>/", records.event_edit, name="event_edit"),
    path("e-learning/", records.elearning_list, name="elearning_list"),
    path("e-learning/add/", records.elearning_add, name="elearning_add"),
    path("transition-panel/", records.transition_panel_list, name="transition_panel_list"),
    path("transition-panel/add/", records.transition_panel_add, name="transition_panel_add"),
    path("case-studies/", case_studies.case_study_list, name="case_study_list"),
    path("case-studies/add/", case_studies.case_study_edit, name="case_study_add"),
    path("case-studies/<int:pk>/", case_studies.case_study_detail, name="case_study_detail"),
    path("case-studies/<int:pk>/edit/", case_studies.case_study_edit, name="case_study_edit"),
    path(
        "case-studies/<int:pk>/<slug:move>/",
        case_studies.case_study_move,
        name="case_study_move",
    ),
]
