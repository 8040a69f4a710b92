import pytest

pytestmark = pytest.mark.django_db


def test_pages_forbid_framing_inline_script_and_sniffing(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_signed_in_pages_are_not_stored_by_browsers_or_proxies(client, worker_a):
    client.force_login(worker_a)
    assert client.get("/")["Cache-Control"] == "no-store"
