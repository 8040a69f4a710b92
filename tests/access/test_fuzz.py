"""Fuzzing: no URL parameter and no form value makes Waymark answer 500.

Every route in the URL resolver gets parameters Hypothesis makes from its
converters (any text, huge numbers, NUL bytes, odd Unicode), mixed with the
real records of a small world, as the Modern Slavery Lead (who may open the
most) and, for public routes, signed out; every query value a view reads
comes along too. Every form those pages show (found by reading the page, so a
new form is fuzzed without being listed here; the SERAC chair looks at the
meeting pages too) is sent with values Hypothesis makes for its fields. The answer may be anything
a person could be shown (a page, a redirect, a 400 or a 404), never a 500.

Bounded for CI: a few examples per route, no deadline.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import AgencyType
from accounts.roles import Role
from tests.conftest import VerifiedClient
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    ConcernFactory,
    PersonFactory,
    UserFactory,
)

FUZZ = settings(
    max_examples=3,
    deadline=None,
    database=None,  # the same examples every run: CI fails or passes the same way
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Forms get a few more tries: they have more fields than routes have parameters.
FUZZ_FORMS = settings(FUZZ, max_examples=5)
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


# --- The routes ---------------------------------------------------------------------------


def _routes(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            if isinstance(entry.pattern, RoutePattern):
                yield from _routes(entry, prefix + str(entry.pattern), inner)
            # Django's admin app list is a regular expression of installed
            # apps; there is nothing of Waymark's to fuzz behind it.
        elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name or "", entry.callback


ROUTES = list(_routes())
ROUTE_IDS = [f"{name or 'unnamed'}:{route}" for route, name, _ in ROUTES]
# Django's admin forms are Django's own; its routes are still fuzzed above.
FORM_ROUTES = [entry for entry in ROUTES if not entry[0].startswith("admin/")]
FORM_ROUTE_IDS = [f"{name or 'unnamed'}:{route}" for route, name, _ in FORM_ROUTES]


def converter_of(route: str, parameter: str):
    for found in PARAMETER.finditer(route):
        if found["name"] == parameter:
            return found["converter"] or "str"
    raise KeyError(parameter)


def is_public(callback) -> bool:
    return getattr(callback, "login_required", True) is False


# --- A small world of real records -------------------------------------------------------


def _maybe(make):
    """A record for the world, or None when its factory needs more than we give:
    the fuzzing still runs over made-up values for that parameter."""
    try:
        with transaction.atomic():
            return make()
    except Exception:  # noqa: BLE001 - a missing record only narrows the fuzzing
        return None


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Made once for the module, inside a transaction rolled back at its end;
    each test runs in a savepoint inside it (pytest-django's ``db``)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            made = _make_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _make_world():
    council = AgencyFactory(
        name="Fuzz Council", agency_type=AgencyType.LOCAL_AUTHORITY, is_first_responder=True
    )
    lead = UserFactory(username="fuzz.lead", agency=council, roles=[Role.MODERN_SLAVERY_LEAD])
    chair = UserFactory(username="fuzz.chair", agency=council, roles=[Role.SERAC_CHAIR])
    person = PersonFactory()
    case = CaseFactory(raised_by=council, survivors=[person])
    link = case.case_people.first()
    concern = ConcernFactory()
    values: dict[str, list] = {
        "reference": [case.reference, concern.reference],
        "person_id": [link.pk, person.pk],
        "pk": [],
        "item_pk": [],
        "link_id": [link.pk],
    }

    def child():
        from cases.models import DependentChild

        return DependentChild.objects.create(person=person, age=5)

    def episode():
        from referrals.services import nrm_episode_start

        return nrm_episode_start(actor=lead, case=case, person=person)

    def meeting():
        from tests.serac.factories import SeracMeetingFactory

        return SeracMeetingFactory(chair=chair, members=[council])

    def report_run():
        from tests.reporting.factories import ReportRunFactory

        return ReportRunFactory()

    made_child = _maybe(child)
    if made_child:
        values["child_id"] = [made_child.pk]
    made_episode = _maybe(episode)
    if made_episode:
        values["pk"].append(made_episode.pk)
    made_meeting = _maybe(meeting)
    if made_meeting:
        values["pk"].append(made_meeting.pk)
        from tests.serac.factories import AgendaItemFactory

        item = _maybe(lambda: AgendaItemFactory(meeting=made_meeting, case=case))
        if item:
            values["item_pk"].append(item.pk)
            from tests.serac.factories import SeracActionFactory

            action = _maybe(
                lambda: SeracActionFactory(
                    meeting=made_meeting, item=item, case=case, owner_agency=council
                )
            )
            if action:
                values["pk"].append(action.pk)
    run = _maybe(report_run)
    if run:
        values["public_id"] = [str(run.public_id)]
    from pathways.definitions import PATHWAYS

    keys = list(PATHWAYS)
    values["key"] = values["pathway_key"] = keys[:2]
    values["step"] = ["consent", "submission"]
    return {"lead": lead, "chair": chair, "values": values}


# --- Parameters ---------------------------------------------------------------------------

# Text with the characters that have broken things before: NUL, surrogates,
# percent signs, dots, very long strings and non-Latin letters.
# (Not lone surrogates: no browser can send one, and the test client cannot encode them.)
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40),
    st.sampled_from(
        ["\x00", "%00", ".", "..", "0", "-1", "MS-2026-00001\x00", "\u202e", "a" * 300]
    ),
)


def value_strategy(converter: str, real: list):
    if converter == "int":
        made = st.integers(min_value=0, max_value=2**80).map(str)
    elif converter == "slug":
        made = st.one_of(st.from_regex(r"\A[-a-zA-Z0-9_]{1,40}\Z"), ANY_TEXT)
    elif converter == "uuid":
        made = st.one_of(st.uuids().map(str), ANY_TEXT)
    else:
        made = ANY_TEXT
    real = [str(value) for value in real]
    return st.one_of(st.sampled_from(real), made) if real else made


def url_for(route: str, values: dict[str, str]) -> str:
    def fill(found):
        # str and slug parameters end at a "/"; one inside the value is a different URL.
        return quote(values[found["name"]], safe="")

    return "/" + PARAMETER.sub(fill, route)


def assert_not_a_500(response, what):
    status = response.status_code
    # The health check answers 503 when a service is down (here: no worker runs).
    if status == 503 and response.request["PATH_INFO"] == "/health/":
        return
    assert status < 500, f"{what} answered {status}"


def _query_names() -> list[str]:
    """Every query or form value a view reads itself (``request.GET.get("next")``),
    found in the source so that a new one is fuzzed too."""
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r'request\.(?:GET|POST)(?:\.get|\.getlist)?[\[(]\s*"(\w+)"')
    names = {"next", "page", "q"}
    for app in [
        "config",
        "core",
        "accounts",
        "cases",
        "pathways",
        "directory",
        "referrals",
        "serac",
        "reporting",
        "home",
    ]:
        for path in (root / app).rglob("*.py"):
            names.update(pattern.findall(path.read_text()))
    return sorted(names)


QUERY_NAMES = _query_names()
QUERY = st.fixed_dictionaries(
    {},
    optional={
        name: st.one_of(st.sampled_from(["0", "-1", "//evil.example", "/cases/", ""]), ANY_TEXT)
        for name in QUERY_NAMES
    },
)


def signed_in(lead) -> Client:
    client = VerifiedClient()
    client.force_login(lead)
    return client


# --- Every route, every parameter -----------------------------------------------------------


@pytest.mark.parametrize(("route", "name", "callback"), ROUTES, ids=ROUTE_IDS)
def test_no_route_or_query_parameter_makes_a_500(world, db, route, name, callback):
    parameters = [found["name"] for found in PARAMETER.finditer(route)]
    strategy = st.fixed_dictionaries(
        {
            parameter: value_strategy(
                converter_of(route, parameter), world["values"].get(parameter, [])
            )
            for parameter in parameters
        }
    )
    lead_client = signed_in(world["lead"])

    @FUZZ
    @given(values=strategy, query=QUERY)
    def check(values, query):
        url = url_for(route, values)
        clients = [lead_client, Client()] if is_public(callback) else [lead_client]
        for client in clients:
            assert_not_a_500(client.get(url, query), f"GET {url!r} {query!r}")
            assert_not_a_500(client.post(url, query), f"POST {url!r} {query!r}")

    check()


# --- Every form -------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The forms on a page: method, action and each named field's kind and options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "fields": {},
                }
            )
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            field = fields.setdefault(name, {"kind": attrs.get("type") or "text", "options": []})
            if attrs.get("value") is not None and field["kind"] in ("radio", "checkbox", "hidden"):
                field["options"].append(attrs["value"])
        elif tag in ("textarea", "select") and name:
            fields.setdefault(name, {"kind": tag, "options": []})
            self._select = name if tag == "select" else None
        elif tag == "option" and self._select:
            fields[self._select]["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_on(html: str, page_url: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    found = []
    for form in parser.forms:
        action = form["action"] or page_url
        path = urlsplit(action).path
        # Signing out ends the session the fuzzing runs in; it takes no input.
        if not form["fields"] or path.startswith("/accounts/logout"):
            continue
        found.append({**form, "action": action})
    return found


def field_value(field: dict):
    options = [option for option in field["options"] if option is not None]
    typed = st.one_of(ANY_TEXT, st.just(""), st.integers(-(2**70), 2**70).map(str))
    if field["kind"] == "checkbox" and options:
        return st.lists(st.one_of(st.sampled_from(options), typed), max_size=3)
    if options:
        return st.one_of(st.sampled_from(options), typed)
    return typed


def pages_to_try(route: str, values: dict[str, list]):
    """Addresses of the route made from the world's records (every combination
    of at most the first three values of each parameter)."""
    parameters = [found["name"] for found in PARAMETER.finditer(route)]
    combinations = [{}]
    for parameter in parameters:
        real = list(dict.fromkeys(str(value) for value in values.get(parameter, [])))[:3]
        if not real:
            return []
        combinations = [{**done, parameter: value} for done in combinations for value in real]
    return [url_for(route, combination) for combination in combinations]


@pytest.mark.parametrize(("route", "name", "callback"), FORM_ROUTES, ids=FORM_ROUTE_IDS)
def test_no_form_value_makes_a_500(world, db, route, name, callback):
    # The Lead opens the most; the SERAC chair opens the meetings' pages.
    visitors = [signed_in(world["lead"]), signed_in(world["chair"])]
    if is_public(callback):
        visitors.append(Client())
    targets = []
    for client in visitors:
        for url in pages_to_try(route, world["values"]):
            response = client.get(url)
            assert_not_a_500(response, f"GET {url!r}")
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                targets += [(client, form) for form in forms_on(response.content.decode(), url)]
    if not targets:
        pytest.skip("no form on this route's pages")

    for client, form in targets:
        fuzz_form(client, form)


def fuzz_form(client, form):
    strategy = st.fixed_dictionaries(
        {}, optional={name: field_value(field) for name, field in form["fields"].items()}
    )
    send = client.post if form["method"] == "post" else client.get

    @FUZZ_FORMS
    @given(data=strategy)
    def check(data):
        response = send(form["action"], data)
        assert_not_a_500(response, f"{form['method'].upper()} {form['action']} {data!r}")

    check()
