"""Pathways are named by the protocol's own numbers and titles (4.1 ... 4.9)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pathways.models import CasePathway
from pathways.services import pathway_send_reminders, pathway_start
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing(agency_a, lead):
    return pathway_start(
        actor=lead, case=CaseFactory(raised_by=agency_a), pathway_key="trading_standards"
    )


def test_the_protocol_page_lists_the_pathways_by_their_protocol_numbers(client, worker_a):
    client.force_login(worker_a)
    body = client.get(reverse("pathways:protocol")).content.decode()
    for name in (
        "4.1 Initial Identification &amp; Safeguarding",
        "4.2.1 Pre-NRM",
        "4.2.3 Post NRM",
        "4.6 Adult Social Care",
        "4.9 Trading Standards",
    ):
        assert name in body
    assert "8. Adult Social Care" not in body


def test_a_pathway_page_and_the_case_page_name_it_by_its_protocol_number(
    client, housing, worker_a, worker_b
):
    client.force_login(worker_a)
    page = client.get(reverse("pathways:protocol_pathway", args=["adult_social_care"]))
    assert "4.6 Adult Social Care" in page.content.decode()
    case_page = client.get(housing.case.get_absolute_url()).content.decode()
    assert "4.9 Trading Standards" in case_page
    client.force_login(worker_b)  # not shared with agency B: nothing of the case
    assert client.get(housing.case.get_absolute_url()).status_code == 404


def test_the_command_lists_the_protocol_numbers():
    out = StringIO()
    call_command("pathways", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1].split()[:2] == ["4.1", "initial_identification"]
    assert any(line.split()[:2] == ["4.2.1", "pre_nrm"] for line in lines)


def test_a_reminder_email_names_the_pathway_by_its_protocol_number(housing, worker_a, mailoutbox):
    today = timezone.localdate()
    CasePathway.objects.filter(pk=housing.pk).update(due_on=today - timedelta(days=1))
    pathway_send_reminders(today=today)
    assert "Pathway: 4.9 Trading Standards" in mailoutbox[0].body


def test_the_diagram_is_titled_with_the_protocol_number():
    from pathways.definitions import PATHWAYS
    from pathways.diagrams import to_dot

    assert 'label="4.2.2 During NRM"' in to_dot(PATHWAYS["during_nrm"])


def test_the_compliance_report_labels_pathways_by_protocol_number(housing):
    from reporting.figures import pathway_compliance

    labels = [row["label"] for row in pathway_compliance()["by_pathway"]]
    assert "4.9 Trading Standards" in labels and "4.2.1 Pre-NRM" in labels
