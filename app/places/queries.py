"""Reads of the places feature: the catalogue (options, typeahead, admin list, history), the
free-text colonias still unmapped, where the problems are (per colonia × category for any
period, the memo's colonias of the month) and the staff map's pins.

Figures come from the statistics' daily rollups (app/stats/rollups.py): a few hundred rows
whatever the number of tickets.
"""
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, literal, or_, select, union_all

from app.extensions import db
from app.colonias.models import Colonia, ColoniaChange
from app.colonias.sepomex import name_key
from app.stats import rollups
from app.stats.periods import Period
from app.tickets import constants as c
from app.tickets.models import Ticket
from app.timeutil import local_today, utcnow
from app.units.models import Category, Unit

NO_COLONIA = "Sin colonia del catálogo"
FIGURE_HEADERS = ("Colonia", "C.P.", "Categoría", "Denuncias web", "Solicitudes",
                  "Total")
MONTH_TOP = 10
PREVIOUS_MONTHS = 3
MAP_LIMIT = 2000


def list_catalogue(term: str = "", *, page: int = 1, per_page: int = 50):
    """The catalogue (active first, by name), paginated, and {colonia id: its tickets} for
    the page (one grouped query on ``ix_tickets_colonia_id_created_at``)."""
    key = name_key(term)
    stmt = select(Colonia)
    if key:
        stmt = stmt.where(or_(Colonia.search_name.contains(key, autoescape=True),
                              Colonia.postal_code == term.strip()))
    stmt = stmt.order_by(Colonia.active.desc(), Colonia.search_name, Colonia.postal_code)
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False, count=True)
    ids = [colonia.id for colonia in pagination.items]
    counts = dict(db.session.execute(
        select(Ticket.colonia_id, func.count()).where(Ticket.colonia_id.in_(ids))
        .group_by(Ticket.colonia_id)).all()) if ids else {}
    return pagination, counts


def count_catalogue() -> int:
    return db.session.scalar(select(func.count()).select_from(Colonia)
                             .where(Colonia.active.is_(True)))


def list_changes(colonia_id: int) -> list[ColoniaChange]:
    """A colonia's history (and the merges into it), newest first."""
    return list(db.session.scalars(
        select(ColoniaChange).where(or_(ColoniaChange.colonia_id == colonia_id,
                                        ColoniaChange.target_id == colonia_id))
        .order_by(ColoniaChange.id.desc())))


def list_merged_into(colonia_id: int) -> list[Colonia]:
    return list(db.session.scalars(select(Colonia).where(Colonia.merged_into_id == colonia_id)
                                   .order_by(Colonia.search_name)))


def list_unmapped_texts(limit: int = 200) -> list:
    """(text, tickets) of the free-text colonias without a catalogue entry, most used first."""
    count = func.count().label("tickets")
    return list(db.session.execute(
        select(Ticket.colonia, count).where(Ticket.colonia_id.is_(None),
                                            Ticket.colonia.is_not(None))
        .group_by(Ticket.colonia).order_by(count.desc(), Ticket.colonia).limit(limit)))


def get_colonia_figures(period: Period, now: datetime | None = None) -> list[tuple]:
    """Tickets received in ``period`` per catalogue colonia and category: (colonia, postal
    code, category, web complaints, desk requests, total), most first; tickets without a
    catalogue colonia are one row per category under «Sin colonia del catálogo». Read from
    the statistics' daily rollups (app/stats/rollups.py), so a year costs what a week does."""
    return get_colonia_report(period, now, months=False)[1]


def get_colonia_report(period: Period, now: datetime | None = None, months: bool = True,
                       limit: int = MONTH_TOP) -> tuple[list, list]:
    """(when ``months``) the MONTH_TOP catalogue colonias with the most tickets in
    ``month_window(period, now)``: (name, postal code, this month, average of the same days of
    the previous months); and ``get_colonia_figures(period)``. Three queries whatever the
    rows: the closed days, the rollups of every range, the names."""
    now = now or utcnow()
    window = month_window(period, now)
    periods = [period, *(window.periods() if months else ())]
    closed = rollups.closed_days(min(p.first for p in periods), max(p.last for p in periods))
    counts = rollups.read_places([rollups.plan(p, now, closed) for p in periods], now)
    totals = {}
    for (colonia_id, category_id, web), n in counts[0].items():
        row = totals.setdefault((colonia_id, category_id), [0, 0])
        row[0 if web else 1] += n
    current, previous = _per_colonia(counts[1:2]), _per_colonia(counts[2:])
    colonias, categories = _names({k[0] for k in totals} | set(current), {k[1] for k in totals})
    figures = [(colonias.get(colonia_id, (NO_COLONIA, ""))[0],
                colonias.get(colonia_id, (NO_COLONIA, ""))[1] or "",
                categories[category_id][0], web, desk, web + desk)
               for (colonia_id, category_id), (web, desk) in totals.items()]
    figures.sort(key=lambda r: (-r[5], r[0] == NO_COLONIA, r[0], r[2]))
    ranked = sorted(((colonias[cid][0], colonias[cid][1], n,
                      previous.get(cid, 0) / max(len(periods) - 2, 1))
                     for cid, n in current.items() if n and cid in colonias),
                    key=lambda r: (-r[2], -r[3], r[0]))
    return ranked[:limit], figures


def _per_colonia(per_plan: list[dict]) -> dict:
    """{catalogue colonia id: received} summed over ``read_places`` results."""
    totals = {}
    for counts in per_plan:
        for (colonia_id, _category, _web), n in counts.items():
            if colonia_id is not None:
                totals[colonia_id] = totals.get(colonia_id, 0) + n
    return totals


def _names(colonia_ids, category_ids) -> tuple[dict, dict]:
    """{id: (name, postal code or None)} of the given colonias and categories, in one query
    (even for none: the page runs the same queries whatever the rows)."""
    colonias = select(literal(True), Colonia.id, Colonia.name, Colonia.postal_code).where(
        Colonia.id.in_([i for i in colonia_ids if i is not None]))
    categories = select(literal(False), Category.id, Category.name, literal(None)).where(
        Category.id.in_([i for i in category_ids if i is not None]))
    result = ({}, {})
    for is_colonia, row_id, name, code in db.session.execute(union_all(colonias, categories)):
        result[0 if is_colonia else 1][row_id] = (name, code)
    return result


@dataclass(frozen=True)
class MonthWindow:
    """Month to date (days 1..``days`` of ``first``'s month) and the same days of the
    previous months."""

    first: date
    days: int

    def periods(self, months: int = PREVIOUS_MONTHS) -> list[Period]:
        """This month's days, then the same days of each previous month."""
        out, start = [], self.first
        for _ in range(months + 1):
            last = min(self.days, monthrange(start.year, start.month)[1])
            out.append(Period(start, start + timedelta(days=last - 1)))
            start = (start - timedelta(days=1)).replace(day=1)
        return out


def month_window(period: Period, now: datetime) -> MonthWindow:
    """The memo's month: the one of the period's last day (or today, if earlier), to date."""
    last = min(period.last, local_today(now))
    return MonthWindow(last.replace(day=1), last.day)


def list_open_pins(category_id: int | None = None, unit_id: int | None = None,
                   limit: int = MAP_LIMIT) -> list:
    """Open tickets with a pin (newest first, at most ``limit``): id, folio, status, category,
    unit, latitude, longitude."""
    stmt = (select(Ticket.id, Ticket.folio, Ticket.status, Category.name.label("category"),
                   Unit.name.label("unit"), Ticket.latitude, Ticket.longitude)
            .join(Category, Category.id == Ticket.category_id)
            .outerjoin(Unit, Unit.id == Ticket.unit_id)
            .where(Ticket.latitude.is_not(None), Ticket.longitude.is_not(None),
                   Ticket.status.in_(c.OPEN_STATUSES))
            .order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit))
    if category_id:
        stmt = stmt.where(Ticket.category_id == category_id)
    if unit_id:
        stmt = stmt.where(Ticket.unit_id == unit_id)
    return list(db.session.execute(stmt))
