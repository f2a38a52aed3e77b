"""Geometry of the server-side SVG bar chart of monthly visits (plain data in, plain data out)."""
from dataclasses import dataclass

from app.timeutil import MONTHS_ES

WIDTH, HEIGHT = 960, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 16, 48


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    source: str
    title: str
    short_label: str


def nice_ceiling(value: int) -> int:
    """The smallest 1/2/5 × 10^n at or above value (at least 10), for a readable axis."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= max(value, 10):
                return step * factor
        step *= 10


def build_bar_chart(rows) -> dict:
    """Bars, axis ticks and size for a list of MonthFigures (months without data get no bar)."""
    top = nice_ceiling(max((r.visits or 0 for r in rows), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(rows), 1)
    bars = []
    for i, row in enumerate(rows):
        value = row.visits or 0
        height = plot_h * value / top
        visits = "sin datos" if row.visits is None else f"{row.visits:,} visitas"
        bars.append(Bar(
            x=round(LEFT + i * slot + slot * 0.15, 1), y=round(TOP + plot_h - height, 1),
            width=round(slot * 0.7, 1), height=round(height, 1), source=row.source,
            title=f"{row.label}: {visits} ({row.source_label})",
            short_label=f"{MONTHS_ES[row.month - 1][:3]} {str(row.year)[2:]}"))
    ticks = [{"value": top * k // 4, "y": round(TOP + plot_h - plot_h * k / 4, 1)} for k in range(5)]
    return {"bars": bars, "ticks": ticks, "width": WIDTH, "height": HEIGHT, "left": LEFT,
            "right": WIDTH - RIGHT, "baseline": TOP + plot_h, "slot": slot}
