"""Benchmark (not a test): every listed page, under load, the report, the import
and the public form, over generated cases (`make bench`, `make bench-pages`).

    python tests/perf/bench.py [--stages report,import,pages,load,public]
                               [--cases N] [--requests N] [--load-seconds S]

Uses its own embedded database (``.data/bench`` unless WAYMARK_DATA_DIR is
set), filled once by ``generate_load_data`` with ``--cases`` cases
(``WAYMARK_BENCH_CASES``, default 100,000) reported in financial year 2025-26.
A smaller database (``WAYMARK_BENCH_CASES=5000`` with its own
``WAYMARK_DATA_DIR``) keeps a run while developing to a minute or two.

Stages, each adding its figures to ``<data dir>/results.json`` (the shape is
issue 18's contract; a stage not run keeps the figures of the last run that
ran it):

- ``report``: the board's annual report to PDF in a fresh process (seconds,
  peak resident memory);
- ``import``: 10,000 generated spreadsheet rows imported in a fresh process,
  then rolled back so the database stays as generated;
- ``pages``: every page that lists, counts or searches, for every persona that
  can open it (one that gets anything but 200 is skipped), in-process with
  Django's test client: p50 and p95 of ``--requests`` requests after warm-up,
  and the queries of one more;
- ``load``: gunicorn with 2 sync workers on loopback, and locust (headless,
  from Python, ``tests/perf/load.py``) with 20 concurrent signed-in clients
  spread over the personas that can open each page, ``--load-seconds`` per
  page, beside the trivial signed-in page in the same run;
- ``public``: 1,500 public reports posted by 20 clients to gunicorn with 2
  workers; how many were sent and saved, and reports per second.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("WAYMARK_DATA_DIR", str(ROOT / ".data" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
# The bench database holds generated, made-up people only.
os.environ.setdefault("WAYMARK_DEMO", "1")
DATA_DIR = Path(os.environ["WAYMARK_DATA_DIR"])
RESULTS = DATA_DIR / "results.json"
FROM, TO = "2025-04-01", "2026-03-31"
ALL_STAGES = ("report", "import", "pages", "load", "public")
LOAD_USERS = 20
PUBLIC_REPORTS = 1500


def _django():
    import django

    django.setup()
    import logging

    from django.conf import settings

    # The test client's host and in-memory email, without Django's
    # setup_test_environment: that wraps every template render to copy its
    # context for assertions, which a web worker never does (it made a
    # template-heavy page half as slow again as it is).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # As config/wsgi.py does in each web worker once Django is loaded.
    from config.collector import tune_collector

    tune_collector()

    # A persona that may not open a page gets a 404, which is expected here.
    logging.getLogger("django.request").setLevel(logging.ERROR)


# --- The database --------


def ensure_cases(cases: int) -> int:
    from django.core.management import call_command
    from django.db import connection

    from cases.models import Case

    call_command("migrate", verbosity=0)
    have = Case.objects.filter(reference__startswith="LD-").count()
    if have < cases:
        print(f"Generating {cases - have:,} cases in 2025-26 (once; kept in {DATA_DIR})...")
        started = time.perf_counter()
        call_command(
            "generate_load_data", cases=cases - have, **{"from": _date(FROM), "to": _date(TO)}
        )
        print(f"  generated in {time.perf_counter() - started:.0f} s")
    # Measure a settled database, not one autovacuum is still catching up on.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return Case.objects.count()


def _date(text):
    from datetime import date

    return date.fromisoformat(text)


# --- Personas and pages --------


def personas() -> dict:
    """One signed-in user per role, the agency roles in the agency with most cases."""
    from django.db.models import Count

    from accounts.models import Agency, User
    from accounts.roles import Role
    from accounts.services import user_set_roles
    from cases.models import CaseShare

    busiest = (
        CaseShare.objects.filter(agency__is_first_responder=True)
        .values("agency")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "agency")
        .first()
    )
    agency = (
        Agency.objects.get(pk=busiest["agency"])
        if busiest
        else Agency.objects.order_by("name").first()
    )
    wanted = {
        "Lead": (Role.MODERN_SLAVERY_LEAD, None),
        "worker": (Role.FRONTLINE_WORKER, agency),
        "agency lead": (Role.AGENCY_LEAD, agency),
        "ambassador": (Role.AMBASSADOR, agency),
        "SERAC chair": (Role.SERAC_CHAIR, agency),
        "SERAC member": (Role.SERAC_MEMBER, agency),
        "board member": (Role.BOARD_MEMBER, None),
        "administrator": (Role.ADMINISTRATOR, None),
    }
    users = {}
    for name, (role, home_agency) in wanted.items():
        username = "bench." + name.replace(" ", "-").lower()
        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": "Bench", "last_name": name}
        )
        user.agency = home_agency
        user.save()
        user_set_roles(actor=None, user=user, roles=[role])
        users[name] = user
    return users


def pages(users) -> list[tuple[str, str]]:
    """(name, path) of every page that lists, counts or searches."""
    from django.urls import reverse

    from cases.models import Case, CasePerson
    from cases.selectors import case_list_visible_to
    from referrals.models import EpisodeState
    from serac.models import SeracMeeting

    surname = (
        CasePerson.objects.exclude(person__last_name="")
        .values_list("person__last_name", flat=True)
        .order_by("pk")
        .first()
        or "Nguyen"
    )
    case_list = reverse("cases:case_list")
    worker_agency = users["worker"].agency_id
    result = [
        ("home", reverse("dashboard")),
        ("case list", case_list),
        ("case list, page 200", case_list + "?page=200"),
        ("search by surname", f"{case_list}?q={surname}"),
        ("search by a misspelt name", case_list + "?q=Mohamed+Alli"),
        ("search by reference", case_list + "?q=0004200"),
        ("case page", None),
        ("triage queue", reverse("cases:triage_queue")),
        ("NRM tracker", reverse("referrals:nrm_tracker")),
        (
            "NRM tracker, by state",
            reverse("referrals:nrm_tracker") + f"?state={EpisodeState.AWAITING_RG}",
        ),
        ("NRM tracker, by agency", reverse("referrals:nrm_tracker") + f"?agency={worker_agency}"),
        ("NRM tracker, by age", reverse("referrals:nrm_tracker") + "?age=6_to_12"),
        ("NRM tracker, page 20", reverse("referrals:nrm_tracker") + "?page=20"),
        ("compliance", reverse("pathways:compliance")),
        ("SERAC home", reverse("serac:home")),
        ("SERAC referrals", reverse("serac:referral_list")),
        ("reports", reverse("reporting:home")),
        ("support directory", reverse("directory:directory")),
        ("ISA register", reverse("governance:agreements")),
        ("retention review", reverse("governance:retention_queue")),
        ("shares to decide", reverse("governance:disclosure_queue")),
    ]
    meeting = SeracMeeting.objects.order_by("-starts_at").first()
    if meeting is not None:
        result += [
            ("SERAC meeting", reverse("serac:meeting_detail", args=[meeting.pk])),
            ("SERAC agenda", reverse("serac:agenda_edit", args=[meeting.pk])),
            ("SERAC meeting mode", reverse("serac:meeting_mode", args=[meeting.pk])),
        ]
    # The case page: the Lead's newest case, and the newest the worker may open.
    cases = {
        "Lead": Case.objects.order_by("-date_reported", "-pk").first(),
        "worker": case_list_visible_to(user=users["worker"]).order_by("-pk").first(),
    }
    return result, cases


TRIVIAL = ("trivial signed-in page (protocol)", "pathways:protocol")


def measure(client, url: str, requests: int) -> dict | None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(url)
    if first.status_code != 200:
        return None  # this persona cannot open the page
    for _ in range(3):  # warm caches and connections
        client.get(url)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[min(len(timings), math.ceil(len(timings) * 0.95)) - 1], 1),
        "queries": len(queries),
    }


def stage_pages(users, requests: int) -> dict:
    from django.test import Client
    from django.urls import reverse

    page_list, case_for = pages(users)
    found, trivial = [], {}
    print(f"\nPages, in-process: p50 / p95 of {requests} requests after warm-up, and queries")
    print(f"  {'page':<30} {'persona':<14} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for persona, user in users.items():
        client = Client()
        client.force_login(user)
        if persona in ("Lead", "worker"):
            trivial[persona] = measure(client, reverse(TRIVIAL[1]), requests)
            row = trivial[persona]
            print(
                f"  {'trivial page':<30} {persona:<14} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f}"
                f" {row['queries']:8d}"
            )
        for name, path in page_list:
            if name == "case page":
                case = case_for.get(persona)
                if case is None:
                    continue
                path = case.get_absolute_url()
            row = measure(client, path, requests)
            if row is None:
                continue
            found.append({"name": name, "persona": persona, "path": path, **row})
            flag = "" if row["p95_ms"] <= 150 and row["queries"] <= 12 else "  over target"
            print(
                f"  {name:<30} {persona:<14} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f}"
                f" {row['queries']:8d}{flag}"
            )
    return {"pages": found, "trivial": trivial}


# --- Gunicorn and locust --------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with 2 sync workers on loopback, sharing this process's embedded servers."""

    def __init__(self, **extra_env):
        from django.conf import settings

        self.port = _free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": settings.DATABASE_URL,
            "REDIS_URL": settings.REDIS_URL,
            "WAYMARK_DEMO": "1",
            **extra_env,
        }

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=self.env,
        )
        # The socket opens before the workers have loaded Django: wait until
        # both answer, so the run measures serving, not starting.
        deadline = time.monotonic() + 120
        answered = 0
        while time.monotonic() < deadline and answered < 6:
            try:
                with urllib.request.urlopen(f"{self.host}/report/", timeout=30) as response:  # noqa: S310 - loopback
                    answered += response.status == 200
            except OSError:
                time.sleep(0.5)
        if answered < 6:
            raise RuntimeError("gunicorn did not start")
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()

    @property
    def host(self):
        return f"http://127.0.0.1:{self.port}"


def _locust(plan: dict) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(plan, handle)
    try:
        result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, str(ROOT / "tests" / "perf" / "load.py"), handle.name],
            cwd=ROOT,
            check=True,
            text=True,
            capture_output=True,
        )
    finally:
        os.unlink(handle.name)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _sessions(users) -> dict:
    from django.conf import settings
    from django.test import Client

    cookies = {}
    for persona, user in users.items():
        client = Client()
        client.force_login(user)
        cookies[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def stage_load(users, page_rows: list[dict], seconds: float) -> dict:
    from django.conf import settings
    from django.urls import reverse

    sessions = _sessions(users)
    # Each page once, with the personas that could open it in the pages stage.
    by_page: dict[str, dict] = {}
    for row in page_rows:
        entry = by_page.setdefault(row["name"], {"name": row["name"], "clients": []})
        entry["clients"].append({"persona": row["persona"], "path": row["path"]})
    trivial_path = reverse(TRIVIAL[1])
    scenarios = [
        {
            "name": "trivial signed-in page",
            "clients": [
                {"persona": p, "path": trivial_path} for p in ("Lead", "worker", "SERAC chair")
            ],
        },
        *by_page.values(),
    ]
    for scenario in scenarios:
        for client in scenario["clients"]:
            client["session"] = sessions[client["persona"]]
    print(
        f"\nUnder load: gunicorn with 2 sync workers, {LOAD_USERS} concurrent clients "
        f"for {seconds:.0f} s a page"
    )
    with Gunicorn() as server:
        figures = _locust(
            {
                "host": server.host,
                "users": LOAD_USERS,
                "seconds": seconds,
                "cookie": settings.SESSION_COOKIE_NAME,
                "scenarios": scenarios,
            }
        )
    load, trivial_load = [], None
    print(f"  {'page':<30} {'personas':<34} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} err")
    for scenario, row in zip(scenarios, figures["scenarios"], strict=True):
        personas_text = ", ".join(sorted({c["persona"] for c in scenario["clients"]}))
        entry = {"name": scenario["name"], "persona": personas_text, **row}
        if scenario["name"] == "trivial signed-in page":
            trivial_load = {"rps": row["rps"], "p95_ms": row["p95_ms"]}
        else:
            load.append(entry)
        print(
            f"  {scenario['name']:<30} {personas_text[:34]:<34} {row['rps']:7.1f} "
            f"{row['p50_ms']:6.0f} {row['p95_ms']:6.0f} {row['p99_ms']:6.0f} {row['errors']}"
        )
    if trivial_load:
        floor = trivial_load["rps"] / 3
        below = [row["name"] for row in load if row["rps"] < floor]
        print(
            f"  a third of the trivial page's throughput: {floor:.1f} requests/s; "
            f"below it: {', '.join(below) or 'none'}"
        )
    return {"load": load, "trivial_load": trivial_load}


def stage_public() -> dict:
    from cases.models import Concern

    marker = f"Bench public report {time.time_ns()}"
    print(f"\nThe public form: {PUBLIC_REPORTS:,} reports from {LOAD_USERS} clients, 2 workers")
    # Every client is on one address: the per-address limit is lifted for the bench.
    with Gunicorn(WAYMARK_PUBLIC_REPORT_LIMIT=str(PUBLIC_REPORTS * 2)) as server:
        figures = _locust(
            {
                "host": server.host,
                "users": LOAD_USERS,
                "seconds": 120,
                "public_reports": PUBLIC_REPORTS,
                "marker": marker,
            }
        )
    saved = Concern.objects.filter(what_happened__startswith=marker).count()
    result = {"rps": figures["rps"], "sent": figures["sent"], "saved": saved}
    print(f"  {result['rps']:.1f} reports/s; {result['sent']:,} sent, {saved:,} saved")
    return result


# --- Report and import, each in a fresh process --------

IMPORT = r"""
import io, csv, json, resource, sys, time
import django
django.setup()
from django.db import transaction
from cases.services.importing import import_cases
from tests.perf.bench import import_rows

content = import_rows(10_000)
started = time.perf_counter()
class RolledBack(Exception):
    pass
try:
    with transaction.atomic():
        result = import_cases(content=content, file_name="bench-10k.csv", actor=None)
        seconds = time.perf_counter() - started
        assert result.written and not result.errors, result.errors[:3]
        raise RolledBack
except RolledBack:
    pass
print(json.dumps({"seconds": round(seconds, 2),
    "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def import_rows(count: int) -> bytes:
    """A spreadsheet of ``count`` new cases in the import format
    (docs/import-format.md), a third of them with NRM columns."""
    import csv
    import io
    import random

    rng = random.Random(18)  # noqa: S311 - synthetic data
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "reference",
            "date_reported",
            "referring_agency_type",
            "survivor_gender",
            "survivor_age",
            "survivor_nationality",
            "exploitation_types",
            "location_of_exploitation",
            "perpetrator_gender",
            "nrm_route",
            "nrm_submitted_on",
            "rg_decision",
            "status",
        ]
    )
    for number in range(count):
        nrm = rng.random() < 0.33
        writer.writerow(
            [
                f"BENCH-{number:06d}",
                f"2025-{rng.randint(4, 12):02d}-{rng.randint(1, 28):02d}",
                rng.choice(["Police", "NHS", "Voluntary / charity", ""]),
                rng.choice(["Male", "Female", "Unknown"]),
                str(rng.randint(16, 60)),
                rng.choice(["Vietnamese", "Romanian", "Polish", "British", ""]),
                rng.choice(["Labour", "Criminal", "Sexual", "Labour; Criminal"]),
                rng.choice(["Foleshill", "Hillfields", "Earlsdon", "Overseas: Vietnam"]),
                rng.choice(["Male", "Female", ""]),
                "NRM" if nrm else "",
                "2025-12-01" if nrm else "",
                rng.choice(["Positive", "Pending"]) if nrm else "",
                rng.choice(["Open", "Open", "Closed"]),
            ]
        )
    return out.getvalue().encode()


def _fresh_process(code: str, *args) -> dict:
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        text=True,
        capture_output=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def stage_import() -> dict:
    print("\nImporting 10,000 rows (in a fresh process; rolled back afterwards)")
    figures = _fresh_process(IMPORT)
    print(f"  {figures['seconds']:.1f} s, peak {figures['peak_mb']} MB resident (target 15 s)")
    return figures


def stage_report() -> dict:
    from tests.perf.bench_report import RENDER, YEAR

    print(f"\nThe annual report {YEAR} for the board, to PDF (in a fresh process)")
    out = DATA_DIR / "annual-report.pdf"
    figures = _fresh_process(RENDER, YEAR, str(out))
    result = {
        "seconds": round(figures["total_seconds"], 2),
        "peak_mb": round(figures["peak_rss_mb"]),
    }
    print(
        f"  {result['seconds']:.1f} s (counting {figures['count_seconds']:.1f} s, PDF "
        f"{figures['pdf_seconds']:.1f} s), peak {result['peak_mb']} MB (targets 5 s, 400 MB)"
    )
    return result


# --- Main --------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases", type=int, default=int(os.environ.get("WAYMARK_BENCH_CASES", 100_000))
    )
    parser.add_argument("--stages", default=",".join(ALL_STAGES))
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--load-seconds", type=float, default=8)
    options = parser.parse_args()
    stages = [stage.strip() for stage in options.stages.split(",") if stage.strip()]
    unknown = set(stages) - set(ALL_STAGES)
    if unknown:
        parser.error(f"unknown stages: {', '.join(sorted(unknown))}")

    _django()
    total = ensure_cases(options.cases)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results = {
        "cases": total,
        "pages": results.get("pages", []),
        "trivial": results.get("trivial", {}),
        "load": results.get("load", []),
        "trivial_load": results.get("trivial_load"),
        "report": results.get("report"),
        "import_10k": results.get("import_10k"),
        "public_form": results.get("public_form"),
    }
    print(f"{total:,} cases in {DATA_DIR}; stages: {', '.join(stages)}")
    # The machine may be shared: its load says how far to trust the timings.
    print("Load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    users = personas()
    if "report" in stages:
        results["report"] = stage_report()
    if "import" in stages:
        results["import_10k"] = stage_import()
    if "pages" in stages:
        results.update(stage_pages(users, options.requests))
    if "load" in stages:
        results.update(stage_load(users, results["pages"], options.load_seconds))
    if "public" in stages:
        results["public_form"] = stage_public()
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print("Load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print(f"\nWrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
