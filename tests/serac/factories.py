"""Factories for SERAC records."""

import datetime

import factory
from django.utils import timezone

from serac.models import AgendaItem, AgendaKind, SeracAction, SeracMeeting, SeracMembership


class SeracMeetingFactory(factory.django.DjangoModelFactory):
    """A scheduled meeting; ``members=[agency, ...]`` makes them member agencies."""

    class Meta:
        model = SeracMeeting
        skip_postgeneration_save = True

    starts_at = factory.LazyFunction(
        lambda: (
            timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=10)
        )
    )
    place = "Council House, Committee Room 2"

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for agency in extracted or []:
            SeracMembership.objects.create(meeting=self, agency=agency)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    kind = AgendaKind.REVIEW
    summary = "Review of the plan agreed last month."
    order = factory.Sequence(lambda n: n + 1)


class SeracActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeracAction

    item = None
    description = "Visit the address with the housing officer."
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
