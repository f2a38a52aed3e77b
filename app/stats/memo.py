"""The cabinet memo's sections as plain table data, from the dashboard's figures and a few
extra reads: the four statistics with their 4-week averages, the headline alerts, compliance
ranked worst first, units by overdue with a total, and the oldest overdue tickets per unit.
Cells are values or app/formatting.py cell types; the PDF formats them."""
from datetime import datetime

from app.formatting import Percent, Trend, integer
from app.reports import compliance as cm
from app.stats import overdue as overdue_lists
from app.stats import queries
from app.stats.periods import Period
from app.stats.tables import unit_rows
from app.visits import queries as visit_queries

TREND_WEEKS = 4
OLDEST_PER_UNIT = 3
ALERT_UNITS = 3
# A count within 5 % of its 4-week average, or compliance within one point, reads «= igual».
COUNT_TOLERANCE = 0.05
SHARE_TOLERANCE = 0.01
# Worst first: the week's status, then the year's and the month's scores.
STATUS_ORDER = {cm.NO_ENTREGADO: 0, cm.PENDIENTE: 1, cm.EXTEMPORANEO: 2, cm.JUSTIFICADO: 3,
                cm.A_TIEMPO: 4}
SUMMARY_HEADERS = ("Estadística", "Esta semana", "Semana anterior", "Promedio de 4 semanas",
                   "Tendencia")
COMPLIANCE_HEADERS = ("#", "Unidad", "Esta semana", "Entregado", "Fecha límite",
                      "Mes a la fecha", "Año a la fecha")
OVERDUE_HEADERS = ("Unidad", "Vencidas", "Mayor atraso (días)",
                   f"Las {OLDEST_PER_UNIT} más atrasadas: folio (días de atraso)")

DEFINITIONS = [
    ("Promedio de 4 semanas", "Promedio de las cuatro semanas completas anteriores a la del "
     "informe. La tendencia compara esta semana con ese promedio: ▲ sube, ▼ baja, = igual "
     "cuando la diferencia no pasa del 5 % del promedio (un punto en el cumplimiento). "
     "Mientras la semana no termina, no lleva tendencia."),
    ("Visitas a la página web (semana)", "Suma de los visitantes únicos diarios del contador "
     "propio en la semana; las cifras capturadas o importadas son mensuales y se ven en la "
     "serie mensual, con su fuente."),
    ("Orden del cumplimiento", "De peor a mejor: primero el estado de la semana (no entregado, "
     "pendiente, extemporáneo, justificado, a tiempo), luego el promedio del año y el del mes. "
     "Mes y año a la fecha: las semanas cuyo lunes cae en el mes o el año, hasta esta semana."),
]


def previous_weeks(period: Period, count: int = TREND_WEEKS) -> list[Period]:
    """The ``count`` periods before ``period``, oldest first."""
    weeks = [period.previous()]
    while len(weeks) < count:
        weeks.append(weeks[-1].previous())
    return weeks[::-1]


def year_to_date(period: Period) -> Period:
    """From the 1st of January of the week's Monday to the week's end."""
    return Period(period.first.replace(month=1, day=1), period.last)


def _mean(values) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def summary_rows(data: dict, now: datetime) -> list[tuple]:
    """The four statistics: this week, the week before, the 4-week average and the trend."""
    weeks = previous_weeks(data["period"])
    series = queries.get_weekly_series(weeks, now, data.get("scope"))
    visits = visit_queries.get_counter_visits([*weeks, data["period"]])
    current, before = data["headline"], data["previous_headline"]
    running = data["running"] is not None  # a week not over has no trend yet
    compliance = _mean(row["compliance"] for row in series)
    rows = [("Cumplimiento de informes semanales", Percent(current["compliance"]),
             Percent(before["compliance"]), Percent(compliance),
             Trend(current["compliance"], None if running else compliance, SHARE_TOLERANCE))]
    for label, now_value, before_value, average in (
            ("Visitas a la página web", visits[-1], visits[-2], _mean(visits[:-1])),
            ("Denuncias ciudadanas en página web", current["web"], before["web"],
             _mean(row["web"] for row in series)),
            ("Atención ciudadana (solicitudes)", current["attention"], before["attention"],
             _mean(row["attention"] for row in series))):
        tolerance = COUNT_TOLERANCE * average if average is not None else 0
        rows.append((label, now_value, before_value,
                     None if average is None else round(average, 1),
                     Trend(now_value, None if running else average, tolerance)))
    return rows


def ranked_compliance(data: dict, now: datetime) -> list[dict]:
    """Each unit's week status, month and year scores, worst first."""
    rows = queries.list_compliance_by_unit(data["period"], now, data.get("scope"))
    return sorted(rows, key=lambda r: (STATUS_ORDER.get(r["status"], 5), _score_key(r["year"]),
                                       _score_key(r["month"]), r["name"]))


def _score_key(score: float | None) -> float:
    return 2 if score is None else score


def compliance_rows(ranked: list[dict]) -> list[tuple]:
    return [(rank, r["name"], cm.STATUS_LABELS[r["status"]], r["submitted_at"],
             r["deadline_at"], Percent(r["month"]), Percent(r["year"]))
            for rank, r in enumerate(ranked, 1)]


def alerts(ranked: list[dict], units: list) -> list[tuple[str, str]]:
    """(title, text) of the headline alerts: units without a report, units most overdue."""
    missing = [r["name"] for r in ranked if r["status"] == cm.NO_ENTREGADO]
    pending = [r["name"] for r in ranked if r["status"] == cm.PENDIENTE]
    text = ", ".join(missing) + "." if missing else "Ninguna con el plazo vencido."
    if pending:
        text += (f" Aún en plazo: {', '.join(pending)}." if len(pending) <= ALERT_UNITS
                 else f" Aún en plazo: {integer(len(pending))} unidades.")
    overdue = sorted((u for u in units if u.overdue), key=lambda u: (-u.overdue, u.name))
    total = sum(u.overdue for u in units)
    return [
        (f"Unidades sin informe de la semana ({integer(len(missing) + len(pending))})", text),
        ("Unidades con más solicitudes vencidas",
         "; ".join(f"{u.name}: {integer(u.overdue)}" for u in overdue[:ALERT_UNITS])
         + f". En total, {integer(total)} vencidas." if overdue
         else "No hay solicitudes vencidas."),
    ]


def units_by_overdue(units: list) -> tuple[list[tuple], tuple]:
    """The per-unit volume rows, most overdue first, and their total row."""
    ordered = sorted(units, key=lambda u: (-u.overdue, -u.backlog, u.name))
    total = ("Total", *[sum(getattr(u, key) for u in units) for key in
                        ("received", "channeled", "concluded", "backlog", "overdue", "solved")],
             None, None)
    return unit_rows(ordered), total


def overdue_summary(units: list, now: datetime, at: datetime | None = None,
                    closed: set | None = None) -> list[tuple]:
    """Per unit with overdue tickets at ``at`` (default ``now``), most first: the count, the
    oldest delay and the oldest few folios (``closed``: ``Scope.closed``)."""
    overdue = sorted((u for u in units if u.overdue), key=lambda u: (-u.overdue, u.name))
    oldest = overdue_lists.list_oldest_overdue_per_unit(now, [u.unit_id for u in overdue],
                                                        OLDEST_PER_UNIT, at=at, closed=closed)
    rows = []
    for unit in overdue:
        tickets = oldest.get(unit.unit_id, [])
        rows.append((unit.name, unit.overdue, tickets[0]["days_late"] if tickets else None,
                     " · ".join(f"{t['folio']} ({integer(t['days_late'])})" for t in tickets)))
    return rows
