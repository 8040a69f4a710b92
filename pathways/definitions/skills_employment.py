"""Protocol 4.4 Access to Skills & Employment."""

from pathways.engine import Deadline, Pathway, State, Transition

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
            "Check eligibility: Adult Education courses are free for UK residents of 3+ "
            "years, EU settled status, refugees, discretionary leave, Ukrainian and Afghan "
            "schemes and asylum seekers waiting 6+ months. The Job Shop helps any resident.",
            deadline=Deadline(
                5, working_days=True, setting="WAYMARK_DEADLINE_SKILLS_ELIGIBILITY_DAYS"
            ),
        ),
        State(
            "referred",
            "Referred",
            "The person is referred for English (ESOL), maths, digital skills, learning "
            "for work or job coaching. Confirm that they have started.",
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
            "Referred (ESOL, maths, digital, learning for work, job coaching)",
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
