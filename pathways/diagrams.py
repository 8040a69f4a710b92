"""Pathway diagrams: Graphviz DOT text, and an SVG drawn in pure Python.

The SVG needs no Graphviz binary. States are laid out top to bottom in
breadth-first layers from the initial state; it aims to be readable, not
optimal. The current state is filled and also marked "(current)" in text, so
it reads in greyscale and to screen readers.
"""

from __future__ import annotations

import math
import textwrap
from xml.sax.saxutils import escape, quoteattr

from pathways.engine import Pathway

CURRENT_FILL = "#1d70b8"
FONT = "Arial, Helvetica, sans-serif"
STATE_FONT_SIZE = 14
LABEL_FONT_SIZE = 12
BOX_WIDTH = 200
LINE_HEIGHT = 18
BOX_PADDING = 10
COLUMN_GAP = 110
ROW_GAP = 120
MARGIN = 170
WRAP_CHARS = 24
LABEL_WRAP_CHARS = 26


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(pathway: Pathway, current: str | None = None) -> str:
    """Graphviz DOT text for the pathway, with the current state filled."""
    lines = [
        f"digraph {_dot_quote(pathway.key)} {{",
        f"  label={_dot_quote(pathway.name)};",
        "  labelloc=t;",
        "  rankdir=TB;",
        f'  node [shape=box, style=rounded, fontname="Arial", fontsize={STATE_FONT_SIZE}];',
        f'  edge [fontname="Arial", fontsize={LABEL_FONT_SIZE}];',
    ]
    for state in pathway.states:
        attrs = [f"label={_dot_quote(state.label)}"]
        if state.terminal:
            attrs.append("peripheries=2")
        if state.key == current:
            attrs[0] = f"label={_dot_quote(state.label + ' (current)')}"
            attrs += ['style="rounded,filled"', f'fillcolor="{CURRENT_FILL}"', "fontcolor=white"]
        lines.append(f"  {_dot_quote(state.key)} [{', '.join(attrs)}];")
    for t in pathway.transitions:
        attrs = [f"label={_dot_quote(t.label)}"]
        if t.driven_by_fact:
            attrs.append('fontname="Arial Italic"')
        for source in t.sources:
            lines.append(f"  {_dot_quote(source)} -> {_dot_quote(t.target)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _layers(pathway: Pathway) -> tuple[list[list[str]], set[tuple[str, str]]]:
    """Layers for drawing, and the back edges (those closing a cycle).

    A state sits one layer below its lowest forward predecessor (longest path
    from the initial state over the graph without back edges), so forward
    arrows always point down. Within a layer, states start in breadth-first
    order and are then sorted by the mean position of their predecessors.
    """
    bfs_order = [k for layer in pathway.layers() for k in layer]
    succ = {k: [] for k in bfs_order}
    for t in pathway.transitions:
        for s in t.sources:
            if s in succ and t.target in succ and t.target not in succ[s]:
                succ[s].append(t.target)
    back: set[tuple[str, str]] = set()
    colour: dict[str, int] = {}
    post_order: list[str] = []

    def visit(key):
        colour[key] = 1
        for nxt in succ[key]:
            if colour.get(nxt) == 1:
                back.add((key, nxt))
            elif nxt not in colour:
                visit(nxt)
        colour[key] = 2
        post_order.append(key)

    for key in bfs_order:
        if key not in colour:
            visit(key)
    depth = dict.fromkeys(bfs_order, 0)
    for key in reversed(post_order):  # topological order of the forward graph
        for nxt in succ[key]:
            if (key, nxt) not in back:
                depth[nxt] = max(depth[nxt], depth[key] + 1)
    layers: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for key in bfs_order:
        layers[depth[key]].append(key)
    position: dict[str, float] = {}
    for i, layer in enumerate(layers):
        if i:

            def weight(key):
                preds = [
                    position[s]
                    for t in pathway.transitions
                    if t.target == key
                    for s in t.sources
                    if s in position
                ]
                return sum(preds) / len(preds) if preds else math.inf

            layer.sort(key=weight)
        for j, key in enumerate(layer):
            position[key] = (j + 0.5) / len(layer)
    return layers, back


def _crosses(x1, y1, x2, y2, boxes) -> bool:
    """Whether the straight line passes through any of the boxes (sampled)."""
    for i in range(1, 40):
        px, py = x1 + (x2 - x1) * i / 40, y1 + (y2 - y1) * i / 40
        for bx, by, bw, bh in boxes:
            if bx - 8 <= px <= bx + bw + 8 and by <= py <= by + bh:
                return True
    return False


def _text_lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False) or [""]


def _text(x, y, lines, *, size, fill="#000", anchor="middle", italic=False, bold=False):
    style = ' font-style="italic"' if italic else ""
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size + 3}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'fill="{fill}" text-anchor="{anchor}"{style}{weight}>{spans}</text>'
    )


def to_svg(pathway: Pathway, current: str | None = None) -> str:
    """An accessible SVG diagram of the pathway, highlighting ``current`` if given."""
    layers, _back = _layers(pathway)
    lines_of = {}
    for state in pathway.states:
        label_lines = _text_lines(state.label, WRAP_CHARS)
        if state.key == current:
            label_lines.append("(current)")
        lines_of[state.key] = label_lines

    # Box geometry: every box in a layer shares that layer's height.
    widest = max((len(layer) for layer in layers), default=1)
    width = MARGIN * 2 + widest * BOX_WIDTH + (widest - 1) * COLUMN_GAP
    boxes: dict[str, tuple[float, float, float, float]] = {}
    y = MARGIN
    for layer in layers:
        height = max(len(lines_of[k]) for k in layer) * LINE_HEIGHT + 2 * BOX_PADDING
        row_width = len(layer) * BOX_WIDTH + (len(layer) - 1) * COLUMN_GAP
        x = (width - row_width) / 2
        for key in layer:
            boxes[key] = (x, y, BOX_WIDTH, height)
            x += BOX_WIDTH + COLUMN_GAP
        y += height + ROW_GAP
    height_total = y - ROW_GAP + 150
    layer_of = {k: i for i, layer in enumerate(layers) for k in layer}

    non_terminal = {st.key for st in pathway.states if not st.terminal}
    # A transition from every non-terminal state (withdrawal) is drawn once, as
    # "from any step", rather than as an arrow from every box.
    from_any = [
        t for t in pathway.transitions if len(t.sources) > 2 and set(t.sources) == non_terminal
    ]
    edges = [
        (s, t) for t in pathway.transitions if t not in from_any for s in t.sources if s in boxes
    ]
    # Spread the ends of edges along each box edge so parallel arrows separate.
    outgoing: dict[str, list] = {}
    incoming: dict[str, list] = {}
    for source, t in edges:
        outgoing.setdefault(source, []).append((source, t))
        incoming.setdefault(t.target, []).append((source, t))

    def centre_x(key):
        x, _, w, _ = boxes[key]
        return x + w / 2

    for ends in (*outgoing.values(), *incoming.values()):
        ends.sort(key=lambda e: (centre_x(e[1].target), centre_x(e[0])))

    def spread(key, items, edge):
        x, _, w, _ = boxes[key]
        n = len(items)
        return x + w * (items.index(edge) + 1) / (n + 1)

    title_id = f"pathway-{pathway.key}-title"
    desc_id = f"pathway-{pathway.key}-desc"
    marker_id = f"pathway-{pathway.key}-arrow"
    current_label = pathway.state(current).label if current and pathway.has_state(current) else ""
    description = f"{len(pathway.states)} steps. " + (
        f"Current step: {current_label}." if current_label else "No current step."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
        f'height="{height_total:.0f}" viewBox="0 0 {width:.0f} {height_total:.0f}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(pathway.name)} pathway</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        "<defs>"
        f'<marker id="{marker_id}" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#000"/></marker></defs>',
        f'<rect x="0" y="0" width="{width:.0f}" height="{height_total:.0f}" fill="#fff"/>',
        _text(width / 2, 40, [f"{pathway.number}. {pathway.name}"], size=18, bold=True),
    ]

    edge_svg, label_svg = [], []
    side_count = {"left": 0, "right": 0, "under": 0}
    for source, t in edges:
        sx, sy, sw, sh = boxes[source]
        tx, ty, tw, th = boxes[t.target]
        step = layer_of[t.target] - layer_of[source]
        wrap = LABEL_WRAP_CHARS
        anchor = "middle"
        adjacent = (
            step == 0
            and abs(
                layers[layer_of[source]].index(source) - layers[layer_of[source]].index(t.target)
            )
            == 1
        )
        if step > 0:
            x1, y1 = spread(source, outgoing[source], (source, t)), sy + sh
            x2, y2 = spread(t.target, incoming[t.target], (source, t)), ty
            between = [
                boxes[k]
                for layer in layers[layer_of[source] + 1 : layer_of[t.target]]
                for k in layer
            ]
            if between and _crosses(x1, y1, x2, y2, between):
                # Long edge: go round the boxes in between, down a side lane.
                lane_side = "lane_left" if x2 <= x1 else "lane_right"
                side_count[lane_side] = side_count.get(lane_side, 0) + 1
                offset = 30 + 40 * (side_count[lane_side] - 1)
                if lane_side == "lane_left":
                    lane = min(bx for bx, _, _, _ in between) - offset
                else:
                    lane = max(bx + bw for bx, _, bw, _ in between) + offset
                path = (
                    f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + 50:.1f} {lane:.1f},{y1 + 20:.1f} "
                    f"{lane:.1f},{y1 + 70:.1f} L{lane:.1f},{y2 - 70:.1f} "
                    f"C{lane:.1f},{y2 - 20:.1f} {x2:.1f},{y2 - 50:.1f} {x2:.1f},{y2:.1f}"
                )
                # Label on the far side of the lane, clear of the boxes.
                left_lane = lane_side == "lane_left"
                lx, ly = lane + (-6 if left_lane else 6), (y1 + y2) / 2
                anchor = "end" if left_lane else "start"
                wrap = 16
            else:
                path = f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
                # Labels sit just below the source box.
                ly = y1 + min(ROW_GAP / 2, (y2 - y1) / 2)
                lx = x1 + (x2 - x1) * (ly - y1) / (y2 - y1)
        elif adjacent:
            # Neighbours in one row: a short arrow between facing sides.
            left_to_right = tx > sx
            x1 = sx + sw if left_to_right else sx
            x2 = tx if left_to_right else tx + tw
            y1 = y2 = sy + sh / 2 + (8 if left_to_right else -8)
            path = f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
            lx, ly = (x1 + x2) / 2, y1 - (28 if left_to_right else 4) - 14
            wrap = 14
        elif step == 0:
            # Same row, not neighbours: dip under the row.
            side_count["under"] += 1
            dip = 40 + 15 * side_count["under"]
            x1, y1 = centre_x(source), sy + sh
            x2, y2 = centre_x(t.target), ty + th
            path = (
                f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + dip:.1f} {x2:.1f},{y2 + dip:.1f} "
                f"{x2:.1f},{y2:.1f}"
            )
            lx, ly = (x1 + x2) / 2, y1 + dip * 0.75
        else:
            # Back edge: bow out into the margin, side to side.
            side = "right" if centre_x(source) >= width / 2 else "left"
            side_count[side] += 1
            bow = 30 + 25 * side_count[side]
            lo, hi = sorted((layer_of[source], layer_of[t.target]))
            spanned = [boxes[k] for layer in layers[lo : hi + 1] for k in layer]
            if side == "right":
                x1, x2 = sx + sw, tx + tw
                cx = max(bx + bw for bx, _, bw, _ in spanned) + bow
            else:
                x1, x2 = sx, tx
                cx = min(bx for bx, _, _, _ in spanned) - bow
            y1, y2 = sy + sh / 2, ty + th / 2
            path = f"M{x1:.1f},{y1:.1f} C{cx:.1f},{y1:.1f} {cx:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
            lx, ly = x1 + (cx - x1) * 0.75 + (6 if side == "right" else -6), (y1 + y2) / 2
            anchor = "start" if side == "right" else "end"
            wrap = 16
        edge_svg.append(
            f'<path d="{path}" fill="none" stroke="#000" stroke-width="1.5" '
            f'marker-end="url(#{marker_id})"><title>{escape(t.label)}</title></path>'
        )
        label_lines = _text_lines(t.label, wrap)
        lw = max(len(line) for line in label_lines) * LABEL_FONT_SIZE * 0.55 + 8
        lh = len(label_lines) * (LABEL_FONT_SIZE + 3) + 4
        top = ly - lh / 2
        left = {"middle": lx - lw / 2, "start": lx - 4, "end": lx - lw + 4}[anchor]
        label_svg.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{lw:.1f}" height="{lh:.1f}" '
            'fill="#fff" fill-opacity="0.85"/>'
            + _text(
                lx,
                top + LABEL_FONT_SIZE + 1,
                label_lines,
                size=LABEL_FONT_SIZE,
                fill="#333",
                anchor=anchor,
                italic=bool(t.driven_by_fact),
            )
        )

    for t in from_any:
        if t.target not in boxes:
            continue
        tx, ty, tw, th = boxes[t.target]
        x2, bottom = tx + tw / 2, ty + th
        edge_svg.append(
            f'<path d="M{x2:.1f},{bottom + 40:.1f} L{x2:.1f},{bottom:.1f}" fill="none" '
            f'stroke="#000" stroke-width="1.5" stroke-dasharray="4 3" '
            f'marker-end="url(#{marker_id})">'
            f"<title>{escape(t.label)} (from any step)</title></path>"
        )
        label_svg.append(
            _text(
                x2,
                bottom + 56,
                ["From any step:", *_text_lines(t.label, LABEL_WRAP_CHARS)],
                size=LABEL_FONT_SIZE,
                fill="#333",
                italic=bool(t.driven_by_fact),
            )
        )

    box_svg = []
    for state in pathway.states:
        if state.key not in boxes:
            continue
        x, y, w, h = boxes[state.key]
        is_current = state.key == current
        fill = CURRENT_FILL if is_current else "#fff"
        colour = "#fff" if is_current else "#000"
        group = [
            f'<g class="state{" state-current" if is_current else ""}" '
            f"data-state={quoteattr(state.key)}>",
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="10" '
            f'fill="{fill}" stroke="#000" stroke-width="{4 if is_current else 2}"/>',
        ]
        if state.terminal:
            group.append(
                f'<rect x="{x + 5:.1f}" y="{y + 5:.1f}" width="{w - 10:.1f}" '
                f'height="{h - 10:.1f}" rx="6" fill="none" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
        label_lines = lines_of[state.key]
        text_top = y + h / 2 - (len(label_lines) * LINE_HEIGHT) / 2 + STATE_FONT_SIZE
        group.append(
            _text(
                x + w / 2,
                text_top,
                label_lines,
                size=STATE_FONT_SIZE,
                fill=colour,
                bold=is_current,
            ).replace(f'dy="{STATE_FONT_SIZE + 3}"', f'dy="{LINE_HEIGHT}"')
        )
        group.append("</g>")
        box_svg.append("".join(group))

    legend = _text(
        MARGIN / 2,
        height_total - 30,
        [
            "Double border: end of the pathway.",
            "Italic steps happen when the NRM referral is updated, not by a button.",
        ],
        size=LABEL_FONT_SIZE,
        anchor="start",
        fill="#333",
    )
    out += edge_svg + box_svg + label_svg + [legend, "</svg>"]
    return "\n".join(out) + "\n"
