"""Demo agencies and sign-ins for the Coventry-style partnership.

Used only by ``seed_demo``. First Responder flags follow the Home Office list
of NRM First Responder Organisations: police, local authorities, the GLAA,
Home Office immigration teams and named charities (The Salvation Army, Migrant
Help, Medaille Trust); NHS bodies and most charities are not First Responders
and refer through one.
"""

from django.conf import settings

from accounts.models import AgencyType, ServiceArea
from accounts.roles import Role
from accounts.services import agency_create_or_update, user_create_or_update

COMMUNITY_SAFETY = "Coventry City Council - Community Safety"
ADULT_SOCIAL_CARE = "Coventry City Council - Adult Social Care"
POLICE_SOCEX = "West Midlands Police - Serious Organised Crime & Exploitation"
ADAVU = "Adavu"
UHCW = "NHS - University Hospital Coventry & Warwickshire"

# (name, type, is NRM First Responder)
AGENCIES = [
    (COMMUNITY_SAFETY, AgencyType.LOCAL_AUTHORITY, True),
    (ADULT_SOCIAL_CARE, AgencyType.LOCAL_AUTHORITY, True),
    ("Coventry City Council - Housing & Homelessness", AgencyType.LOCAL_AUTHORITY, True),
    ("Coventry City Council - Children's Services", AgencyType.LOCAL_AUTHORITY, True),
    (
        "Coventry City Council - Regulatory Services / Trading Standards",
        AgencyType.LOCAL_AUTHORITY,
        True,
    ),
    ("Coventry City Council - Employment & Skills", AgencyType.LOCAL_AUTHORITY, True),
    (POLICE_SOCEX, AgencyType.POLICE, True),
    ("West Midlands Police - Coventry Local Policing", AgencyType.POLICE, True),
    (UHCW, AgencyType.NHS, False),
    ("NHS - Coventry and Warwickshire Partnership Trust", AgencyType.NHS, False),
    ("NHS - Coventry and Warwickshire Integrated Care Board", AgencyType.NHS, False),
    (ADAVU, AgencyType.VOLUNTARY, False),
    ("Hope for Justice", AgencyType.VOLUNTARY, False),
    ("The Salvation Army", AgencyType.VOLUNTARY, True),
    ("Migrant Help", AgencyType.VOLUNTARY, True),
    ("Medaille Trust", AgencyType.VOLUNTARY, True),
    ("Black Country Women's Aid", AgencyType.VOLUNTARY, False),
    ("West Midlands Anti Slavery Network", AgencyType.VOLUNTARY, False),
    ("Kairos Women Working Together", AgencyType.VOLUNTARY, False),
    ("Sophie Hayes Foundation", AgencyType.VOLUNTARY, False),
    ("Hope at Home", AgencyType.VOLUNTARY, False),
    ("Citizen Housing", AgencyType.OTHER, False),
    ("West Midlands Fire Service", AgencyType.OTHER, False),
    ("Gangmasters and Labour Abuse Authority", AgencyType.GOVERNMENT, True),
    ("Home Office - Immigration Enforcement", AgencyType.GOVERNMENT, True),
    ("Department for Work and Pensions", AgencyType.GOVERNMENT, False),
]

# The council's teams whose pathways are their own (protocol 4.6, 4.8, 4.9).
SERVICE_AREAS = {
    ADULT_SOCIAL_CARE: ServiceArea.ADULT_SOCIAL_CARE,
    "Coventry City Council - Children's Services": ServiceArea.CHILDRENS_SERVICES,
    "Coventry City Council - Regulatory Services / Trading Standards": (
        ServiceArea.TRADING_STANDARDS
    ),
    "Coventry City Council - Housing & Homelessness": ServiceArea.HOUSING,
}

# (username, first name, last name, agency, roles, job title)
USERS = [
    (
        "lead",
        "Priya",
        "Sandhu",
        COMMUNITY_SAFETY,
        [Role.MODERN_SLAVERY_LEAD],
        "Modern Slavery Lead",
    ),
    (
        "police",
        "Dan",
        "Whitmore",
        POLICE_SOCEX,
        [Role.FRONTLINE_WORKER, Role.SERAC_MEMBER],
        "Detective Constable",
    ),
    (
        "council.asc",
        "Grace",
        "Adeyemi",
        ADULT_SOCIAL_CARE,
        [Role.AGENCY_LEAD, Role.SERAC_MEMBER],
        "Safeguarding Adults Lead",
    ),
    ("charity", "Tomasz", "Nowak", ADAVU, [Role.FRONTLINE_WORKER], "Caseworker"),
    (
        "ambassador",
        "Sian",
        "Morgan",
        "Citizen Housing",
        [Role.AMBASSADOR],
        "Tenancy Sustainment Officer and Modern Slavery Ambassador",
    ),
    (
        "nhs",
        "Helen",
        "Carter",
        UHCW,
        [Role.FRONTLINE_WORKER, Role.SERAC_MEMBER],
        "Named Nurse, Safeguarding Adults",
    ),
    ("chair", "Marcus", "Reid", COMMUNITY_SAFETY, [Role.SERAC_CHAIR], "SERAC Chair"),
    ("board", "Anne", "Hughes", None, [Role.BOARD_MEMBER], "CMSP Board Member"),
    ("admin", "Olu", "Bello", None, [Role.ADMINISTRATOR], "System Administrator"),
]


def seed() -> None:
    agencies = {
        name: agency_create_or_update(
            name=name,
            agency_type=agency_type,
            is_first_responder=first_responder,
            service_area=SERVICE_AREAS.get(name, ""),
        )
        for name, agency_type, first_responder in AGENCIES
    }
    for username, first, last, agency_name, roles, job_title in USERS:
        user_create_or_update(
            actor=None,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@waymark.example",
            agency=agencies[agency_name] if agency_name else None,
            roles=roles,
            password=settings.WAYMARK_DEMO_PASSWORD,
            job_title=job_title,
        )


def demo_sign_ins() -> list[tuple[str, str]]:
    """(username, what they are) for the start-up message and the README."""
    descriptions = []
    for username, _first, _last, agency_name, roles, _title in USERS:
        role_labels = " and ".join(role.label for role in roles)
        where = f", {agency_name}" if agency_name else ""
        descriptions.append((username, f"{role_labels}{where}"))
    return descriptions
