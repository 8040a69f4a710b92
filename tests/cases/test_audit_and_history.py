"""The access log and change history cannot be altered by the application."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.utils import DatabaseError

from cases.models import AccessAction, AccessLogEntry, TimelineEvent, TimelineKind
from cases.services.cases import case_update
from cases.services.common import access_log_record, timeline_add
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_to_change_or_delete_access_log_rows(worker_a):
    entry = access_log_record(user=worker_a, action=AccessAction.SEARCH, detail="Searched")
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(detail="Nothing to see")
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM cases_accesslogentry")
    assert AccessLogEntry.objects.get(pk=entry.pk).detail == "Searched"


def test_changes_to_a_case_are_kept_in_append_only_history(lead):
    case = CaseFactory(summary="First account")
    case_update(actor=lead, case=case, expected_version=case.version, summary="Second account")
    history = case.events.order_by("pgh_id")
    assert [event.summary for event in history][-2:] == ["First account", "Second account"]
    latest = history.last()
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        type(latest).objects.filter(pk=latest.pk).update(summary="Rewritten")
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        type(latest).objects.filter(pk=latest.pk).delete()


# --- What the timeline can say ---------------------------------------------------------


def test_the_timeline_says_only_what_its_list_of_kinds_allows(worker_a):
    case = CaseFactory()
    event = timeline_add(case=case, actor=worker_a, kind=TimelineKind.NOTE, description="Note")
    assert event.get_kind_display() == "Note"
    with pytest.raises(ValueError, match="not a valid TimelineKind"):
        timeline_add(case=case, actor=worker_a, kind="notes", description="Misspelt")
    assert not TimelineEvent.objects.filter(case=case, kind="notes").exists()


def test_services_name_timeline_kinds_from_the_list_never_as_bare_strings():
    base = Path(settings.BASE_DIR)
    sources = [*base.glob("*/services.py"), *base.glob("*/services/**/*.py")]
    assert sources
    for path in sources:
        text = path.read_text()
        assert not re.search(r'kind="[a-z_]+"', text), f"{path}: use TimelineKind"
        for name in re.findall(r"kind=TimelineKind\.([A-Z_]+)", text):
            assert name in TimelineKind.names, f"{path}: no TimelineKind.{name}"
