"""Support directory routes, under /pathways/services/ where the protocol's section 4.3 lives."""

from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.service_create_view, name="service_create"),
    path("<int:pk>/edit/", views.service_edit_view, name="service_edit"),
]
