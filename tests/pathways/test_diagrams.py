"""Pathway diagrams: SVG is valid, accessible XML; DOT names every transition."""

import xml.etree.ElementTree as ET

import pytest

from pathways.definitions import PATHWAYS
from pathways.diagrams import CURRENT_FILL, to_dot, to_svg


def parse(text):
    """Parse our own generated SVG (trusted, so the stdlib parser is fine)."""
    return ET.fromstring(text)  # noqa: S314


SVG = "{http://www.w3.org/2000/svg}"
ALL = list(PATHWAYS.values())
IDS = list(PATHWAYS)


def all_text(root):
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))


@pytest.mark.parametrize("pathway", ALL, ids=IDS)
def test_svg_parses_and_names_every_state(pathway):
    root = parse(to_svg(pathway))
    assert root.get("role") == "img"
    title_id = root.get("aria-labelledby").split()[0]
    title = root.find(f"{SVG}title")
    assert title.get("id") == title_id and pathway.name in title.text
    text = all_text(root)
    for state in pathway.states:
        assert state.label.split()[0] in text
    assert "(current)" not in text
    assert CURRENT_FILL not in to_svg(pathway)


@pytest.mark.parametrize("pathway", ALL, ids=IDS)
def test_svg_highlights_current_state(pathway):
    current = pathway.states[-1].key
    root = parse(to_svg(pathway, current=current))
    groups = [g for g in root.iter(f"{SVG}g") if "state-current" in (g.get("class") or "")]
    assert [g.get("data-state") for g in groups] == [current]
    (group,) = groups
    assert group.find(f"{SVG}rect").get("fill") == CURRENT_FILL
    assert "(current)" in "".join(group.itertext())
    assert pathway.state(current).label in root.find(f"{SVG}desc").text


def test_svg_terminal_states_are_double_bordered():
    pathway = PATHWAYS["pre_nrm"]
    root = parse(to_svg(pathway))
    for g in root.iter(f"{SVG}g"):
        if g.get("data-state"):
            rects = g.findall(f"{SVG}rect")
            assert len(rects) == (2 if pathway.state(g.get("data-state")).terminal else 1)


@pytest.mark.parametrize("pathway", ALL, ids=IDS)
def test_dot_mentions_every_state_and_transition(pathway):
    dot = to_dot(pathway, current=pathway.initial)
    assert dot.startswith(f'digraph "{pathway.key}"')
    for state in pathway.states:
        assert f'"{state.key}" [' in dot
    for t in pathway.transitions:
        assert f'label="{t.label}"' in dot
        for source in t.sources:
            assert f'"{source}" -> "{t.target}"' in dot
    assert "(current)" in dot and "fillcolor" in dot
