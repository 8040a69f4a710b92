"""List the pathway definitions, or print one as a diagram.

manage.py pathways                       # table of every pathway
manage.py pathways --keys                # keys only, one per line
manage.py pathways during_nrm            # SVG diagram (needs Graphviz's dot)
manage.py pathways during_nrm --format dot --current awaiting_rg
manage.py pathways during_nrm --format json   # the definition, for other tools
"""

import json

from django.core.management.base import BaseCommand, CommandError

from pathways.definitions import PATHWAYS
from pathways.diagrams import DiagramUnavailable, to_dot, to_svg
from pathways.selectors import effective_deadlines


def definition_json(pathway) -> dict:
    """The definition as data: each step's deadline as it applies to steps entered
    now (the Lead's timescales, else the deployment's default), with its source."""
    effective = effective_deadlines(pathway_key=pathway.key)
    states = []
    for state in pathway.states:
        deadline = effective.get((pathway.key, state.key))
        states.append(
            {
                "key": state.key,
                "label": state.label,
                "terminal": state.terminal,
                "deadline_days": deadline.deadline_days if deadline else None,
                "working_days": deadline.working_days if deadline else False,
                "deadline_source": deadline.source if deadline else None,
            }
        )
    return {
        "key": pathway.key,
        "number": pathway.number,
        "title": pathway.title,
        "states": states,
        "transitions": [
            {"from": source, "to": t.target, "label": t.label}
            for t in pathway.transitions
            for source in t.sources
        ],
    }


class Command(BaseCommand):
    help = "List the pathway definitions, or print one pathway as an SVG or DOT diagram."

    def add_arguments(self, parser):
        parser.add_argument("key", nargs="?", help="a pathway key: print its diagram")
        parser.add_argument("--keys", action="store_true", help="print only the keys")
        parser.add_argument("--format", choices=["svg", "dot", "json"], default="svg")
        parser.add_argument("--current", default=None, help="state key to highlight")

    def handle(self, *args, key=None, keys=False, format="svg", current=None, **options):
        if key is None:
            if keys:
                self.stdout.write("\n".join(PATHWAYS))
            else:
                self.stdout.write(self._table())
            return
        pathway = PATHWAYS.get(key)
        if pathway is None:
            raise CommandError(f"Unknown pathway {key!r}. Valid keys: {', '.join(PATHWAYS)}")
        if current is not None and not pathway.has_state(current):
            valid = ", ".join(s.key for s in pathway.states)
            raise CommandError(f"Unknown state {current!r} in {key}. Valid states: {valid}")
        if format == "json":
            self.stdout.write(json.dumps(definition_json(pathway), indent=2))
            return
        if format == "dot":
            self.stdout.write(to_dot(pathway, current=current), ending="")
            return
        try:
            svg = to_svg(pathway, current=current)
        except DiagramUnavailable as error:
            raise CommandError(
                f"{error}. Install Debian's graphviz package, or use --format dot."
            ) from error
        self.stdout.write(svg, ending="")

    def _table(self) -> str:
        rows = [("#", "Key", "Name", "States", "Transitions")] + [
            (str(p.number), p.key, p.name, str(len(p.states)), str(len(p.transitions)))
            for p in PATHWAYS.values()
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        numeric = {0, 3, 4}
        lines = [
            "  ".join(
                cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                for i, cell in enumerate(row)
            ).rstrip()
            for row in rows
        ]
        return "\n".join(lines)
