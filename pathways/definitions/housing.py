"""Protocol 4.5 Access to Housing.

Decisions on the homelessness application are the housing authority's, so those
steps are limited to local authority staff (the Modern Slavery Lead may record
any step).
"""

from pathways.engine import Deadline, Pathway, State, Transition

from ._common import (
    HOUSING_S184,
    HRA_DUTY_TO_REFER,
    LOCAL_AUTHORITY,
    SOURCE_RELIEF_DUTY,
    closable_from_any_step,
)

PATHWAY = Pathway(
    key="housing",
    name="Access to Housing",
    number="4.5",
    description=(
        "Referral to the housing authority under the duty to refer, homelessness "
        "enquiries, and securing suitable accommodation or an alternative route."
    ),
    initial="need_identified",
    states=(
        State(
            "need_identified",
            "Housing need identified",
            "With the person's consent, refer them to the council's housing team under "
            "the duty to refer. Say if they are at risk of re-trafficking.",
            deadline=Deadline(
                1, working_days=True, setting="WAYMARK_DEADLINE_HOUSING_REFERRAL_DAYS"
            ),
            legal_basis=HRA_DUTY_TO_REFER,
        ),
        State(
            "referred",
            "Referred to the housing authority",
            "The housing authority contacts the person and opens homelessness enquiries. "
            "Chase the housing team if nobody has been in touch.",
            deadline=Deadline(
                2, working_days=True, setting="WAYMARK_DEADLINE_HOUSING_CONTACT_DAYS"
            ),
            legal_basis=HRA_DUTY_TO_REFER,
        ),
        State(
            "enquiries",
            "Homelessness enquiries and eligibility",
            "The housing authority checks eligibility, including immigration status. If "
            "the person has no recourse to public funds, plan an alternative route now.",
            # No statutory limit on s184 enquiries: 33 working days is local practice.
            deadline=Deadline(33, working_days=True, setting="WAYMARK_DEADLINE_HOUSING_S184_DAYS"),
            legal_basis=HOUSING_S184,
        ),
        State(
            "prevention_or_relief",
            "Prevention or relief duty",
            "The housing authority works with the person to keep or find accommodation. "
            "The relief duty normally lasts 56 days.",
            deadline=Deadline(
                56, setting="WAYMARK_DEADLINE_HOUSING_RELIEF_DAYS", source=SOURCE_RELIEF_DUTY
            ),
            legal_basis="Housing Act 1996 s195 and s189B (prevention and relief duties)",
        ),
        State(
            "priority_need_decision",
            "Priority need decision",
            "The housing authority decides priority need. Give evidence of vulnerability, "
            "including the risk of re-trafficking.",
            deadline=Deadline(
                10, working_days=True, setting="WAYMARK_DEADLINE_HOUSING_PRIORITY_NEED_DAYS"
            ),
            legal_basis="Housing Act 1996 s189 (priority need)",
        ),
        State(
            "alternative_route",
            "Alternative route",
            "Look for Victim Care Contract accommodation, third-sector housing or an "
            "emergency safehouse. Ask the Modern Slavery Lead for help if nothing is found.",
            deadline=Deadline(
                5, working_days=True, setting="WAYMARK_DEADLINE_HOUSING_ALTERNATIVE_DAYS"
            ),
        ),
        State(
            "accommodation_secured",
            "Suitable accommodation secured",
            "Check the accommodation is safe and gender-specific where needed, then close "
            "this pathway.",
        ),
        State(
            "closed",
            "Closed",
            "The housing pathway is closed.",
            terminal=True,
        ),
    ),
    transitions=(
        Transition(
            "refer",
            "Referred to the housing authority (with consent)",
            "need_identified",
            "referred",
        ),
        Transition(
            "open_enquiries",
            "Homelessness enquiries opened",
            "referred",
            "enquiries",
            agency_types=LOCAL_AUTHORITY,
        ),
        Transition(
            "duty_owed",
            "Eligible: prevention or relief duty owed",
            "enquiries",
            "prevention_or_relief",
            agency_types=LOCAL_AUTHORITY,
        ),
        Transition(
            "not_eligible",
            "Not eligible: alternative route",
            "enquiries",
            "alternative_route",
            agency_types=LOCAL_AUTHORITY,
            requires_note=True,
        ),
        Transition(
            "assess_priority_need",
            "Priority need being decided",
            "prevention_or_relief",
            "priority_need_decision",
            agency_types=LOCAL_AUTHORITY,
        ),
        Transition(
            "secure_accommodation",
            "Suitable accommodation secured",
            ("prevention_or_relief", "priority_need_decision"),
            "accommodation_secured",
            agency_types=LOCAL_AUTHORITY,
        ),
        Transition(
            "no_priority_need",
            "No priority need: alternative route",
            "priority_need_decision",
            "alternative_route",
            agency_types=LOCAL_AUTHORITY,
            requires_note=True,
        ),
        Transition(
            "alternative_secured",
            "Accommodation secured through an alternative route",
            "alternative_route",
            "accommodation_secured",
        ),
        Transition(
            "close",
            "Closed",
            ("accommodation_secured", "alternative_route"),
            "closed",
            requires_note=True,
        ),
    ),
)

# No dead ends: the pathway can be closed from any open step, with a reason.
PATHWAY = closable_from_any_step(PATHWAY)
