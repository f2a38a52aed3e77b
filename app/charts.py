"""Chart geometry shared by every renderer: the dashboard's and the visits page's SVG charts
and the cabinet PDF's reportlab charts.

Plain numbers in, coordinates out; nothing here draws or formats. Coordinates grow downwards
from the top-left corner, as in SVG; the PDF flips them (``height - y``).
"""
from dataclasses import dataclass

# A readable axis top is one of these times a power of ten; the axis has TICKS equal steps.
STEPS = (1, 2, 2.5, 5)
TICKS = 4


def _whole(value: float) -> float | int:
    """An int when the value is whole (so 25.0 reads 25), the float otherwise (12.5)."""
    return int(value) if float(value).is_integer() else value


def nice_max(value: float, *, floor: float = 1, steps: tuple = STEPS) -> float | int:
    """The smallest step × 10^n at or above ``value`` (and at least ``floor``)."""
    target = max(value, floor)
    power = 1
    while power * 10 <= target:
        power *= 10
    while power > target:
        power /= 10
    for step in (*steps, 10):
        if step * power >= target:
            return _whole(step * power)
    return _whole(10 * power)


@dataclass(frozen=True)
class Tick:
    value: float | int
    y: float


@dataclass(frozen=True)
class Bar:
    """One bar: its group (label) and series indices, its value (None = no data) and box."""

    group: int
    series: int
    value: float | None
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarLayout:
    """Everything a renderer needs: the canvas, the plot area, the ticks, the bars and the
    x of each group's centre (where its label goes)."""

    width: float
    height: float
    left: float
    right: float
    top: float
    baseline: float
    axis_max: float | int
    ticks: list
    bars: list
    centers: list
    slot: float


def bar_layout(series: list[list], *, width: float, height: float,
               margins: tuple[float, float, float, float], floor: float = 1,
               steps: tuple = STEPS) -> BarLayout:
    """Grouped vertical bars: ``series`` is one list of values per series, all of the same
    length (one value per group; None = no data, a bar of height 0). ``margins`` are
    (left, right, top, bottom) around the plot area."""
    left, right, top, bottom = margins
    groups = max((len(values) for values in series), default=0)
    values = [v for data in series for v in data if v is not None]
    axis_max = nice_max(max(values, default=0), floor=floor, steps=steps)
    plot_w, plot_h = width - left - right, height - top - bottom
    baseline = top + plot_h
    slot = plot_w / max(groups, 1)
    share = slot * 0.8 / max(len(series), 1)
    bars = []
    for g in range(groups):
        x0 = left + g * slot + slot * 0.1
        for s, data in enumerate(series):
            value = data[g]
            h = plot_h * (value or 0) / axis_max
            bars.append(Bar(g, s, value, round(x0 + s * share, 1), round(baseline - h, 1),
                            round(share * 0.92, 1), round(h, 1)))
    ticks = [Tick(_whole(axis_max * k / TICKS), round(baseline - plot_h * k / TICKS, 1))
             for k in range(TICKS + 1)]
    centers = [round(left + g * slot + slot / 2, 1) for g in range(groups)]
    return BarLayout(width, height, left, width - right, top, baseline, axis_max, ticks, bars,
                     centers, round(slot, 1))


@dataclass(frozen=True)
class LineLayout:
    """Lines over equally spaced points: the canvas, the plot area, the ticks, each series'
    SVG ``points`` (None values skipped) and the x of every point."""

    width: float
    height: float
    left: float
    right: float
    top: float
    baseline: float
    axis_max: float | int
    ticks: list
    lines: list
    xs: list


def line_layout(series: list[list], *, width: float, height: float,
                margins: tuple[float, float, float, float], floor: float = 1) -> LineLayout:
    """One polyline per series, all of the same length (None = no data at that point)."""
    left, right, top, bottom = margins
    count = max((len(values) for values in series), default=0)
    values = [v for data in series for v in data if v is not None]
    axis_max = nice_max(max(values, default=0), floor=floor)
    plot_w, plot_h = width - left - right, height - top - bottom
    baseline = top + plot_h
    xs = [round(left + plot_w * i / max(count - 1, 1), 1) for i in range(count)]
    lines = [" ".join(f"{xs[i]},{round(baseline - plot_h * v / axis_max, 1)}"
                      for i, v in enumerate(data) if v is not None) for data in series]
    ticks = [Tick(_whole(axis_max * k / TICKS), round(baseline - plot_h * k / TICKS, 1))
             for k in range(TICKS + 1)]
    return LineLayout(width, height, left, width - right, top, baseline, axis_max, ticks,
                      lines, xs)
