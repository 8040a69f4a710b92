"""Celery tasks: thin wrappers over services, taking ids, never personal data."""

from celery import shared_task
from django.conf import settings

from reporting.services import report_run_generate, report_runs_requeue_waiting


# The soft limit raises inside the task, which marks the run failed with the
# reason; the hard limit, a little later, ends a worker stuck where Python cannot
# interrupt it (inside Pango), and the run is then taken up again or failed.
@shared_task(
    name="reporting.generate_report",
    ignore_result=True,
    soft_time_limit=settings.WAYMARK_REPORT_TIME_LIMIT_SECONDS,
    time_limit=settings.WAYMARK_REPORT_TIME_LIMIT_SECONDS + 30,
)
def generate_report(run_id: int) -> None:
    report_run_generate(run_id=run_id)


@shared_task(name="reporting.requeue_waiting_reports", ignore_result=True)
def requeue_waiting_reports() -> int:
    return report_runs_requeue_waiting()
