"""The public form's privacy notice, under /report/ (config/urls.py)."""

from django.urls import path

from governance import views

urlpatterns = [path("privacy/", views.privacy_notice, name="privacy_notice")]
