"""Views for this area of cases; see cases/urls.py."""

urlpatterns: list = []
