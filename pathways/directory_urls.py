"""Support directory routes, included in pathways/urls.py before ``<slug:key>/``."""

from django.urls import path

from pathways import directory_views

urlpatterns = [
    path("services/", directory_views.directory, name="directory"),
    path("services/new/", directory_views.service_create_view, name="service_create"),
    path("services/<int:pk>/edit/", directory_views.service_edit_view, name="service_edit"),
]
