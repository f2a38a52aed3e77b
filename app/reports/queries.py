"""Reads for weekly reports: compliance over a range of weeks, the grid, reports, history.

Compliance over any range costs three queries whatever its length: the settings, the units
with their activity periods, and the reports and excuses of the range. Statuses come
from ``app/reports/compliance.py``; nothing here decides on time, late or owed.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Integer, Text, cast, null, select, tuple_, union_all

from app.extensions import db
from app.reports import compliance as cm
from app.reports.models import ReportExcuse, WeeklyReport, WeeklyReportVersion
from app.settings import REPORT_DEADLINE_TIME, REPORT_DEADLINE_WEEKDAY, get_settings
from app.timeutil import UTCDateTime
from app.units.queries import list_activity_periods, list_units_with_periods


def get_global_rule() -> cm.DeadlineRule:
    """The global deadline rule from the settings table (Friday 15:00 when unset)."""
    rows = get_settings(REPORT_DEADLINE_WEEKDAY, REPORT_DEADLINE_TIME)
    return cm.rule_from_settings(rows.get(REPORT_DEADLINE_WEEKDAY), rows.get(REPORT_DEADLINE_TIME))


@dataclass
class Cell:
    """One unit-week: its status (None = not owed) and what explains it."""

    iso_year: int
    iso_week: int
    status: str | None
    deadline_at: datetime
    report_id: int | None = None
    submitted_at: datetime | None = None
    excuse_reason: str | None = None


@dataclass
class UnitCompliance:
    """A unit's cells over the range and their figures (counts, mean score, on-time share)."""

    unit_id: int
    unit_name: str
    unit_code: str
    active: bool
    figures: cm.ComplianceCounts
    cells: list[Cell] = field(default_factory=list)


@dataclass
class ComplianceSummary:
    """Per-unit rows (by unit name), the overall figures and the weeks of the range."""

    weeks: list[tuple[int, int]]
    rows: list[UnitCompliance]
    overall: cm.ComplianceCounts

    @property
    def ranking(self) -> list[UnitCompliance]:
        """Units with at least MIN_WEEKS_FOR_RANKING scored weeks, best first."""
        ranked = [row for row in self.rows if row.figures.ranked]
        return sorted(ranked, key=lambda r: (-r.figures.mean_score, -r.figures.on_time_share,
                                             r.unit_name))


def _week_filter(column_year, column_week, weeks):
    return tuple_(column_year, column_week).between(
        tuple_(*weeks[0]), tuple_(*weeks[-1]))


def _fetch(weeks, unit_id, known_units=None, known_periods=None):
    """Units, activity periods, reports and excuses of the weeks (units and periods given
    when the caller already loaded them: every unit by name, every unit's periods). The
    reports and the excuses come in one query."""
    reports = select(WeeklyReport.unit_id, WeeklyReport.iso_year, WeeklyReport.iso_week,
                     WeeklyReport.id, WeeklyReport.deadline_at, WeeklyReport.submitted_at,
                     cast(null(), Text).label("reason")
                     ).where(_week_filter(WeeklyReport.iso_year, WeeklyReport.iso_week, weeks))
    excuses = select(ReportExcuse.unit_id, ReportExcuse.iso_year, ReportExcuse.iso_week,
                     cast(null(), Integer), cast(null(), UTCDateTime()),
                     cast(null(), UTCDateTime()), ReportExcuse.reason
                     ).where(_week_filter(ReportExcuse.iso_year, ReportExcuse.iso_week, weeks))
    if unit_id is not None:
        reports = reports.where(WeeklyReport.unit_id == unit_id)
        excuses = excuses.where(ReportExcuse.unit_id == unit_id)
    report_rows, excuse_rows = {}, {}
    for row in db.session.execute(union_all(reports, excuses)):
        key = (row.unit_id, row.iso_year, row.iso_week)
        if row.id is None:
            excuse_rows[key] = row.reason
        else:
            report_rows[key] = row
    if known_units is None:
        known_units, known_periods = list_units_with_periods(unit_id)
    elif unit_id is not None:
        known_units = [u for u in known_units if u.id == unit_id]
    if known_periods is None:
        known_periods = list_activity_periods(unit_id)
    return known_units, known_periods, report_rows, excuse_rows


def _unit_cells(unit, periods, weeks, rule, reports, excuses, now) -> list[Cell]:
    cells = []
    for iso_year, iso_week in weeks:
        key = (unit.id, iso_year, iso_week)
        report = reports.get(key)
        deadline = report.deadline_at if report else cm.unit_deadline(unit, iso_year, iso_week,
                                                                      rule)
        status = cm.week_status(owed=cm.unit_owes_week(periods, iso_year, iso_week),
                                deadline_at=deadline,
                                submitted_at=report.submitted_at if report else None,
                                excused=key in excuses, now=now)
        cells.append(Cell(iso_year, iso_week, status, deadline, report.id if report else None,
                          report.submitted_at if report else None, excuses.get(key)))
    return cells


def list_unit_compliance(first_monday: date, last_monday: date, now: datetime,
                         unit_id: int | None = None, units: list | None = None,
                         periods: dict | None = None) -> ComplianceSummary:
    """Compliance of every unit that owed a week in the range (or of ``unit_id`` only).

    The weeks are those whose Monday falls in ``first_monday``..``last_monday`` (the period
    rule, ``cm.weeks_of_period``; any two days may be given). Each row carries its cells (one per week) and its figures; ``overall``
    pools every scored unit-week of the rows (not a mean of the units' means).
    """
    weeks = cm.weeks_of_period(first_monday, last_monday)
    overall = cm.ComplianceCounts()
    if not weeks:
        return ComplianceSummary(weeks, [], overall)
    rule = get_global_rule()
    units, periods, reports, excuses = _fetch(weeks, unit_id, units, periods)
    rows = []
    for unit in units:
        cells = _unit_cells(unit, periods.get(unit.id, ()), weeks, rule, reports, excuses, now)
        figures = cm.summarize(cell.status for cell in cells)
        if figures.owed or unit_id is not None:
            rows.append(UnitCompliance(unit.id, unit.name, unit.code, unit.active, figures,
                                       cells))
            overall.merge(figures)
    return ComplianceSummary(weeks, rows, overall)


def restrict(summary: ComplianceSummary, first: date, last: date,
             unit_id: int | None = None) -> ComplianceSummary:
    """``summary`` cut to the weeks that belong to first..last (and to ``unit_id``): the same
    rows ``list_unit_compliance`` would give for them, without reading again."""
    known = set(summary.weeks)
    weeks = [w for w in cm.weeks_of_period(first, last) if w in known]
    wanted, overall, rows = set(weeks), cm.ComplianceCounts(), []
    for row in summary.rows:
        if unit_id is not None and row.unit_id != unit_id:
            continue
        cells = [cell for cell in row.cells if (cell.iso_year, cell.iso_week) in wanted]
        figures = cm.summarize(cell.status for cell in cells)
        if figures.owed or unit_id is not None:
            rows.append(UnitCompliance(row.unit_id, row.unit_name, row.unit_code, row.active,
                                       figures, cells))
            overall.merge(figures)
    return ComplianceSummary(weeks, rows, overall)


def get_compliance_grid(first_monday: date, last_monday: date, now: datetime,
                        unit_id: int | None = None) -> ComplianceSummary:
    """The units × weeks grid: the same summary, read through ``rows[i].cells``."""
    return list_unit_compliance(first_monday, last_monday, now, unit_id)


def list_missing_units(now: datetime) -> list[UnitCompliance]:
    """Units that owe this week's report and have neither handed it in nor been excused."""
    monday = cm.week_monday(*cm.current_week(now))
    summary = list_unit_compliance(monday, monday, now)
    return [row for row in summary.rows
            if row.cells[0].status in (cm.PENDIENTE, cm.NO_ENTREGADO)]


def get_unit_week(unit_id: int, iso_year: int, iso_week: int, now: datetime) -> Cell:
    """The cell (status, deadline, report, excuse) of one unit-week."""
    monday = cm.week_monday(iso_year, iso_week)
    return list_unit_compliance(monday, monday, now, unit_id).rows[0].cells[0]


def get_report_for_week(unit_id: int, iso_year: int, iso_week: int) -> WeeklyReport | None:
    """The unit's report for an ISO week, if any."""
    return db.session.scalar(select(WeeklyReport).where(
        WeeklyReport.unit_id == unit_id, WeeklyReport.iso_year == iso_year,
        WeeklyReport.iso_week == iso_week))


def get_excuse(unit_id: int, iso_year: int, iso_week: int) -> ReportExcuse | None:
    """The secretary's excuse of a unit-week, if any."""
    return db.session.scalar(select(ReportExcuse).where(
        ReportExcuse.unit_id == unit_id, ReportExcuse.iso_year == iso_year,
        ReportExcuse.iso_week == iso_week))


def list_report_versions(report_id: int) -> list[WeeklyReportVersion]:
    """Earlier versions of a report, newest first."""
    return list(db.session.scalars(select(WeeklyReportVersion).where(
        WeeklyReportVersion.report_id == report_id).order_by(WeeklyReportVersion.version.desc())))
