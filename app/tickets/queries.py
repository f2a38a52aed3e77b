"""Ticket reads: lists, inbox, detail, export, citizen suggestions (duplicates: duplicates.py).

Every page runs a bounded number of queries whatever its size: rows are paginated in the
database and related rows come in the same query (joined) or in one more query.
Counts are capped (``COUNT_CAP``) so no request counts the whole table.
Unit staff only ever see their unit's tickets: ``scope_to_viewer`` is applied everywhere.
"""
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import and_, any_, false, func, or_, select, union, union_all
from sqlalchemy.orm import joinedload

from app.auth.models import User
from app.auth.permissions import UNIT, Permission, has_permission
from app.businessdays import add_business_days, load_municipal_days
from app.citizens.models import Citizen
from app.extensions import db
from app.tickets import constants as c
from app.tickets import fulltext
from app.tickets.folios import format_folio
from app.tickets.models import (Attachment, Ticket, TicketAttributeValue, TicketEvent,
                                overdue_status_clause, triage_clause)
from app.tickets import history
from app.timeutil import local_day_range_utc, local_today, utcnow
from app.units.models import Category, CategoryAttribute, Unit
from app.validators import db_int, normalize_text

COUNT_CAP = 10_000
# A text search counts fewer rows: a common word matches a large share of the tickets and
# each match must be read to be counted. Past this, the page says "more than".
TEXT_COUNT_CAP = 500
# Tickets of at most this many citizens whose name or phone matches the text.
CITIZEN_MATCH_LIMIT = 200
# Digits that make a search a phone search: the list (where a short number may be a folio's
# part) and the intake suggestions.
LIST_PHONE_MIN_DIGITS = 4
SUGGEST_PHONE_MIN_DIGITS = 3
# Longer typed text is no name nor phone (and SQLite refuses LIKE patterns over 50,000 bytes).
SUGGEST_MAX_CHARS = 200
TAB_COUNT_CAP = 1_000
PER_PAGE = 50
# A folio as typed: "AC-2026-000123", "ac-2026-123" or, without its prefix, "2026-123".
FOLIO_RE = re.compile(r"^(?:([A-Za-z]{2})-)?(20\d{2})-(\d{1,9})$")
INBOX_TABS = {
    "nuevos": ("Nuevos", c.statuses_where(inbox_tab="nuevos")),
    "en_proceso": ("En proceso", c.statuses_where(inbox_tab="en_proceso")),
    "vencidos": ("Vencidos", c.OVERDUE_STATUSES),
    "por_vencer": ("Vencen pronto", c.OVERDUE_STATUSES),
    "cerrados": ("Cerrados", c.statuses_where(inbox_tab="cerrados")),
}
# «Vencen pronto»: due today or within this many business days (the daily digest's window).
DUE_SOON_BUSINESS_DAYS = 2

# unit_id filter value for the tickets without a unit (not channeled yet).
NO_UNIT = 0
NO_COLONIA = "-"
# The channel groups of the statistics: web complaints, and citizen attention (the desk).
CHANNEL_GROUPS = {"web": "Denuncias web (web y API)",
                  "atencion": "Atención ciudadana (presencial, telefónica, escrito)"}
# Which date the «Desde»/«Hasta» range applies to.
RECEIVED_ON, CHANNELED_ON, CONCLUDED_ON = "recepcion", "canalizacion", "conclusion"
DATE_FIELDS = {RECEIVED_ON: "Fecha de recepción", CHANNELED_ON: "Fecha de canalización",
               CONCLUDED_ON: "Fecha de conclusión (estado final)"}


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
    # The statistics dashboard's figures, reproduced (see app/stats/queries.py's docstring).
    channel_group: str | None = None   # CHANNEL_GROUPS key
    date_field: str = RECEIVED_ON      # which date date_from/date_to bound
    backlog_on: date | None = None     # backlog at the end of this local day
    overdue_on: date | None = None     # overdue at the end of this local day
    unit_on: date | None = None        # unit_id is the unit at the end of this local day
    unit_of_figure: bool = False       # unit_id is the unit the dated figure counts it for
    colonia: str | None = None         # exact colonia; NO_COLONIA for none
    per_citizen: bool = False          # only each citizen's first request among the rest
    citizen_id: int | None = None


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
                     joinedload(Ticket.assignee), joinedload(Ticket.duplicate_of)))
    return db.session.scalar(scope_to_viewer(stmt, user))


def get_ticket(ticket_id) -> Ticket | None:
    """A ticket by id with its category and unit, unscoped (the portal's signed links)."""
    try:
        ticket_id = int(ticket_id)
    except (TypeError, ValueError):
        return None
    return db.session.scalar(select(Ticket).where(Ticket.id == ticket_id).options(
        joinedload(Ticket.category), joinedload(Ticket.unit), joinedload(Ticket.citizen)))


def ids_by_folio(folios: list[str]) -> dict[str, int]:
    """{folio: ticket id} of the given folios (one query on the unique folio index)."""
    if not folios:
        return {}
    return dict(db.session.execute(select(Ticket.folio, Ticket.id)
                                   .where(Ticket.folio.in_(list(folios)))).all())


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


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def citizen_name_clause(text: str):
    """Each typed word starts a word of the citizen's name, accent- and case-insensitive
    («Berumen» and «rosa ber» find «Rosa Berumen»). On PostgreSQL each LIKE is answered by
    the trigram index on ``search_name`` (``ix_citizens_search_name_trgm``)."""
    words = [_like_escape(word) for word in normalize_text(text).split()]
    if not words:
        return false()
    return and_(*(or_(Citizen.search_name.like(f"{word}%", escape="\\"),
                      Citizen.search_name.like(f"% {word}%", escape="\\")) for word in words))


def citizen_phone_clause(digits: str):
    """The digits appear anywhere in the phone (trigram index ``ix_citizens_phone_trgm``)."""
    return Citizen.phone.like(f"%{digits}%")


def typed_phone_digits(text: str, minimum: int) -> str | None:
    """The digits of a text that is only a phone number (digits, spaces, ``()+-``), if at least
    ``minimum``; a leading 52 (Mexico's country code) before ten digits is dropped."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < minimum or re.sub(r"[\d\s()+-]", "", text):
        return None
    return digits[-10:] if len(digits) == 12 and digits.startswith("52") else digits


def _text_clause(q: str):
    return or_(*_text_arms(q))


def _text_arms(q: str) -> list:
    """The ways a ticket matches a search, each a clause an index answers: the folios typed;
    or the description, the citizen (name or phone) and the end of the folio (only a text
    with a digit can end one)."""
    q = q.strip()
    folios = _folios_typed(q)
    if folios:
        return [Ticket.folio.in_(folios)]
    escaped = _like_escape(q)
    citizen = citizen_name_clause(q)
    digits = typed_phone_digits(q, LIST_PHONE_MIN_DIGITS)
    if digits:
        citizen = or_(citizen, citizen_phone_clause(digits))
    arms = [_description_clause(q, escaped),
            _citizen_in(select(Citizen.id).where(citizen).limit(CITIZEN_MATCH_LIMIT))]
    if re.search(r"\d", q):
        arms.append(Ticket.folio.like(f"%{escaped.upper()}", escape="\\"))
    return arms


def _description_clause(q: str, escaped: str):
    """Full text on PostgreSQL (app/tickets/fulltext.py); elsewhere the typed text inside the
    description, case-insensitive."""
    if db.session.get_bind().dialect.name == "postgresql":
        return fulltext.matches(Ticket.description_search, q)
    return Ticket.description.ilike(f"%{escaped}%", escape="\\")


def _citizen_in(citizen_ids, column=Ticket.citizen_id):
    """``column`` among the subquery's ids. On PostgreSQL as ``= ANY(ARRAY(...))``, which
    (unlike ``IN (subquery)``) is an index condition, so the three arms of the text search
    combine as a BitmapOr of indexes instead of a scan of the whole table."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(func.array(citizen_ids.scalar_subquery()))
    return column.in_(citizen_ids)


def filtered_tickets(filters: TicketFilters, user, today: date, base=None):
    """``base`` (default SELECT of Ticket) restricted to the filters and the viewer."""
    clauses = _filter_clauses(filters, today)
    if filters.per_citizen:
        # The first request of each citizen among the filtered ones: as many rows as the
        # statistics' «ciudadanos distintos» (anonymous requests have no citizen).
        firsts = (select(func.min(Ticket.id)).where(*clauses, Ticket.citizen_id.is_not(None))
                  .group_by(Ticket.citizen_id))
        clauses.append(Ticket.id.in_(scope_to_viewer(firsts, user)))
    return scope_to_viewer(select(Ticket) if base is None else base, user).where(*clauses)


def _filter_clauses(filters: TicketFilters, today: date) -> list:
    clauses = [column == value for column, value in (
        (Ticket.status, filters.status), (Ticket.category_id, filters.category_id),
        (Ticket.channel, filters.channel), (Ticket.kind, filters.kind),
        (Ticket.citizen_id, filters.citizen_id)) if value]
    by_figure = filters.unit_of_figure and filters.unit_id is not None and (
        filters.date_from and filters.date_to)
    clauses += [clause for clause in (
        None if by_figure else _unit_clause(filters.unit_id, filters.unit_on),
        _group_clause(filters.channel_group),
        _colonia_clause(filters.colonia), _date_clause(filters),
        _state_clause(filters.backlog_on), _state_clause(filters.overdue_on, overdue=True))
        if clause is not None]
    if filters.overdue:
        clauses.append(_overdue_clause(today))
    if filters.q and filters.q.strip():
        clauses.append(_text_clause(filters.q))
    return clauses


def _unit_clause(unit_id, unit_on: date | None = None):
    """The ticket's unit now, or at the end of the local day ``unit_on`` (the history's)."""
    if unit_id is None:
        return None
    unit = None if unit_id == NO_UNIT else unit_id
    if unit_on is not None:
        instant = local_day_range_utc(unit_on, unit_on)[1]
        if instant < utcnow():
            return history.unit_at(unit, instant)
    return Ticket.unit_id.is_(None) if unit is None else Ticket.unit_id == unit


def _group_clause(group):
    if group not in CHANNEL_GROUPS:
        return None
    return Ticket.channel.in_(c.WEB_CHANNELS if group == "web" else c.DESK_CHANNELS)


def _colonia_clause(colonia):
    if not colonia:
        return None
    if colonia == NO_COLONIA:
        return or_(Ticket.colonia.is_(None), Ticket.colonia == "")
    return Ticket.colonia == colonia


FACT_OF_DATE_FIELD = {RECEIVED_ON: "received", CHANNELED_ON: "channeled",
                      CONCLUDED_ON: "concluded"}


def _date_clause(filters: TicketFilters):
    """The «Desde»/«Hasta» local days on the chosen date: received (created_at), channeled
    (the first channeling) or concluded (the first conclusion), as the statistics count them
    (history.day_facts); with ``unit_of_figure``, for the unit the figure counts."""
    if not (filters.date_from or filters.date_to):
        return (Ticket.status.in_(c.FINISHED_STATUSES)
                if filters.date_field == CONCLUDED_ON else None)
    first, last = filters.date_from or date(2000, 1, 1), filters.date_to or date(2999, 12, 30)
    by_figure = filters.unit_of_figure and filters.unit_id is not None and (
        filters.date_from and filters.date_to)
    start, end = local_day_range_utc(first, last)
    if filters.date_field in (CHANNELED_ON, CONCLUDED_ON) or by_figure:
        unit = None if filters.unit_id == NO_UNIT else filters.unit_id
        # Received before the range's end (as any fact of it): the newest-first list then
        # starts reading there, not from today's tickets.
        return and_(Ticket.created_at < end, Ticket.id.in_(history.fact_ids(
            FACT_OF_DATE_FIELD[filters.date_field], first, last, utcnow(), unit,
            any_unit=not by_figure)))
    return and_(Ticket.created_at >= start, Ticket.created_at < end)


def _state_clause(day: date | None, overdue: bool = False):
    """Open (or overdue) at the end of the local ``day``, from the status history as the
    statistics count it: a past day's list stays the same whatever happened since."""
    if day is None:
        return None
    instant = local_day_range_utc(day, day)[1]
    if instant >= utcnow():
        return and_(Ticket.created_at < instant, _overdue_clause(local_today(instant))
                    if overdue else Ticket.status.in_(c.OPEN_STATUSES))
    return history.open_at(instant, overdue_on=local_today(instant) if overdue else None)


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
                Unit.name.label("unit_name"), Citizen.name.label("citizen_name"),
                User.name.label("assignee_name"))


def _list_rows():
    return (select(*LIST_COLUMNS).select_from(Ticket)
            .join(Category, Category.id == Ticket.category_id)
            .outerjoin(Unit, Unit.id == Ticket.unit_id)
            .outerjoin(Citizen, Citizen.id == Ticket.citizen_id)
            .outerjoin(User, User.id == Ticket.assignee_id))


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
    give both the capped total and the page (a count and a page query would read them twice).
    Each way of matching (``_text_arms``) gives its own first ids, merged in list order: as
    one OR, PostgreSQL walked the whole table newest first looking for a rare surname."""
    ids = list(db.session.scalars(_searched_ids(filters, user, today)))
    total = min(len(ids), TEXT_COUNT_CAP)
    page = _clamp_page(page, total, per_page)
    page_ids = ids[(page - 1) * per_page:page * per_page]
    rows = db.session.execute(_order(_list_rows().where(Ticket.id.in_(page_ids or [0])),
                                     filters.sort))
    return TicketPage(list(rows), page, per_page, total, len(ids) > TEXT_COUNT_CAP)


def _searched_ids(filters: TicketFilters, user, today: date):
    """The first TEXT_COUNT_CAP + 1 matching ids in list order, one arm at a time."""
    if filters.per_citizen:  # the citizens' first requests among all the matches: one query
        return _order(filtered_tickets(filters, user, today, base=select(Ticket.id)),
                      filters.sort).limit(TEXT_COUNT_CAP + 1)
    others = replace(filters, q=None)
    keys = (Ticket.id, Ticket.created_at, Ticket.due_date)
    arms = [_order(filtered_tickets(others, user, today, base=select(*keys)).where(arm),
                   filters.sort).limit(TEXT_COUNT_CAP + 1).subquery()
            for arm in _text_arms(filters.q)]
    matches = union(*[select(arm.c.id, arm.c.created_at, arm.c.due_date)
                      for arm in arms]).subquery()
    if filters.sort == "vencimiento":
        order = (matches.c.due_date.asc(), matches.c.id.asc())
    else:
        order = (matches.c.created_at.desc(), matches.c.id.desc())
    return select(matches.c.id).order_by(*order).limit(TEXT_COUNT_CAP + 1)


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


def count_desk_work(today: date) -> dict[str, int]:
    """Complaints waiting for a unit («por_canalizar») and overdue tickets of every unit
    («vencidos»), each capped at COUNT_CAP; one query, read from the partial indexes."""
    def capped(condition):
        inner = select(Ticket.id).where(condition).limit(COUNT_CAP + 1).subquery()
        return select(func.count()).select_from(inner).scalar_subquery()

    row = db.session.execute(select(capped(triage_clause()).label("por_canalizar"),
                                    capped(_overdue_clause(today)).label("vencidos"))).one()
    return dict(row._mapping)


def due_soon_until(today: date) -> date:
    """The last due date that counts as «vence pronto» on ``today``."""
    return add_business_days(today, DUE_SOON_BUSINESS_DAYS, load_municipal_days())


def _due_clauses(tab: str, today: date, soon_until: date | None) -> list:
    if tab == "vencidos":
        return [Ticket.due_date < today]
    if tab == "por_vencer":
        return [Ticket.due_date >= today, Ticket.due_date <= soon_until]
    return []


def _tab_where(tab: str, user, today: date, status: str, mine: bool,
               soon_until: date | None):
    return [*_inbox_owner(user, mine), Ticket.status == status,
            *_due_clauses(tab, today, soon_until)]


def _inbox_owner(user, mine: bool) -> list:
    """The unit's tickets or, for «Mis tickets», those of the unit assigned to the user."""
    clauses = [Ticket.unit_id == (user.unit_id or 0)]
    if mine:
        clauses.append(Ticket.assignee_id == user.id)
    return clauses


def count_inbox_tabs(user, today: date, mine: bool = False) -> dict[str, int]:
    """Tickets per inbox tab for the user's unit (or assigned to the user), each capped at
    TAB_COUNT_CAP (one query, and one for the non-working days)."""
    soon_until = due_soon_until(today)
    counts = []
    for tab, (_label, statuses) in INBOX_TABS.items():
        condition = [*_inbox_owner(user, mine), Ticket.status.in_(statuses),
                     *_due_clauses(tab, today, soon_until)]
        inner = select(Ticket.id).where(*condition).limit(TAB_COUNT_CAP + 1).subquery()
        counts.append(select(func.count()).select_from(inner).scalar_subquery().label(tab))
    row = db.session.execute(select(*counts)).one()
    return dict(row._mapping)


def list_inbox(user, tab: str, *, page: int, today: date, per_page: int = PER_PAGE,
               mine: bool = False) -> TicketPage:
    """One page of an inbox tab, sorted by due date (closed: latest due first); ``mine``: only
    the tickets assigned to the user («Mis tickets»).

    Each status is read from the (unit_id or assignee_id, status, due_date) index and merged,
    so a tab with many statuses never sorts the unit's whole history.
    """
    descending = tab == "cerrados"
    statuses = INBOX_TABS[tab][1]
    soon_until = due_soon_until(today) if tab == "por_vencer" else None
    limit = page * per_page
    parts = []
    for status in statuses:
        sort = Ticket.due_date.desc() if descending else Ticket.due_date.asc()
        sub = (select(Ticket.id, Ticket.due_date)
               .where(*_tab_where(tab, user, today, status, mine, soon_until))
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


CITIZEN_HISTORY_LIMIT = 5
CITIZEN_HISTORY_COUNT_CAP = 1_000


@dataclass
class CitizenHistory:
    """A citizen's other tickets the viewer may see: the latest few and how many in all."""

    rows: list
    total: int
    capped: bool


def get_citizen_history(citizen_id: int | None, viewer, *, exclude_id: int | None = None,
                        limit: int = CITIZEN_HISTORY_LIMIT) -> CitizenHistory:
    """The citizen's latest tickets (folio, status, date, category) and a capped count, scoped
    to the viewer (two queries on the citizen_id index)."""
    if not citizen_id:
        return CitizenHistory([], 0, False)
    stmt = scope_to_viewer(select(Ticket.id).where(Ticket.citizen_id == citizen_id), viewer)
    if exclude_id:
        stmt = stmt.where(Ticket.id != exclude_id)
    total = _capped_count(stmt, CITIZEN_HISTORY_COUNT_CAP)
    rows = db.session.execute(
        stmt.with_only_columns(Ticket.id, Ticket.folio, Ticket.status, Ticket.created_at,
                               Category.name.label("category_name"))
        .join(Category, Category.id == Ticket.category_id)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit))
    return CitizenHistory(list(rows), min(total, CITIZEN_HISTORY_COUNT_CAP),
                          total > CITIZEN_HISTORY_COUNT_CAP)


def list_recent_folios(citizen_ids: list[int], per_citizen: int = 3) -> dict[int, tuple]:
    """For each citizen, ``(how many tickets, the latest per_citizen rows)``; one query."""
    if not citizen_ids:
        return {}
    window = {"partition_by": Ticket.citizen_id}
    ranked = (select(Ticket.citizen_id, Ticket.id, Ticket.folio, Ticket.status,
                     Ticket.created_at,
                     func.row_number().over(**window, order_by=(Ticket.created_at.desc(),
                                                                Ticket.id.desc())).label("rank"),
                     func.count().over(**window).label("total"))
              .where(Ticket.citizen_id.in_(citizen_ids)).subquery())
    result = {}
    for row in db.session.execute(select(ranked).where(ranked.c.rank <= per_citizen)
                                  .order_by(ranked.c.citizen_id, ranked.c.rank)):
        result.setdefault(row.citizen_id, (row.total, []))[1].append(row)
    return result


def list_unit_workers(unit_id: int) -> list:
    """The unit's active staff with their load: ``(id, name, open)`` rows, ``open`` being the
    open tickets of the unit assigned to each one (one query)."""
    load = (select(func.count()).where(Ticket.assignee_id == User.id,
                                       Ticket.unit_id == unit_id,
                                       Ticket.status.in_(c.UNIT_STATUSES))
            .scalar_subquery())
    return list(db.session.execute(
        select(User.id, User.name, load.label("open"))
        .where(User.unit_id == unit_id, User.role == UNIT, User.active.is_(True))
        .order_by(User.name, User.id)))


def suggest_citizens(term: str, limit: int = 8) -> list[Citizen]:
    """Citizens on file whose phone holds the typed digits or whose name has words starting
    with the typed words."""
    term = (term or "").strip()
    if len(term) > SUGGEST_MAX_CHARS:
        return []
    digits = typed_phone_digits(term, SUGGEST_PHONE_MIN_DIGITS)
    if digits:
        where = citizen_phone_clause(digits)
    else:
        if len(normalize_text(term)) < 2:
            return []
        where = citizen_name_clause(term)
    # A common word matches thousands of citizens: sort a bounded set of them, not all.
    matches = select(Citizen.id).where(where).limit(CITIZEN_MATCH_LIMIT)
    return list(db.session.scalars(select(Citizen).where(_citizen_in(matches, Citizen.id))
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
