"""The statistics module: every figure of the dashboard and the cabinet PDF comes from here.

Figures are aggregated in the database (a bounded number of queries per period, each on an
indexed column); Python only merges the per-unit rows. Definitions (also shown on screen and in
the PDF, from DEFINITIONS):

* Recibidas: tickets created (``created_at``) in the period, by channel group, kind, unit,
  category and colonia. Web complaints = channels web + API; citizen attention = the desk
  channels (presencial, telefónica, escrito); for citizen attention also the distinct citizens.
* Every figure of a range is the sum of its local days' (app/tickets/history.py
  ``day_facts``), read from the daily rollups for closed days and from the tickets for the
  others (app/stats/rollups.py), so a past period gives the same figures whenever it is read.
* Per unit: received by the unit the ticket had at the end of its reception day; channeled by
  the unit of the ticket's first channeling; concluded by the unit that concluded it.
* Canalizadas: tickets whose first channeling fell in the period, each once.
* Concluidas: tickets whose first move from an open to a finished status (atendida, cerrada,
  improcedente, duplicada — FINISHED_STATUSES) fell in the period, each once; a ticket
  reopened later still counts there (the reopening shows in «Satisfacción y reapertura»).
  Atendida counts as concluded: the unit's work is done even if the citizen has not confirmed
  it.
* Rezago (backlog) and vencidas are states at an instant: the period's end (``as_of``), or
  ``now`` while the period is running; a closed day's end is its stored snapshot, computed
  from the append-only status history (app/tickets/history.py).
  Rezago: tickets received before the instant and open at it. Vencidas: those whose clock ran
  then (canalizada, en proceso) with a due date before the instant's local day.
* Tiempo de resolución: from reception to the first conclusion, over the tickets concluded
  as atendida or cerrada in the period (improcedente and duplicada are left out); median and
  90th percentile per unit, linear interpolation (PostgreSQL's ``percentile_cont``).
* Cumplimiento de informes: app/reports/compliance.py's scores over the weeks that belong to
  the period, those whose Monday falls in it (``cm.weeks_of_period``), for the indicator and
  the monthly series alike.
* Satisfacción y reapertura: the citizens' answers on the portal (``TicketFeedback``) given in
  the period, per unit that handled the ticket when the citizen answered: answers, mean rating
  (1-5) and the share of "not solved" answers (each reopens the ticket for that unit).
"""
import math
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Float, Integer, and_, case, cast, func, literal, null, select, true, union_all

from app.extensions import db
from app.formatting import Percent, integer, percent
from app.reports import compliance as cm
from app.replica import replica_reads
from app.reports import queries as report_queries
from app.stats import overdue, rollups
from app.stats.periods import Period, is_running, last_months, running_label
from app.tickets import constants as c
from app.tickets import history
from app.tickets.models import TicketFeedback
from app.timeutil import format_datetime, local_today, utcnow
from app.units.queries import list_activity_periods, list_units_with_periods
from app.visits import queries as visit_queries

WEB = "web"
ATTENTION = "attention"
GROUP_LABELS = {WEB: "Denuncias web", ATTENTION: "Atención ciudadana"}
NO_UNIT = "Sin canalizar"
NO_COLONIA = "Sin colonia"
SOLVED_STATUSES = c.SOLVED_STATUSES
SECONDS_PER_DAY = 86400
ALL = object()  # "the scope's unit filter", as opposed to a given unit (None: all units)

DEFINITIONS = [
    ("Recibidas", "Solicitudes registradas en el periodo (fecha de recepción). Denuncias web: "
     "canales página web y API; atención ciudadana: presencial, telefónica y escrito."),
    ("Ciudadanos atendidos", "Personas distintas con al menos una solicitud de atención "
     "ciudadana en el periodo: una persona con tres solicitudes cuenta una vez."),
    ("Canalizadas", "Solicitudes canalizadas por primera vez en el periodo, cada una una "
     "sola vez y para la unidad a la que se canalizaron; una recanalización posterior no "
     "vuelve a contar."),
    ("Concluidas", "Solicitudes que llegaron por primera vez a un estado final (atendida, "
     "cerrada, improcedente o duplicada) en el periodo, para la unidad que las concluyó. "
     "Atendida cuenta como concluida; una solicitud reabierta después sigue contando aquí."),
    ("Recibidas por unidad", "Cada solicitud cuenta para la unidad que tenía al cierre del "
     "día en que se recibió («Sin canalizar» si aún no tenía)."),
    ("Rezago", "Solicitudes recibidas antes del cierre del periodo y abiertas a esa fecha."),
    ("Vencidas", "Solicitudes canalizadas o en proceso cuya fecha compromiso ya había pasado "
     "al cierre del periodo (a la fecha de consulta si el periodo sigue en curso)."),
    ("Cifras de periodos pasados", "Cada cifra es la suma de lo que aportó cada día del "
     "periodo, y el rezago y las vencidas se toman al cierre de su último día con el "
     "historial de estados (unidad, estado y fecha compromiso de entonces): un informe de una "
     "semana pasada da las mismas cifras aunque se genere después. El último mes de la serie "
     "mensual llega hasta el cierre del periodo."),
    ("Tiempo de resolución", "Días desde la recepción hasta que se atendió o cerró por primera "
     "vez, de las solicitudes atendidas o cerradas en el periodo: mediana y percentil 90 por "
     "unidad."),
    ("Cumplimiento de informes", "Promedio de las semanas de informe que pertenecen al "
     "periodo: cada semana (lunes a domingo) pertenece al periodo que contiene su lunes, "
     "también en la serie mensual, así que un mes y su barra de la serie coinciden. A tiempo "
     "vale 1, extemporáneo 0.5 y no entregado 0; pendientes y justificados no cuentan."),
    ("Satisfacción y reapertura", "Respuestas de los ciudadanos en la consulta del portal "
     "durante el periodo, por la unidad que atendió: calificación promedio (1 a 5) y porcentaje "
     "de respuestas «no quedó resuelto», cada una de las cuales reabre la solicitud."),
]


@dataclass
class UnitFigures:
    """Ticket figures of one unit (unit_id None = tickets not channeled yet)."""

    unit_id: int | None
    name: str
    received: int = 0
    channeled: int = 0
    concluded: int = 0
    backlog: int = 0
    overdue: int = 0
    solved: int = 0
    median_days: float | None = None
    p90_days: float | None = None
    # From the citizens' answers (TicketFeedback): count, mean rating 1-5, "not solved" share.
    answers: int = 0
    satisfaction: float | None = None
    reopen_rate: float | None = None

    @property
    def has_figures(self) -> bool:
        return any((self.received, self.channeled, self.concluded, self.backlog, self.overdue,
                    self.answers))


@dataclass
class TicketStats:
    """Ticket figures of a period (optionally of one unit)."""

    period: Period
    received: int = 0
    web: int = 0
    attention: int = 0
    attention_citizens: int = 0
    channeled: int = 0
    concluded: int = 0
    backlog: int = 0
    overdue: int = 0
    by_channel: list = field(default_factory=list)   # (label, count)
    by_kind: list = field(default_factory=list)      # (label, count)
    by_category: list = field(default_factory=list)  # (name, count)
    by_colonia: list = field(default_factory=list)   # (name, count)
    units: list = field(default_factory=list)        # UnitFigures, by name
    category_ids: dict = field(default_factory=dict)  # {name: id} of every category


def _in(column, period: Period):
    start, end = period.bounds
    return and_(column >= start, column < end)


def as_of(period: Period, now: datetime) -> datetime:
    """The instant a period's states (rezago, vencidas) are read at: its end, or ``now``."""
    return min(period.end_utc, now)



def count_open_per_unit(unit_id: int | None = None) -> dict:
    """{unit_id: tickets open now}."""
    return history.count_current_per_unit(utcnow(), unit_id)["open"]


def count_state_per_unit(instant: datetime, now: datetime, unit_id: int | None = None) -> dict:
    """{"open": {unit_id: n}, "overdue": {unit_id: n}} at ``instant`` (now or past), from the
    tickets and their history (app/tickets/history.py)."""
    return history.count_state_per_unit(instant, now, unit_id)


def count_overdue_per_unit(now: datetime, unit_id: int | None = None) -> dict:
    """{unit_id: overdue tickets} as of ``now``."""
    return history.count_current_per_unit(now, unit_id)["overdue"]


class Scope:
    """One request's reading: the closed days of the widest range it reads (one query) and,
    when asked, that range's weekly-report compliance, computed once and restricted to each
    period (the dashboard and the memo read both several times)."""

    def __init__(self, periods: list[Period], now: datetime, unit_id: int | None = None,
                 compliance: bool = False, units: list | None = None,
                 activity: dict | None = None):
        self.now, self.unit_id = now, unit_id
        self.first = min(p.first for p in periods)
        self.last = max(p.last for p in periods)
        self.closed = rollups.closed_days(self.first, self.last)
        if units is None:
            units, activity = list_units_with_periods()
        self.units, self._states = units, {}
        self.activity = list_activity_periods() if activity is None else activity
        self.summary = (report_queries.list_unit_compliance(
            self.first, self.last, now, unit_id, units=self.units, periods=self.activity)
            if compliance else None)

    def plan(self, period: Period) -> rollups.Plan:
        return rollups.plan(period, self.now, self.closed)

    def states(self, instant: datetime) -> dict:
        """The states at ``instant`` (read with ``read_states`` for every instant asked by
        ``prefetch_states``, in one query)."""
        if instant not in self._states:
            self._states.update(rollups.read_states([instant], self.now, self.closed,
                                                    self.unit_id))
        return self._states[instant]

    def prefetch_states(self, instants) -> None:
        self._states.update(rollups.read_states(list(instants), self.now, self.closed,
                                                self.unit_id))

    def compliance(self, first: date, last: date, unit_id=ALL):
        """The compliance summary of the weeks that belong to first..last."""
        unit = self.unit_id if unit_id is ALL else unit_id
        if self.summary is None:
            return report_queries.list_unit_compliance(first, last, self.now, unit)
        return report_queries.restrict(self.summary, first, last, unit)



def list_service_figures(period: Period, unit_id: int | None = None,
                         now: datetime | None = None,
                         scope: Scope | None = None) -> tuple[dict, dict]:
    """Per unit in the period, in one query: the resolution times (``list_resolution_times``)
    and the citizens' answers (``get_feedback_per_unit``)."""
    now = now or utcnow()
    scope = scope or Scope([period], now, unit_id)
    solved = rollups.resolution_rows(scope.plan(period), now, unit_id)
    postgres = db.engine.dialect.name == "postgresql"
    times = _pg_percentiles(solved) if postgres else _sqlite_percentiles(solved)
    unit_clause = TicketFeedback.unit_id == unit_id if unit_id is not None else true()
    answers = (select(literal(False), TicketFeedback.unit_id, func.count(),
                      func.avg(TicketFeedback.rating),
                      func.sum(case((TicketFeedback.solved.is_(False), 1), else_=0)),
                      cast(null(), Float), cast(null(), Float))
               .where(_in(TicketFeedback.created_at, period), unit_clause)
               .group_by(TicketFeedback.unit_id))
    resolution, feedback = {}, {}
    for is_time, unit, n, *values in db.session.execute(union_all(times, answers)):
        if not is_time:
            mean, not_solved = values[:2]
            feedback[unit] = (n, None if mean is None else float(mean), int(not_solved or 0))
        elif postgres:
            resolution[unit] = (n, float(values[0]), float(values[1]))
        else:
            lo50, hi50, lo90, hi90 = values
            resolution[unit] = (n, _interpolate(0.5, n, lo50, hi50),
                                _interpolate(0.9, n, lo90, hi90))
    return resolution, feedback


def list_resolution_times(period: Period, unit_id: int | None = None,
                          now: datetime | None = None, scope: Scope | None = None) -> dict:
    """{unit_id: (solved, median_seconds, p90_seconds)} over the tickets solved in the period
    (their first conclusion, as atendida or cerrada), from reception to that move."""
    return list_service_figures(period, unit_id, now, scope)[0]


def get_feedback_per_unit(period: Period, unit_id: int | None = None) -> dict:
    """{unit_id: (answers, mean rating, "not solved" answers)} of the answers in the period."""
    return list_service_figures(period, unit_id)[1]


def _pg_percentiles(solved):
    """(True, unit, solved, p50, p90, None, None) per unit: PostgreSQL's percentile_cont."""
    return (select(literal(True), solved.c.unit_id, func.count(),
                   cast(func.percentile_cont(0.5).within_group(solved.c.d), Float),
                   cast(func.percentile_cont(0.9).within_group(solved.c.d), Float),
                   cast(null(), Float), cast(null(), Float))
            .group_by(solved.c.unit_id))


def _sqlite_percentiles(solved):
    """(True, unit, solved, and the two neighbours of each percentile's position) per unit,
    with window functions: the database sorts; Python interpolates (``_interpolate``)."""
    ranked = select(
        solved.c.unit_id, solved.c.d,
        (func.row_number().over(partition_by=solved.c.unit_id, order_by=solved.c.d) - 1)
        .label("rn"),
        func.count().over(partition_by=solved.c.unit_id).label("n"),
    ).subquery()

    def at(position):
        return func.max(case((ranked.c.rn == position, ranked.c.d)))

    columns = [literal(True), ranked.c.unit_id, func.max(ranked.c.n)]
    for fraction in (0.5, 0.9):
        low = cast(fraction * (ranked.c.n - 1), Integer)
        columns += [at(low), at(low + 1)]
    return select(*columns).group_by(ranked.c.unit_id)


def _interpolate(fraction: float, n: int, low, high) -> float:
    """PostgreSQL's percentile_cont arithmetic between the two neighbouring values."""
    position = fraction * (n - 1)
    weight = position - math.floor(position)
    if high is None or weight == 0:
        return float(low)
    return float(low) + (float(high) - float(low)) * weight



def _labelled(rows, labels: dict, empty: str) -> list:
    merged = {}
    for key, count in rows:
        label = labels.get(key, key) if key else empty
        merged[label] = merged.get(label, 0) + count
    return sorted(merged.items(), key=lambda pair: (-pair[1], pair[0]))


def get_ticket_stats(period: Period, now: datetime, unit_id: int | None = None,
                     headline_only: bool = False, scope: Scope | None = None) -> TicketStats:
    """Every ticket figure of the period (see the module docstring), from the rollups.

    ``headline_only`` skips the breakdowns by category and colonia and the resolution
    times (the previous period's comparison)."""
    scope = scope or Scope([period], now, unit_id)
    p = scope.plan(period)
    (volume,), names = rollups.read_volumes([p], now, unit_id)
    return _ticket_stats(period, scope, p, volume, names, headline_only)


def _ticket_stats(period: Period, scope: Scope, p: rollups.Plan, volume: rollups.Volume,
                  names: dict, headline_only: bool) -> TicketStats:
    """``names``: {category_id: name} (``rollups.read_volumes``)."""
    now, unit_id = scope.now, scope.unit_id
    stats = TicketStats(period, attention_citizens=volume.citizens)
    channels, kinds, categories = {}, {}, {}
    figures = {"received": {}, "channeled": {}, "concluded": {}}
    for (unit, channel, kind, category), sums in volume.flows.items():
        received = sums[0]
        channels[channel] = channels.get(channel, 0) + received
        kinds[kind] = kinds.get(kind, 0) + received
        categories[category] = categories.get(category, 0) + received
        for name, n in zip(("received", "channeled", "concluded"), sums):
            if n:
                figures[name][unit] = figures[name].get(unit, 0) + n
    stats.received = sum(channels.values())
    stats.web = sum(n for ch, n in channels.items() if ch in c.WEB_CHANNELS)
    stats.attention = stats.received - stats.web
    stats.by_channel = _labelled([kv for kv in channels.items() if kv[1]], c.CHANNEL_LABELS, "")
    stats.by_kind = _labelled([kv for kv in kinds.items() if kv[1]], c.KIND_LABELS, "")
    states = scope.states(as_of(period, now))
    figures["backlog"], figures["overdue"] = states["open"], states["overdue"]
    if not headline_only:
        stats.category_ids = {name: cid for cid, name in names.items()}
        stats.by_category = _labelled([kv for kv in categories.items() if kv[1]], names, "")
        stats.by_colonia = _labelled(rollups.read_colonias(p, now, unit_id), {}, NO_COLONIA)
    if not headline_only:
        times, feedback = list_service_figures(period, unit_id, now, scope)
        stats.units = _unit_rows(figures, times, unit_id, feedback,
                                 _active_units(period, scope))
    for name in ("channeled", "concluded", "backlog", "overdue"):
        setattr(stats, name, sum(figures[name].values()))
    return stats


def _active_units(period: Period, scope: Scope) -> list[tuple]:
    """(id, name, active in the period) of every unit, by name: active at some instant of
    the period up to ``now``, from its activity history, so a unit created or closed later
    does not change an old period's rows."""
    start, end = period.start_utc, as_of(period, scope.now)
    return [(unit.id, unit.name,
             any(p.started_at < end and (p.ended_at is None or p.ended_at > start)
                 for p in scope.activity.get(unit.id, ())))
            for unit in scope.units]


def _unit_rows(figures: dict, times: dict, unit_id, feedback: dict, units) -> list[UnitFigures]:
    """One row per unit (``units``: ``_active_units``): every unit active in the period (even
    with nothing), plus any unit with figures."""
    if unit_id is not None:
        units = [row for row in units if row[0] == unit_id]
    rows = []
    for uid, name, active in list(units) + [(None, NO_UNIT, False)]:
        row = UnitFigures(uid, name, **{key: values.get(uid, 0) for key, values in figures.items()})
        if uid in times:
            solved, median, p90 = times[uid]
            row.solved, row.median_days, row.p90_days = (
                solved, median / SECONDS_PER_DAY, p90 / SECONDS_PER_DAY)
        if uid in feedback:
            row.answers, row.satisfaction, not_solved = feedback[uid]
            row.reopen_rate = not_solved / row.answers
        if active or row.has_figures or (uid is not None and uid == unit_id):
            rows.append(row)
    return rows



def get_monthly_ticket_series(months: list[Period], unit_id: int | None = None,
                              now: datetime | None = None,
                              scope: Scope | None = None) -> list[dict]:
    """Per month (or any periods): web complaints, citizen-attention requests and distinct
    citizens, from the rollups in one query."""
    if not months:
        return []
    now = now or utcnow()
    scope = scope or Scope(months, now, unit_id)
    plans = [scope.plan(month) for month in months]
    volumes, _names = rollups.read_volumes(plans, now, unit_id, detailed=0)
    return [_series_row(month, volume) for month, volume in zip(months, volumes)]


def _series_row(period: Period, volume: rollups.Volume) -> dict:
    """A period's web complaints, citizen-attention requests and distinct citizens."""
    row = {"period": period, WEB: 0, ATTENTION: 0, "citizens": volume.citizens}
    for (_unit, channel, _kind, _category), sums in volume.flows.items():
        row[WEB if channel in c.WEB_CHANNELS else ATTENTION] += sums[0]
    return row


def headline(stats: TicketStats, compliance: float | None) -> dict:
    """The headline numbers of a period as a plain dict."""
    keys = ("received", "web", "attention", "attention_citizens", "channeled", "concluded",
            "backlog", "overdue")
    return {**{key: getattr(stats, key) for key in keys}, "compliance": compliance}



def get_monthly_series(months: list[Period], now: datetime, unit_id: int | None = None,
                       scope: Scope | None = None) -> list:
    """The four variables per month: visits, web complaints, citizen attention, compliance."""
    scope = scope or Scope(months, now, unit_id, compliance=True)
    series = get_monthly_ticket_series(months, unit_id, now, scope)
    visits = visit_queries.get_monthly_series((months[0].first.year, months[0].first.month),
                                              (months[-1].first.year, months[-1].first.month))
    scores = _monthly_compliance(months, scope)
    for row, month, score in zip(series, visits, scores):
        row["visits"] = month.visits
        row["visit_source"] = month.source
        row["compliance"] = score
    return series


def _monthly_compliance(months: list[Period], scope: Scope) -> list:
    """Mean compliance score (0..1) per month over the weeks that belong to it (the period
    rule, ``cm.weeks_of_period``, as the indicator of that month); the statuses and scores
    are app/reports/compliance.py's, read once per request (``Scope``)."""
    summary = scope.compliance(months[0].first, months[-1].last)
    month_of = {week: index for index, month in enumerate(months)
                for week in cm.weeks_of_period(month.first, month.last)}
    per_month = [cm.ComplianceCounts() for _ in months]
    for row in summary.rows:
        for cell in row.cells:
            per_month[month_of[(cell.iso_year, cell.iso_week)]].add(
                cm.due_status(cell.status, cell.deadline_at, scope.now))
    return [counts.mean_score for counts in per_month]


def _due_figures(cells, now: datetime) -> cm.ComplianceCounts:
    """The cells' figures counting only the weeks whose deadline has passed at ``now``."""
    return cm.summarize(cm.due_status(cell.status, cell.deadline_at, now) for cell in cells)



def get_compliance(period: Period, now: datetime, unit_id: int | None = None,
                   scope: Scope | None = None) -> dict:
    """Weekly-report compliance of the ISO weeks that belong to the period (those whose
    Monday falls in it, ``cm.weeks_of_period``): per unit and overall."""
    summary = (scope.compliance(period.first, period.last) if scope is not None else
               report_queries.list_unit_compliance(period.first, period.last, now, unit_id))
    if not summary.weeks:
        return {"headers": ("Unidad", "Cumplimiento"), "rows": [], "score": None, "weeks": 0,
                "overall_text": "Ningún lunes cae en el periodo: no hay semanas de informe que "
                                "contar (cada semana pertenece al periodo que contiene su lunes)."}
    figures = {r.unit_id: _due_figures(r.cells, now) for r in summary.rows}
    single = len(summary.weeks) == 1
    if single:
        headers = ("Unidad", "Estado", "Entregado", "Fecha límite")
        rows = [(r.unit_name, cm.STATUS_LABELS.get(r.cells[0].status, "No le correspondía"),
                 r.cells[0].submitted_at, r.cells[0].deadline_at) for r in summary.rows]
    else:
        headers = ("Unidad", *[cm.STATUS_LABELS[s] for s in cm.STATUSES], "Cumplimiento")
        rows = [(r.unit_name, *[figures[r.unit_id].counts[s] for s in cm.STATUSES],
                 Percent(figures[r.unit_id].mean_score)) for r in summary.rows]
    overall = cm.ComplianceCounts()
    for counts in figures.values():
        overall.merge(counts)
    counts = ", ".join(f"{cm.STATUS_LABELS[s].lower()}: {overall.counts[s]}" for s in cm.STATUSES)
    text = (f"Cumplimiento general: {percent(overall.mean_score)} ({counts}). A tiempo vale 1, "
            "extemporáneo 0.5 y no entregado 0; pendientes y justificados no cuentan.")
    not_due = [c for r in summary.rows for c in r.cells
               if c.status in (cm.PENDIENTE, *cm.SCORES) and now <= c.deadline_at]
    if not_due:
        early = sum(1 for c in not_due if c.status != cm.PENDIENTE)
        text += (f" Solo cuentan las semanas cuyo plazo ya venció: {integer(len(not_due))} "
                 f"informes aún no vencen ({integer(early)} ya entregados), se cuentan al vencer.")
    return {"headers": headers, "rows": rows, "overall_text": text,
            "score": overall.mean_score, "weeks": len(summary.weeks)}



def running_notice(period: Period, now: datetime) -> str | None:
    """The notice of a period that is not over at ``now`` (None for a complete one)."""
    if not is_running(period, now):
        return None
    return (f"{running_label(period).capitalize()}: las cifras llegan hasta el "
            f"{format_datetime(now)} y se comparan con un periodo anterior completo; el "
            "cumplimiento cuenta solo las semanas cuyo plazo de entrega ya venció.")




def get_dashboard(period: Period, now: datetime, unit_id: int | None = None,
                  extra: list[Period] = (), units: list | None = None,
                  activity: dict | None = None) -> dict:
    """Everything the dashboard shows for a period (and the previous one of the same length);
    read from the replica when DATABASE_REPLICA_URL is set. ``extra``: periods the caller
    will read with the same ``data["scope"]`` (the memo's weeks); ``units`` and ``activity``:
    ``list_units_with_periods()`` when already loaded."""
    with replica_reads():
        return _get_dashboard(period, now, unit_id, extra, units, activity)


def _get_dashboard(period: Period, now: datetime, unit_id: int | None,
                   extra: list[Period] = (), units: list | None = None,
                   activity: dict | None = None) -> dict:
    previous = period.previous()
    months = last_months(min(period.last, local_today(now)))
    scope = Scope([period, previous, *months, *extra], now, unit_id, compliance=True,
                  units=units, activity=activity)
    plans = [scope.plan(p) for p in (period, previous, *months)]
    scope.prefetch_states([as_of(period, now), as_of(previous, now)])
    volumes, names = rollups.read_volumes(plans, now, unit_id, detailed=2)  # not the months
    stats = _ticket_stats(period, scope, plans[0], volumes[0], names, False)
    before = _ticket_stats(previous, scope, plans[1], volumes[1], names, True)
    compliance = get_compliance(period, now, unit_id, scope)
    previous_compliance = get_compliance(previous, now, unit_id, scope)
    return {
        "period": period, "previous_period": previous, "stats": stats,
        "running": running_notice(period, now),
        "headline": headline(stats, compliance["score"]),
        "previous_headline": headline(before, previous_compliance["score"]),
        "overdue": overdue.list_overdue_tickets(now, unit_id, at=as_of(period, now),
                                                closed=scope.closed),
        "monthly": _monthly_rows(months, volumes[2:], scope),
        "compliance": compliance, "definitions": DEFINITIONS, "scope": scope,
    }


def _monthly_rows(months, volumes, scope: Scope) -> list[dict]:
    rows = [_series_row(month, volume) for month, volume in zip(months, volumes)]
    visits = visit_queries.get_monthly_series((months[0].first.year, months[0].first.month),
                                              (months[-1].first.year, months[-1].first.month))
    for row, month, score in zip(rows, visits, _monthly_compliance(months, scope)):
        row.update(visits=month.visits, visit_source=month.source, compliance=score)
    return rows


# --- The cabinet memo (app/stats/memo.py): the few extra figures it needs. -----------------

def get_weekly_series(weeks: list[Period], now: datetime, scope: Scope | None = None) -> list:
    """Per week (oldest first): web complaints, citizen attention and compliance, in two
    ticket queries and one compliance read for all the weeks (the memo's 4-week averages)."""
    scope = scope or Scope(weeks, now, None, compliance=True)
    series = get_monthly_ticket_series(weeks, None, now, scope)
    for row, score in zip(series, _monthly_compliance(weeks, scope)):
        row["compliance"] = score
    return series


def list_compliance_by_unit(period: Period, now: datetime, scope: Scope | None = None) -> list:
    """Per unit owing the week of ``period``: its cell of that week and its scores in the
    month and the year of the week's Monday up to that week (the period rule), in one read."""
    monday = period.first
    summary = (scope.compliance(monday.replace(month=1, day=1), monday, None) if scope else
               report_queries.list_unit_compliance(monday.replace(month=1, day=1), monday, now))
    month_weeks = set(cm.weeks_of_period(monday.replace(day=1), monday))
    rows = []
    for row in summary.rows:
        cell = row.cells[-1]
        if cell.status is None:
            continue
        month = [c for c in row.cells if (c.iso_year, c.iso_week) in month_weeks]
        rows.append({"unit_id": row.unit_id, "name": row.unit_name,
                     "status": cell.status,
                     "submitted_at": cell.submitted_at, "deadline_at": cell.deadline_at,
                     "month": _due_figures(month, now).mean_score,
                     "year": _due_figures(row.cells, now).mean_score})
    return rows
