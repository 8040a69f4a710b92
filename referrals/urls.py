from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("nrm/", views.nrm_tracker, name="nrm_tracker"),
    path("services/figures/", views.service_figures, name="service_figures"),
    path("cases/<str:reference>/nrm/start/", views.episode_start, name="episode_start"),
    path("cases/<str:reference>/nrm/<int:pk>/", views.episode_detail, name="episode_detail"),
    path(
        "cases/<str:reference>/nrm/<int:pk>/<slug:step>/",
        views.episode_step,
        name="episode_step",
    ),
    path(
        "cases/<str:reference>/prompt-sheet/<int:link_id>/",
        views.prompt_sheet,
        name="prompt_sheet",
    ),
    path(
        "cases/<str:reference>/service-referrals/new/",
        views.service_referral_create,
        name="service_referral_create",
    ),
    path(
        "cases/<str:reference>/service-referrals/<int:pk>/",
        views.service_referral_update,
        name="service_referral_update",
    ),
]
