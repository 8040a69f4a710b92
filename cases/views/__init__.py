"""Thin views: fetch-and-authorise in one helper, call a service, redirect.

One module per area, each with its own ``urlpatterns`` that cases/urls.py
joins together.
"""
