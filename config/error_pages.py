"""The page people see when Waymark fails, without a traceback and without
touching the database (which may be the thing that failed)."""

import sys

from django.db import DatabaseError, InterfaceError
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

# Seconds a browser or proxy is told to wait before trying again; PostgreSQL
# restarting or failing over takes about this long.
RETRY_AFTER_SECONDS = 30


def _database_failed() -> bool:
    error = sys.exc_info()[1]
    while error is not None:
        if isinstance(error, DatabaseError | InterfaceError) and not _is_a_bug(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def _is_a_bug(error) -> bool:
    # A query Waymark got wrong is a fault in Waymark, not an outage.
    from django.db import DataError, IntegrityError, ProgrammingError

    return isinstance(error, DataError | IntegrityError | ProgrammingError)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Django's handler500. When the database could not be reached (restarting,
    failing over), say so with 503 and Retry-After: the request's transaction
    was rolled back, so what the person was saving was not saved, not half-saved."""
    if not _database_failed():
        return django_server_error(request, template_name)
    body = loader.get_template("503_database.html").render({"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponseServerError(body)
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
