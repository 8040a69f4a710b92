"""The permission matrix, generated from the URL resolver.

Every route in ``config.urls`` is asked for by every persona of ``world.PERSONAS``
(GET, and POST where the table says the route changes state), with real
objects from the fixture world, and must answer exactly as ``table.ROUTES``
says. A route with no entry in the table fails the suite, so a new route
cannot arrive without someone deciding who may open it.

Beyond the status codes:

- what a persona may not know exists answers 404, never 403;
- a hidden object and a missing one give the same body;
- every case reference a persona is shown (page, PDF, CSV) is one they can open.

The world is built once for the module, in a transaction rolled back at its
end; each request runs in a savepoint rolled back after it, so no request
changes what the next one sees.
"""

import copy
import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import table
from tests.access.table import PERSONAS
from tests.access.world import (
    build_world,
    kwargs_for,
    missing_kwargs,
    past_meeting_kwargs,
)
from tests.conftest import VerifiedClient

# Each test also runs in its own savepoint (pytest-django's db), inside the world's.
pytestmark = pytest.mark.django_db

# Poppler's pdftotext reads the PDFs, so the case rule is checked in them too.
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"

RECORD = os.environ.get("WAYMARK_MATRIX_RECORD")  # a path: write what is seen, assert nothing


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = str(pattern.pattern)
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = f"{namespace or '-'}:/{prefix}{route}"
            yield key, prefix + route


def all_routes() -> dict[str, str]:
    """Route key -> its path pattern, for every route Waymark answers."""
    return dict(_walk(get_resolver().url_patterns))


ROUTES = all_routes()


def _admin_path(pattern: str) -> str:
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "accounts", pattern)
    path = path.replace("(?P<url>.*)", "nothing/")
    path = re.sub(r"<[^>]+>", "1", path)
    return "/" + path.replace("^", "").replace("$", "")


def url_for(key: str, world, kwargs=None) -> str:
    if key == "admin:view_on_site":
        # A real object: content type 1 may be one with no table (pghistory's events).
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(world.case)
        return reverse(key, args=[content_type.pk, world.case.pk])
    if key.startswith("admin:") or ":/" in key:
        return _admin_path(ROUTES[key])
    kwargs = kwargs_for(key, world) if kwargs is None else kwargs
    names = re.findall(r"<(?:\w+:)?(\w+)>", ROUTES[key])
    return reverse(key, kwargs={name: kwargs[name] for name in names})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        built.clients = {}
        for persona in PERSONAS:
            client = VerifiedClient()
            if built.users[persona] is not None:
                client.force_login(built.users[persona])
            built.clients[persona] = client
        yield built
        transaction.set_rollback(True)


def ask(world, persona, method, url):
    """One request, in a savepoint rolled back after it. The client's cookies
    are put back too: signing out (or any new session) is undone with the rows."""
    client = world.clients[persona]
    cookies = client.cookies
    client.cookies = copy.deepcopy(cookies)
    try:
        with transaction.atomic():
            response = getattr(client, method.lower())(url)
            body = _body_text(response)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response, body


def _body_text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content.startswith(b"%PDF"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(content)
            handle.flush()
            result = subprocess.run(  # noqa: S603 - our own temporary file
                [PDFTOTEXT, handle.name, "-"], capture_output=True, check=False, timeout=60
            )
        # An uploaded file that is not a real PDF is read as it is.
        text = result.stdout if result.returncode == 0 else content
        return text.decode("utf-8", "replace")
    return content.decode("utf-8", "replace")


def outcome(response) -> int | str:
    """The status, with a redirect to sign in told apart from other redirects."""
    if response.status_code == 302 and response["Location"].startswith(
        ("/accounts/login/", "/admin/login/")
    ):
        return table.LOGIN
    return response.status_code


_VARYING = re.compile(
    r'(csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"|csrf[^"]*"[^"]*"|\d{2}:\d{2}(:\d{2})?)'
)


def _normalised(body: str) -> str:
    return _VARYING.sub("", body)


def _check_case_rule(world, persona, key, body):
    """Any case reference shown to a persona is one that persona can open."""
    from cases.selectors import user_may_see_case

    user = world.users[persona]
    if persona == "serac_chair" and key.startswith("serac:"):
        return  # the chair keeps SERAC's record: referrals to it, and the meetings they chair
    for case in (world.case, world.serac_case):
        if case.reference in body:
            assert user is not None and user_may_see_case(user=user, case=case), (
                f"{key}: {persona} is shown {case.reference} but cannot open it"
            )


@pytest.mark.django_db(False)
def test_every_route_has_an_entry_in_the_table():
    missing = sorted(set(ROUTES) - set(table.ROUTES))
    stale = sorted(set(table.ROUTES) - set(ROUTES))
    assert not missing, f"Routes with no entry in tests/access/table.py: {missing}"
    assert not stale, f"Entries in tests/access/table.py for routes that do not exist: {stale}"


@pytest.mark.django_db(False)
def test_the_table_names_every_persona_for_every_request():
    for key, methods in table.ROUTES.items():
        for method, expected in methods.items():
            if expected is table.ADMIN_SITE:
                continue
            assert set(expected) == set(PERSONAS), (key, method)


@pytest.mark.parametrize("key", sorted(ROUTES))
def test_each_route_answers_each_persona_as_the_table_says(world, key):
    methods = table.ROUTES.get(key)
    if methods is None and RECORD:
        admin = key.startswith("admin:") or ":/" in key
        methods = {"GET": None} if admin else {"GET": None, "POST": None}
    if methods is None:
        pytest.fail(f"{key} has no entry in tests/access/table.py")
    seen = {}
    for method, expected in methods.items():
        for persona in PERSONAS:
            kwargs = None
            if persona == "serac_member_after_window":
                kwargs = past_meeting_kwargs(key, world)
            url = url_for(key, world, kwargs)
            response, body = ask(world, persona, method, url)
            got = outcome(response)
            seen.setdefault(method, {})[persona] = got
            if RECORD:
                continue
            # The Django admin refuses the administrator, whom it lets in,
            # what their model permissions do not cover, with its own 403: a
            # rule of the admin (tests/accounts), not a record being hidden.
            admin_refusal = (
                expected is table.ADMIN_SITE and persona == "administrator" and got == 403
            )
            if not admin_refusal:
                assert got not in (403, 500), f"{method} {url} as {persona}: {got}"
            if expected is table.ADMIN_SITE:
                # Never a page: sent to sign in, 404, or (signing out) sent on.
                allowed = {table.LOGIN, 404, 405, 302}
                if persona == "administrator":
                    allowed |= {200, 302, 403}
                assert got in allowed, f"{method} {url} as {persona}: {got}"
            elif isinstance(expected[persona], tuple):
                assert got in expected[persona], f"{method} {url} as {persona}: {got}"
            else:
                assert got == expected[persona], (
                    f"{method} {url} as {persona}: {got}, the table says {expected[persona]}"
                )
            if got == 200:
                _check_case_rule(world, persona, key, body)
            if method == "GET" and got == 404 and not key.startswith("admin:"):
                _check_hidden_is_missing(world, persona, key, kwargs, body)
    if RECORD:
        with open(RECORD, "a") as handle:
            handle.write(json.dumps({key: seen}) + "\n")


def _check_hidden_is_missing(world, persona, key, kwargs, hidden_body):
    kwargs = kwargs_for(key, world) if kwargs is None else kwargs
    names = re.findall(r"<(?:\w+:)?(\w+)>", ROUTES[key])
    if not names:
        return
    url = url_for(key, world, missing_kwargs(kwargs))
    response, body = ask(world, persona, "GET", url)
    assert response.status_code == 404, f"{url} as {persona}"
    assert _normalised(body) == _normalised(hidden_body), (
        f"{key}: a hidden and a missing object give different pages to {persona}"
    )
