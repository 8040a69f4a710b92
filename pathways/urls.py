from django.urls import path

from pathways import views

app_name = "pathways"

urlpatterns = [
    path("", views.protocol, name="protocol"),
    path("compliance/", views.compliance, name="compliance"),
    path("timescales/", views.timescales, name="timescales"),
    path(
        "timescales/<slug:key>/<slug:state_key>/",
        views.timescale_edit,
        name="timescale_edit",
    ),
    path("cases/<str:reference>/start/", views.case_pathway_start, name="case_pathway_start"),
    path(
        "cases/<str:reference>/<slug:pathway_key>/step/",
        views.case_pathway_step,
        name="case_pathway_step",
    ),
    path("<slug:key>/", views.protocol_pathway, name="protocol_pathway"),
]
