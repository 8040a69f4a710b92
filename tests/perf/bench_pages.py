"""Benchmark: case list, search and case page at scale (`make bench`).

Not a test: it prints timings for the README. The targets (engineering guide):
with 100,000 cases, the case list and search p95 under 150 ms and within 3x of
a trivial signed-in page measured in the same run; the case page p95 under
150 ms; the number of queries on a page does not grow with the number of rows.

Runs in-process with Django's test client against its own embedded database
(``.data/bench``, or ``WAYMARK_DATA_DIR``), filled once by
``generate_load_data``. Usage::

    python tests/perf/bench_pages.py [--cases 100000] [--requests 60]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("WAYMARK_DATA_DIR", str(ROOT / ".data" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
# The bench database holds generated, made-up people only.
os.environ.setdefault("WAYMARK_DEMO", "1")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()  # the test client's host, in-memory email

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Agency, User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import user_set_roles  # noqa: E402
from cases.models import Case, CasePerson  # noqa: E402


def bench_user(username: str, role: Role, agency: Agency | None) -> User:
    user, _ = User.objects.get_or_create(
        username=username, defaults={"first_name": "Bench", "last_name": username}
    )
    user.agency = agency
    user.save()
    user_set_roles(actor=None, user=user, roles=[role])
    return user


def measure(client: Client, url: str, requests: int) -> dict:
    for _ in range(5):  # warm caches and connections
        assert client.get(url).status_code == 200, url
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
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "queries": len(queries),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    have = Case.objects.count()
    if have < options.cases:
        print(f"Generating {options.cases - have} cases (once; kept in the bench database)...")
        started = time.perf_counter()
        call_command("generate_load_data", cases=options.cases - have, verbosity=0)
        print(f"  generated in {time.perf_counter() - started:.0f} s")
    total = Case.objects.count()
    # Measure a settled database, not one autovacuum is still catching up on
    # after the bulk inserts.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    lead = bench_user("bench.lead", Role.MODERN_SLAVERY_LEAD, None)
    # A worker of the agency with the most shared cases sees a realistic slice.
    agency = (
        Agency.objects.filter(is_first_responder=True).order_by("name").first()
        or Agency.objects.order_by("name").first()
    )
    worker = bench_user("bench.worker", Role.FRONTLINE_WORKER, agency)
    common_surname = (
        CasePerson.objects.values_list("person__last_name", flat=True)
        .exclude(person__last_name="")
        .first()
    )
    a_case = Case.objects.order_by("-date_reported").first()

    pages = [
        ("trivial signed-in page (protocol)", reverse("pathways:protocol")),
        ("case list, first page", reverse("cases:case_list")),
        ("case list, page 200", reverse("cases:case_list") + "?page=200"),
        (
            f"search by surname ({common_surname})",
            reverse("cases:case_list") + f"?q={common_surname}",
        ),
        ("search by a misspelt name", reverse("cases:case_list") + "?q=Mohamed+Alli"),
        ("case page", a_case.get_absolute_url()),
    ]
    print(f"{total:,} cases; {options.requests} requests per page after warm-up\n")
    for user in (lead, worker):
        client = Client()
        client.force_login(user)
        print(f"As {user.username} ({'all cases' if user is lead else agency}):")
        results = {}
        for label, url in pages:
            if user is worker and label == "case page":
                visible = Case.objects.filter(shares__agency=agency).order_by("-id").first()
                if visible is None:
                    continue
                url = visible.get_absolute_url()
            if user is worker and label == "case list, page 200":
                continue
            results[label] = measure(client, url, options.requests)
            r = results[label]
            timing = f"p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms"
            print(f"  {label:<44} {timing}  {r['queries']} queries")
        trivial = results["trivial signed-in page (protocol)"]["p95"]
        worst = max(
            r["p95"] for label, r in results.items() if label.startswith(("case list", "search"))
        )
        print(f"  slowest list/search p95 is {worst / trivial:.1f}x the trivial page\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
