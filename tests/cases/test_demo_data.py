import pytest
from django.core.management import call_command

from cases.models import Case, CaseShare, Concern, ConcernStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_about_fifty_varied_cases_once(settings):
    settings.WAYMARK_DEMO = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    cases = Case.objects.count()
    # The partnership's imported history (reporting.demo) comes on top of these.
    entered = Case.objects.filter(imported_from="")
    assert 40 <= entered.count() <= 60
    assert entered.filter(status="closed").exists()
    assert entered.filter(status="open").exists()
    assert entered.values("exploitation_types__name").distinct().count() >= 5
    assert CaseShare.objects.filter(kind="shared").exists()
    assert Concern.objects.filter(status=ConcernStatus.AWAITING_TRIAGE).count() >= 3

    from django.utils import timezone

    from pathways.models import CasePathway

    positions = CasePathway.objects.all()
    assert positions.values("state_key").distinct().count() >= 4
    assert positions.filter(completed_at=None, due_on__lt=timezone.localdate()).exists()

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Case.objects.count() == cases
