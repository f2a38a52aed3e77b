"""Server-side inline SVG charts (no JavaScript, no external library)."""
from markupsafe import Markup, escape

from app.stats.periods import month_label

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40
COLORS = ("#7a1f2b", "#c79a3b", "#3a6e8f", "#5c8a4a")


def _nice_max(value: float) -> float:
    """A round upper bound for the axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    while power > value and power > 1:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _fmt(value: float) -> str:
    """Whole numbers as such, others with one decimal (12.5, never rounded to 12)."""
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    return text.replace(",", " ")


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list]],
              suffix: str = "") -> Markup:
    """Grouped vertical bars: one group per label, one bar per series (None = no data)."""
    values = [v for _, data in series for v in data if v is not None]
    top = _nice_max(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_w = plot_w / max(len(labels), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" class="stats-chart" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i in range(5):
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#ddd"/><text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" '
                     f'text-anchor="end">{_fmt(top * i / 4)}{suffix}</text>')
    for g, label in enumerate(labels):
        x0 = LEFT + g * group_w + group_w * 0.1
        for s, (name, data) in enumerate(series):
            value = data[g]
            if value is None:
                continue
            h = plot_h * value / top
            parts.append(f'<rect x="{x0 + s * bar_w:.1f}" y="{TOP + plot_h - h:.1f}" '
                         f'width="{bar_w * 0.92:.1f}" height="{h:.1f}" fill="{COLORS[s % 4]}">'
                         f'<title>{escape(name)} · {escape(label)}: {_fmt(value)}{suffix}</title></rect>')
        parts.append(f'<text x="{LEFT + g * group_w + group_w / 2:.1f}" y="{HEIGHT - BOTTOM + 14}" '
                     f'font-size="10" text-anchor="middle">{escape(label)}</text>')
    for s, (name, _) in enumerate(series):
        x = LEFT + s * 170
        parts.append(f'<rect x="{x}" y="{HEIGHT - 14}" width="10" height="10" fill="{COLORS[s % 4]}"/>'
                     f'<text x="{x + 14}" y="{HEIGHT - 5}" font-size="11">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def dashboard_charts(data: dict) -> list[Markup]:
    """The dashboard's charts: this period against the previous one, and the monthly series."""
    keys = [("Recibidas", "received"), ("Denuncias web", "web"),
            ("Atención ciudadana", "attention"), ("Canalizadas", "channeled"),
            ("Concluidas", "concluded")]
    now, before = data["headline"], data["previous_headline"]
    monthly = data["monthly"]
    labels = [month_label(m["period"]) for m in monthly]
    compliance = [None if m["compliance"] is None else round(m["compliance"] * 100, 1)
                  for m in monthly]
    return [
        bar_chart("Este periodo contra el anterior", [label for label, _ in keys],
                  [("Periodo anterior", [before[k] for _, k in keys]),
                   ("Este periodo", [now[k] for _, k in keys])]),
        bar_chart("Visitas al sitio web por mes", labels,
                  [("Visitas", [m["visits"] for m in monthly])]),
        bar_chart("Denuncias web y atención ciudadana por mes", labels,
                  [("Denuncias web", [m["web"] for m in monthly]),
                   ("Atención ciudadana", [m["atencion"] for m in monthly]),
                   ("Ciudadanos atendidos", [m["citizens"] for m in monthly])]),
        bar_chart("Cumplimiento de informes semanales por mes", labels,
                  [("Cumplimiento", compliance)], suffix=" %"),
    ]
