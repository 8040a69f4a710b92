"""manage.py pathways."""

import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pathways.definitions import PATHWAYS


def parse(text):
    """Parse our own generated SVG (trusted, so the stdlib parser is fine)."""
    return ET.fromstring(text)  # noqa: S314


def run(*args):
    out = StringIO()
    call_command("pathways", *args, stdout=out)
    return out.getvalue()


def test_lists_every_pathway_as_a_table():
    lines = run().splitlines()
    assert lines[0].split() == ["#", "Key", "Name", "States", "Transitions"]
    assert len(lines) == 12
    for line, pathway in zip(lines[1:], PATHWAYS.values(), strict=True):
        assert pathway.key in line and pathway.name in line
        assert line.split()[-2:] == [str(len(pathway.states)), str(len(pathway.transitions))]
    # Columns line up: every name starts at the same position.
    names = {line.index(p.name) for line, p in zip(lines[1:], PATHWAYS.values(), strict=True)}
    assert names == {lines[0].index("Name")}


def test_keys():
    assert run("--keys") == (
        "initial_identification\npre_nrm\nduring_nrm\npost_nrm\nspecialist_support\n"
        "skills_employment\nhousing\nadult_social_care\nhealth\ntransition_to_adulthood\n"
        "trading_standards\n"
    )


@pytest.mark.graphviz
def test_svg_is_the_default():
    root = parse(run("during_nrm"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "(current)" in run("during_nrm", "--format", "svg", "--current", "awaiting_rg")


def test_dot():
    assert run("housing", "--format", "dot").startswith('digraph "housing" {')


def test_unknown_key_names_the_valid_keys():
    with pytest.raises(CommandError, match="Unknown pathway 'nope'.*during_nrm.*trading_standards"):
        run("nope")


def test_unknown_current_state():
    with pytest.raises(CommandError, match="Unknown state 'nope'"):
        run("housing", "--current", "nope")
