"""Demo pathway positions for ``seed_demo``: cases at varied steps, some overdue."""

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from cases.models import CaseStatus
from pathways.models import CasePathway
from pathways.services import pathway_transition


def seed() -> None:
    if CasePathway.objects.filter(steps__transition_key__gt="").exists():
        return  # already moved along
    rng = random.Random(4)  # noqa: S311 - made-up demo data
    lead = User.objects.get(username="lead")
    today = timezone.localdate()
    for case_pathway in CasePathway.objects.filter(
        pathway_key="initial_identification", case__status=CaseStatus.OPEN
    ).select_related("case"):
        for _ in range(rng.randint(0, 6)):
            options = [
                t
                for t in case_pathway.pathway.transitions_from(case_pathway.state_key)
                if not t.driven_by_fact
            ]
            if not options:
                break
            case_pathway = pathway_transition(
                actor=lead,
                case_pathway=case_pathway,
                transition_key=rng.choice(options).key,
                note="Recorded for the demo",
            )
        if case_pathway.completed_at is None and rng.random() < 0.3:
            # Some steps left too long, so the overdue views have something to show.
            CasePathway.objects.filter(pk=case_pathway.pk).update(
                due_on=today - timedelta(days=rng.randint(1, 20))
            )
