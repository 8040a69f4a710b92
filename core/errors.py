"""Errors a service raises for a person to read."""


class ServiceError(Exception):
    """A refused action, with a message for the person who asked."""


class StaleEditError(ServiceError):
    """The record changed since the person opened the form."""
