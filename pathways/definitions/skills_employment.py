"""Protocol 4.4 Access to Skills & Employment."""

from pathways.engine import Deadline, Pathway, State, Transition

from ._common import closable_from_any_step

PATHWAY = Pathway(
    key="skills_employment",
    name="Access to Skills & Employment",
    number="4.4",
    description=(
        "Checking eligibility for Adult Education and the Job Shop, referring, and "
        "recording the outcome."
    ),
    initial="eligibility_check",
    states=(
        State(
            "eligibility_check",
            "Eligibility being checked",
            "Check eligibility for Adult Education: the person was born before 31/08/2005 "
            "and has lived in the UK legally for at least the last 3 years. Its offers "
            "include English for Speakers of Other Languages (ESOL) and “Learning for "
            "Life”. The Job Shop helps any resident.",
            deadline=Deadline(
                5, working_days=True, setting="WAYMARK_DEADLINE_SKILLS_ELIGIBILITY_DAYS"
            ),
        ),
        State(
            "referred",
            "Referred",
            "The person is referred: to Adult Education (ESOL, Learning for Life, maths, "
            "digital skills) or to the Job Shop (learning for work, job coaching). Confirm "
            "that they have started.",
            deadline=Deadline(21, setting="WAYMARK_DEADLINE_SKILLS_ENGAGE_DAYS"),
        ),
        State(
            "engaged",
            "Engaged",
            "The person is attending. Record the outcome when the course or coaching ends.",
        ),
        State(
            "course_completed",
            "Course completed",
            "The course is completed. Start a new referral if they want to go further.",
            terminal=True,
        ),
        State(
            "employed",
            "Employed",
            "The person has found work. Check the job is safe and fairly paid.",
            terminal=True,
        ),
        State(
            "left",
            "Left",
            "The person left or did not take up the offer; the reason is recorded.",
            terminal=True,
        ),
    ),
    transitions=(
        Transition(
            "refer",
            "Eligible: referred to Adult Education (ESOL or Learning for Life)",
            "eligibility_check",
            "referred",
            # The note confirms 3 years' legal residence; Waymark checks the date of
            # birth (pathways.services, WAYMARK_SKILLS_BORN_BEFORE).
            requires_note=True,
        ),
        Transition(
            "refer_job_shop",
            "Referred to the Job Shop (any resident)",
            "eligibility_check",
            "referred",
        ),
        Transition("engage", "Engaged", "referred", "engaged"),
        Transition("complete_course", "Course completed", "engaged", "course_completed"),
        Transition("employed", "Employed", "engaged", "employed"),
        Transition(
            "leave",
            "Left (reason recorded)",
            ("eligibility_check", "referred", "engaged"),
            "left",
            requires_note=True,
        ),
    ),
)

# No dead ends: the pathway can be closed from any open step, with a reason.
PATHWAY = closable_from_any_step(
    PATHWAY, key="leave", label="Left or closed (reason recorded)", target="left"
)
