"""Celery tasks: thin wrappers over services, taking ids, never personal data."""

from celery import shared_task

from reporting.services import report_run_generate, report_runs_requeue_waiting


@shared_task(name="reporting.generate_report", ignore_result=True)
def generate_report(run_id: int) -> None:
    report_run_generate(run_id=run_id)


@shared_task(name="reporting.requeue_waiting_reports", ignore_result=True)
def requeue_waiting_reports() -> int:
    return report_runs_requeue_waiting()
