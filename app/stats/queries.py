"""The statistics module: every figure of the dashboard and the cabinet PDF comes from here.

Figures are aggregated in the database (a bounded number of queries per period, each on an
indexed column); Python only merges the per-unit rows. Definitions (also shown on screen and in
the PDF, from DEFINITIONS):

* Recibidas: tickets created (``created_at``) in the period, by channel group, kind, current
  unit, category and colonia. Web complaints = channels web + API; citizen attention = the desk
  channels (presencial, telefónica, escrito); for citizen attention also the distinct citizens.
* Canalizadas: tickets whose channeling (``channeled_at``, the last one: re-channeling moves it)
  falls in the period. Each ticket has one current unit, so a re-channeled ticket counts once,
  for its current unit, in every figure.
* Concluidas: tickets whose current status is finished (atendida, cerrada, improcedente,
  duplicada — FINISHED_STATUSES) and that got there in the period (``resolved_at``, else
  ``closed_at``: the first finished status). Atendida counts as concluded: the unit's work is
  done even if the citizen has not confirmed it.
* Rezago (backlog) at the end of the period: tickets received before the end and not concluded
  before it; a ticket reopened later counts by its current status.
* Vencidas: open tickets with a running clock (canalizada, en proceso) whose due date is before
  the local day of ``now`` (always as of ``now``, also for past weeks).
* Tiempo de resolución: from reception to the first finished status, over the tickets concluded
  as atendida or cerrada in the period (improcedente and duplicada are left out); median and
  90th percentile per current unit, linear interpolation (PostgreSQL's ``percentile_cont``).
* Cumplimiento de informes: app/reports/compliance.py's scores over the weeks that belong to
  the period, those whose Monday falls in it (``cm.weeks_of_period``), for the indicator and
  the monthly series alike.
* Satisfacción y reapertura: the citizens' answers on the portal (``TicketFeedback``) given in
  the period, per unit that handled the ticket when the citizen answered: answers, mean rating
  (1-5) and the share of "not solved" answers (each reopens the ticket for that unit).
"""
import math
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import (Integer, and_, case, cast, distinct, func, literal, or_, select, true,
                        union_all)

from app.extensions import db
from app.formatting import Percent, integer, percent
from app.reports import compliance as cm
from app.replica import replica_reads
from app.reports import queries as report_queries
from app.stats.periods import Period, is_running, last_months, running_label
from app.tickets import constants as c
from app.tickets.models import Ticket, TicketFeedback, overdue_status_clause
from app.timeutil import format_datetime, local_today
from app.units.models import Category, Unit
from app.visits import queries as visit_queries

WEB = "web"
ATTENTION = "attention"
GROUP_LABELS = {WEB: "Denuncias web", ATTENTION: "Atención ciudadana"}
NO_UNIT = "Sin canalizar"
NO_COLONIA = "Sin colonia"
OVERDUE_STATUSES = c.OVERDUE_STATUSES  # one definition: the tickets feature owns it
SOLVED_STATUSES = c.SOLVED_STATUSES
OVERDUE_LIST_LIMIT = 200  # on screen and in the PDF; the CSV has them all
OVERDUE_CHUNK = 1000
SECONDS_PER_DAY = 86400

DEFINITIONS = [
    ("Recibidas", "Solicitudes registradas en el periodo (fecha de recepción). Denuncias web: "
     "canales página web y API; atención ciudadana: presencial, telefónica y escrito."),
    ("Ciudadanos atendidos", "Personas distintas con al menos una solicitud de atención "
     "ciudadana en el periodo: una persona con tres solicitudes cuenta una vez."),
    ("Canalizadas", "Solicitudes cuya canalización vigente ocurrió en el periodo. Una "
     "solicitud recanalizada cuenta una sola vez, para su unidad actual."),
    ("Concluidas", "Solicitudes que llegaron en el periodo a un estado final: atendida, "
     "cerrada, improcedente o duplicada. Atendida cuenta como concluida."),
    ("Rezago", "Solicitudes recibidas antes del cierre del periodo y no concluidas a esa fecha."),
    ("Vencidas", "Solicitudes canalizadas o en proceso cuya fecha compromiso ya pasó, "
     "a la fecha de consulta."),
    ("Tiempo de resolución", "Días desde la recepción hasta que se atendió o cerró, de las "
     "solicitudes atendidas o cerradas en el periodo: mediana y percentil 90 por unidad."),
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


def _in(column, period: Period):
    start, end = period.bounds
    return and_(column >= start, column < end)


def _unit_filter(unit_id):
    return Ticket.unit_id == unit_id if unit_id is not None else true()


def _finished_at():
    """The first finished status's time (the expression of ix_tickets_finished_at)."""
    return func.coalesce(Ticket.resolved_at, Ticket.closed_at)


def _concluded_in(period: Period):
    """Finished now, and got there in the period (resolved_at, else closed_at)."""
    start, end = period.bounds
    return and_(Ticket.status.in_(c.FINISHED_STATUSES), _finished_at() >= start,
                _finished_at() < end)


def count_backlog_per_unit(instant: datetime, now: datetime, unit_id=None,
                           open_now: dict | None = None) -> dict:
    """{unit_id: tickets received before ``instant`` and not concluded before it}.

    Counted as: open now − open now but received since ``instant`` + concluded since
    ``instant`` but received before it; each part reads a small index range when
    ``instant`` is recent. ``open_now`` ({unit_id: open tickets}) may be passed in when it
    was already counted (the dashboard counts it once for both periods).
    """
    if open_now is None:
        open_now = count_open_per_unit(unit_id)
    if instant >= now:
        return dict(open_now)
    open_statuses = Ticket.status.in_(c.OPEN_STATUSES)
    finished_since = and_(Ticket.status.in_(c.FINISHED_STATUSES), Ticket.created_at < instant,
                          _finished_at() >= instant)
    parts = [select(Ticket.unit_id, (sign * func.count()).label("n"))
             .where(condition, _unit_filter(unit_id)).group_by(Ticket.unit_id)
             for sign, condition in ((-1, and_(open_statuses, Ticket.created_at >= instant)),
                                     (1, finished_since))]
    totals = dict(open_now)
    for unit, n in db.session.execute(union_all(*parts)):
        totals[unit] = totals.get(unit, 0) + n
    return {unit: n for unit, n in totals.items() if n}


def count_open_per_unit(unit_id: int | None = None) -> dict:
    """{unit_id: tickets open now}."""
    return _per_unit(Ticket.status.in_(c.OPEN_STATUSES), unit_id)


def _overdue(now: datetime):
    return and_(overdue_status_clause(), Ticket.due_date < local_today(now))


def _per_unit(condition, unit_id) -> dict:
    rows = db.session.execute(select(Ticket.unit_id, func.count()).where(
        condition, _unit_filter(unit_id)).group_by(Ticket.unit_id))
    return dict(rows.all())


def _seconds(column):
    """Whole UTC epoch seconds of a timestamp, computed the same way on both databases."""
    if db.engine.dialect.name == "postgresql":
        return func.floor(func.extract("epoch", column))
    return cast(func.strftime("%s", column), Integer)


def list_resolution_times(period: Period, unit_id: int | None = None) -> dict:
    """{unit_id: (solved, median_seconds, p90_seconds)} over tickets solved in the period."""
    duration = (_seconds(_finished_at()) - _seconds(Ticket.created_at)).label("d")
    solved = and_(_concluded_in(period), Ticket.status.in_(SOLVED_STATUSES), _unit_filter(unit_id))
    if db.engine.dialect.name == "postgresql":
        rows = db.session.execute(select(
            Ticket.unit_id, func.count(),
            func.percentile_cont(0.5).within_group(duration),
            func.percentile_cont(0.9).within_group(duration)).where(solved)
            .group_by(Ticket.unit_id))
        return {row[0]: (row[1], float(row[2]), float(row[3])) for row in rows}
    return _sqlite_percentiles(duration, solved)


def _sqlite_percentiles(duration, condition) -> dict:
    """percentile_cont(0.5) and (0.9) per unit with window functions: the database sorts and
    picks the two neighbours of each percentile's position; Python interpolates per unit."""
    ranked = select(
        Ticket.unit_id.label("unit_id"), duration,
        (func.row_number().over(partition_by=Ticket.unit_id, order_by=duration) - 1).label("rn"),
        func.count().over(partition_by=Ticket.unit_id).label("n"),
    ).where(condition).subquery()

    def at(position):
        return func.max(case((ranked.c.rn == position, ranked.c.d)))

    columns = [ranked.c.unit_id, func.max(ranked.c.n)]
    for fraction in (0.5, 0.9):
        low = cast(fraction * (ranked.c.n - 1), Integer)
        columns += [at(low), at(low + 1)]
    result = {}
    for unit, n, lo50, hi50, lo90, hi90 in db.session.execute(
            select(*columns).group_by(ranked.c.unit_id)):
        result[unit] = (n, _interpolate(0.5, n, lo50, hi50), _interpolate(0.9, n, lo90, hi90))
    return result


def _interpolate(fraction: float, n: int, low, high) -> float:
    """PostgreSQL's percentile_cont arithmetic between the two neighbouring values."""
    position = fraction * (n - 1)
    weight = position - math.floor(position)
    if high is None or weight == 0:
        return float(low)
    return float(low) + (float(high) - float(low)) * weight


def _labelled(rows, labels: dict, empty: str) -> list:
    pairs = [(labels.get(key, key) if key else empty, count) for key, count in rows]
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))


def get_ticket_stats(period: Period, now: datetime, unit_id: int | None = None,
                     current: dict | None = None, headline_only: bool = False) -> TicketStats:
    """Every ticket figure of the period (see the module docstring); ~10 queries.

    ``current`` ({"overdue": {unit_id: n}, "open": {unit_id: n}}, as of ``now`` whatever the
    period, from ``count_current_per_unit``) may be passed in when it was already counted for
    another period. ``headline_only`` skips the breakdowns by category and colonia and the
    resolution times (the previous period's comparison).
    """
    current = current or count_current_per_unit(now, unit_id)
    stats = TicketStats(period)
    scope = and_(_in(Ticket.created_at, period), _unit_filter(unit_id))
    channels, kinds, units_received = {}, {}, {}
    for channel, kind, unit, count in db.session.execute(
            select(Ticket.channel, Ticket.kind, Ticket.unit_id, func.count()).where(scope)
            .group_by(Ticket.channel, Ticket.kind, Ticket.unit_id)):
        channels[channel] = channels.get(channel, 0) + count
        kinds[kind] = kinds.get(kind, 0) + count
        units_received[unit] = units_received.get(unit, 0) + count
    stats.received = sum(channels.values())
    stats.web = sum(n for ch, n in channels.items() if ch in c.WEB_CHANNELS)
    stats.attention = stats.received - stats.web
    stats.attention_citizens = db.session.scalar(select(func.count(distinct(Ticket.citizen_id)))
                                                 .where(scope, Ticket.channel.in_(c.DESK_CHANNELS)))
    stats.by_channel = _labelled(channels.items(), c.CHANNEL_LABELS, "")
    stats.by_kind = _labelled(kinds.items(), c.KIND_LABELS, "")
    if not headline_only:
        _add_breakdowns(stats, scope)
    figures = {
        "received": units_received,
        "channeled": _per_unit(_in(Ticket.channeled_at, period), unit_id),
        "concluded": _per_unit(_concluded_in(period), unit_id),
        "backlog": count_backlog_per_unit(period.end_utc, now, unit_id, current["open"]),
        "overdue": current["overdue"],
    }
    times = {} if headline_only else list_resolution_times(period, unit_id)
    feedback = {} if headline_only else get_feedback_per_unit(period, unit_id)
    stats.units = _unit_rows(figures, times, unit_id, feedback)
    for name in ("channeled", "concluded", "backlog", "overdue"):
        setattr(stats, name, sum(figures[name].values()))
    return stats


def _add_breakdowns(stats: TicketStats, scope) -> None:
    stats.by_category = _labelled(db.session.execute(
        select(Category.name, func.count()).select_from(Ticket)
        .join(Category, Category.id == Ticket.category_id)
        .where(scope).group_by(Category.name)).all(), {}, "")
    stats.by_colonia = _labelled(db.session.execute(
        select(Ticket.colonia, func.count()).where(scope).group_by(Ticket.colonia)).all(),
        {}, NO_COLONIA)


def get_feedback_per_unit(period: Period, unit_id: int | None = None) -> dict:
    """{unit_id: (answers, mean rating, "not solved" answers)} of the answers in the period."""
    unit_clause = TicketFeedback.unit_id == unit_id if unit_id is not None else true()
    rows = db.session.execute(
        select(TicketFeedback.unit_id, func.count(), func.avg(TicketFeedback.rating),
               func.sum(case((TicketFeedback.solved.is_(False), 1), else_=0)))
        .where(_in(TicketFeedback.created_at, period), unit_clause)
        .group_by(TicketFeedback.unit_id))
    return {uid: (count, None if mean is None else float(mean), int(not_solved or 0))
            for uid, count, mean, not_solved in rows}


def _unit_rows(figures: dict, times: dict, unit_id, feedback: dict | None = None) -> list[UnitFigures]:
    """One row per unit: every active unit (even with nothing), plus any unit with figures."""
    units = select(Unit.id, Unit.name, Unit.active).order_by(Unit.name)
    if unit_id is not None:
        units = units.where(Unit.id == unit_id)
    rows = []
    for uid, name, active in list(db.session.execute(units)) + [(None, NO_UNIT, False)]:
        row = UnitFigures(uid, name, **{key: values.get(uid, 0) for key, values in figures.items()})
        if uid in times:
            solved, median, p90 = times[uid]
            row.solved, row.median_days, row.p90_days = (
                solved, median / SECONDS_PER_DAY, p90 / SECONDS_PER_DAY)
        if uid in (feedback or {}):
            row.answers, row.satisfaction, not_solved = feedback[uid]
            row.reopen_rate = not_solved / row.answers
        if active or row.has_figures or (uid is not None and uid == unit_id):
            rows.append(row)
    return rows


def count_overdue_per_unit(now: datetime, unit_id: int | None = None) -> dict:
    """{unit_id: overdue tickets} as of ``now``."""
    return _per_unit(_overdue(now), unit_id)


def count_current_per_unit(now: datetime, unit_id: int | None = None) -> dict:
    """The figures that are always as of ``now``: overdue and open tickets per unit."""
    return {"overdue": count_overdue_per_unit(now, unit_id), "open": count_open_per_unit(unit_id)}


def list_overdue_tickets(now: datetime, unit_id: int | None = None,
                         limit: int = OVERDUE_LIST_LIMIT) -> list[dict]:
    """The overdue tickets, most overdue first (at most ``limit``), as plain dicts.

    Each overdue status is read in due-date order from the (status, due_date) index and the
    short lists are merged, so the query never sorts every overdue ticket.
    """
    today = local_today(now)
    firsts = [select(Ticket.id.label("id"), Ticket.due_date.label("due"))
              .where(Ticket.status == status, Ticket.due_date < today, _unit_filter(unit_id))
              .order_by(Ticket.due_date, Ticket.id).limit(limit).subquery()
              for status in OVERDUE_STATUSES]
    merged = union_all(*[select(sub.c.id, sub.c.due) for sub in firsts]).subquery()
    rows = db.session.execute(
        select(Ticket.folio, Unit.name, Category.name, Ticket.due_date, Ticket.status)
        .select_from(merged).join(Ticket, Ticket.id == merged.c.id)
        .join(Unit, Unit.id == Ticket.unit_id).join(Category, Category.id == Ticket.category_id)
        .order_by(merged.c.due, merged.c.id).limit(limit))
    return [_overdue_row(today, *row) for row in rows]


def iter_overdue_tickets(now: datetime, unit_id: int | None = None,
                         chunk: int = OVERDUE_CHUNK):
    """Every overdue ticket, most overdue first, as plain dicts: no cap, read in keyset
    chunks of ``chunk`` rows on (due_date, id), so memory stays flat whatever the count."""
    today = local_today(now)
    after = None
    while True:
        query = (select(Ticket.id, Ticket.folio, Unit.name, Category.name, Ticket.due_date,
                        Ticket.status)
                 .join(Unit, Unit.id == Ticket.unit_id)
                 .join(Category, Category.id == Ticket.category_id)
                 .where(_overdue(now), _unit_filter(unit_id)))
        if after is not None:
            query = query.where(or_(Ticket.due_date > after[0],
                                    and_(Ticket.due_date == after[0], Ticket.id > after[1])))
        rows = db.session.execute(query.order_by(Ticket.due_date, Ticket.id).limit(chunk)).all()
        for ticket_id, *row in rows:
            yield _overdue_row(today, *row)
        if len(rows) < chunk:
            return
        after = (rows[-1].due_date, rows[-1].id)


def _overdue_row(today, folio, unit, category, due, status) -> dict:
    return {"folio": folio, "unit": unit, "category": category, "due_date": due,
            "days_late": (today - due).days, "status": c.STATUS_LABELS.get(status, status)}


def get_monthly_ticket_series(months: list[Period], unit_id: int | None = None) -> list[dict]:
    """Per month: web complaints, citizen-attention requests and distinct citizens.

    One query: a UNION ALL of one range aggregate per month, each read from the
    (created_at, channel, citizen_id) index alone; conditional aggregates (no GROUP BY) so
    only the citizen-attention rows are sorted for the distinct count.
    """
    result = [{"period": month, WEB: 0, ATTENTION: 0, "citizens": 0} for month in months]
    if not months:
        return result
    web = Ticket.channel.in_(c.WEB_CHANNELS)
    parts = [select(literal(index).label("b"),
                    func.count(case((web, 1))).label("w"),
                    func.count(case((~web, 1))).label("a"),
                    func.count(distinct(case((~web, Ticket.citizen_id)))).label("c"))
             .where(_in(Ticket.created_at, month), _unit_filter(unit_id))
             for index, month in enumerate(months)]
    for index, web_count, attention, citizens in db.session.execute(union_all(*parts)):
        result[index].update({WEB: web_count, ATTENTION: attention, "citizens": citizens})
    return result


def headline(stats: TicketStats, compliance: float | None) -> dict:
    """The headline numbers of a period as a plain dict."""
    keys = ("received", "web", "attention", "attention_citizens", "channeled", "concluded",
            "backlog", "overdue")
    return {**{key: getattr(stats, key) for key in keys}, "compliance": compliance}


def get_monthly_series(months: list[Period], now: datetime, unit_id: int | None = None) -> list:
    """The four variables per month: visits, web complaints, citizen attention, compliance."""
    series = get_monthly_ticket_series(months, unit_id)
    visits = visit_queries.get_monthly_series((months[0].first.year, months[0].first.month),
                                              (months[-1].first.year, months[-1].first.month))
    scores = _monthly_compliance(months, now, unit_id)
    for row, month, score in zip(series, visits, scores):
        row["visits"] = month.visits
        row["compliance"] = score
    return series


def _monthly_compliance(months: list[Period], now: datetime, unit_id) -> list:
    """Mean compliance score (0..1) per month over the weeks that belong to it (the period
    rule, ``cm.weeks_of_period``, as the indicator of that month); the statuses and scores
    are app/reports/compliance.py's, read in one call."""
    summary = report_queries.list_unit_compliance(months[0].first, months[-1].last, now, unit_id)
    month_of = {week: index for index, month in enumerate(months)
                for week in cm.weeks_of_period(month.first, month.last)}
    per_month = [cm.ComplianceCounts() for _ in months]
    for row in summary.rows:
        for cell in row.cells:
            per_month[month_of[(cell.iso_year, cell.iso_week)]].add(
                cm.due_status(cell.status, cell.deadline_at, now))
    return [counts.mean_score for counts in per_month]


def _due_figures(cells, now: datetime) -> cm.ComplianceCounts:
    """The cells' figures counting only the weeks whose deadline has passed at ``now``."""
    return cm.summarize(cm.due_status(cell.status, cell.deadline_at, now) for cell in cells)


def get_compliance(period: Period, now: datetime, unit_id: int | None = None) -> dict:
    """Weekly-report compliance of the ISO weeks that belong to the period (those whose
    Monday falls in it, ``cm.weeks_of_period``): per unit and overall."""
    summary = report_queries.list_unit_compliance(period.first, period.last, now, unit_id)
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


def get_dashboard(period: Period, now: datetime, unit_id: int | None = None) -> dict:
    """Everything the dashboard shows for a period (and the previous one of the same length);
    read from the replica when DATABASE_REPLICA_URL is set."""
    with replica_reads():
        return _get_dashboard(period, now, unit_id)


def _get_dashboard(period: Period, now: datetime, unit_id: int | None) -> dict:
    current = count_current_per_unit(now, unit_id)
    stats = get_ticket_stats(period, now, unit_id, current)
    previous = get_ticket_stats(period.previous(), now, unit_id, current, headline_only=True)
    compliance = get_compliance(period, now, unit_id)
    previous_compliance = get_compliance(period.previous(), now, unit_id)
    months = last_months(min(period.last, local_today(now)))
    return {
        "period": period, "previous_period": period.previous(), "stats": stats,
        "running": running_notice(period, now),
        "headline": headline(stats, compliance["score"]),
        "previous_headline": headline(previous, previous_compliance["score"]),
        "overdue": list_overdue_tickets(now, unit_id),
        "monthly": get_monthly_series(months, now, unit_id), "compliance": compliance,
        "definitions": DEFINITIONS,
    }
