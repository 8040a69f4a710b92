"""The access log and change history cannot be altered by the application."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from accounts.models import UserGroupMembershipEvent
from accounts.roles import ROLE_GROUP_NAMES, Role
from accounts.services import user_set_roles
from cases.models import AccessAction, AccessLogEntry, TimelineEvent, TimelineKind
from cases.services.cases import case_update
from cases.services.common import access_log_record, timeline_add
from pathways.services import pathway_start, pathway_transition
from referrals.services import nrm_episode_start, nrm_record_consent
from serac.models import SeracMinutes
from serac.services import meeting_mark_held, minutes_save
from tests.factories import CaseFactory, PersonFactory
from tests.serac.factories import SeracMeetingFactory

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


# --- Change history beyond cases and people --------------------------------------------


def _who(event):
    return event.pgh_context.metadata.get("user") if event.pgh_context else None


def test_nrm_episode_changes_are_kept_with_who_made_them(worker_a, agency_a):
    person = PersonFactory()
    case = CaseFactory(raised_by=agency_a, survivors=[person])
    episode = nrm_episode_start(actor=worker_a, case=case, person=person)
    nrm_record_consent(
        actor=worker_a, episode=episode, referral="given", referral_on=timezone.localdate()
    )
    history = list(episode.events.order_by("pgh_id"))
    assert [event.state for event in history] == ["consent_pending", "consent_given"]
    assert {_who(event) for event in history} == {worker_a.pk}
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        type(history[0]).objects.filter(pk=history[0].pk).update(state="exited")


def test_pathway_moves_are_kept_with_who_made_them(worker_a, agency_a):
    case = CaseFactory(raised_by=agency_a)
    case_pathway = pathway_start(actor=worker_a, case=case, pathway_key="housing")
    pathway_transition(
        actor=worker_a,
        case_pathway=case_pathway,
        transition_key=case_pathway.pathway.transitions_from(case_pathway.state_key)[0].key,
    )
    history = list(case_pathway.events.order_by("pgh_id"))
    assert len(history) == 2 and history[0].state_key != history[1].state_key
    assert {_who(event) for event in history} == {worker_a.pk}


def test_serac_minutes_are_kept_with_who_drafted_and_approved_them(serac_chair):
    meeting = SeracMeetingFactory(
        chair=serac_chair, starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    meeting_mark_held(actor=serac_chair, meeting=meeting)
    minutes_save(actor=serac_chair, meeting=meeting, text="Approved text", approve=True)
    history = list(SeracMinutes.objects.get(meeting=meeting).events.order_by("pgh_id"))
    assert history[-1].text == "Approved text\n" and history[-1].approved_by_id == serac_chair.pk
    assert {_who(event) for event in history} == {serac_chair.pk}


def test_roles_given_and_taken_are_kept_with_who_changed_them(lead, worker_a):
    before = UserGroupMembershipEvent.objects.filter(user_id=worker_a.pk).count()
    user_set_roles(actor=lead, user=worker_a, roles=[Role.FRONTLINE_WORKER, Role.SERAC_MEMBER])
    user_set_roles(actor=lead, user=worker_a, roles=[Role.SERAC_MEMBER])
    changes = list(
        UserGroupMembershipEvent.objects.filter(user_id=worker_a.pk)
        .order_by("pgh_id")[before:]
        .values_list("pgh_label", "group__name")
    )
    assert changes == [
        ("group.add", ROLE_GROUP_NAMES[Role.SERAC_MEMBER]),
        ("group.remove", ROLE_GROUP_NAMES[Role.FRONTLINE_WORKER]),
    ]
    latest = UserGroupMembershipEvent.objects.filter(user_id=worker_a.pk).latest("pgh_id")
    assert _who(latest) == lead.pk
