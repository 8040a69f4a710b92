"""The admin site, for administrators: they manage accounts and agencies.

An administrator never grants themselves anything, never sets a password
(they send Django's single-use link instead) and never sees the superuser,
staff or raw permission fields. Roles are chosen as roles, not raw groups;
the roles that take two people are proposed and wait for a Lead. Every change
to a person's agency, roles, active flag or email address goes through
``accounts.services.user_access_change``, which logs it and tells them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import Http404

from accounts.models import AccountChange, AccountEvent, Agency, RoleGrant, User
from accounts.roles import TWO_PERSON_ROLES, Role
from accounts.services import (
    EMAIL_TAKEN,
    email_taken,
    password_reset_link_send,
    two_factor_reset,
    user_access_change,
    user_roles_held,
)

ROLES_HELP = (
    "Modern Slavery Lead, SERAC chair and System administrator take two people: "
    "ticking one proposes it, and a Modern Slavery Lead approves it on their home page"
)
# What decides what an account can reach: written only through user_access_change.
ACCESS_FIELDS = ("agency", "is_active", "email")


class _AccountFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "roles" in self.fields and self.instance.pk:
            self.fields["roles"].initial = sorted(user_roles_held(self.instance))


class UserAccountForm(_AccountFormMixin, forms.ModelForm):
    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=ROLES_HELP,
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "job_title", "agency"]

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        if email_taken(email=email, user=self.instance):
            raise forms.ValidationError(EMAIL_TAKEN)
        return email


class UserAccountAddForm(UserAccountForm):
    """A new account has no password: it is sent a link to set its own."""

    class Meta(UserAccountForm.Meta):
        pass


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "agency_type", "service_area", "is_first_responder", "is_active"]
    list_filter = ["agency_type", "service_area", "is_first_responder", "is_active"]
    search_fields = ["name"]
    exclude = ["group"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAccountForm
    add_form = UserAccountAddForm
    add_form_template = None
    list_display = ["username", "first_name", "last_name", "agency", "is_active"]
    list_filter = ["agency", "groups", "is_active"]
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("Person", {"fields": ("first_name", "last_name", "email", "job_title")}),
        ("Access", {"fields": ("agency", "roles", "roles_waiting", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email", "job_title")}),
        ("Access", {"fields": ("agency", "roles")}),
    )
    readonly_fields = ["last_login", "date_joined", "roles_waiting"]
    actions = ["send_password_reset", "reset_two_factor"]

    def _is_self(self, request, obj) -> bool:
        return obj is not None and obj.pk == request.user.pk

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if self._is_self(request, obj):
            # Your own access is shown, never offered: another administrator changes it.
            return (
                *self.fieldsets[:2],
                ("Access", {"fields": ("agency", "roles_held", "roles_waiting", "is_active")}),
                self.fieldsets[3],
            )
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is None:
            return readonly
        if self._is_self(request, obj):
            readonly += ["agency", "roles_held", "is_active"]
        if user_roles_held(obj) & TWO_PERSON_ROLES:
            # A reset link goes to this address, and organisation sign-in
            # matches it: nobody redirects a Lead's, chair's or
            # administrator's sign-in to themselves.
            readonly.append("email")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if self._is_self(request, obj):
            form.base_fields.pop("roles", None)
        return form

    @admin.display(description="Roles")
    def roles_held(self, obj):
        return ", ".join(sorted(role.label for role in user_roles_held(obj))) or "No role"

    @admin.display(description="Roles waiting for a Lead's approval")
    def roles_waiting(self, obj):
        waiting = RoleGrant.objects.filter(user=obj, status="pending")
        return ", ".join(grant.role_label for grant in waiting) or "None"

    def save_model(self, request, obj, form, change):
        # Access is written by the service once the form is saved
        # (save_related); until then the stored values stand.
        if change:
            stored = User.objects.get(pk=obj.pk)
            for name in ACCESS_FIELDS:
                setattr(obj, name, getattr(stored, name))
        else:
            obj.agency = None
            obj.email = ""
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if self._is_self(request, user):
            return
        data = form.cleaned_data
        proposals = user_access_change(
            actor=request.user,
            user=user,
            agency=data.get("agency", user.agency),
            roles=data.get("roles", []),
            is_active=data.get("is_active", user.is_active if change else True),
            email=data.get("email", user.email),
            created=not change,
        )
        for grant in proposals:
            self.message_user(
                request,
                f"{grant.role_label} for {user} is proposed: a Modern Slavery Lead must "
                "approve it on their home page before it is given",
                messages.WARNING,
            )
        if not change:
            user.refresh_from_db()
            if password_reset_link_send(actor=request.user, user=user, request=request):
                self.message_user(request, f"{user} has been emailed a link to set a password")

    def user_change_password(self, request, id, form_url=""):
        """Nobody sets another person's password here: send them a link instead."""
        raise Http404

    @admin.action(permissions=["change"], description="Send a link to set the password")
    def send_password_reset(self, request, queryset):
        """Django's single-use password reset link, to the address on the account."""
        sent = [
            user
            for user in queryset
            if password_reset_link_send(actor=request.user, user=user, request=request)
        ]
        missed = queryset.count() - len(sent)
        self.message_user(
            request,
            f"A link to set the password was emailed to {len(sent)} "
            f"account{'s' if len(sent) != 1 else ''}",
            messages.SUCCESS,
        )
        if missed:
            self.message_user(
                request,
                f"{missed} account{'s have' if missed != 1 else ' has'} no email address",
                messages.WARNING,
            )

    @admin.action(permissions=["change"], description="Reset two-factor sign-in")
    def reset_two_factor(self, request, queryset):
        """For someone who has lost their phone or key and their recovery
        codes: they set up a new second factor at their next sign-in. Check
        who is asking first (call them back on a number you already hold)."""
        for user in queryset:
            two_factor_reset(actor=request.user, user=user, request=request)
        count = queryset.count()
        self.message_user(
            request,
            f"Two-factor sign-in reset for {count} account{'s' if count != 1 else ''}. "
            "They will set it up again when they next sign in",
            messages.SUCCESS,
        )


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccountEvent)
class AccountEventAdmin(_ReadOnlyAdmin):
    """Changes to how people sign in, read-only: the database refuses edits."""

    list_display = ["created_at", "actor", "kind", "username", "detail", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]


@admin.register(AccountChange)
class AccountChangeAdmin(_ReadOnlyAdmin):
    """Changes to people's agency, roles, active flag and email, read-only:
    the model and the database refuse edits."""

    list_display = ["created_at", "subject", "field", "before", "after", "actor", "approved_by"]
    list_filter = ["field"]
    search_fields = ["subject__username"]


@admin.register(RoleGrant)
class RoleGrantAdmin(_ReadOnlyAdmin):
    """Proposed roles: a Lead decides them on their home page, not here."""

    list_display = ["created_at", "user", "role", "status", "proposed_by", "decided_by"]
    list_filter = ["status", "role"]
