"""Errors a service raises for a person to read."""


class ServiceError(Exception):
    """A refused action, with a message for the person who asked. ``field``
    names the form field the message is about, when there is one, so the
    error summary links to it."""

    def __init__(self, message="", *, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleEditError(ServiceError):
    """The record changed since the person opened the form."""
