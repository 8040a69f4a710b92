import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD, authenticator_app_for, code_for
from tests.urls import OFF_UNLESS_CONFIGURED, PUBLIC_URL_NAMES, every_url_path

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in_from_every_page_not_on_the_allow_list(client):
    checked = 0
    for path, name in every_url_path():
        if name in PUBLIC_URL_NAMES:
            continue
        response = client.get(path)
        checked += 1
        assert response.status_code == 302, path
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/")), path
    assert checked > 1


def test_allow_listed_pages_are_open_to_anonymous_visitors(client):
    for path, name in every_url_path():
        if name in PUBLIC_URL_NAMES - {"accounts:logout"} - OFF_UNLESS_CONFIGURED:
            response = client.get(path)
            assert response.status_code in (200, 503), path


def test_organisation_sign_in_is_not_found_until_it_is_configured(client):
    for path, name in every_url_path():
        if name in OFF_UNLESS_CONFIGURED:
            assert client.get(path).status_code == 404, path


def test_sign_in_page_is_open_to_anonymous_visitors(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"Sign in to Waymark" in response.content


def test_worker_signs_in_with_password_and_app_code_and_lands_on_home(client, worker_a):
    app = authenticator_app_for(worker_a)
    response = client.post(
        "/accounts/login/", {"username": "worker.a", "password": TEST_PASSWORD}, follow=True
    )
    assert response.wsgi_request.user == worker_a
    assert response.redirect_chain[-1][0] == "/accounts/two-factor/?next=/"
    response = client.post(
        "/accounts/two-factor/", {"code": code_for(app), "next": "/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert b"Agency A Police" in response.content
    assert b"Frontline worker" in response.content


def test_wrong_password_is_refused_with_a_named_error(client, worker_a):
    response = client.post("/accounts/login/", {"username": "worker.a", "password": "nope"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "Enter a correct username and password" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_empty_sign_in_names_both_fields(client, db):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    body = response.content.decode()
    assert "Enter your username" in body
    assert "Enter your password" in body


def test_sign_out_ends_the_session(client, worker_a):
    client.force_login(worker_a)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_reset_emails_a_single_use_link(client, worker_a):
    response = client.post("/accounts/password-reset/", {"email": worker_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [worker_a.email]
    link = next(line for line in message.body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]

    # Django redirects the token URL to a session-held one before showing the form.
    form_page = client.get(path, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    new_password = "a-new-long-passphrase"
    client.post(set_password_url, {"new_password1": new_password, "new_password2": new_password})
    worker_a.refresh_from_db()
    assert worker_a.check_password(new_password)

    assert client.get(path, follow=True).context["validlink"] is False


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
