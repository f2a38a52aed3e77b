"""The figures of the memo's «Seguimiento de acuerdos» section (and the dashboard's card).

Reproducible: the statuses are those of the append-only history as of the period's end (or
now, for the running week), so a memo regenerated later for a past week gives the same
figures. One query whatever the number of meetings and agreements.
"""
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select, type_coerce

from app.extensions import db
from app.formatting import integer, percent
from app.meetings import workflow as wf
from app.meetings.models import Agreement, AgreementEvent, Meeting, agreement_units
from app.meetings.pdf import followup_section
from app.memo_sections import ExtraSection, register_section
from app.timeutil import UTCDateTime, format_date, format_datetime, local_midnight_utc, local_today
from app.units.models import Unit

WINDOW_DAYS = 365  # the per-unit «kept on time» table covers the last 12 months
SOON_DAYS = 7


def get_memo_followup(period, now: datetime) -> dict:
    """Plain, formatted data of the section for ``period`` (a stats Period)."""
    as_of = min(period.end_utc, now)
    today = local_today(as_of)
    last, rows, units = _agreements_as_of(as_of, today - timedelta(days=WINDOW_DAYS))
    soon_end = today + timedelta(days=SOON_DAYS - 1)
    due_soon, overdue, done = [], [], []
    for row in rows:
        names = ", ".join(units[row.id])
        if row.status in wf.OPEN_STATES and today <= row.due_date <= soon_end:
            due_soon.append((row.id, row.text, names, format_date(row.due_date)))
        elif row.status in wf.OPEN_STATES and row.due_date < today:
            overdue.append((row.id, row.text, names, format_date(row.due_date),
                            wf.days_late(row.due_date, today)))
        if row.status == wf.DONE and (last is None or row.done_at >= last):
            done.append((row.id, row.text, names, format_date(row.due_date)))
    overdue.sort(key=lambda r: (-r[4], r[0]))
    return {"as_of": format_datetime(as_of), "today": format_date(today),
            "soon_until": format_date(soon_end),
            "since": format_datetime(last) if last else None,
            "due_soon": due_soon, "overdue": [r[:4] + (integer(r[4]),) for r in overdue],
            "done": done, "per_unit": _per_unit(rows, units, today)}


def _agreements_as_of(as_of, window_start):
    """(last meeting before ``as_of``, the agreements the section may show with their status,
    last «reported done» and verification as of then, {agreement id: unit names}).

    One query: a row per agreement and responsible unit; the last meeting rides along as a
    scalar subquery (without agreements there is nothing to date from it)."""
    ev = AgreementEvent
    last_meeting = (select(func.max(Meeting.held_at)).where(Meeting.held_at < as_of)
                    .scalar_subquery())
    # One pass over the history: the last event, the last «reported done», the verification.
    history = (select(ev.agreement_id, func.max(ev.id).label("event_id"),
                      _last_at(wf.PROPOSED).label("proposed_at"),
                      _last_at(wf.DONE).label("done_at"))
               .where(ev.created_at < as_of).group_by(ev.agreement_id).subquery())
    status = ev.status_to
    stmt = (select(Agreement.id, Agreement.text, Agreement.due_date, status.label("status"),
                   history.c.proposed_at, history.c.done_at, Unit.name.label("unit"),
                   last_meeting.label("last_meeting"))
            .join(history, history.c.agreement_id == Agreement.id)
            .join(ev, ev.id == history.c.event_id)
            .join(agreement_units, agreement_units.c.agreement_id == Agreement.id)
            .join(Unit, Unit.id == agreement_units.c.unit_id)
            .where(or_(status.in_(wf.OPEN_STATES), Agreement.due_date >= window_start,
                       and_(status == wf.DONE, history.c.done_at >= last_meeting)))
            .order_by(Agreement.due_date, Agreement.id, Unit.name))
    rows, units = {}, defaultdict(list)
    for row in db.session.execute(stmt):
        rows.setdefault(row.id, row)
        units[row.id].append(row.unit)
    last = next(iter(rows.values())).last_meeting if rows else None
    return last, list(rows.values()), units


def _last_at(to_status: str):
    ev = AgreementEvent
    return type_coerce(func.max(case((ev.status_to == to_status, ev.created_at))),
                       UTCDateTime())


def is_kept_on_time(row) -> bool:
    """Verified, and reported done no later than the end of its due date (local)."""
    return (row.status == wf.DONE and row.proposed_at is not None
            and row.proposed_at < local_midnight_utc(row.due_date + timedelta(days=1)))


def _per_unit(rows, units, today) -> list[tuple]:
    """(unit, due, kept on time, share) over agreements due in the window, worst first."""
    due, kept = defaultdict(int), defaultdict(int)
    start = today - timedelta(days=WINDOW_DAYS)
    for row in rows:
        if row.status == wf.CANCELLED or not start <= row.due_date < today:
            continue
        for name in units.get(row.id, ()):
            due[name] += 1
            kept[name] += is_kept_on_time(row)
    table = [(name, due[name], kept[name], kept[name] / due[name]) for name in due]
    table.sort(key=lambda r: (r[3], -r[1], r[0]))
    return [(name, integer(d), integer(k), percent(share)) for name, d, k, share in table]


def init_app(_app) -> None:
    """Add «Seguimiento de acuerdos» to the cabinet memo and the dashboard."""
    register_section(ExtraSection("agreements", get_memo_followup, followup_section,
                                  "meetings/_followup.html"))
