"""Celery tasks: thin wrappers over services, ids in, never personal data."""

import logging

from celery import shared_task
from django.db import transaction

from core.database_roles import connected_as_owner
from core.errors import ServiceError
from governance import services

logger = logging.getLogger(__name__)


@shared_task(name="governance.warn_expiring_agreements", ignore_result=True)
def warn_expiring_agreements() -> int:
    return services.agreement_warn_expiring()


@shared_task(name="governance.retention_review", ignore_result=True)
def retention_review() -> int:
    """Put closed cases due for review into the Lead's queue, and queue again
    any anonymisation the worker has not carried out."""
    services.anonymisations_requeue()
    return len(services.retention_find_due())


@shared_task(name="governance.anonymise_case", ignore_result=True)
def anonymise_case(case_id: int, actor_id: int) -> None:
    """Carry out the Lead's decision, connected as the owner of the tables (the
    worker holds MIGRATE_DATABASE_URL; the app role may not change history
    rows). A case that can no longer be anonymised (a legal hold placed
    meanwhile) goes back to the Lead's queue."""
    from accounts.models import User
    from cases.models import Case
    from governance.models import CaseRetention, RetentionStatus

    with connected_as_owner():
        case = Case.objects.get(pk=case_id)
        try:
            services.case_anonymise(actor=User.objects.get(pk=actor_id), case=case)
        except ServiceError:
            logger.exception("Case %s could not be anonymised", case.reference)
            with transaction.atomic():
                CaseRetention.objects.filter(
                    case_id=case_id, status=RetentionStatus.ANONYMISING
                ).update(status=RetentionStatus.DUE)
