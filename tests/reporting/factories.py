from datetime import date

import factory

from reporting.models import ReportRun, RunStatus


class ReportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRun

    period_code = "2025-Q3"
    period_from = date(2025, 7, 1)
    period_to = date(2025, 9, 30)
    audience = "board"
    status = RunStatus.QUEUED
