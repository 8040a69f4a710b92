"""Shorthand shared by the pathway definitions."""

# accounts.models.AgencyType values, spelled out so the definitions import
# without the app registry (tests check they are valid choices).
LOCAL_AUTHORITY = frozenset({"local_authority"})
NHS = frozenset({"nhs"})

MSA_S52 = "Modern Slavery Act 2015 s52 (duty to notify)"
CARE_ACT_S42 = "Care Act 2014 s42 (safeguarding enquiry)"
CARE_ACT_S9 = "Care Act 2014 s9 (needs assessment)"
CHILDREN_ACT = "Children Act 1989 s47 (child protection enquiries)"
HRA_DUTY_TO_REFER = "Homelessness Reduction Act 2017 (duty to refer, Housing Act 1996 s213B)"
HOUSING_S184 = "Housing Act 1996 s184 (homelessness enquiries)"
LOCALISM_S1 = "Localism Act 2011 s1 (general power of competence)"

# Where the statutory and national timescales come from (docs/domain.md section
# 4). Every other deadline is the partnership's local practice, which is the
# Deadline default (pathways.engine.LOCAL_PRACTICE).
MS_GUIDANCE = (
    "Modern Slavery Statutory Guidance for England and Wales (s49 Modern Slavery Act 2015)"
)
SOURCE_RG = (
    f"{MS_GUIDANCE}: a Reasonable Grounds decision within 5 working days (Home Office target)"
)
SOURCE_RECOVERY = (
    "Modern Slavery Act 2015 s50A and " + MS_GUIDANCE + ": a recovery period of at least 30 days"
)
SOURCE_AWAITING_CG = (
    f"{MS_GUIDANCE}: Conclusive Grounds decision after the recovery period; "
    "waiting alerts (6 and 12 months by default)"
)
SOURCE_MOVE_ON_POSITIVE = f"{MS_GUIDANCE}: at least 45 days of move-on support"
SOURCE_MOVE_ON_NEGATIVE = (
    f"{MS_GUIDANCE}: move-on support after a negative decision (to be confirmed by the partnership)"
)
SOURCE_RELIEF_DUTY = "Housing Act 1996 s189B(7)(b) (the relief duty ends after 56 days)"
