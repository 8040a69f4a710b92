"""Celery tasks: thin wrappers over services, taking ids, never personal data."""
