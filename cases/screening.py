"""The identification screening questions (docs/domain.md section 3).

Answered Yes / No / Unknown with a note. They support professional judgement;
nothing in Waymark scores them into a decision.
"""

SCREENING_QUESTIONS = [
    ("physical_signs", "Physical signs of abuse or neglect"),
    ("unsuitable_clothing", "Unsuitable clothing or equipment for their work"),
    ("isolation", "Isolated, or someone else speaks for them"),
    ("unknown_address", "Does not know their home or work address"),
    ("accommodation", "Overcrowded accommodation, or lives at the workplace"),
    ("no_documents", "No identity documents, or someone else holds them"),
    ("few_possessions", "Few possessions or no phone"),
    ("restricted_movement", "Movement restricted"),
    ("unusual_hours_transport", "Collected or dropped off at unusual hours"),
    ("excessive_hours", "Excessive hours, little or no pay, no control of their money"),
    ("debt", "Owes a debt to an employer or recruiter"),
    ("threats", "Threats against them or their family"),
    ("fear_of_authorities", "Fear of police or other authorities"),
    ("scripted_account", "Scripted or inconsistent account"),
    ("health_access", "No access to health care, or substance misuse"),
    ("controlling_relationship", "Controlling or dependent relationship"),
    ("high_risk_location", "Linked to a high-risk type of location"),
    ("cuckooing", "Their home is being used by others (cuckooing)"),
    ("forced_offending", "Forced to commit offences"),
    (
        "vulnerabilities",
        "Vulnerabilities: learning disability, mental ill-health, homelessness, "
        "addiction, insecure immigration status",
    ),
]

SCREENING_KEYS = [key for key, _ in SCREENING_QUESTIONS]
SCREENING_TEXT = dict(SCREENING_QUESTIONS)
