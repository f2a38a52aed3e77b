"""Ticket reads: lists, inbox, detail, duplicates, export, citizen suggestions.

Every page runs a bounded number of queries whatever its size: rows are paginated in the
database and related rows come in the same query (joined) or in one more query.
Counts are capped (``COUNT_CAP``) so no request counts the whole table.
Unit staff only ever see their unit's tickets: ``scope_to_viewer`` is applied everywhere.
"""
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, any_, false, func, or_, select, union_all
from sqlalchemy.orm import joinedload

from app.auth.permissions import Permission, has_permission
from app.citizens.models import Citizen
from app.extensions import db
from app.tickets import constants as c
from app.tickets.folios import format_folio
from app.tickets.models import (Attachment, Ticket, TicketAttributeValue, TicketEvent,
                                overdue_status_clause, triage_clause)
from app.timeutil import local_day_range_utc
from app.units.models import Category, CategoryAttribute, Unit
from app.validators import db_int, normalize_text

COUNT_CAP = 10_000
# A text search counts fewer rows: a common word matches a large share of the tickets and
# each match must be read to be counted. Past this, the page says "more than".
TEXT_COUNT_CAP = 500
# Tickets of at most this many citizens whose name or phone starts with the text.
CITIZEN_MATCH_LIMIT = 200
TAB_COUNT_CAP = 1_000
PER_PAGE = 50
# A folio as typed: "AC-2026-000123", "ac-2026-123" or, without its prefix, "2026-123".
FOLIO_RE = re.compile(r"^(?:([A-Za-z]{2})-)?(20\d{2})-(\d{1,9})$")
INBOX_TABS = {
    "nuevos": ("Nuevos", c.statuses_where(inbox_tab="nuevos")),
    "en_proceso": ("En proceso", c.statuses_where(inbox_tab="en_proceso")),
    "vencidos": ("Vencidos", c.OVERDUE_STATUSES),
    "cerrados": ("Cerrados", c.statuses_where(inbox_tab="cerrados")),
}


@dataclass
class TicketFilters:
    """Filters of the ticket list (already validated by the form)."""

    status: str | None = None
    unit_id: int | None = None
    category_id: int | None = None
    channel: str | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    overdue: bool = False
    q: str | None = None
    sort: str = "recientes"


@dataclass
class TicketPage:
    items: list
    page: int
    per_page: int
    total: int
    capped: bool
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def scope_to_viewer(stmt, user):
    """Restrict any ticket query to what the user may see (unit staff: their unit only)."""
    if has_permission(user, Permission.VIEW_ALL_TICKETS):
        return stmt
    if has_permission(user, Permission.WORK_UNIT_TICKETS) and user.unit_id:
        return stmt.where(Ticket.unit_id == user.unit_id)
    return stmt.where(false())


def get_ticket_for(user, ticket_id) -> Ticket | None:
    """The ticket with its category, unit, citizen and creator, if the user may see it."""
    try:
        ticket_id = int(ticket_id)
    except (TypeError, ValueError):
        return None
    stmt = (select(Ticket).where(Ticket.id == ticket_id)
            .options(joinedload(Ticket.category), joinedload(Ticket.unit),
                     joinedload(Ticket.citizen), joinedload(Ticket.creator),
                     joinedload(Ticket.duplicate_of)))
    return db.session.scalar(scope_to_viewer(stmt, user))


def get_ticket(ticket_id) -> Ticket | None:
    """A ticket by id with its category and unit, unscoped (the portal's signed links)."""
    try:
        ticket_id = int(ticket_id)
    except (TypeError, ValueError):
        return None
    return db.session.scalar(select(Ticket).where(Ticket.id == ticket_id).options(
        joinedload(Ticket.category), joinedload(Ticket.unit), joinedload(Ticket.citizen)))


def get_ticket_by_folio(folio: str, lookup_code: str | None = None) -> Ticket | None:
    """A ticket by folio (and its private lookup code when given), for the public side."""
    stmt = select(Ticket).where(Ticket.folio == (folio or "").strip().upper())
    if lookup_code is not None:
        stmt = stmt.where(Ticket.lookup_code == (lookup_code or "").strip().upper())
    return db.session.scalar(stmt)


def get_citizen(citizen_id) -> Citizen | None:
    """A citizen on file by id (None for unknown or malformed ids)."""
    try:
        return db.session.get(Citizen, db_int(citizen_id))
    except (TypeError, ValueError):
        return None


def list_timeline(ticket: Ticket, public_only: bool = False) -> list[TicketEvent]:
    """The ticket's history, oldest first, with actors and units (one query)."""
    stmt = (select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
            .options(joinedload(TicketEvent.actor), joinedload(TicketEvent.unit_from),
                     joinedload(TicketEvent.unit_to))
            .order_by(TicketEvent.id))
    if public_only:
        stmt = stmt.where(TicketEvent.public.is_(True))
    return list(db.session.scalars(stmt))


def list_attachments(ticket: Ticket, public_only: bool = False) -> list[Attachment]:
    """Files attached to the ticket, oldest first."""
    stmt = select(Attachment).where(Attachment.ticket_id == ticket.id).order_by(Attachment.id)
    if public_only:
        stmt = stmt.where(Attachment.public.is_(True))
    return list(db.session.scalars(stmt))


def get_public_photo(ticket: Ticket, attachment_id: int) -> Attachment | None:
    """One of the ticket's public pictures (the citizen's status page shows them)."""
    row = db.session.get(Attachment, attachment_id)
    if row is None or row.ticket_id != ticket.id or not row.public:
        return None
    return row if row.content_type.startswith("image/") else None


def list_attribute_answers(ticket: Ticket) -> list[tuple[CategoryAttribute, str]]:
    """(attribute, value) answers filed with the ticket, in the attributes' order (one query)."""
    return list(db.session.execute(
        select(CategoryAttribute, TicketAttributeValue.value)
        .join(TicketAttributeValue, TicketAttributeValue.attribute_id == CategoryAttribute.id)
        .where(TicketAttributeValue.ticket_id == ticket.id)
        .order_by(CategoryAttribute.position, CategoryAttribute.id, TicketAttributeValue.id)))


def is_overdue(ticket: Ticket, today: date) -> bool:
    """Open with a running clock and past its due date."""
    return (ticket.status in c.OVERDUE_STATUSES and ticket.due_date is not None
            and ticket.due_date < today)


def time_to_resolution(ticket: Ticket) -> timedelta | None:
    """From reception to resolution (or closing when it was never marked atendida)."""
    end = ticket.resolved_at or ticket.closed_at
    return end - ticket.created_at if end else None


def _overdue_clause(today: date):
    return and_(overdue_status_clause(), Ticket.due_date < today)


def _folios_typed(q: str) -> list[str]:
    """The folios meant by "AC-2026-000123", "AC-2026-123" or "2026-123" (either prefix)."""
    match = FOLIO_RE.match(q)
    if not match:
        return []
    prefix, year, number = match.groups()
    prefixes = [prefix.upper()] if prefix else [c.ATTENTION_PREFIX, c.WEB_PREFIX]
    return [format_folio(p, int(year), int(number)) for p in prefixes]


def _text_clause(q: str):
    q = q.strip()
    folios = _folios_typed(q)
    if folios:
        return Ticket.folio.in_(folios)
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    name = normalize_text(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    digits = re.sub(r"\D", "", q)
    citizen = Citizen.search_name.like(f"{name}%", escape="\\")
    if len(digits) >= 4 and len(digits) == len(re.sub(r"[\s()-]", "", q)):
        citizen = or_(citizen, Citizen.phone.like(f"{digits}%"))
    return or_(Ticket.description.ilike(f"%{escaped}%", escape="\\"),
               _citizen_in(select(Citizen.id).where(citizen).limit(CITIZEN_MATCH_LIMIT)),
               Ticket.folio.like(f"%{escaped.upper()}", escape="\\"))


def _citizen_in(citizen_ids):
    """``Ticket.citizen_id`` among the subquery's ids. On PostgreSQL as ``= ANY(ARRAY(...))``,
    which (unlike ``IN (subquery)``) is an index condition, so the three arms of the text
    search combine as a BitmapOr of indexes instead of a scan of the whole table."""
    if db.session.get_bind().dialect.name == "postgresql":
        return Ticket.citizen_id == any_(func.array(citizen_ids.scalar_subquery()))
    return Ticket.citizen_id.in_(citizen_ids)


def filtered_tickets(filters: TicketFilters, user, today: date, base=None):
    """``base`` (default SELECT of Ticket) restricted to the filters and the viewer."""
    stmt = scope_to_viewer(select(Ticket) if base is None else base, user)
    for column, value in ((Ticket.status, filters.status), (Ticket.unit_id, filters.unit_id),
                          (Ticket.category_id, filters.category_id),
                          (Ticket.channel, filters.channel), (Ticket.kind, filters.kind)):
        if value:
            stmt = stmt.where(column == value)
    if filters.date_from or filters.date_to:
        start, end = local_day_range_utc(filters.date_from or date(2000, 1, 1),
                                         filters.date_to or date(2999, 12, 30))
        stmt = stmt.where(Ticket.created_at >= start, Ticket.created_at < end)
    if filters.overdue:
        stmt = stmt.where(_overdue_clause(today))
    if filters.q and filters.q.strip():
        stmt = stmt.where(_text_clause(filters.q))
    return stmt


def _order(stmt, sort: str):
    if sort == "vencimiento":
        return stmt.order_by(Ticket.due_date.asc(), Ticket.id.asc())
    return stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc())


def _capped_count(stmt, cap: int) -> int:
    """Rows matching ``stmt``, counting at most cap + 1 of them."""
    inner = stmt.with_only_columns(Ticket.id).order_by(None).limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(inner))


# The columns a list row shows: plain rows, no ORM objects (cheap at 50 rows per page).
LIST_COLUMNS = (Ticket.id, Ticket.folio, Ticket.created_at, Ticket.status, Ticket.due_date,
                Ticket.colonia, Category.name.label("category_name"),
                Unit.name.label("unit_name"), Citizen.name.label("citizen_name"))


def _list_rows():
    return (select(*LIST_COLUMNS).select_from(Ticket)
            .join(Category, Category.id == Ticket.category_id)
            .outerjoin(Unit, Unit.id == Ticket.unit_id)
            .outerjoin(Citizen, Citizen.id == Ticket.citizen_id))


def list_tickets(filters: TicketFilters, user, *, page: int, today: date,
                 per_page: int = PER_PAGE) -> TicketPage:
    """One page of the filtered list with a capped total (two queries)."""
    if filters.q:
        return _list_searched(filters, user, page=page, today=today, per_page=per_page)
    total = _capped_count(filtered_tickets(filters, user, today), COUNT_CAP)
    page = _clamp_page(page, min(total, COUNT_CAP), per_page)
    # Deferred join: the page's ids come from the tickets indexes alone, then only those rows
    # are joined, so a deep page does not join every skipped row.
    page_ids = (_order(filtered_tickets(filters, user, today, base=select(Ticket.id)), filters.sort)
                .offset((page - 1) * per_page).limit(per_page).subquery())
    rows = db.session.execute(_order(_list_rows().join(page_ids, page_ids.c.id == Ticket.id),
                                     filters.sort))
    return TicketPage(list(rows), page, per_page, min(total, COUNT_CAP), total > COUNT_CAP)


def _list_searched(filters: TicketFilters, user, *, page: int, today: date,
                   per_page: int) -> TicketPage:
    """A text search reads its matches once: the first TEXT_COUNT_CAP + 1 ids in list order
    give both the capped total and the page (a count and a page query would read them twice)."""
    ids = list(db.session.scalars(
        _order(filtered_tickets(filters, user, today, base=select(Ticket.id)), filters.sort)
        .limit(TEXT_COUNT_CAP + 1)))
    total = min(len(ids), TEXT_COUNT_CAP)
    page = _clamp_page(page, total, per_page)
    page_ids = ids[(page - 1) * per_page:page * per_page]
    rows = db.session.execute(_order(_list_rows().where(Ticket.id.in_(page_ids or [0])),
                                     filters.sort))
    return TicketPage(list(rows), page, per_page, total, len(ids) > TEXT_COUNT_CAP)


def _clamp_page(page: int, total: int, per_page: int) -> int:
    return max(1, min(page, math.ceil(total / per_page) or 1))


def list_triage(*, page: int, per_page: int = PER_PAGE) -> TicketPage:
    """Web and API complaints waiting for a unit (recibida/devuelta), oldest first."""
    stmt = select(Ticket).where(triage_clause())
    total = _capped_count(stmt, COUNT_CAP)
    page = _clamp_page(page, min(total, COUNT_CAP), per_page)
    rows = db.session.scalars(stmt.options(joinedload(Ticket.category))
                              .order_by(Ticket.created_at, Ticket.id)
                              .offset((page - 1) * per_page).limit(per_page))
    return TicketPage(list(rows), page, per_page, min(total, COUNT_CAP), total > COUNT_CAP)


def _tab_where(tab: str, unit_id: int, today: date, status: str):
    clauses = [Ticket.unit_id == unit_id, Ticket.status == status]
    if tab == "vencidos":
        clauses.append(Ticket.due_date < today)
    return clauses


def count_inbox_tabs(user, today: date) -> dict[str, int]:
    """Tickets per inbox tab for the user's unit, each capped at TAB_COUNT_CAP (one query)."""
    counts = []
    for tab, (_label, statuses) in INBOX_TABS.items():
        condition = [Ticket.unit_id == (user.unit_id or 0), Ticket.status.in_(statuses)]
        if tab == "vencidos":
            condition.append(Ticket.due_date < today)
        inner = select(Ticket.id).where(*condition).limit(TAB_COUNT_CAP + 1).subquery()
        counts.append(select(func.count()).select_from(inner).scalar_subquery().label(tab))
    row = db.session.execute(select(*counts)).one()
    return dict(row._mapping)


def list_inbox(user, tab: str, *, page: int, today: date, per_page: int = PER_PAGE) -> TicketPage:
    """One page of an inbox tab, sorted by due date (closed: latest due first).

    Each status is read from the (unit_id, status, due_date) index and merged, so a tab
    with many statuses never sorts the unit's whole history.
    """
    descending = tab == "cerrados"
    statuses = INBOX_TABS[tab][1]
    limit = page * per_page
    parts = []
    for status in statuses:
        sort = Ticket.due_date.desc() if descending else Ticket.due_date.asc()
        sub = (select(Ticket.id, Ticket.due_date)
               .where(*_tab_where(tab, user.unit_id or 0, today, status))
               .order_by(sort, Ticket.id.desc() if descending else Ticket.id).limit(limit)
               .subquery())
        parts.append(select(sub.c.id, sub.c.due_date))
    merged = union_all(*parts).subquery()
    order = (merged.c.due_date.desc(), merged.c.id.desc()) if descending else (
        merged.c.due_date.asc(), merged.c.id.asc())
    ids = list(db.session.scalars(select(merged.c.id).order_by(*order)
                                  .offset((page - 1) * per_page).limit(per_page)))
    by_id = {t.id: t for t in db.session.execute(_list_rows().where(Ticket.id.in_(ids or [0])))}
    return TicketPage([by_id[i] for i in ids if i in by_id], page, per_page, 0, False)


def list_duplicate_candidates(category_id, colonia: str | None, *, now: datetime,
                              exclude_id: int | None = None, limit: int = 10) -> list[Ticket]:
    """Open tickets of the same category and colonia received in the last 30 days."""
    if not category_id or not (colonia or "").strip():
        return []
    stmt = (select(Ticket).options(joinedload(Ticket.unit))
            .where(Ticket.category_id == category_id,
                   func.lower(Ticket.colonia) == colonia.strip().lower(),
                   Ticket.created_at >= now - timedelta(days=c.DUPLICATE_WINDOW_DAYS),
                   Ticket.status.in_(c.OPEN_STATUSES))
            .order_by(Ticket.created_at.desc()).limit(limit))
    if exclude_id:
        stmt = stmt.where(Ticket.id != exclude_id)
    return list(db.session.scalars(stmt))


def suggest_citizens(term: str, limit: int = 8) -> list[Citizen]:
    """Citizens on file whose phone or name starts with the typed text."""
    term = (term or "").strip()
    digits = re.sub(r"\D", "", term)
    if len(digits) >= 3 and not re.sub(r"[\d\s()+-]", "", term):
        where = Citizen.phone.like(f"{digits[-10:]}%")
    else:
        name = normalize_text(term).replace("%", "").replace("_", "")
        if len(name) < 2:
            return []
        where = Citizen.search_name.like(f"{name}%")
    return list(db.session.scalars(select(Citizen).where(where)
                                   .order_by(Citizen.search_name, Citizen.id).limit(limit)))


EXPORT_HEADERS = ["Folio", "Fecha de recepción", "Canal", "Tipo", "Categoría", "Unidad",
                  "Estado", "Fecha límite", "Vencido", "Ciudadano", "Teléfono", "Colonia",
                  "Localidad", "Descripción", "Fecha de atención", "Fecha de cierre"]


def iter_export_rows(filters: TicketFilters, user, today: date, chunk: int = 1000):
    """Yield lists of export rows (plain tuples), ``chunk`` at a time, streamed from the DB."""
    base = filtered_tickets(filters, user, today).subquery()
    stmt = (select(base.c.folio, base.c.created_at, base.c.channel, base.c.kind,
                   Category.name, Unit.name, base.c.status, base.c.due_date,
                   Citizen.name, Citizen.phone, base.c.colonia, base.c.localidad,
                   base.c.description, base.c.resolved_at, base.c.closed_at)
            .join(Category, Category.id == base.c.category_id)
            .outerjoin(Unit, Unit.id == base.c.unit_id)
            .outerjoin(Citizen, Citizen.id == base.c.citizen_id)
            .order_by(base.c.created_at.desc(), base.c.id.desc())
            .execution_options(yield_per=chunk))
    result = db.session.execute(stmt)
    for partition in result.partitions():
        yield list(partition)


def list_due_by_unit(until: date, per_unit: int = 50) -> dict[int, tuple[int, list]]:
    """Tickets whose clock runs and that fall due on or before ``until`` (overdue included),
    per unit: ``{unit_id: (how many, the first per_unit rows by due date)}``; one query."""
    due = and_(overdue_status_clause(), Ticket.due_date <= until,
               Ticket.unit_id.is_not(None))
    per_unit_window = {"partition_by": Ticket.unit_id}
    ranked = (select(Ticket.unit_id, Ticket.folio, Ticket.due_date, Ticket.id,
                     Category.name.label("category_name"),
                     func.row_number().over(**per_unit_window,
                                            order_by=(Ticket.due_date, Ticket.id)).label("rank"),
                     func.count().over(**per_unit_window).label("total"))
              .join(Category, Category.id == Ticket.category_id).where(due).subquery())
    result = {}
    rows = db.session.execute(select(ranked).where(ranked.c.rank <= per_unit)
                              .order_by(ranked.c.unit_id, ranked.c.rank))
    for row in rows:
        result.setdefault(row.unit_id, (row.total, []))[1].append(row)
    return result
