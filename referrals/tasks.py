"""Celery tasks: thin wrappers over services, taking ids, never personal data."""

from celery import shared_task

from referrals.services import nrm_run_clocks, service_referral_chase


@shared_task(name="referrals.run_nrm_clocks", ignore_result=True)
def run_nrm_clocks() -> dict:
    return nrm_run_clocks()


@shared_task(name="referrals.chase_service_referrals", ignore_result=True)
def chase_service_referrals() -> int:
    return service_referral_chase()
