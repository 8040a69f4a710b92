"""The roles people hold in Waymark, each an auth group.

What a role may do is decided in selectors and services by asking
``user_has_role``; the groups carry no model permissions of their own.
"""

from django.db import models


class Role(models.TextChoices):
    FRONTLINE_WORKER = "frontline_worker", "Frontline worker"
    AGENCY_LEAD = "agency_lead", "Agency safeguarding lead"
    # A Modern Slavery Ambassador works cases as a frontline worker does; the
    # ambassadors register (reporting) records their training and activity.
    AMBASSADOR = "ambassador", "Modern Slavery Ambassador"
    MODERN_SLAVERY_LEAD = "modern_slavery_lead", "Modern Slavery Lead"
    SERAC_CHAIR = "serac_chair", "SERAC chair"
    SERAC_MEMBER = "serac_member", "SERAC member"
    BOARD_MEMBER = "board_member", "Partnership board member"
    ADMINISTRATOR = "administrator", "System administrator"


# Group names are the role labels, so the admin reads naturally.
ROLE_GROUP_NAMES = {role: role.label for role in Role}

# Roles that reach every case, the SERAC record or the accounts themselves: an
# administrator proposes giving one and a Modern Slavery Lead approves it
# (accounts.services.users). Every other role an administrator gives directly.
TWO_PERSON_ROLES = frozenset({Role.MODERN_SLAVERY_LEAD, Role.SERAC_CHAIR, Role.ADMINISTRATOR})
