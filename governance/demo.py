"""Demo information-sharing agreements: every demo agency has a current one,
so sharing in the demo works as it will once a partnership has signed its ISAs."""

import datetime

from django.utils import timezone

from accounts.models import Agency
from governance.models import SharingAgreement


def seed() -> None:
    today = timezone.localdate()
    for agency in Agency.objects.filter(is_active=True):
        current = SharingAgreement.objects.filter(
            agency=agency, signed_on__lte=today, expires_on__gte=today
        )
        if current.exists():
            continue
        SharingAgreement.objects.create(
            agency=agency,
            signed_on=today - datetime.timedelta(days=180),
            expires_on=today + datetime.timedelta(days=3 * 365 - 180),
            signatory="Chief Executive (demo)",
        )
