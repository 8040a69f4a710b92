"""Behind the production proxy: each person is known by their own address.

The proxy (TLS in front of the web container) connects from one address and
appends the client's to X-Forwarded-For. With WAYMARK_TRUST_X_FORWARDED_FOR on,
as docker-compose.yml sets it, the public report limit counts each reporter on
their own and the access log records the reader's address, not the proxy's.
"""

from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from cases.models import AccessAction, AccessLogEntry, Concern
from tests.cases.test_public_report import REPORT_URL, report
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROXY = "172.18.0.1"  # the one address every request arrives from


def through_proxy(client_address, sent_by_client=""):
    """The headers the proxy passes on: its own address, and the client's appended."""
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def test_the_production_shape_trusts_the_proxys_forwarded_address():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name in ["web", "worker", "beat"]:
        environment = compose["services"][name]["environment"]
        assert str(environment["WAYMARK_TRUST_X_FORWARDED_FOR"]).lower() == "true", name
    # Only the proxy on the host can reach gunicorn, so only it sets the header.
    assert compose["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]


def test_behind_a_trusted_proxy_each_public_reporter_has_their_own_limit(client, settings):
    settings.WAYMARK_TRUST_X_FORWARDED_FOR = True
    for _ in range(5):
        assert client.post(REPORT_URL, report(), **through_proxy("198.51.100.7")).status_code == 302
    assert client.post(REPORT_URL, report(), **through_proxy("198.51.100.7")).status_code == 429
    # Another reporter behind the same proxy is not affected.
    assert client.post(REPORT_URL, report(), **through_proxy("198.51.100.8")).status_code == 302
    assert Concern.objects.count() == 6


def test_a_reporter_cannot_dodge_the_limit_by_sending_their_own_forwarded_header(client, settings):
    settings.WAYMARK_TRUST_X_FORWARDED_FOR = True
    for number in range(5):
        forged = through_proxy("198.51.100.7", sent_by_client=f"192.0.2.{number}")
        assert client.post(REPORT_URL, report(), **forged).status_code == 302
    forged = through_proxy("198.51.100.7", sent_by_client="192.0.2.99")
    assert client.post(REPORT_URL, report(), **forged).status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, settings):
    settings.WAYMARK_TRUST_X_FORWARDED_FOR = False
    for number in range(5):
        headers = through_proxy(f"198.51.100.{number}")
        assert client.post(REPORT_URL, report(), **headers).status_code == 302
    # Every report came from the proxy's address as far as Waymark can tell.
    assert client.post(REPORT_URL, report(), **through_proxy("198.51.100.77")).status_code == 429


def test_behind_a_trusted_proxy_the_access_log_records_the_readers_address(
    client, settings, worker_a, agency_a, worker_b
):
    settings.WAYMARK_TRUST_X_FORWARDED_FOR = True
    case = CaseFactory(raised_by=agency_a)
    client.force_login(worker_a)
    url = reverse("cases:case_detail", args=[case.reference])
    assert client.get(url, **through_proxy("198.51.100.20")).status_code == 200
    entry = AccessLogEntry.objects.get(case=case, action=AccessAction.VIEW_CASE)
    assert entry.user == worker_a and entry.ip_address == "198.51.100.20"
    # Someone who may not see the case is still refused, whatever address they come from.
    client.force_login(worker_b)
    assert client.get(url, **through_proxy("198.51.100.21")).status_code == 404
