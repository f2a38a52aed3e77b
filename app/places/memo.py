"""«Colonias con más reportes» in the cabinet memo and, with the per-colonia × category table
of the dashboard's period, on the dashboard (registered from ``init_app``)."""
from datetime import datetime

from app.formatting import Trend, integer, number
from app.places import queries
from app.places.pdf import colonias_section
from app.memo_sections import ExtraSection, register_section
from app.stats.periods import Period
from app.timeutil import MONTHS_ES

TOP_HEADERS = ("#", "Colonia", "C.P.", "Mes a la fecha", "Promedio de los 3 meses "
               "anteriores (mismos días)", "Tendencia")
DASHBOARD_ROWS = 30
# As the memo's 4-week trend: within 5 % of the average is «igual».
TOLERANCE = 0.05


def get_memo_colonias(period: Period, now: datetime) -> dict:
    """Plain, formatted data of the section for ``period`` (a stats Period)."""
    window = queries.month_window(period, now)
    month = f"{MONTHS_ES[window.first.month - 1]} de {window.first.year}"
    colonias, figures = queries.get_colonia_report(period, now)
    top = [(rank, name, code, integer(current), number(average),
            Trend(current, average, TOLERANCE * average).text())
           for rank, (name, code, current, average) in enumerate(colonias, 1)]
    return {
        "headers": TOP_HEADERS, "top": top,
        "intro": (f"Reportes recibidos del 1 al {window.days} de {month} por colonia del "
                  f"catálogo, contra el promedio de los mismos días de los "
                  f"{queries.PREVIOUS_MONTHS} meses anteriores."),
        "empty": f"Ningún reporte con colonia del catálogo en {month}.",
        "period_label": period.label, "figure_headers": queries.FIGURE_HEADERS,
        "figures": [row[:3] + tuple(integer(n) for n in row[3:])
                    for row in figures[:DASHBOARD_ROWS]],
        "figure_count": len(figures),
        "csv_args": {"desde": period.first.isoformat(), "hasta": period.last.isoformat()},
    }


def init_app(_app) -> None:
    """Add «Colonias con más reportes» to the cabinet memo and the dashboard."""
    register_section(ExtraSection("colonias", get_memo_colonias, colonias_section,
                                  "places/_dashboard.html"))
