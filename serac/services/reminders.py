"""Once-only reminders of SERAC actions due and overdue."""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import ROLE_GROUP_NAMES, Role
from core.notifications import queue_each, send_queued, site_url
from serac.models import (
    ActionStatus,
    SeracAction,
)

# --- Reminders ---------------------------------------------------------------


def _action_recipients(action: SeracAction) -> list[str]:
    if action.owner_id and action.owner.email and action.owner.is_active:
        return [action.owner.email]
    return list(
        User.objects.filter(
            is_active=True,
            agency_id=action.owner_agency_id,
            groups__name__in=[
                ROLE_GROUP_NAMES[Role.SERAC_MEMBER],
                ROLE_GROUP_NAMES[Role.AGENCY_LEAD],
            ],
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def action_send_reminders(*, today: date | None = None) -> int:
    """Email the owner of each open action on its due day and again when it is
    overdue: once each, queued with the stamp in one transaction (core.outbox).
    Returns emails queued."""
    today = today or timezone.localdate()
    sent = 0
    candidates = SeracAction.objects.filter(status=ActionStatus.OPEN, due_on__lte=today).filter(
        models_q_unreminded()
    )
    for action_id in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            action = (
                SeracAction.objects.select_for_update(of=("self",))
                .select_related("owner", "owner_agency")
                .get(pk=action_id)
            )
            if action.status != ActionStatus.OPEN:
                continue
            overdue = action.due_on < today
            if overdue and action.overdue_reminded_at is None:
                subject = "A SERAC action is overdue"
            elif not overdue and action.due_reminded_at is None:
                subject = "A SERAC action is due today"
            else:
                continue
            body = render_to_string(
                "serac/emails/action_reminder.txt",
                {
                    "action": action,
                    "overdue": overdue,
                    "url": site_url(reverse("serac:action_update", args=[action.pk])),
                },
            )
            now = timezone.now()
            # An action first seen already overdue gets the overdue reminder only.
            action.due_reminded_at = action.due_reminded_at or now
            if overdue:
                action.overdue_reminded_at = now
            action.save(update_fields=["due_reminded_at", "overdue_reminded_at", "updated_at"])
            kind = "overdue" if overdue else "due"
            sent += queue_each(
                key=f"serac.action_{kind}:{action.pk}:{action.due_on}",
                subject=subject,
                body=body,
                recipients=_action_recipients(action),
            )
    # Sent after each stamp is committed, each email marked sent on its own.
    send_queued()
    return sent


def models_q_unreminded() -> Q:
    return Q(due_reminded_at__isnull=True) | Q(overdue_reminded_at__isnull=True)
