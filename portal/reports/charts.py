"""Charts as SVG drawn on the server: no script, no style attribute, so the strict CSP holds
and the same markup prints in the PDF. Every text in them is escaped."""

from __future__ import annotations

from markupsafe import Markup

WIDTH = 640
LABEL_WIDTH = 230
BAR_HEIGHT = 22
GAP = 10
SERIES_COLOURS = ("#9aa9bd", "#5b7ba6", "#1d4f91")  # year before, previous, this period


def _number(value: float | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def bar_chart(rows: list[tuple[str, float | int | None]], title: str, chart_id: str) -> Markup:
    """Horizontal bars, one per ``(label, value)``; a ``None`` value draws no bar."""
    top = max([v for _, v in rows if v] or [1])
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    span = WIDTH - LABEL_WIDTH - 70
    parts = [_open_svg(chart_id, height, title)]
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = 0 if not value else max(round(span * value / top), 2)
        parts.append(_text(LABEL_WIDTH - 8, y + 16, _clip(label), 14, anchor="end"))
        parts.append(_rect(LABEL_WIDTH, y, width, BAR_HEIGHT, SERIES_COLOURS[2]))
        parts.append(_text(LABEL_WIDTH + width + 6, y + 16, _number(value), 14))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def grouped_chart(groups: list[tuple[str, list[float | int | None]]], series: list[str],
                  title: str, chart_id: str) -> Markup:
    """Grouped horizontal bars: for each ``(label, values)`` one bar per series, with a key.

    Series are drawn in order (year before, previous period, this period).
    """
    values = [v for _, vs in groups for v in vs if v]
    top = max(values or [1])
    n = len(series)
    group_height = n * (BAR_HEIGHT - 6) + GAP * 2
    legend = 26
    height = legend + len(groups) * group_height + GAP
    span = WIDTH - LABEL_WIDTH - 70
    parts = [_open_svg(chart_id, height, title)]
    x = 0
    for k, name in enumerate(series):
        colour = SERIES_COLOURS[-n + k]
        parts.append(_rect(x, 4, 14, 14, colour))
        parts.append(_text(x + 20, 16, _clip(name, 26), 13))
        x += 20 + 8 * min(len(name), 26) + 24
    for i, (label, vals) in enumerate(groups):
        y0 = legend + i * group_height + GAP
        parts.append(_text(LABEL_WIDTH - 8, y0 + group_height / 2, _clip(label), 14,
                           anchor="end"))
        for k, value in enumerate(vals):
            y = y0 + k * (BAR_HEIGHT - 6)
            width = 0 if not value else max(round(span * value / top), 2)
            parts.append(_rect(LABEL_WIDTH, y, width, BAR_HEIGHT - 8, SERIES_COLOURS[-n + k]))
            parts.append(_text(LABEL_WIDTH + width + 6, y + 12, _number(value), 12))
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


def _text(x: float, y: float, text: str, size: int, anchor: str = "start") -> Markup:
    return Markup('<text x="{}" y="{}" text-anchor="{}" font-size="{}" fill="#1f2933">{}</text>'
                  ).format(x, y, anchor, size, text)


def _rect(x: float, y: float, width: float, height: float, colour: str) -> Markup:
    return Markup('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                  ).format(x, y, width, height, colour)
