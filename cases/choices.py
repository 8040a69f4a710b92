"""Fixed vocabularies from docs/domain.md (sections 2 and 3).

Lists an administrator may edit (exploitation types and sub-types) are tables
seeded by a migration; these are the ones fixed by law or by reporting.
"""

from django.db import models


class Gender(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    OTHER = "other", "Other"
    NOT_RECORDED = "not_recorded", "Not recorded"


class Ethnicity(models.TextChoices):
    """The ONS census's five high-level ethnic groups, as equality monitoring
    (and MARAC data returns) report them."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    NOT_RECORDED = "not_recorded", "Not recorded"


class ReferringAgencyType(models.TextChoices):
    POLICE = "police", "Police"
    LA_ADULT_SOCIAL_CARE = "la_adult_social_care", "Local authority - Adult Social Care"
    LA_HOUSING = "la_housing", "Local authority - Housing & Homelessness"
    LA_CHILDRENS = "la_childrens", "Local authority - Children's Services"
    LA_TRADING_STANDARDS = (
        "la_trading_standards",
        "Local authority - Regulatory Services / Trading Standards",
    )
    LA_OTHER = "la_other", "Local authority - other"
    NHS = "nhs", "NHS"
    VOLUNTARY = "voluntary", "Voluntary / charity"
    GOVERNMENT = "government", "Government agency (Home Office, DWP, GLAA)"
    BUSINESS = "business", "Business"
    PUBLIC = "public", "Member of the public"
    SELF_REFERRAL = "self_referral", "Self-referral"
    OTHER = "other", "Other / unknown"


class CaseOutcome(models.TextChoices):
    NRM_REFERRAL = "nrm_referral", "NRM referral made"
    DUTY_TO_NOTIFY = "duty_to_notify", "Duty to Notify submitted"
    SAFEGUARDING_ENQUIRY = "s42_enquiry", "Adult safeguarding (s42) enquiry"
    SPECIALIST_SUPPORT = "specialist_support", "Accessed specialist support"
    ACCOMMODATED = "accommodated", "Accommodated"
    DISRUPTION = "disruption", "Disruption or enforcement action"
    PERPETRATOR_ARRESTED = "perpetrator_arrested", "Perpetrator arrested or charged"
    REFERRED_OUT_OF_AREA = "out_of_area", "Referred out of area"
    DECLINED_SUPPORT = "declined_support", "Declined support"
    LOST_CONTACT = "lost_contact", "Lost contact"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    NOT_MODERN_SLAVERY = "not_modern_slavery", "Not modern slavery"


class RiskLevel(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
    UNKNOWN = "unknown", "Not assessed"


class PremisesType(models.TextChoices):
    CAR_WASH = "car_wash", "Car wash"
    NAIL_BAR = "nail_bar", "Nail bar"
    HMO = "hmo", "House in multiple occupation"
    CANNABIS_FARM = "cannabis_farm", "Cannabis farm"
    FARM = "farm", "Farm"
    FACTORY = "factory", "Factory or warehouse"
    PRIVATE_HOUSE = "private_house", "Private house"
    HOSPITALITY = "hospitality", "Hotel, restaurant or takeaway"
    CONSTRUCTION = "construction", "Construction site"
    BROTHEL = "brothel", "Brothel or sex work premises"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class PerpetratorRole(models.TextChoices):
    RECRUITER = "recruiter", "Recruiter"
    CONTROLLER = "controller", "Controller"
    TRANSPORTER = "transporter", "Transporter"
    EMPLOYER = "employer", "Employer"
    LANDLORD = "landlord", "Landlord"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class ImmigrationStatus(models.TextChoices):
    BRITISH = "british", "British citizen"
    SETTLED = "settled", "Settled or pre-settled status"
    LEAVE = "leave", "Other leave to remain"
    ASYLUM_SEEKER = "asylum_seeker", "Asylum seeker"
    REFUGEE = "refugee", "Refugee or humanitarian protection"
    NO_LEAVE = "no_leave", "No leave"
    UNKNOWN = "unknown", "Not known"


class ConcernClosureReason(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    NOT_MODERN_SLAVERY = "not_modern_slavery", "Not modern slavery"
    DUPLICATE = "duplicate", "Duplicate"
    CHILD = "child", "Child - passed to children's services"


class DisclosureBasis(models.TextChoices):
    """The ground a disclosure (a share, a referral) rests on. Without the
    person's consent in scope, one of the others is recorded with why: the
    safeguarding and crime-prevention conditions of DPA 2018 Schedule 1 Part 2,
    or vital interests (UK GDPR Article 9(2)(c)) where a life is at risk."""

    CONSENT = "consent", "Consent"
    SAFEGUARDING = "safeguarding", "Safeguarding of children and individuals at risk"
    CRIME_PREVENTION = "crime_prevention", "Preventing or detecting unlawful acts"
    VITAL_INTERESTS = "vital_interests", "Vital interests (protecting someone's life)"


WITHOUT_CONSENT_BASES = [
    (value, label) for value, label in DisclosureBasis.choices if value != DisclosureBasis.CONSENT
]
