"""Factories for Waymark's records. Personas in conftest.py are built from these."""

import datetime

import factory
from django.utils import timezone

from accounts.models import Agency, AgencyType, User
from accounts.services import user_set_roles
from cases.choices import Gender, ReferringAgencyType
from cases.models import (
    Case,
    CasePerson,
    Concern,
    ConcernSource,
    ConcernStatus,
    ExploitationType,
    Person,
)
from cases.services.common import next_reference
from cases.services.sharing import case_share

TEST_PASSWORD = "correct-horse-battery"


def authenticator_app_for(user, *, confirmed=True):
    """The user's authenticator app (a TOTP device), made if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=confirmed
    )


def code_for(device, *, steps_ahead: int = 0) -> str:
    """The code ``device``'s authenticator app shows now (or ``steps_ahead``
    30-second steps from now: a code is accepted once, and one step either
    side of now is accepted)."""
    from django_otp.oath import totp

    code = totp(device.bin_key, step=device.step, t0=device.t0, drift=steps_ahead)
    return f"{code:06d}"


def give_verified_second_factor(client, user) -> None:
    """Mark ``client``'s signed-in session as having given a second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_app_for(user).persistent_id
    session.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Agency {n}")
    agency_type = AgencyType.VOLUNTARY
    is_first_responder = False

    @factory.post_generation
    def agreement(self, create, extracted, **kwargs):
        """A current information-sharing agreement unless ``agreement=False``:
        without one, no case can be shared with the agency."""
        if create and extracted is not False:
            agreement_for(self)


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass ``roles=[Role....]`` to put them in role groups."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@waymark.example")
    agency = None
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        if create and extracted:
            user_set_roles(actor=None, user=self, roles=list(extracted))


def agreement_for(agency, *, signed_on=None, expires_on=None):
    """A current information-sharing agreement with ``agency`` (made once)."""
    from governance.models import SharingAgreement

    today = timezone.localdate()
    signed_on = signed_on or today - datetime.timedelta(days=365)
    expires_on = expires_on or today + datetime.timedelta(days=365)
    agreement, _ = SharingAgreement.objects.get_or_create(
        agency=agency,
        signed_on=signed_on,
        expires_on=expires_on,
        defaults={"signatory": "Director of the agency"},
    )
    return agreement


# --- Cases -------------------------------------------------------------------


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    gender = Gender.MALE
    nationalities = factory.LazyFunction(lambda: ["VN"])


class CaseFactory(factory.django.DjangoModelFactory):
    """A case. ``raised_by`` (an agency) gets access as the raising agency;
    ``shared_with`` (a list of agencies) get ordinary shares."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    date_reported = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    # The real sequence, so factory cases never collide with cases made by services.
    reference = factory.LazyAttribute(
        lambda case: next_reference(prefix="MS", on=case.date_reported)
    )
    summary = "Worker at a car wash seen sleeping on site."
    referring_agency_type = ReferringAgencyType.POLICE

    @factory.post_generation
    def raised_by(self, create, extracted, **kwargs):
        if create and extracted:
            self.raised_by_agency = extracted
            self.save(update_fields=["raised_by_agency"])
            case_share(
                actor=None, case=self, agency=extracted, kind="raised", reason="Raised the concern"
            )

    @factory.post_generation
    def shared_with(self, create, extracted, **kwargs):
        for agency in extracted or []:
            case_share(actor=None, case=self, agency=agency, reason="Working the case")

    @factory.post_generation
    def exploitation(self, create, extracted, **kwargs):
        if create and extracted:
            self.exploitation_types.add(*ExploitationType.objects.filter(name__in=extracted))

    @factory.post_generation
    def survivors(self, create, extracted, **kwargs):
        for person in extracted or []:
            CasePerson.objects.create(case=self, person=person)


class ConcernFactory(factory.django.DjangoModelFactory):
    """A concern awaiting triage, raised by a professional unless told otherwise."""

    class Meta:
        model = Concern
        skip_postgeneration_save = True

    reference = factory.LazyFunction(lambda: next_reference(prefix="CN", on=timezone.localdate()))
    source = ConcernSource.PROFESSIONAL
    status = ConcernStatus.AWAITING_TRIAGE
    what_happened = "Three men collected from a house at 5am each day in a minibus."
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if create and extracted:
            self.people.add(*extracted)
