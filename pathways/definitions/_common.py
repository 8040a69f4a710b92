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
