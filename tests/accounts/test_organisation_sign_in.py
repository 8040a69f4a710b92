"""Organisation sign-in (OpenID Connect) against a real provider over HTTP:
oidc-provider-mock runs on loopback inside the test, and mozilla-django-oidc
talks to it as it would to Microsoft Entra ID."""

from urllib.parse import urlsplit

import pytest
import requests
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from accounts.models import SecondFactor, SignIn, SignInMethod
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CLIENT_ID = "waymark-test-client"


@pytest.fixture
def provider(settings):
    people = [
        ProviderUser(
            sub="worker-a",
            claims={"email": "Worker.A@waymark.example", "email_verified": True},
        ),
        ProviderUser(
            sub="worker-a-mfa",
            claims={
                "email": "worker.a@waymark.example",
                "email_verified": True,
                "amr": ["pwd", "mfa"],
            },
        ),
        ProviderUser(
            sub="worker-a-acr",
            claims={
                "email": "worker.a@waymark.example",
                "email_verified": True,
                "acr": "urn:council:loa:mfa",
            },
        ),
        ProviderUser(
            sub="stranger",
            claims={"email": "stranger@elsewhere.example", "email_verified": True},
        ),
        ProviderUser(
            sub="worker-a-unverified",
            claims={"email": "worker.a@waymark.example", "email_verified": False},
        ),
    ]
    with run_server_in_thread(port=0, user_claims=people) as server:
        issuer = f"http://localhost:{server.server_port}"
        settings.WAYMARK_OIDC_ISSUER = issuer
        settings.WAYMARK_OIDC_CLIENT_ID = CLIENT_ID
        settings.WAYMARK_OIDC_CLIENT_SECRET = "test-secret"
        settings.WAYMARK_OIDC_BUTTON_LABEL = "Sign in with your NHSmail account"
        settings.WAYMARK_OIDC_MFA_ACR_VALUES = ["urn:council:loa:mfa"]
        yield issuer


def sign_in_at_provider(client, sub, next_path="/cases/"):
    """Start at Waymark, sign in at the provider as ``sub``, come back."""
    start = client.get(f"/accounts/organisation/?next={next_path}")
    assert start.status_code == 302
    authorize_url = start["Location"]
    # The provider's own sign-in page, answered as the person would.
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/accounts/organisation/callback/"
    return client.get(f"{back.path}?{back.query}")


def test_the_sign_in_page_offers_the_organisation_button_with_its_label(client, provider):
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with your NHSmail account" in page
    assert 'href="/accounts/organisation/"' in page


def test_an_existing_user_signs_in_by_verified_email_then_gives_waymarks_second_factor(
    client, provider, worker_a
):
    response = sign_in_at_provider(client, "worker-a")

    assert response["Location"] == "/cases/"
    # No multi-factor claim from the provider: Waymark asks for its own.
    assert client.get("/cases/")["Location"].startswith("/accounts/two-factor/set-up/")
    sign_in = SignIn.objects.get(user=worker_a)
    assert (sign_in.method, sign_in.second_factor) == (SignInMethod.ORGANISATION, "")


def test_the_providers_mfa_claim_is_honoured(client, provider, worker_a):
    response = sign_in_at_provider(client, "worker-a-mfa")

    assert response["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    sign_in = SignIn.objects.get(user=worker_a)
    assert sign_in.second_factor == SecondFactor.ORGANISATION
    assert sign_in.how == "Organisation account and your organisation's multi-factor sign-in"


def test_a_configured_acr_value_counts_as_mfa(client, provider, worker_a):
    sign_in_at_provider(client, "worker-a-acr")
    assert client.get("/cases/").status_code == 200


def test_an_unknown_email_is_refused_and_nobody_is_created(client, provider, worker_a):
    users_before = set(worker_a.__class__.objects.values_list("pk", flat=True))

    response = sign_in_at_provider(client, "stranger")

    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/").content.decode()
    assert "You could not be signed in with your organisation account" in page
    assert client.get("/cases/")["Location"].startswith("/accounts/login/")
    assert set(worker_a.__class__.objects.values_list("pk", flat=True)) == users_before
    assert not SignIn.objects.exists()


def test_an_email_the_provider_has_not_verified_is_refused(client, provider, worker_a):
    response = sign_in_at_provider(client, "worker-a-unverified")
    assert response["Location"] == "/accounts/login/"
    assert not SignIn.objects.exists()


def test_a_switched_off_account_is_refused(client, provider, worker_a):
    worker_a.is_active = False
    worker_a.save()
    sign_in_at_provider(client, "worker-a-mfa")
    assert client.get("/cases/")["Location"].startswith("/accounts/login/")


def test_an_account_switched_off_after_signing_in_is_signed_out(client, provider, worker_a):
    sign_in_at_provider(client, "worker-a-mfa")
    assert client.get("/cases/").status_code == 200
    worker_a.is_active = False
    worker_a.save()
    assert client.get("/cases/")["Location"].startswith("/accounts/login/")


def test_two_accounts_with_the_same_email_are_both_refused(client, provider, worker_a, agency_a):
    UserFactory(username="worker.a.twin", email="worker.a@waymark.example", agency=agency_a)
    sign_in_at_provider(client, "worker-a-mfa")
    assert client.get("/cases/")["Location"].startswith("/accounts/login/")


def test_a_token_for_another_client_is_refused(client, provider, worker_a, settings):
    start = client.get("/accounts/organisation/")
    # The provider is asked on behalf of another client, whose token comes back here.
    authorize_url = start["Location"].replace(CLIENT_ID, "someone-else")
    answer = requests.post(
        authorize_url, data={"sub": "worker-a-mfa"}, allow_redirects=False, timeout=10
    )
    back = urlsplit(answer.headers["Location"])
    response = client.get(f"{back.path}?{back.query}")
    assert response["Location"] == "/accounts/login/"
    assert not SignIn.objects.exists()
