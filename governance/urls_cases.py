"""Governance pages about one person on a case, under /cases/ (config/urls.py)."""

from governance.urls import case_urlpatterns

app_name = "governance_case"
urlpatterns = case_urlpatterns
