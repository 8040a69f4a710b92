"""Factories for Waymark's records. Personas in conftest.py are built from these."""

import factory

from accounts.models import Agency, AgencyType, User
from accounts.services import user_set_roles

TEST_PASSWORD = "correct-horse-battery"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Agency {n}")
    agency_type = AgencyType.VOLUNTARY
    is_first_responder = False


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
