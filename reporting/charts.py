"""Charts as SVG drawn on the server: bars for breakdowns, a line for trends.

Made for print and greyscale: one dark ink, values written beside every bar
and point, and suppressed counts drawn as a hatched stub labelled in words,
so nothing depends on colour. Each chart has a <title> and <desc> giving its
content as text, and a table beside it in the report.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

INK = "#0b0c0c"
GRID = "#b1b4b6"
FONT = 'font-family="Arial, Liberation Sans, DejaVu Sans, sans-serif"'


def _value_text(row: dict) -> str:
    if row.get("count") is None:
        if row.get("fewer_than"):
            return f"fewer than {row['fewer_than']}"
        return "suppressed"
    text = f"{row['count']:,}"
    if row.get("percent") is not None:
        text += f" ({row['percent']:g}%)"
    return text


def _wrap(label: str, width: int) -> list[str]:
    words, lines, line = str(label).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:3] or [""]


def bar_chart(rows: list[dict], *, title: str, chart_id: str, width: int = 330) -> str:
    """Horizontal bars, one per row; a label on the left and the value on the right."""
    label_width, value_width, bar_height, gap, line_step = 118, 78, 14, 8, 9.5
    plot_width = width - label_width - value_width
    wrapped = [_wrap(row["label"], 26) for row in rows]
    heights = [max(bar_height, len(lines) * line_step) + gap for lines in wrapped]
    height = int(sum(heights)) + 10 if rows else 20
    largest = max((row["count"] or 0 for row in rows), default=0) or 1
    description = "; ".join(f"{row['label']}: {_value_text(row)}" for row in rows) or "No data"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        "<defs>"
        f'<pattern id="{chart_id}-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{INK}" stroke-width="1.5"/></pattern>'
        "</defs>",
        f'<line x1="{label_width}" y1="0" x2="{label_width}" y2="{height - 6}" '
        f'stroke="{INK}" stroke-width="1"/>',
    ]
    top = 4.0
    for row, lines, row_height in zip(rows, wrapped, heights, strict=True):
        middle = top + (row_height - gap) / 2
        y = middle - bar_height / 2
        first_line = middle + 3.5 - (len(lines) - 1) * line_step / 2
        for line_index, line in enumerate(lines):
            parts.append(
                f'<text x="{label_width - 6}" y="{first_line + line_index * line_step:.1f}" '
                f'text-anchor="end" font-size="9" {FONT} fill="{INK}">{escape(line)}</text>'
            )
        if row.get("count") is None:
            bar = 10
            parts.append(
                f'<rect x="{label_width}" y="{y:.1f}" width="{bar}" height="{bar_height}" '
                f'fill="url(#{chart_id}-hatch)" stroke="{INK}" stroke-width="0.75"/>'
            )
        else:
            bar = round(plot_width * row["count"] / largest, 1)
            if bar:
                parts.append(
                    f'<rect x="{label_width}" y="{y:.1f}" width="{bar}" height="{bar_height}" '
                    f'fill="#505a5f" stroke="{INK}" stroke-width="0.75"/>'
                )
        parts.append(
            f'<text x="{label_width + bar + 5:.1f}" y="{middle + 3.5:.1f}" '
            f'font-size="9" {FONT} fill="{INK}">{escape(_value_text(row))}</text>'
        )
        top += row_height
    parts.append("</svg>")
    return "".join(parts)


def _nice_ceiling(value: float) -> int:
    """The next round number at or above value (1, 2, 3, 4, 5, 6, 8, 10, 15, 20...),
    close enough that a trend of about 40 is not drawn on an axis to 100."""
    if value <= 1:
        return 1
    magnitude = 1
    while magnitude * 10 < value:
        magnitude *= 10
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if factor * magnitude >= value:
            return math.ceil(factor * magnitude)
    return 10 * magnitude


def line_chart(points: list[dict], *, title: str, chart_id: str, width: int = 330) -> str:
    """Cases per period: a line with a marked, labelled point for each period.

    A suppressed point is drawn as an open square labelled in words and the
    line breaks around it."""
    height, left, right, top, bottom = 190, 34, 12, 26, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p["count"] for p in points]
    largest = _nice_ceiling(max((v for v in values if v is not None), default=0) * 1.15)
    step = plot_w / max(1, len(points) - 1)

    def xy(index, value):
        return left + index * step, top + plot_h - plot_h * value / largest

    description = "; ".join(
        f"{p['label']}: {p['count'] if p['count'] is not None else 'suppressed'}" for p in points
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="{INK}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{INK}"/>',
        f'<text x="{left - 5}" y="{top + plot_h + 3}" text-anchor="end" font-size="8" '
        f"{FONT}>0</text>",
        f'<text x="{left - 5}" y="{top + 3}" text-anchor="end" font-size="8" {FONT}>'
        f"{largest:,}</text>",
        f'<line x1="{left}" y1="{top}" x2="{width - right}" y2="{top}" stroke="{GRID}" '
        'stroke-dasharray="3 3"/>',
    ]
    segment = []
    segments = []
    for index, value in enumerate(values):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
        else:
            segment.append(xy(index, value))
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{INK}" stroke-width="2"/>'
            )
    for index, point in enumerate(points):
        x = left + index * step
        anchor = "start" if index == 0 else "end" if index == len(points) - 1 else "middle"
        parts.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="{anchor}" font-size="9" {FONT}>'
            f"{escape(point['label'])}</text>"
        )
        if point["count"] is None:
            y = top + plot_h - 6
            parts.append(
                f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="white" '
                f'stroke="{INK}" stroke-width="1.5"/>'
            )
            label = "suppressed"
        else:
            _, y = xy(index, point["count"])
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{INK}"/>')
            label = f"{point['count']:,}"
        parts.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="{anchor}" font-size="9" '
            f'font-weight="bold" {FONT}>{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
