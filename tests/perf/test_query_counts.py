"""Query-count guards (not timings): every page `make bench` measures makes
the same number of queries with 5 cases as with 50.

The cases come from the load-data generator (people, shares, pathway steps,
NRM episodes, SERAC meetings), every one shared with agency A so the worker
sees them all, and all of them on one SERAC meeting's agenda with a referral
and an action, so the meeting pages grow with them too (up to meeting mode's
page of ten, whose forms offer the member agency's people as owners).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.choices import DisclosureBasis
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CasePerson,
    CaseShare,
    Concern,
    ShareKind,
)
from governance.models import (
    CaseRetention,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
    RetentionStatus,
)
from referrals.models import EpisodeState
from reporting.loaddata import Generator
from serac.models import (
    ActionStatus,
    AgendaItem,
    AgendaKind,
    ReferralStatus,
    SeracAction,
    SeracMeeting,
    SeracMembership,
    SeracReferral,
)
from tests.factories import ConcernFactory

pytestmark = pytest.mark.django_db

# Pages that list, count or search (issue 18), with who opens them here.
PAGES = [
    ("home", ["lead", "worker_a", "serac_chair", "board_member", "administrator"]),
    ("case list", ["lead", "worker_a"]),
    ("case list, page 2", ["lead", "worker_a"]),
    ("search by surname", ["lead", "worker_a"]),
    ("search by a misspelt name", ["lead", "worker_a"]),
    ("case page", ["lead", "worker_a"]),
    ("triage queue", ["lead"]),
    ("NRM tracker", ["lead", "worker_a"]),
    ("NRM tracker, by state", ["lead", "worker_a"]),
    ("NRM tracker, by age", ["lead"]),
    ("compliance", ["lead"]),
    ("SERAC home", ["lead", "serac_chair"]),
    ("SERAC meeting", ["lead", "serac_chair"]),
    ("SERAC agenda", ["lead", "serac_chair"]),
    ("SERAC meeting mode", ["lead", "serac_chair"]),
    ("reports", ["lead", "board_member"]),
    ("support directory", ["lead", "worker_a"]),
    ("ISA register", ["lead", "administrator"]),
    ("retention review", ["lead"]),
    ("shares to decide", ["lead"]),
]


class Growing:
    """Adds generated cases up to a number, shared and on the agenda as above."""

    def __init__(self, agency, chair):
        today = timezone.localdate()
        self.generator = Generator(
            seed=18, start=today - timedelta(days=100), end=today - timedelta(days=1), report=str
        )
        self.agency = agency
        self.chair = chair
        self.meeting = None

    def to(self, count: int) -> None:
        self.generator.make(count - Case.objects.count())
        cases = list(Case.objects.all())
        shared = set(CaseShare.objects.filter(agency=self.agency).values_list("case", flat=True))
        new = [case for case in cases if case.pk not in shared]
        CaseShare.objects.bulk_create(
            CaseShare(case=case, agency=self.agency, kind=ShareKind.SHARED, reason="Guard")
            for case in new
        )
        CaseGroupObjectPermission.objects.bulk_create(
            [
                CaseGroupObjectPermission(
                    group_id=self.agency.group_id,
                    permission=self.generator.view_case,
                    content_object=case,
                )
                for case in new
            ],
            ignore_conflicts=True,
        )
        if self.meeting is None:
            self.meeting = SeracMeeting.objects.order_by("-starts_at").first()
            # The chair persona chairs it: another chair's view closes with the
            # access window (serac.selectors.may_see_meeting_cases).
            self.meeting.chair = self.chair
            self.meeting.save(update_fields=["chair"])
            # A member agency with people in it: each item's action form
            # offers them as owners.
            SeracMembership.objects.get_or_create(meeting=self.meeting, agency=self.agency)
        on_agenda = set(self.meeting.items.values_list("case", flat=True))
        for order, case in enumerate(c for c in cases if c.pk not in on_agenda):
            referral = SeracReferral.objects.create(
                case=case,
                referring_agency=self.agency,
                referred_by=self.chair,
                summary="Guard referral",
                consent_given=True,
                status=ReferralStatus.ACCEPTED,
            )
            item = AgendaItem.objects.create(
                meeting=self.meeting,
                case=case,
                referral=referral,
                kind=AgendaKind.REFERRAL,
                order=len(on_agenda) + order,
                summary="Guard item",
            )
            SeracAction.objects.create(
                meeting=self.meeting,
                item=item,
                case=case,
                description="Guard action",
                owner_agency=self.agency,
                due_on=timezone.localdate() + timedelta(days=7),
                status=ActionStatus.OPEN,
                created_by=self.chair,
            )
        ConcernFactory.create_batch(count - Concern.objects.count())
        # Each case also waits in the governance queues: due for retention
        # review, and a share waiting for the Lead's approval.
        waiting = set(Disclosure.objects.values_list("case", flat=True))
        Disclosure.objects.bulk_create(
            Disclosure(
                case=case,
                kind=DisclosureKind.AGENCY_SHARE,
                agency=self.agency,
                recipient=self.agency.name,
                reason="Guard",
                basis=DisclosureBasis.SAFEGUARDING,
                basis_reason="Guard",
                status=DisclosureStatus.AWAITING_APPROVAL,
                requested_by=self.chair,
            )
            for case in cases
            if case.pk not in waiting
        )
        CaseRetention.objects.bulk_create(
            [
                CaseRetention(case=case, status=RetentionStatus.DUE, due_since=timezone.localdate())
                for case in cases
            ],
            ignore_conflicts=True,
        )


def path_for(name: str, growing: Growing) -> str:
    first_case = Case.objects.order_by("pk").first()
    surname = (
        CasePerson.objects.filter(case=first_case).values_list("person__last_name", flat=True)
    ).first() or "Nguyen"
    case_list = reverse("cases:case_list")
    tracker = reverse("referrals:nrm_tracker")
    meeting = growing.meeting.pk
    return {
        "home": reverse("dashboard"),
        "case list": case_list,
        "case list, page 2": case_list + "?page=2",
        "search by surname": f"{case_list}?q={surname}",
        "search by a misspelt name": f"{case_list}?q={surname[:-1]}x",
        "case page": first_case.get_absolute_url(),
        "triage queue": reverse("cases:triage_queue"),
        "NRM tracker": tracker,
        "NRM tracker, by state": f"{tracker}?state={EpisodeState.AWAITING_RG}",
        "NRM tracker, by age": f"{tracker}?age=under_3",
        "compliance": reverse("pathways:compliance"),
        "SERAC home": reverse("serac:home"),
        "SERAC meeting": reverse("serac:meeting_detail", args=[meeting]),
        "SERAC agenda": reverse("serac:agenda_edit", args=[meeting]),
        "SERAC meeting mode": reverse("serac:meeting_mode", args=[meeting]),
        "reports": reverse("reporting:home"),
        "support directory": reverse("directory:directory"),
        "ISA register": reverse("governance:agreements"),
        "retention review": reverse("governance:retention_queue"),
        "shares to decide": reverse("governance:disclosure_queue"),
    }[name]


def queries_for(client, path: str) -> int:
    client.get(path)  # the first request may fill caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(
    ("page", "persona"), [(page, persona) for page, personas in PAGES for persona in personas]
)
def test_a_page_makes_as_many_queries_for_50_cases_as_for_5(
    client, request, django_assert_max_num_queries, page, persona, agency_a, serac_chair, outsider
):
    growing = Growing(agency_a, serac_chair)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    growing.to(5)
    few = queries_for(client, path_for(page, growing))
    growing.to(50)
    path = path_for(page, growing)
    client.get(path)
    with django_assert_max_num_queries(few):
        response = client.get(path)
    assert response.status_code == 200
    # Someone with no agency and no role still cannot open it (except home).
    client.force_login(outsider)
    if page != "home":
        assert client.get(path).status_code in (404, 302)


@pytest.mark.parametrize("persona", ["lead", "worker_a"])
def test_the_case_page_makes_as_many_queries_for_four_people_as_for_one(
    client, request, django_assert_max_num_queries, persona, agency_a, serac_chair
):
    from tests.factories import PersonFactory

    growing = Growing(agency_a, serac_chair)
    growing.to(5)
    case = Case.objects.order_by("pk").first()
    assert case.case_people.count() == 1
    client.force_login(request.getfixturevalue(persona))
    one = queries_for(client, case.get_absolute_url())
    for _ in range(3):
        CasePerson.objects.create(case=case, person=PersonFactory())
    client.get(case.get_absolute_url())
    with django_assert_max_num_queries(one):
        assert client.get(case.get_absolute_url()).status_code == 200
