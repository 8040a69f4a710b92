"""The demo imports a partnership history so quarterly reports have realistic volumes."""

import pytest
from django.utils import timezone

from cases.models import Case
from reporting import demo
from reporting.periods import financial_quarter
from reporting.report import collect
from tests.demo_seed import seed_demo_through

pytestmark = pytest.mark.django_db


def seed():
    seed_demo_through("reporting.demo")


def last_complete_financial_quarter():
    today = timezone.localdate()
    start = demo._quarter_starts(today)[-1]
    first = start.year if start.month >= 4 else start.year - 1
    number = (start.month - 4) % 12 // 3 + 1
    return financial_quarter(f"{first}-{(first + 1) % 100:02d}-Q{number}")


def test_demo_history_gives_the_last_quarter_coventry_volumes_once():
    seed()
    period = last_complete_financial_quarter()
    raw = collect(period)
    assert 30 <= raw["total_cases"] <= 55
    assert raw["figures"]["nrm_referrals"] >= 5
    assert raw["figures"]["council_nrm_referrals"] >= 1
    assert raw["figures"]["dtn_referrals"] >= 1
    # Every earlier quarter back to April 2024 has history too.
    previous = period
    for _ in demo._quarter_starts(timezone.localdate())[:-1]:
        previous = previous.previous()
        assert 30 <= collect(previous)["total_cases"] <= 55
    imported = Case.objects.filter(imported_from=demo.HISTORY_FILE)
    assert not imported.filter(reference__startswith="MS-").exists()
    assert imported.filter(status="closed").exclude(outcomes=[]).exists()
    assert imported.exclude(case_people__person__first_name="").exists()
    assert imported.first().created_by.username == "lead"

    counts = Case.objects.count()
    demo.seed()
    assert Case.objects.count() == counts
