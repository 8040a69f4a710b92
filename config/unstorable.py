"""Text PostgreSQL cannot hold.

A text column holds any Unicode character except NUL, and psycopg cannot send
a lone surrogate (it has no UTF-8 form). Neither can come from a person typing
into a page, only from a crafted request, and either would otherwise reach the
database as an error (a 500). The middleware (route parameters: 404; anything
else: 400) and the base form (a form error naming the field) refuse them first.
"""

from __future__ import annotations

from collections.abc import Iterable

MESSAGE = "contains a character that cannot be stored (such as a null byte)"


def is_unstorable(value) -> bool:
    """True for a string PostgreSQL cannot store, or a list or tuple holding one."""
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, list | tuple):
        return any(is_unstorable(item) for item in value)
    return False


def any_unstorable(values: Iterable) -> bool:
    return any(is_unstorable(value) for value in values)


def is_unstorable_error(error: BaseException) -> bool:
    """The database (or its driver) refused a value for the reasons above."""
    while error is not None:
        if isinstance(error, UnicodeEncodeError):
            return True
        text = str(error)
        if "NUL (0x00)" in text or "invalid byte sequence" in text:
            return True
        error = error.__cause__ or error.__context__
    return False
