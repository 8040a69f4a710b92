"""The load stage of `make bench` (not a test): locust, headless, from Python.

    python tests/perf/load.py PLAN.json

Run by ``tests/perf/bench.py`` in its own process, because locust patches the
standard library with gevent on import. The plan names a loopback ``host``
(gunicorn started by the bench), the number of concurrent ``users`` and either
``scenarios`` (pages, each with the signed-in clients that may open it: run one
after another for ``seconds`` each) or ``public_reports`` (that many public
reports, posted by the users together, stopping after ``seconds`` at most).
Prints one JSON line of figures.
"""

from gevent import monkey

monkey.patch_all()

import itertools  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from locust import HttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.exception import StopUser  # noqa: E402
from locust.log import setup_logging  # noqa: E402

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _loopback_only(host: str) -> None:
    if urlsplit(host).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("The load stage only sends traffic to loopback")


def run(user_class, users: int, seconds: float, *, host: str, warm_up: float = 0) -> tuple:
    """Run ``users`` clients for ``warm_up`` seconds (not counted), then for
    ``seconds``; then wait until the server has answered what was left in
    its queue, so the next page starts on an idle server."""
    env = Environment(user_classes=[user_class])
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    if warm_up:
        gevent.sleep(warm_up)
        env.stats.reset_all()
    started = time.monotonic()
    deadline = started + seconds
    while time.monotonic() < deadline:
        gevent.sleep(0.2)
        if getattr(user_class, "done", False):
            break
    elapsed = time.monotonic() - started
    runner.quit()
    requests.get(f"{host}/report/", timeout=120)  # behind whatever is still queued
    return env, elapsed


def figures(env: Environment, elapsed: float) -> dict:
    total = env.stats.total
    return {
        "rps": round(total.num_requests / elapsed, 1),
        "p50_ms": total.get_response_time_percentile(0.5) or 0,
        "p95_ms": total.get_response_time_percentile(0.95) or 0,
        "p99_ms": total.get_response_time_percentile(0.99) or 0,
        "errors": total.num_failures,
    }


def page_scenario(plan: dict, scenario: dict) -> dict:
    clients = itertools.cycle(scenario["clients"])

    class PageUser(HttpUser):
        host = plan["host"]
        wait_time = constant(0)

        def on_start(self):
            client = next(clients)
            self.path = client["path"]
            self.client.cookies.set(plan["cookie"], client["session"])

        @task
        def page(self):
            with self.client.get(
                self.path, name=scenario["name"], allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")

    env, elapsed = run(PageUser, plan["users"], plan["seconds"], host=plan["host"], warm_up=2)
    return figures(env, elapsed)


def public_reports(plan: dict) -> dict:
    wanted = plan["public_reports"]
    sent = itertools.count(1)
    issued = [0]  # posts sent, including any still unanswered when the run stops

    class Reporter(HttpUser):
        host = plan["host"]
        wait_time = constant(0)
        done = False

        def on_start(self):
            form = self.client.get("/report/", name="public form")
            self.token = CSRF_INPUT.search(form.text).group(1)
            # The cookie is marked Secure outside the demo; loopback is plain HTTP.
            for cookie in list(self.client.cookies):
                cookie.secure = False

        @task
        def report(self):
            number = next(sent)
            if number > wanted:
                Reporter.done = True
                raise StopUser
            issued[0] = max(issued[0], number)
            with self.client.post(
                "/report/",
                data={
                    "csrfmiddlewaretoken": self.token,
                    "what_happened": f"{plan['marker']} {number}: people working long hours "
                    "at a car wash, living on site.",
                    "location": "Car wash on the ring road",
                    "can_contact": "no",
                },
                name="public report",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"status {response.status_code}")

    env, elapsed = run(Reporter, plan["users"], plan["seconds"], host=plan["host"])
    posted = env.stats.get("public report", "POST")
    return {
        "rps": round(posted.num_requests / elapsed, 1),
        "sent": issued[0],
        "errors": posted.num_failures,
    }


def main() -> int:
    setup_logging("WARNING")
    with open(sys.argv[1]) as handle:
        plan = json.load(handle)
    _loopback_only(plan["host"])
    if "public_reports" in plan:
        print(json.dumps(public_reports(plan)))
        return 0
    results = [page_scenario(plan, scenario) for scenario in plan["scenarios"]]
    print(json.dumps({"scenarios": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
