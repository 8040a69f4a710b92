from django.urls import path

from reporting import views

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
]
