"""Charts as SVG drawn on the server: no script, no style attribute, so the strict CSP holds
and the same markup prints in the PDF. Every text in them is escaped."""

from __future__ import annotations

from markupsafe import Markup

WIDTH = 360  # narrow enough to read on a phone at full width; the page caps it on a desk
LINE = 21  # a label's line above its bars
BAR = 15
GAP = 10
VALUE_ROOM = 48  # room right of the longest bar for its number
SERIES_COLOURS = ("#8a9bb3", "#4f72a3", "#1d4f91")  # year before, previous, this period
INK = "#1f2933"


def _number(value: float | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _bar_width(value, top) -> float:
    return 0 if not value else max(round((WIDTH - VALUE_ROOM) * value / top, 1), 2)


def bar_chart(rows: list[tuple[str, float | int | None]], title: str, chart_id: str) -> Markup:
    """One bar per ``(label, value)``, the label above its bar; ``None`` draws no bar."""
    top = max([v for _, v in rows if v] or [1])
    step = LINE + BAR + GAP
    parts = [_open_svg(chart_id, len(rows) * step, title)]
    for i, (label, value) in enumerate(rows):
        y = i * step
        width = _bar_width(value, top)
        parts.append(_text(0, y + 16, _clip(label, 40), 15))
        parts.append(_rect(0, y + LINE, width, BAR, SERIES_COLOURS[2]))
        parts.append(_text(width + 5, y + LINE + 13, _number(value), 14))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def grouped_chart(groups: list[tuple[str, list[float | int | None]]], series: list[str],
                  title: str, chart_id: str) -> Markup:
    """For each ``(label, values)`` one bar per series (in order: year before, previous
    period, this period), with a key of the series above."""
    top = max([v for _, vs in groups for v in vs if v] or [1])
    colours = SERIES_COLOURS[-len(series):]
    legend = len(series) * LINE + GAP
    step = LINE + len(series) * (BAR + 2) + GAP
    parts = [_open_svg(chart_id, legend + len(groups) * step, title)]
    for k, name in enumerate(series):
        parts.append(_rect(0, k * LINE + 3, 12, 12, colours[k]))
        parts.append(_text(18, k * LINE + 15, _clip(name, 40), 14))
    for i, (label, values) in enumerate(groups):
        y = legend + i * step
        parts.append(_text(0, y + 16, _clip(label, 40), 15, weight="bold"))
        for k, value in enumerate(values):
            top_y = y + LINE + k * (BAR + 2)
            width = _bar_width(value, top)
            parts.append(_rect(0, top_y, width, BAR, colours[k]))
            parts.append(_text(width + 5, top_y + 12, _number(value), 13))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open_svg(chart_id: str, height: int, title: str) -> Markup:
    return Markup(
        '<svg class="chart" id="{id}" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-t" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{title}</title>'
    ).format(id=chart_id, w=WIDTH, h=height, title=title)


def _text(x: float, y: float, text: str, size: int, weight: str = "normal") -> Markup:
    return Markup('<text x="{}" y="{}" font-size="{}" font-weight="{}" fill="{}" '
                  'font-family="Sarabun, sans-serif">{}</text>'
                  ).format(x, y, size, weight, INK, text)


def _rect(x: float, y: float, width: float, height: float, colour: str) -> Markup:
    return Markup('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                  ).format(x, y, width, height, colour)
