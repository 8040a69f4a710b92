"""SERAC's panel on the home page, and the minutes layout filter."""

import re

from django import template

from serac.selectors import actions_open_for_agency, mark_cases_shown

register = template.Library()


@register.inclusion_tag("serac/_dashboard_actions.html", takes_context=True)
def serac_dashboard_actions(context):
    """The open SERAC actions the user's agency owns."""
    user = context["request"].user
    agency = getattr(user, "agency", None)
    actions = mark_cases_shown(user=user, records=actions_open_for_agency(agency=agency)[:20])
    return {"actions": actions, "agency": agency}


_CASE_HEADING = re.compile(r"^\d+\.\s+\S")


@register.filter
def minutes_blocks(text: str) -> list[dict]:
    """Minutes text as blocks to lay out: CAPITALISED lines are headings,
    "1. MS-..." lines case headings, "- " lines list items, the rest paragraphs.
    The chair edits plain text; this only decides how it is shown."""
    blocks: list[dict] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        letters = [c for c in line if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and len(letters) > 3:
            blocks.append({"kind": "heading", "text": line.capitalize()})
        elif _CASE_HEADING.match(line):
            blocks.append({"kind": "case", "text": line})
        elif line.startswith("- "):
            if blocks and blocks[-1]["kind"] == "list":
                blocks[-1]["items"].append(line[2:])
            else:
                blocks.append({"kind": "list", "items": [line[2:]]})
        else:
            blocks.append({"kind": "paragraph", "text": line})
    return blocks
