"""Pathway diagrams: Graphviz draws valid, accessible SVG; DOT names every transition;
without Graphviz, pages list the steps as text instead."""

import logging
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from pathways import diagrams
from pathways.definitions import PATHWAYS
from pathways.diagrams import CURRENT_FILL, from_any_step, to_dot, to_svg

SVG = "{http://www.w3.org/2000/svg}"
ALL = list(PATHWAYS.values())
IDS = list(PATHWAYS)
SHAPES = (f"{SVG}path", f"{SVG}polygon", f"{SVG}ellipse")


def parse(text):
    """Parse Waymark's own diagram (trusted, so the stdlib parser is fine)."""
    return ET.fromstring(text)  # noqa: S314


def state_groups(root):
    return {g.get("data-state"): g for g in root.iter(f"{SVG}g") if g.get("data-state")}


def shapes(group):
    return [el for el in group if el.tag in SHAPES]


def words(element):
    return " ".join(" ".join(t.itertext()) for t in element.iter(f"{SVG}text"))


@pytest.fixture
def without_graphviz(monkeypatch):
    """A machine where Graphviz's dot is not installed."""
    monkeypatch.setattr(diagrams, "DOT_COMMAND", "/nonexistent/graphviz/dot")
    monkeypatch.setattr(diagrams, "_warned_missing", False)


@pytest.mark.graphviz
@pytest.mark.parametrize("pathway", ALL, ids=IDS)
def test_svg_is_an_image_titled_and_described_naming_every_state(pathway):
    root = parse(to_svg(pathway))
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert pathway.name in root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}desc").text == f"{len(pathway.states)} steps. No current step."
    groups = state_groups(root)
    assert set(groups) == {s.key for s in pathway.states}
    for state in pathway.states:
        # Labels are wrapped over lines; the words are all there, in order,
        # followed by the time allowed and where it comes from.
        text = words(groups[state.key])
        if state.deadline is None or state.terminal:
            assert text == state.label
        else:
            assert text.startswith(state.label + " Time: ")
            assert text.endswith(state.deadline.short_source)
    assert "(current)" not in words(root)
    assert CURRENT_FILL not in to_svg(pathway)


@pytest.mark.graphviz
@pytest.mark.parametrize("pathway", ALL, ids=IDS)
def test_svg_highlights_the_current_state_once_in_colour_and_in_words(pathway):
    current = pathway.states[-1].key
    root = parse(to_svg(pathway, current=current))
    highlighted = [g for g in root.iter(f"{SVG}g") if "state-current" in (g.get("class") or "")]
    assert [g.get("data-state") for g in highlighted] == [current]
    (group,) = highlighted
    assert shapes(group)[0].get("fill") == CURRENT_FILL
    assert words(group).endswith("(current)")
    assert words(root).count("(current)") == 1
    assert pathway.state(current).label in root.find(f"{SVG}desc").text


@pytest.mark.graphviz
@pytest.mark.parametrize("pathway", ALL, ids=IDS)
def test_svg_terminal_states_are_double_bordered(pathway):
    groups = state_groups(parse(to_svg(pathway)))
    for state in pathway.states:
        assert len(shapes(groups[state.key])) == (2 if state.terminal else 1), state.key


@pytest.mark.graphviz
def test_svg_is_responsive_in_arial_with_no_clashing_ids():
    root = parse(to_svg(PATHWAYS["during_nrm"], current="awaiting_rg"))
    assert root.get("viewBox") and root.get("height") is None
    assert root.get("width").endswith("pt")  # natural size; the page CSS shrinks it to fit
    fonts = {t.get("font-family") for t in root.iter(f"{SVG}text")}
    assert fonts == {"Arial, Helvetica, sans-serif"}
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert ids == ["pathway-during_nrm-title", "pathway-during_nrm-desc"]
    # Steps the NRM referral drives are italic, as the key under the diagram says.
    assert any(t.get("font-style") == "italic" for t in root.iter(f"{SVG}text"))
    # Graphviz's own titles name keys, not words: none is left for a reader to meet.
    assert len(list(root.iter(f"{SVG}title"))) == 1


@pytest.mark.graphviz
def test_a_step_open_from_every_state_is_drawn_once_from_any_step():
    pathway = PATHWAYS["during_nrm"]
    withdraw, close = from_any_step(pathway)
    assert (withdraw.key, close.key) == ("withdraw", "close")
    root = parse(to_svg(pathway))
    any_steps = [g for g in root.iter(f"{SVG}g") if g.get("class") == "any-step"]
    assert [words(g) for g in any_steps] == ["From any step", "From any step"]
    assert words(root).count(withdraw.label) == 1


@pytest.mark.graphviz
def test_each_drawing_runs_dot_once_per_process(monkeypatch):
    pathway = PATHWAYS["housing"]
    to_svg(pathway, current="referred")
    runs = []
    real_run = diagrams.subprocess.run
    monkeypatch.setattr(
        diagrams.subprocess, "run", lambda *a, **kw: runs.append(a) or real_run(*a, **kw)
    )
    assert to_svg(pathway, current="referred") == to_svg(pathway, current="referred")
    assert runs == []
    to_svg(pathway, current=pathway.initial)  # another drawing is another run
    assert len(runs) == 1


@pytest.mark.graphviz
def test_the_drawing_stays_plain_svg_after_weasyprint_claims_the_default_prefix(monkeypatch):
    # ElementTree's prefix registry is process-wide. WeasyPrint's PDF metadata
    # module registers "" when the first PDF is made; a diagram drawn after that
    # must still be an unprefixed <svg>, or browsers show nothing.
    monkeypatch.setattr(ET, "_namespace_map", dict(ET._namespace_map))
    ET.register_namespace("", "")
    svg = to_svg(PATHWAYS["health"], current=PATHWAYS["health"].initial)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "ns0:" not in svg


@pytest.mark.parametrize("pathway", ALL, ids=IDS)
def test_dot_mentions_every_state_and_transition(pathway):
    dot = to_dot(pathway, current=pathway.initial)
    assert dot.startswith(f'digraph "{pathway.key}"')
    unwrapped = dot.replace("\\n", " ")
    any_step = from_any_step(pathway)
    for state in pathway.states:
        assert f'"{state.key}" [' in dot
    for t in pathway.transitions:
        assert f'label="{t.label}"' in unwrapped
        if t in any_step:
            assert f'"any step: {t.key}" -> "{t.target}"' in dot
            continue
        for source in t.sources:
            assert f'"{source}" -> "{t.target}"' in dot
    assert "(current)" in unwrapped and "fillcolor" in dot


def test_without_graphviz_pages_get_the_steps_as_text_and_one_warning(without_graphviz, caplog):
    pathway = PATHWAYS["pre_nrm"]
    with caplog.at_level(logging.WARNING, logger="pathways.diagrams"):
        first = diagrams.diagram_for(pathway, current="consent_given")
        diagrams.diagram_for(pathway)
    assert first.svg is None
    steps = {step.state.key: step for step in first.outline}
    assert list(steps) == [s.key for s in pathway.states]
    assert [k for k, step in steps.items() if step.is_current] == ["consent_given"]
    assert [(m.transition.key, m.target.key) for m in steps["consent_declined"].moves] == [
        (t.key, t.target) for t in pathway.transitions_from("consent_declined")
    ]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "graphviz" in warnings[0].getMessage()


def test_without_graphviz_the_command_says_what_to_install(without_graphviz):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Install Debian's graphviz package"):
        call_command("pathways", "housing")


def test_without_graphviz_the_protocol_page_lists_the_steps(without_graphviz, client, worker_a):
    client.force_login(worker_a)
    page = client.get(reverse("pathways:protocol_pathway", args=["pre_nrm"])).content.decode()
    assert "<svg" not in page
    assert "The diagram cannot be drawn here" in page
    assert "Leads to Consent declined (when the NRM referral is updated)" in page
    assert (
        "Leads to Consent given (\u201cChild: no consent needed\u201d, "
        "when the NRM referral is updated)" in page
    )
    assert "NRM referral submitted (end of the pathway)" in page


@pytest.mark.graphviz
def test_the_protocol_page_draws_the_diagram_with_its_key(client, worker_a):
    client.force_login(worker_a)
    page = client.get(reverse("pathways:protocol_pathway", args=["during_nrm"])).content.decode()
    assert 'role="img"' in page and 'data-state="awaiting_rg"' in page
    assert "Double border: the end of the pathway." in page
    assert "Italic steps happen when the NRM referral is updated" in page
    assert "Dashed: can happen from any step before the end." in page
    assert "The diagram cannot be drawn here" not in page


@pytest.fixture
def case_on_identification(agency_a, lead):
    from pathways.services import pathway_start
    from tests.factories import CaseFactory

    case = CaseFactory(raised_by=agency_a)
    pathway_start(actor=lead, case=case, pathway_key="initial_identification")
    return case


@pytest.mark.graphviz
def test_the_case_page_draws_each_pathway_with_its_current_step(
    client, case_on_identification, worker_a, worker_b
):
    client.force_login(worker_a)
    page = client.get(case_on_identification.get_absolute_url()).content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 1
    assert 'class="state state-current" data-state="concern_raised"' in page
    assert "Current step: Concern raised." in page
    client.force_login(worker_b)
    assert client.get(case_on_identification.get_absolute_url()).status_code == 404


def test_without_graphviz_the_case_page_lists_the_steps_with_the_current_one(
    without_graphviz, client, case_on_identification, worker_a, worker_b
):
    client.force_login(worker_a)
    page = client.get(case_on_identification.get_absolute_url()).content.decode()
    assert "<svg" not in page
    assert "<strong>Concern raised (current)</strong>" in page
    assert "Initial safeguarding complete (end of the pathway)" in page
    client.force_login(worker_b)
    assert client.get(case_on_identification.get_absolute_url()).status_code == 404
