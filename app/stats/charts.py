"""Server-side inline SVG charts (no JavaScript, no external library); the geometry is
app/charts.py's, shared with the visits page and the cabinet PDF."""
from markupsafe import Markup, escape

from app.charts import bar_layout
from app.formatting import number
from app.stats.periods import month_label

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40
COLORS = ("#7a1f2b", "#c79a3b", "#3a6e8f", "#5c8a4a")


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list]],
              suffix: str = "") -> Markup:
    """Grouped vertical bars: one group per label, one bar per series (None = no data)."""
    layout = bar_layout([data for _, data in series], width=WIDTH, height=HEIGHT,
                        margins=(LEFT, RIGHT, TOP, BOTTOM))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" class="stats-chart" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for tick in layout.ticks:
        parts.append(f'<line x1="{LEFT}" x2="{layout.right}" y1="{tick.y:.1f}" y2="{tick.y:.1f}" '
                     f'stroke="#ddd"/><text x="{LEFT - 4}" y="{tick.y + 4:.1f}" font-size="10" '
                     f'text-anchor="end">{number(tick.value)}{suffix}</text>')
    for bar in layout.bars:
        if bar.value is None:
            continue
        name, label = series[bar.series][0], labels[bar.group]
        parts.append(f'<rect x="{bar.x:.1f}" y="{bar.y:.1f}" width="{bar.width:.1f}" '
                     f'height="{bar.height:.1f}" fill="{COLORS[bar.series % 4]}">'
                     f'<title>{escape(name)} · {escape(label)}: {number(bar.value)}{suffix}</title></rect>')
    for center, label in zip(layout.centers, labels):
        parts.append(f'<text x="{center:.1f}" y="{HEIGHT - BOTTOM + 14}" '
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
                   ("Atención ciudadana", [m["attention"] for m in monthly]),
                   ("Ciudadanos atendidos", [m["citizens"] for m in monthly])]),
        bar_chart("Cumplimiento de informes semanales por mes", labels,
                  [("Cumplimiento", compliance)], suffix=" %"),
    ]
