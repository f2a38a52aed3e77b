"""Reads of the places feature: the catalogue (options, typeahead, admin list, history), the
free-text colonias still unmapped, where the problems are (per colonia × category for any
period, the memo's colonias of the month) and the staff map's pins.

Figures are aggregated in the database: one grouped query whatever the number of tickets.
"""
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, literal, or_, select

from app.extensions import db
from app.places.models import Colonia, ColoniaChange
from app.places.sepomex import name_key
from app.stats.periods import Period
from app.tickets import constants as c
from app.tickets.models import Ticket
from app.timeutil import local_midnight_utc, local_today
from app.units.models import Category, Unit

SUGGESTION_LIMIT = 10
NO_COLONIA = "Sin colonia del catálogo"
FIGURE_HEADERS = ("Colonia", "C.P.", "Categoría", "Denuncias web", "Solicitudes",
                  "Total")
MONTH_TOP = 10
PREVIOUS_MONTHS = 3
MAP_LIMIT = 2000


def list_colonia_options() -> list:
    """(id, name, kind, postal_code) of the active catalogue by name, for the forms' list."""
    return list(db.session.execute(
        select(Colonia.id, Colonia.name, Colonia.kind, Colonia.postal_code)
        .where(Colonia.active.is_(True)).order_by(Colonia.search_name, Colonia.postal_code)))


def suggest_colonias(term: str, limit: int = SUGGESTION_LIMIT) -> list[Colonia]:
    """Active colonias whose name holds the typed text (accents and case aside); names that
    start with it first."""
    key = name_key(term)
    if not key:
        return []
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    starts = case((Colonia.search_name.startswith(key, autoescape=True), 0), else_=1)
    return list(db.session.scalars(
        select(Colonia).where(Colonia.active.is_(True),
                              Colonia.search_name.like(pattern, escape="\\"))
        .order_by(starts, Colonia.search_name, Colonia.postal_code).limit(limit)))


def get_colonia(colonia_id) -> Colonia | None:
    return db.session.get(Colonia, colonia_id)


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


def get_colonia_figures(period: Period) -> list[tuple]:
    """Tickets received in ``period`` per catalogue colonia and category: (colonia, postal
    code, category, web complaints, desk requests, total), most first; tickets without a
    catalogue colonia are one row per category under «Sin colonia del catálogo»."""
    web = func.sum(case((Ticket.channel.in_(c.WEB_CHANNELS), 1), else_=0))
    total = func.count()
    grouped = (select(Ticket.colonia_id, Ticket.category_id, web.label("web"),
                      total.label("total"))
               .where(Ticket.created_at >= period.start_utc, Ticket.created_at < period.end_utc)
               .group_by(Ticket.colonia_id, Ticket.category_id))
    grouped = grouped.subquery()
    rows = db.session.execute(
        select(func.coalesce(Colonia.name, literal(NO_COLONIA)), Colonia.postal_code,
               Category.name, grouped.c.web, grouped.c.total)
        .select_from(grouped)
        .join(Category, Category.id == grouped.c.category_id)
        .outerjoin(Colonia, Colonia.id == grouped.c.colonia_id)
        .order_by(grouped.c.total.desc(), Colonia.name, Category.name))
    return [(name, code or "", category, int(web), int(n) - int(web), int(n))
            for name, code, category, web, n in rows]


@dataclass(frozen=True)
class MonthWindow:
    """Month to date (days 1..``days`` of ``first``'s month) and the same days of the
    previous months."""

    first: date
    days: int

    def ranges(self, months: int = PREVIOUS_MONTHS) -> list[tuple[datetime, datetime]]:
        """[start, end) UTC of this month's days, then of each previous month's."""
        out, start = [], self.first
        for _ in range(months + 1):
            last = min(self.days, monthrange(start.year, start.month)[1])
            out.append((local_midnight_utc(start),
                        local_midnight_utc(start + timedelta(days=last))))
            start = (start - timedelta(days=1)).replace(day=1)
        return out


def month_window(period: Period, now: datetime) -> MonthWindow:
    """The memo's month: the one of the period's last day (or today, if earlier), to date."""
    last = min(period.last, local_today(now))
    return MonthWindow(last.replace(day=1), last.day)


def get_colonias_of_month(window: MonthWindow, limit: int = MONTH_TOP) -> list[tuple]:
    """The ``limit`` catalogue colonias with the most tickets in the window's month to date:
    (name, postal code, this month, average of the same days of the previous months); one
    grouped query."""
    ranges = window.ranges()
    buckets = [func.sum(case((and_(Ticket.created_at >= start, Ticket.created_at < end), 1),
                             else_=0)) for start, end in ranges]
    current, previous = buckets[0].label("current"), sum(buckets[1:]).label("previous")
    grouped = (select(Ticket.colonia_id, current, previous)
               .where(Ticket.colonia_id.is_not(None), Ticket.created_at >= ranges[-1][0],
                      Ticket.created_at < ranges[0][1])
               .group_by(Ticket.colonia_id).subquery())
    rows = db.session.execute(
        select(Colonia.name, Colonia.postal_code, grouped.c.current, grouped.c.previous)
        .join(grouped, grouped.c.colonia_id == Colonia.id)
        .where(grouped.c.current > 0)
        .order_by(grouped.c.current.desc(), grouped.c.previous.desc(), Colonia.name)
        .limit(limit))
    return [(name, code, int(now_count), int(before) / (len(ranges) - 1))
            for name, code, now_count, before in rows]


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
