"""The public report form at /report/ (no account, no namespace)."""

from cases.views import public

urlpatterns = public.urlpatterns
