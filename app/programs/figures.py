"""Work-program figures, the one module: an action's expected progress from its curve, its
last reported progress and its status at any date; per unit and per axis, physical progress
against expected and the counts by status; the weekly series of one action.

The views, the memo's section and the meetings' agenda call these. Bounded: two queries for
any number of actions and weeks (the actions with the plan terms in force at the date, then
their last values and since when). A past date reads the plan of that date: each approved
action keeps its terms per version (``ProgramActionTerms``, written by ``lifecycle.py``).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.programs.models import (QUARTERLY, ActionProgress, PlanAxis, ProgramAction,
                                 ProgramActionTerms, WorkProgram)
from app.formatting import percent
from app.timeutil import local_midnight_utc
from app.units.models import Unit

ON_TRACK, BEHIND, STALLED, DONE, CANCELLED = (
    "en_tiempo", "atrasada", "sin_avance", "cumplida", "cancelada")
BEHIND_POINTS = 10  # behind: more than 10 points of the goal under the expected progress
STALL_WEEKS = 3     # stalled: no increase reported in 3 weeks


@dataclass(frozen=True)
class StatusInfo:
    label: str
    badge: str   # Bootstrap classes of its badge
    order: int   # worst first


STATUSES = {
    BEHIND: StatusInfo("Atrasada", "text-bg-danger", 0),
    STALLED: StatusInfo("Sin avance en 3 semanas", "text-bg-warning", 1),
    ON_TRACK: StatusInfo("En tiempo", "text-bg-success", 2),
    DONE: StatusInfo("Cumplida", "text-bg-primary", 3),
    CANCELLED: StatusInfo("Cancelada", "text-bg-secondary", 4),
}
ATTENTION = (BEHIND, STALLED)  # the statuses the memo and the agenda name


def quarter_ends(year: int) -> list[date]:
    return [date(year, 3, 31), date(year, 6, 30), date(year, 9, 30), date(year, 12, 31)]


def curve_points(action) -> list[tuple[date, float]]:
    """The curve's corners: nothing the day before the start, the goal on the end date and,
    for a quarterly curve, each quarter's cumulative target in between."""
    points = [(action.starts_on - timedelta(days=1), 0.0)]
    if action.curve == QUARTERLY:
        for end, target in zip(quarter_ends(action.starts_on.year), action.targets):
            if target is not None and action.starts_on <= end < action.ends_on:
                points.append((end, float(target)))
    points.append((action.ends_on, float(action.goal)))
    return points


def expected_value(action, day: date) -> float:
    """The cumulative quantity the curve expects by the end of ``day`` (straight lines
    between the corners; linear: the goal spread evenly over the days from start to end)."""
    points = curve_points(action)
    if day <= points[0][0]:
        return 0.0
    for (d0, v0), (d1, v1) in zip(points, points[1:]):
        if day <= d1:
            return v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days
    return points[-1][1]


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def classify(*, goal: float, expected: float, actual: float | None, cancelled: bool,
             starts_on: date, level_since: date | None, as_of: date) -> str:
    """The status of an action at ``as_of``. ``level_since``: the Monday of the first week
    whose report reached the last reported value (None without reports)."""
    if cancelled:
        return CANCELLED
    if actual is not None and actual >= goal:
        return DONE
    reference = week_monday(level_since or starts_on)
    if as_of >= starts_on and (week_monday(as_of) - reference).days >= 7 * STALL_WEEKS:
        return STALLED
    if (expected - (actual or 0)) / goal * 100 > BEHIND_POINTS:
        return BEHIND
    return ON_TRACK


@dataclass
class ActionFigure:
    """One action at a date: what its curve expects, what was last reported, its status."""

    id: int
    key: str
    name: str
    unit_id: int
    unit_name: str
    axis_id: int
    axis_name: str
    measure: str
    goal: float
    expected: float
    actual: float | None
    last_week: date | None
    status: str

    @property
    def expected_share(self) -> float:
        return self.expected / self.goal

    @property
    def actual_share(self) -> float:
        return (self.actual or 0) / self.goal

    @property
    def gap_points(self) -> float:
        """Percentage points of the goal under (+) or over (−) the expected progress."""
        return (self.expected_share - self.actual_share) * 100


def _terms_in_force(cutoff):
    """The terms row of each action in force at ``cutoff``: its highest version taking
    effect before it (correlated, so one statement for any number of actions)."""
    later = aliased(ProgramActionTerms)
    return (select(func.max(later.version))
            .where(later.action_id == ProgramActionTerms.action_id, later.valid_from < cutoff)
            .correlate(ProgramActionTerms).scalar_subquery())


def _actions_stmt(year: int, cutoff, unit_id, axis_id):
    """The approved program actions of ``year`` with the plan terms in force at ``cutoff``
    (an action added later has none yet and is left out)."""
    stmt = (select(ProgramAction, ProgramActionTerms, WorkProgram.unit_id,
                   Unit.name.label("unit_name"), PlanAxis.name.label("axis_name"))
            .join(WorkProgram, WorkProgram.id == ProgramAction.program_id)
            .join(ProgramActionTerms, and_(ProgramActionTerms.action_id == ProgramAction.id,
                                           ProgramActionTerms.version == _terms_in_force(cutoff)))
            .join(Unit, Unit.id == WorkProgram.unit_id)
            .join(PlanAxis, PlanAxis.id == ProgramAction.axis_id)
            .where(WorkProgram.year == year, WorkProgram.approved_at < cutoff))
    if unit_id is not None:
        stmt = stmt.where(WorkProgram.unit_id == unit_id)
    if axis_id is not None:
        stmt = stmt.where(ProgramAction.axis_id == axis_id)
    return stmt


def last_values(action_ids, as_of: date) -> dict[int, tuple[float, date, date]]:
    """{action id: (last value, its week, the first week that reached it)} from the current
    rows of the weeks starting on or before ``as_of``. One query."""
    ap = ActionProgress
    latest = (select(ap.action_id, func.max(ap.week_start).label("week"))
              .where(ap.current, ap.action_id.in_(action_ids), ap.week_start <= as_of)
              .group_by(ap.action_id).subquery())
    last, older = aliased(ActionProgress), aliased(ActionProgress)
    stmt = (select(last.action_id, last.value, last.week_start, func.min(older.week_start))
            .join(latest, and_(latest.c.action_id == last.action_id,
                               latest.c.week == last.week_start))
            .join(older, and_(older.action_id == last.action_id, older.current,
                              older.value >= last.value, older.week_start <= as_of))
            .where(last.current)
            .group_by(last.action_id, last.value, last.week_start))
    return {row[0]: (row[1], row[2], row[3]) for row in db.session.execute(stmt)}


def list_action_figures(as_of: date, *, unit_id: int | None = None,
                        axis_id: int | None = None) -> list[ActionFigure]:
    """Every approved action of ``as_of``'s year (of a unit, of an axis) with its figures at
    the end of that local day, by unit name and key."""
    cutoff = local_midnight_utc(as_of + timedelta(days=1))
    stmt = _actions_stmt(as_of.year, cutoff, unit_id, axis_id)
    rows = db.session.execute(stmt.order_by(Unit.name, ProgramAction.key)).all()
    values = last_values(stmt.with_only_columns(ProgramAction.id).scalar_subquery(), as_of) \
        if rows else {}
    figures = []
    for action, terms, owner_id, unit_name, axis_name in rows:
        actual, week, since = values.get(action.id, (None, None, None))
        expected = expected_value(terms, as_of)
        status = classify(goal=terms.goal, expected=expected, actual=actual,
                          cancelled=action.cancelled_at is not None
                          and action.cancelled_at < cutoff,
                          starts_on=terms.starts_on, level_since=since, as_of=as_of)
        figures.append(ActionFigure(action.id, action.key, action.name, owner_id, unit_name,
                                    action.axis_id, axis_name, terms.measure, terms.goal,
                                    expected, actual, week, status))
    return figures


@dataclass
class GroupFigure:
    """A unit's or an axis's actions: mean physical progress against mean expected (shares of
    each goal, capped at 1; cancelled actions left out) and counts by status."""

    id: int
    name: str
    counts: dict = field(default_factory=lambda: {key: 0 for key in STATUSES})
    physical: float | None = None
    expected: float | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def attention(self) -> int:
        return sum(self.counts[key] for key in ATTENTION)


def summarize(figures: list[ActionFigure], by: str = "unit") -> list[GroupFigure]:
    """Group figures per unit (``by="unit"``) or per axis (``"axis"``), by name."""
    groups, shares = {}, defaultdict(list)
    for figure in figures:
        gid, name = ((figure.unit_id, figure.unit_name) if by == "unit"
                     else (figure.axis_id, figure.axis_name))
        group = groups.setdefault(gid, GroupFigure(gid, name))
        group.counts[figure.status] += 1
        if figure.status != CANCELLED:
            shares[gid].append((min(figure.actual_share, 1), min(figure.expected_share, 1)))
    for gid, group in groups.items():
        if shares[gid]:
            group.physical = sum(a for a, _ in shares[gid]) / len(shares[gid])
            group.expected = sum(e for _, e in shares[gid]) / len(shares[gid])
    return sorted(groups.values(), key=lambda g: g.name)


def needing_attention(figures: list[ActionFigure]) -> dict[str, list[ActionFigure]]:
    """{unit name: its actions behind schedule or stalled, worst gap first}."""
    result = defaultdict(list)
    for figure in figures:
        if figure.status in ATTENTION:
            result[figure.unit_name].append(figure)
    for items in result.values():
        items.sort(key=lambda f: (STATUSES[f.status].order, -f.gap_points, f.key))
    return dict(sorted(result.items()))


def get_action_series(action: ProgramAction, until: date) -> list[tuple[date, float, float | None]]:
    """(Monday, expected by that Sunday by the plan then in force, reported that week or
    None) for each week of the action from its start to ``until``. Two queries."""
    ap = ActionProgress
    reported = dict(db.session.execute(
        select(ap.week_start, ap.value)
        .where(ap.current, ap.action_id == action.id, ap.week_start <= until)).all())
    versions = list(db.session.scalars(
        select(ProgramActionTerms).where(ProgramActionTerms.action_id == action.id)
        .order_by(ProgramActionTerms.version)))
    series, monday = [], week_monday(action.starts_on)
    last = min(until, action.ends_on + timedelta(days=7 * STALL_WEEKS))
    while monday <= last:
        day = min(monday + timedelta(days=6), until)
        series.append((monday, expected_value(_plan_at(action, versions, day), day),
                       reported.get(monday)))
        monday += timedelta(days=7)
    return series


def _plan_at(action, versions, day: date):
    """The terms in force at the end of ``day``; the action itself before any (a draft)."""
    cutoff = local_midnight_utc(day + timedelta(days=1))
    in_force = [terms for terms in versions if terms.valid_from < cutoff]
    return in_force[-1] if in_force else (versions[0] if versions else action)


def program_as_of(program, today: date) -> date | None:
    """The day a program's figures are read at: today in its own year, its last day for a
    past year; None before approval or for a year not begun."""
    if program.approved_at is None or program.year > today.year:
        return None
    return today if program.year == today.year else date(program.year, 12, 31)


def list_program_figures(program, today: date) -> dict[int, ActionFigure]:
    """{action id: its figures} of one approved program (empty otherwise)."""
    as_of = program_as_of(program, today)
    if as_of is None:
        return {}
    return {f.id: f for f in list_action_figures(as_of, unit_id=program.unit_id)}


def describe(figure: ActionFigure) -> str:
    """«OP-02 Rehabilitación de calles: 35.0 % de la meta, se esperaba 60.0 %»."""
    text = (f"{figure.key} {figure.name}: {percent(figure.actual_share)} de la meta, "
            f"se esperaba {percent(figure.expected_share)}")
    if figure.status == STALLED:
        text += f" (sin avance en {STALL_WEEKS} semanas)"
    return text
