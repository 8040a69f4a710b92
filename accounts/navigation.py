"""The service navigation: each role sees only the places it may use.

One declarative list; later capabilities add their entries here.
"""

from dataclasses import dataclass

from django.urls import reverse

from accounts.roles import Role
from accounts.selectors import user_roles

STAFF_ROLES = frozenset(
    {
        Role.FRONTLINE_WORKER,
        Role.AGENCY_LEAD,
        Role.AMBASSADOR,
        Role.MODERN_SLAVERY_LEAD,
        Role.SERAC_CHAIR,
        Role.SERAC_MEMBER,
    }
)
EVERYONE = frozenset(Role)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role]
    # URL prefix that marks the item as the current section.
    prefix: str


LEAD = frozenset({Role.MODERN_SLAVERY_LEAD})

NAV_ITEMS = [
    NavItem("Home", "dashboard", EVERYONE, "/"),
    NavItem("Triage", "cases:triage_queue", LEAD, "/cases/triage/"),
    NavItem("Cases", "cases:case_list", STAFF_ROLES, "/cases/"),
    NavItem("Your concerns", "cases:concern_list_mine", STAFF_ROLES, "/cases/concerns/"),
    NavItem("Protocol", "pathways:protocol", STAFF_ROLES, "/pathways/"),
    NavItem("Support services", "directory:directory", STAFF_ROLES, "/pathways/services/"),
    NavItem("Compliance", "pathways:compliance", LEAD, "/pathways/compliance/"),
    NavItem("NRM tracker", "referrals:nrm_tracker", STAFF_ROLES, "/referrals/"),
    NavItem(
        "SERAC",
        "serac:home",
        frozenset({Role.SERAC_CHAIR, Role.SERAC_MEMBER, Role.MODERN_SLAVERY_LEAD}),
        "/serac/",
    ),
    NavItem(
        "Reports",
        "reporting:home",
        frozenset({Role.MODERN_SLAVERY_LEAD, Role.BOARD_MEMBER}),
        "/reports/",
    ),
    NavItem(
        "Governance",
        "governance:agreements",
        frozenset({Role.MODERN_SLAVERY_LEAD, Role.ADMINISTRATOR}),
        "/governance/",
    ),
    NavItem("Admin", "admin:index", frozenset({Role.ADMINISTRATOR}), "/admin/"),
    NavItem(
        "Lockouts", "accounts:lockouts", frozenset({Role.ADMINISTRATOR}), "/accounts/lockouts/"
    ),
    NavItem(
        "Account changes",
        "accounts:account_changes",
        frozenset({Role.MODERN_SLAVERY_LEAD, Role.ADMINISTRATOR}),
        "/accounts/changes/",
    ),
]


def nav_items_for(user, path: str) -> list[dict]:
    roles = user_roles(user)
    visible = [item for item in NAV_ITEMS if roles & item.roles]
    # The current section is the item with the longest prefix of the path.
    matching = [
        item
        for item in visible
        if (path == "/" if item.prefix == "/" else path.startswith(item.prefix))
    ]
    current = max(matching, key=lambda item: len(item.prefix), default=None)
    return [
        {"label": item.label, "url": reverse(item.url_name), "current": item is current}
        for item in visible
    ]
