"""Protocol 4.3 Access to Specialist Support, from the directory."""

from pathways.engine import Deadline, Pathway, State, Transition

from ._common import closable_from_any_step

PATHWAY = Pathway(
    key="specialist_support",
    name="Access to Specialist Support",
    number="4.3",
    description=(
        "Choosing a service from the specialist support directory, referring, and "
        "following the referral through to the end of support."
    ),
    initial="needs_identified",
    states=(
        State(
            "needs_identified",
            "Needs identified",
            "Choose a service from the specialist support directory. Check eligibility "
            "by NRM status and gender before you refer.",
            deadline=Deadline(5, working_days=True, setting="WAYMARK_DEADLINE_SUPPORT_CHOOSE_DAYS"),
        ),
        State(
            "service_chosen",
            "Service chosen",
            "Send the referral to the service with the person's consent, using the "
            "contact details in the directory.",
            deadline=Deadline(2, working_days=True, setting="WAYMARK_DEADLINE_SUPPORT_REFER_DAYS"),
        ),
        State(
            "referral_sent",
            "Referral sent",
            "Wait for the service to accept or decline. Chase them if you have not heard "
            "back by the deadline.",
            deadline=Deadline(
                10, working_days=True, setting="WAYMARK_DEADLINE_SUPPORT_RESPONSE_DAYS"
            ),
        ),
        State(
            "accepted",
            "Referral accepted",
            "Help the person get to their first appointment and confirm when they have started.",
            deadline=Deadline(14, setting="WAYMARK_DEADLINE_SUPPORT_ENGAGE_DAYS"),
        ),
        State(
            "declined",
            "Referral declined",
            "Record why the service declined. Choose another service or close this referral.",
            deadline=Deadline(
                5, working_days=True, setting="WAYMARK_DEADLINE_SUPPORT_DECLINED_DAYS"
            ),
        ),
        State(
            "no_capacity",
            "Service has no capacity",
            "Choose another service, or tell the Modern Slavery Lead if there is no "
            "alternative so the gap is reported.",
            deadline=Deadline(
                5, working_days=True, setting="WAYMARK_DEADLINE_SUPPORT_NO_CAPACITY_DAYS"
            ),
        ),
        State(
            "engaged",
            "Engaged with the service",
            "The person is receiving support. Keep in touch with the service and record "
            "when and why support ends.",
        ),
        State(
            "ended",
            "Support ended",
            "This referral is closed and the reason recorded.",
            terminal=True,
        ),
    ),
    transitions=(
        Transition("choose_service", "Service chosen", "needs_identified", "service_chosen"),
        Transition("send_referral", "Referral sent", "service_chosen", "referral_sent"),
        Transition("accept", "Accepted", "referral_sent", "accepted"),
        Transition("decline", "Declined", "referral_sent", "declined", requires_note=True),
        Transition("no_capacity", "No capacity", "referral_sent", "no_capacity"),
        Transition(
            "choose_another",
            "Another service chosen",
            ("declined", "no_capacity"),
            "service_chosen",
        ),
        Transition("engage", "Engaged", "accepted", "engaged"),
        Transition(
            "end",
            "Ended (reason recorded)",
            ("accepted", "declined", "no_capacity", "engaged"),
            "ended",
            requires_note=True,
        ),
    ),
)

# No dead ends: the pathway can be closed from any open step, with a reason.
PATHWAY = closable_from_any_step(
    PATHWAY, key="end", label="Ended (reason recorded)", target="ended"
)
