"""Administrators manage accounts in the admin site, but never reach cases
through it: no granting themselves anything, no passwords, no superuser or raw
permission fields; the roles that reach every case (and the SERAC record and
the accounts themselves) take two people; every change to what an account can
reach is logged and told to its owner.

The admin is driven as a browser would: each form is read from the page and
sent back with the person's changes (``admin_post``).
"""

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.core import mail
from django.db import DatabaseError, connection, transaction

from accounts.models import User
from accounts.roles import ROLE_GROUP_NAMES, Role
from accounts.selectors import user_has_role
from core.models import OutboundEmail
from tests.factories import TEST_PASSWORD, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def change_url(user) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def _form_data(form) -> dict:
    """What the browser would send back for ``form`` untouched."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        bound = form[name]
        value = bound.value()
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for suffix, part in zip(widget.widgets_names, parts, strict=False):
                data[bound.html_name + suffix] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif value is not None:
            data[bound.html_name] = str(value)
    return data


def admin_post(client, url: str, **changes):
    """Open an admin form, change what ``changes`` say (None: untick), send it."""
    page = client.get(url)
    assert page.status_code == 200, url
    data = _form_data(page.context["adminform"].form)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    data["_save"] = "Save"
    return client.post(url, data)


def roles_of(user) -> set:
    user = User.objects.get(pk=user.pk)
    return {role for role in Role if user_has_role(user, role)}


# --- Hole 1: Administrator to Lead in one save ----------------------------------------------


def test_an_administrator_cannot_make_themselves_lead_or_superuser_in_the_admin(
    client, administrator, agency_a
):
    case = CaseFactory(raised_by=agency_a)
    lead_group = Group.objects.get(name=ROLE_GROUP_NAMES[Role.MODERN_SLAVERY_LEAD])
    admin_group = Group.objects.get(name=ROLE_GROUP_NAMES[Role.ADMINISTRATOR])
    client.force_login(administrator)
    admin_post(
        client,
        change_url(administrator),
        # What the old admin offered: the Lead's group, superuser, raw permissions.
        groups=[str(lead_group.pk), str(admin_group.pk)],
        roles=[Role.MODERN_SLAVERY_LEAD, Role.ADMINISTRATOR],
        is_superuser="on",
        agency=str(agency_a.pk),
        is_active=None,
    )
    administrator.refresh_from_db()
    assert roles_of(administrator) == {Role.ADMINISTRATOR}
    assert not administrator.is_superuser
    assert administrator.agency is None
    assert administrator.is_active
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get("/cases/export.csv").status_code == 404


def test_the_admin_offers_no_superuser_staff_raw_permission_or_password_fields(
    client, administrator, worker_a
):
    client.force_login(administrator)
    for url in (change_url(worker_a), "/admin/accounts/user/add/"):
        fields = set(client.get(url).context["adminform"].form.fields)
        assert "roles" in fields, url
        assert not fields & {"is_superuser", "is_staff", "user_permissions", "groups"}, url
        assert not fields & {"password", "password1", "password2", "usable_password"}, url


def test_an_administrator_cannot_give_themselves_roles_agency_or_switch_themselves_off(
    client, administrator
):
    client.force_login(administrator)
    form = client.get(change_url(administrator)).context["adminform"].form
    assert not {"roles", "agency", "is_active"} & set(form.fields)


def test_an_administrator_cannot_set_anyones_password(client, administrator, lead):
    client.force_login(administrator)
    url = f"/admin/accounts/user/{lead.pk}/password/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"password1": "taken-over-1234", "password2": "taken-over-1234"})
    assert response.status_code == 404
    lead.refresh_from_db()
    assert lead.check_password(TEST_PASSWORD)


def test_an_administrator_sends_a_reset_link_through_the_outbox_and_the_person_sets_it(
    client, administrator, worker_a
):
    from accounts.models import AccountEvent, AccountEventKind

    client.force_login(administrator)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "send_password_reset", "_selected_action": [worker_a.pk]},
    )
    assert response.status_code == 302
    queued = OutboundEmail.objects.get(to=worker_a.email)
    assert queued.sent_at is not None
    assert [m.to for m in mail.outbox] == [[worker_a.email]]
    assert AccountEvent.objects.filter(
        kind=AccountEventKind.PASSWORD_RESET_SENT, actor=administrator, subject=worker_a
    ).exists()
    link = next(line for line in queued.body.splitlines() if "/password-reset/" in line)
    path = "/accounts/password-reset/" + link.split("/accounts/password-reset/", 1)[1]
    client.logout()
    set_password_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(
        set_password_url,
        {"new_password1": "a-fresh-passphrase", "new_password2": "a-fresh-passphrase"},
    )
    worker_a.refresh_from_db()
    assert worker_a.check_password("a-fresh-passphrase")


def test_a_new_account_has_no_password_and_is_sent_a_link_to_set_one(
    client, administrator, agency_a
):
    from accounts.models import AccountChange

    client.force_login(administrator)
    response = admin_post(
        client,
        "/admin/accounts/user/add/",
        username="new.worker",
        first_name="Nia",
        last_name="Okafor",
        email="nia@example.org",
        agency=str(agency_a.pk),
        roles=[Role.FRONTLINE_WORKER],
    )
    assert response.status_code == 302
    user = User.objects.get(username="new.worker")
    assert not user.has_usable_password()
    assert roles_of(user) == {Role.FRONTLINE_WORKER}
    assert user.groups.filter(pk=agency_a.group_id).exists()
    assert OutboundEmail.objects.filter(
        to="nia@example.org", body__contains="password-reset"
    ).exists()
    logged = AccountChange.objects.filter(subject=user, actor=administrator)
    assert set(logged.values_list("field", flat=True)) == {"agency", "roles", "active", "email"}
    assert set(logged.values_list("before", flat=True)) == {"New account"}


def test_the_email_of_a_lead_cannot_be_redirected_by_an_administrator(client, administrator, lead):
    client.force_login(administrator)
    admin_post(client, change_url(lead), email="attacker@example.org")
    lead.refresh_from_db()
    assert lead.email == "lead@waymark.example"


def test_an_account_cannot_be_given_an_address_another_account_uses(
    client, administrator, worker_a
):
    client.force_login(administrator)
    response = admin_post(client, change_url(worker_a), email=administrator.email.upper())
    assert response.status_code == 200
    assert "Enter an email address that no other account uses" in response.content.decode()
    worker_a.refresh_from_db()
    assert worker_a.email == "worker.a@waymark.example"
    response = admin_post(
        client, "/admin/accounts/user/add/", username="sock.puppet", email=administrator.email
    )
    assert response.status_code == 200
    assert "Enter an email address that no other account uses" in response.content.decode()
    assert not User.objects.filter(username="sock.puppet").exists()


def test_changing_an_email_is_logged_and_both_addresses_are_told(client, administrator, worker_a):
    from accounts.models import AccountChange

    client.force_login(administrator)
    admin_post(client, change_url(worker_a), email="new.address@example.org")
    change = AccountChange.objects.get(subject=worker_a, field="email")
    assert (change.before, change.after) == ("worker.a@waymark.example", "new.address@example.org")
    told = set(
        OutboundEmail.objects.filter(subject__contains="account has changed").values_list(
            "to", flat=True
        )
    )
    assert told == {"worker.a@waymark.example", "new.address@example.org"}


# --- Two-person grants ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MODERN_SLAVERY_LEAD, Role.SERAC_CHAIR, Role.ADMINISTRATOR])
def test_ticking_a_two_person_role_proposes_it_and_gives_nothing_until_a_lead_approves(
    client, administrator, lead, worker_a, role
):
    from accounts.models import AccountChange, RoleGrant

    client.force_login(administrator)
    admin_post(client, change_url(worker_a), roles=[Role.FRONTLINE_WORKER, role])
    assert roles_of(worker_a) == {Role.FRONTLINE_WORKER}
    grant = RoleGrant.objects.get(user=worker_a, role=role, status="pending")
    assert grant.proposed_by == administrator
    assert OutboundEmail.objects.filter(
        to=lead.email, key=f"accounts.role_grant:{grant.pk}"
    ).exists()

    client.force_login(lead)
    home = client.get("/").content.decode()
    assert f"/accounts/role-grants/{grant.pk}/approve/" in home
    response = client.post(f"/accounts/role-grants/{grant.pk}/approve/")
    assert response.status_code == 302
    assert roles_of(worker_a) == {Role.FRONTLINE_WORKER, role}
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == ("approved", lead)
    change = AccountChange.objects.filter(subject=worker_a, field="roles").latest("id")
    assert (change.actor, change.approved_by) == (administrator, lead)
    assert role.label in change.after and role.label not in change.before
    assert OutboundEmail.objects.filter(
        to=worker_a.email, key=f"accounts.change:{change.pk}"
    ).exists()


def test_an_administrator_made_by_two_people_can_open_the_admin(client, administrator, lead):
    newcomer = UserFactory(username="new.admin")
    client.force_login(administrator)
    admin_post(client, change_url(newcomer), roles=[Role.ADMINISTRATOR])
    newcomer.refresh_from_db()
    assert not newcomer.is_staff
    from accounts.models import RoleGrant

    grant = RoleGrant.objects.get(user=newcomer)
    client.force_login(lead)
    client.post(f"/accounts/role-grants/{grant.pk}/approve/")
    newcomer.refresh_from_db()
    assert newcomer.is_staff and not newcomer.is_superuser
    client.force_login(newcomer)
    assert client.get("/admin/accounts/user/").status_code == 200


def test_a_lead_can_decline_a_proposed_role(client, administrator, lead, worker_a):
    from accounts.models import RoleGrant

    client.force_login(administrator)
    admin_post(client, change_url(worker_a), roles=[Role.FRONTLINE_WORKER, Role.SERAC_CHAIR])
    grant = RoleGrant.objects.get(user=worker_a)
    client.force_login(lead)
    client.post(f"/accounts/role-grants/{grant.pk}/decline/")
    grant.refresh_from_db()
    assert grant.status == "declined"
    assert roles_of(worker_a) == {Role.FRONTLINE_WORKER}
    # Decided: it is gone from the home page and cannot be approved after all.
    assert client.post(f"/accounts/role-grants/{grant.pk}/approve/").status_code == 404
    assert roles_of(worker_a) == {Role.FRONTLINE_WORKER}


def test_other_roles_are_given_directly_logged_and_told(client, administrator, worker_a):
    from accounts.models import AccountChange, RoleGrant

    client.force_login(administrator)
    admin_post(client, change_url(worker_a), roles=[Role.FRONTLINE_WORKER, Role.SERAC_MEMBER])
    assert roles_of(worker_a) == {Role.FRONTLINE_WORKER, Role.SERAC_MEMBER}
    assert not RoleGrant.objects.exists()
    change = AccountChange.objects.get(subject=worker_a, field="roles")
    assert (change.actor, change.before, change.after) == (
        administrator,
        "Frontline worker",
        "Frontline worker, SERAC member",
    )
    assert OutboundEmail.objects.filter(to=worker_a.email, subject__contains="changed").exists()


@pytest.fixture
def grant_for_lead(administrator, lead):
    """The Lead proposed for SERAC chair: another Lead must decide it."""
    from accounts.services import role_grant_propose

    return role_grant_propose(actor=administrator, user=lead, role=Role.SERAC_CHAIR)


@pytest.mark.parametrize(
    "persona", ["administrator", "worker_a", "serac_chair", "board_member", "outsider"]
)
def test_only_a_lead_may_approve_or_decline_everyone_else_gets_404(
    client, request, persona, grant_for_lead
):
    client.force_login(request.getfixturevalue(persona))
    for action in ("approve", "decline"):
        url = f"/accounts/role-grants/{grant_for_lead.pk}/{action}/"
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        assert client.post(f"/accounts/role-grants/999999/{action}/").status_code == 404
    grant_for_lead.refresh_from_db()
    assert grant_for_lead.status == "pending"


def test_a_lead_cannot_approve_a_role_for_themselves_but_another_lead_can(
    client, lead, council, grant_for_lead
):
    client.force_login(lead)
    assert f"role-grants/{grant_for_lead.pk}/" not in client.get("/").content.decode()
    assert client.post(f"/accounts/role-grants/{grant_for_lead.pk}/approve/").status_code == 404
    assert Role.SERAC_CHAIR not in roles_of(lead)

    other_lead = UserFactory(username="lead.two", agency=council, roles=[Role.MODERN_SLAVERY_LEAD])
    client.force_login(other_lead)
    url = f"/accounts/role-grants/{grant_for_lead.pk}/approve/"
    assert client.get(url).status_code == 405  # POST only
    assert client.post(url).status_code == 302
    assert Role.SERAC_CHAIR in roles_of(lead)


def test_a_lead_who_proposed_a_role_cannot_also_approve_it(lead, worker_a):
    from accounts.services import role_grant_approve, role_grant_propose, user_set_roles
    from core.errors import ServiceError

    user_set_roles(actor=None, user=lead, roles=[Role.MODERN_SLAVERY_LEAD, Role.ADMINISTRATOR])
    grant = role_grant_propose(actor=lead, user=worker_a, role=Role.SERAC_CHAIR)
    with pytest.raises(ServiceError, match="another Lead"):
        role_grant_approve(actor=lead, grant=grant)
    assert Role.SERAC_CHAIR not in roles_of(worker_a)


def test_the_service_refuses_changes_to_your_own_access(administrator, agency_a):
    from accounts.services import NOT_YOURSELF, user_access_change
    from core.errors import ServiceError

    with pytest.raises(ServiceError, match=NOT_YOURSELF):
        user_access_change(
            actor=administrator,
            user=administrator,
            agency=agency_a,
            roles=[Role.ADMINISTRATOR],
            is_active=True,
            email=administrator.email,
        )


# --- The log -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("lead", 200),
        ("administrator", 200),
        ("worker_a", 404),
        ("serac_chair", 404),
        ("board_member", 404),
        ("outsider", 404),
    ],
)
def test_leads_and_administrators_read_the_account_change_log_and_nobody_else(
    client, request, administrator, worker_b, persona, expected
):
    from accounts.services import user_access_change

    user_access_change(
        actor=administrator,
        user=worker_b,
        agency=worker_b.agency,
        roles=[Role.FRONTLINE_WORKER],
        is_active=False,
        email=worker_b.email,
    )
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/accounts/changes/")
    assert response.status_code == expected
    if expected == 200:
        row = response.context["page"][0]
        assert (row.subject, row.actor, row.before, row.after) == (
            worker_b,
            administrator,
            "Active",
            "Switched off",
        )
        assert "worker.b" in response.content.decode()


def test_the_account_change_log_cannot_be_edited_or_deleted(client, administrator, worker_b):
    from accounts.models import AccountChange
    from accounts.services import user_access_change

    user_access_change(
        actor=administrator,
        user=worker_b,
        agency=None,
        roles=[Role.FRONTLINE_WORKER],
        is_active=True,
        email=worker_b.email,
    )
    change = AccountChange.objects.get()
    change.after = "Nothing happened"
    with pytest.raises(TypeError):
        change.save()
    with pytest.raises(TypeError):
        change.delete()
    with pytest.raises(TypeError):
        AccountChange.objects.filter(pk=change.pk).update(after="Nothing")
    with pytest.raises(TypeError):
        AccountChange.objects.all().delete()
    for sql in (
        "UPDATE accounts_accountchange SET after = 'x' WHERE id = %s",
        "DELETE FROM accounts_accountchange WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [change.pk])
    # The admin shows it read-only.
    client.force_login(administrator)
    assert client.get(f"/admin/accounts/accountchange/{change.pk}/delete/").status_code == 403
    page = client.get(f"/admin/accounts/accountchange/{change.pk}/change/")
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False


# --- The related bug: moving agency in the admin --------------------------------------------------


def test_moving_a_user_to_another_agency_in_the_admin_moves_what_they_can_see(
    client, administrator, worker_a, agency_a, agency_b
):
    from accounts.models import AccountChange

    case_a = CaseFactory(raised_by=agency_a)
    case_b = CaseFactory(raised_by=agency_b)
    client.force_login(administrator)
    response = admin_post(client, change_url(worker_a), agency=str(agency_b.pk))
    assert response.status_code == 302

    worker_a.refresh_from_db()
    assert worker_a.agency == agency_b
    assert list(worker_a.groups.filter(agency__isnull=False)) == [agency_b.group]
    client.force_login(worker_a)
    assert client.get(case_a.get_absolute_url()).status_code == 404
    assert client.get(case_b.get_absolute_url()).status_code == 200
    change = AccountChange.objects.get(subject=worker_a, field="agency")
    assert (change.before, change.after) == (agency_a.name, agency_b.name)


# --- The demo -------------------------------------------------------------------------------------


def test_the_demo_users_still_sign_in_with_the_demo_password(settings):
    from accounts.demo import USERS, seed

    seed()
    seed()  # safe to repeat
    for username, *_ in USERS:
        user = User.objects.get(username=username)
        assert user.check_password(settings.WAYMARK_DEMO_PASSWORD), username
    admin = User.objects.get(username="admin")
    assert admin.is_staff and not admin.is_superuser
    assert user_has_role(admin, Role.ADMINISTRATOR)
    assert not User.objects.filter(is_staff=True).exclude(username="admin").exists()


def test_a_role_grant_number_the_database_cannot_hold_is_404(client, lead):
    client.force_login(lead)
    assert client.post("/accounts/role-grants/99999999999999999999999/approve/").status_code == 404
