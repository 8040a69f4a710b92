"""Thin views: fetch-and-authorise, call a service, redirect."""
