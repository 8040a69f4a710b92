"""Pathway diagrams: Graphviz DOT text, drawn as SVG by Graphviz's ``dot``.

``to_dot`` describes the pathway; ``to_svg`` pipes it through ``dot -Tsvg``
(Debian's ``graphviz`` package) and adjusts the result for the page: a title
and description for screen readers, each state's group marked with its key,
the current state filled and also marked "(current)" in text so it reads in
greyscale, Arial throughout, and no fixed height so it scales to its column.

Pages call ``diagram_for``: where ``dot`` is not installed (a developer
machine with only Python) it returns no SVG, the page lists the steps as text
instead, and a warning is logged once.
"""

from __future__ import annotations

import logging
import re
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache

from pathways.engine import Pathway, State, Transition

logger = logging.getLogger(__name__)

CURRENT_FILL = "#1d70b8"
FONT = "Arial, Helvetica, sans-serif"
TITLE_FONT_SIZE = 18
STATE_FONT_SIZE = 14
LABEL_FONT_SIZE = 12
# Labels are wrapped so diagrams stay narrow enough to read in a page column.
STATE_WRAP_CHARS = 22
LABEL_WRAP_CHARS = 24
# The command that draws; tests point it elsewhere to see the fallback.
DOT_COMMAND = "dot"
DOT_TIMEOUT_SECONDS = 10

SVG_NS = "http://www.w3.org/2000/svg"
_S = f"{{{SVG_NS}}}"
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


class DiagramUnavailable(RuntimeError):
    """Graphviz's ``dot`` failed to draw (or, as GraphvizMissing, is not installed)."""


class GraphvizMissing(DiagramUnavailable):
    """``dot`` cannot be run at all: expected on a machine with only Python."""


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _wrap(text: str, width: int) -> str:
    # Break only at spaces, so joining the lines with spaces gives the label back.
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or text


def from_any_step(pathway: Pathway) -> list[Transition]:
    """Transitions open from every non-terminal state (withdrawal, leaving).

    Drawn once, as a dashed arrow "From any step", rather than from every box.
    """
    open_states = {s.key for s in pathway.states if not s.terminal}
    return [t for t in pathway.transitions if len(t.sources) > 2 and set(t.sources) == open_states]


def default_deadlines(pathway: Pathway) -> dict[str, str]:
    """{state key: "5 working days, local practice"}: each deadline beside its source,
    as the deployment sets it (pages pass the Lead's timescales instead)."""
    return {
        s.key: f"{s.deadline.describe()}, {s.deadline.short_source}"
        for s in pathway.states
        if s.deadline is not None and not s.terminal
    }


def to_dot(
    pathway: Pathway, current: str | None = None, deadlines: dict[str, str] | None = None
) -> str:
    """Graphviz DOT text for the pathway, with the current state filled and each
    deadline shown with its source (``deadlines``, else the deployment's)."""
    if deadlines is None:
        deadlines = default_deadlines(pathway)
    title = pathway.display
    lines = [
        f"digraph {_dot_quote(pathway.key)} {{",
        f"  label={_dot_quote(title)};",
        "  labelloc=t;",
        "  rankdir=TB;",
        "  nodesep=0.3;",
        "  ranksep=0.45;",
        f'  fontname="Arial Bold"; fontsize={TITLE_FONT_SIZE};',
        f'  node [shape=box, style=rounded, fontname="Arial", fontsize={STATE_FONT_SIZE}];',
        f'  edge [fontname="Arial", fontsize={LABEL_FONT_SIZE}];',
    ]
    for state in pathway.states:
        label = state.label
        attrs = []
        if state.terminal:
            attrs.append("peripheries=2")
        if state.key == current:
            label += " (current)"
            attrs += [
                'style="rounded,filled"',
                f'fillcolor="{CURRENT_FILL}"',
                "fontcolor=white",
                'fontname="Arial Bold"',
                "penwidth=3",
            ]
        text = _wrap(label, STATE_WRAP_CHARS)
        if deadlines.get(state.key):
            text += "\n" + _wrap(f"Time: {deadlines[state.key]}", STATE_WRAP_CHARS + 6)
        attrs.insert(0, f"label={_dot_quote(text)}")
        lines.append(f"  {_dot_quote(state.key)} [{', '.join(attrs)}];")
    any_step = from_any_step(pathway)
    for t in pathway.transitions:
        attrs = [f"label={_dot_quote(_wrap(t.label, LABEL_WRAP_CHARS))}"]
        if t.driven_by_fact:
            attrs.append('fontname="Arial Italic"')
        if t in any_step:
            # Not a state: a plain-text box the dashed arrow starts from.
            source = f"any step: {t.key}"
            lines.append(f'  {_dot_quote(source)} [label="From any step", shape=plaintext];')
            attrs.append("style=dashed")
            lines.append(f"  {_dot_quote(source)} -> {_dot_quote(t.target)} [{', '.join(attrs)}];")
            continue
        for source in t.sources:
            lines.append(f"  {_dot_quote(source)} -> {_dot_quote(t.target)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _description(pathway: Pathway, current: str | None) -> str:
    current_label = pathway.state(current).label if current and pathway.has_state(current) else ""
    return f"{len(pathway.states)} steps. " + (
        f"Current step: {current_label}." if current_label else "No current step."
    )


def to_svg(
    pathway: Pathway, current: str | None = None, deadlines: dict[str, str] | None = None
) -> str:
    """An accessible SVG diagram of the pathway, highlighting ``current`` if given.

    Raises DiagramUnavailable when ``dot`` is missing or fails.
    """
    return _render(
        DOT_COMMAND,
        to_dot(pathway, current=current, deadlines=deadlines),
        key=pathway.key,
        title=f"{pathway.display} pathway",
        description=_description(pathway, current),
        current=current or "",
    )


# The case page draws a diagram per pathway on every view: one `dot` run per
# distinct drawing (pathway and current state) per process is enough. Failures
# raise, and lru_cache does not keep them, so an installed `dot` is picked up.
@lru_cache(maxsize=512)
def _render(command: str, dot_text: str, *, key, title, description, current) -> str:
    try:
        result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [command, "-Tsvg"],
            input=dot_text,
            capture_output=True,
            text=True,
            timeout=DOT_TIMEOUT_SECONDS,
            check=False,
        )
    except OSError as error:  # not installed (or not runnable)
        raise GraphvizMissing(f"Graphviz's {command!r} cannot be run: {error}") from error
    except subprocess.TimeoutExpired as error:
        raise DiagramUnavailable(f"{command} took over {DOT_TIMEOUT_SECONDS}s") from error
    if result.returncode != 0:
        raise DiagramUnavailable(f"{command} failed: {result.stderr.strip()[:500]}")
    return _adjust(result.stdout, key=key, title=title, description=description, current=current)


_FONT_STYLE = re.compile(r"^Arial(?P<bold> Bold)?(?P<italic> Italic)?$")


def _adjust(svg: str, *, key: str, title: str, description: str, current: str) -> str:
    """Make Graphviz's SVG accessible, responsive and marked up for the page."""
    # Graphviz's output for DOT that Waymark wrote from its own definitions is
    # trusted, so the stdlib parser is fine (it fetches no external DTD).
    root = ET.fromstring(svg)  # noqa: S314
    title_id, desc_id = f"pathway-{key}-title", f"pathway-{key}-desc"
    root.set("role", "img")
    root.set("aria-labelledby", f"{title_id} {desc_id}")
    # Keep the natural width (so text is drawn at its intended size) but drop the
    # height: the page's CSS (max-width 100%, height auto) shrinks it to fit.
    root.attrib.pop("height", None)
    for group in root.iter(f"{_S}g"):
        # Graphviz numbers ids from 1 in every drawing; several on one page would clash.
        group.attrib.pop("id", None)
        if group.get("class") != "node":
            continue
        # A node's <title> is its name in the DOT text: the state key.
        name = group.findtext(f"{_S}title", default="")
        if name.startswith("any step: "):
            group.set("class", "any-step")
            continue
        group.set("data-state", name)
        group.set("class", "state state-current" if name == current else "state")
    # Graphviz's own <title>s hold keys, not words; the root gets a human one instead.
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{_S}title":
                parent.remove(child)
    title_el = ET.Element(f"{_S}title", id=title_id)
    title_el.text = title
    desc_el = ET.Element(f"{_S}desc", id=desc_id)
    desc_el.text = description
    root.insert(0, desc_el)
    root.insert(0, title_el)

    for text in root.iter(f"{_S}text"):
        match = _FONT_STYLE.match(text.get("font-family", ""))
        text.set("font-family", FONT)
        if match and match["bold"]:
            text.set("font-weight", "bold")
        if match and match["italic"]:
            text.set("font-style", "italic")
    # Written out as plain <svg xmlns="..."> without ElementTree's prefix
    # registry: that registry is process-wide, and WeasyPrint takes the empty
    # prefix for its PDF metadata, after which every drawing came out as
    # <ns0:svg>, which browsers do not draw inside HTML.
    for element in root.iter():
        if element.tag.startswith(_S):
            element.tag = element.tag[len(_S) :]
    attributes = dict(root.attrib)
    root.attrib.clear()
    root.set("xmlns", SVG_NS)
    root.attrib.update(attributes)
    return ET.tostring(root, encoding="unicode") + "\n"


@dataclass(frozen=True)
class OutlineMove:
    """One arrow of the diagram, in words."""

    transition: Transition
    target: State

    @property
    def text(self) -> str:
        notes = []
        if self.transition.label != self.target.label:
            notes.append(f"“{self.transition.label}”")
        if self.transition.driven_by_fact:
            notes.append("when the NRM referral is updated")
        return f"Leads to {self.target.label}" + (f" ({', '.join(notes)})" if notes else "")


@dataclass(frozen=True)
class OutlineStep:
    """One state and where it can lead, for the text form of a diagram."""

    state: State
    is_current: bool
    moves: list[OutlineMove] = field(default_factory=list)
    deadline: str = ""


@dataclass(frozen=True)
class Diagram:
    """What a page shows for a pathway: the SVG, or (without Graphviz) its steps as text."""

    pathway: Pathway
    current: str | None
    svg: str | None
    deadlines: dict = field(default_factory=dict)

    @property
    def outline(self) -> list[OutlineStep]:
        return [
            OutlineStep(
                state=state,
                is_current=state.key == self.current,
                deadline=self.deadlines.get(state.key, ""),
                moves=[
                    OutlineMove(transition=t, target=self.pathway.state(t.target))
                    for t in self.pathway.transitions_from(state.key)
                ],
            )
            for state in self.pathway.states
        ]

    @property
    def has_fact_steps(self) -> bool:
        return any(t.driven_by_fact for t in self.pathway.transitions)

    @property
    def has_any_step(self) -> bool:
        return bool(from_any_step(self.pathway))


_warned_missing = False


def diagram_for(
    pathway: Pathway, current: str | None = None, deadlines: dict[str, str] | None = None
) -> Diagram:
    """The pathway's diagram for a page; without Graphviz, the text form only."""
    global _warned_missing
    if deadlines is None:
        deadlines = default_deadlines(pathway)
    try:
        svg = to_svg(pathway, current=current, deadlines=deadlines)
    except GraphvizMissing as error:
        # Expected on a machine with only Python: say so once, not on every page.
        if not _warned_missing:
            _warned_missing = True
            logger.warning(
                "Pathway diagrams are shown as text: %s (install Debian's graphviz package)",
                error,
            )
        svg = None
    except DiagramUnavailable:
        logger.exception("Could not draw the %s pathway diagram", pathway.key)
        svg = None
    return Diagram(pathway=pathway, current=current, svg=svg, deadlines=deadlines)
