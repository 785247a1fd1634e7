"""Server-rendered SVG charts: no script, no library, no network; each comes with its data table.

Only geometry is computed here; the figures come from :mod:`site_builder.pages.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from site_builder.money import fmt

PALETTE = ("#3949ab", "#00897b", "#f4511e", "#8e24aa", "#6d4c41")


@dataclass
class Bars:
    """A grouped bar chart: one group per category (a year), one bar per series."""

    title: str
    unit: str
    categories: list[str]
    series: list[tuple[str, list[Decimal | None]]]

    def has_data(self) -> bool:
        return any(v is not None for _, values in self.series for v in values)


def _nice_max(value: Decimal) -> Decimal:
    """A round axis maximum at or above ``value`` (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        candidate = step.scaleb(exponent)
        if candidate >= value:
            return candidate
    return Decimal(10).scaleb(exponent)  # pragma: no cover


def svg(chart: Bars, width: int = 640, height: int = 260) -> str:
    """The chart as an inline SVG element, labelled for screen readers (the table beside it is the full data)."""
    left, right, top, bottom = 56, 12, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, vs in chart.series for v in vs if v is not None]
    high = _nice_max(max(values, default=Decimal(0)))
    n_groups = max(len(chart.categories), 1)
    n_series = max(len(chart.series), 1)
    group_w = plot_w / n_groups
    bar_w = min(group_w * 0.8 / n_series, 48)
    parts = [
        f'<svg class="sb-chart" viewBox="0 0 {width} {height + 18 * ((n_series + 2) // 3)}" role="img" '
        f'aria-label="{escape(chart.title)}（单位：{escape(chart.unit)}）" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(chart.title)}（单位：{escape(chart.unit)}）</title>",
    ]
    for i in range(5):
        tick = high * i / 4
        y = top + plot_h - float(tick / high) * plot_h
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="sb-grid"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="sb-tick">{escape(fmt(tick.normalize()) if tick else "0")}</text>'
        )
    for g, category in enumerate(chart.categories):
        x0 = left + g * group_w + (group_w - bar_w * n_series) / 2
        for s, (name, series_values) in enumerate(chart.series):
            value = series_values[g] if g < len(series_values) else None
            x = x0 + s * bar_w
            if value is None:
                parts.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - 4}" text-anchor="middle" class="sb-tick">—</text>'
                )
                continue
            h = max(float(value / high) * plot_h, 0.0) if high else 0.0
            y = top + plot_h - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w * 0.92:.1f}" height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{escape(category)} {escape(name)}：{escape(fmt(value))}{escape(chart.unit)}</title></rect>"
            )
        parts.append(
            f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle" class="sb-label">{escape(category)}</text>'
        )
    legend_y = height - 6
    for s, (name, _) in enumerate(chart.series):
        col, row = s % 3, s // 3
        x = left + col * (plot_w / 3)
        y = legend_y + row * 18
        parts.append(f'<rect x="{x:.1f}" y="{y - 10}" width="10" height="10" fill="{PALETTE[s % len(PALETTE)]}"/>')
        parts.append(f'<text x="{x + 14:.1f}" y="{y}" class="sb-label">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
