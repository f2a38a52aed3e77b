"""Open311 reads: the public catalog, public service requests, tokens and API keys.

Only web complaints (channels web and api) of public categories are published, and only
the specification's fields: never the citizen, internal notes or who on the staff acted.
A list is one query: the tickets (newest first, at most 1,000, bounded by the date range on
the created_at indexes), each with its latest public history row found through the
(ticket_id, id) index of ticket_events.
"""
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased, joinedload

from app.extensions import db
from app.open311.models import ApiKey
from app.open311.params import MAX_ROWS, RequestFilters
from app.colonias.models import Colonia
from app.tickets import constants as c
from app.tickets.models import Ticket, TicketEvent
from app.units.models import Category, CategoryAttribute, Unit

STATUS_GROUPS = {"open": c.OPEN_STATUSES, "closed": c.FINISHED_STATUSES}
LAST_EVENT = aliased(TicketEvent, name="last_public_event")
REQUEST_COLUMNS = (Ticket.id, Ticket.folio, Ticket.status, Ticket.description, Ticket.address,
                   Ticket.colonia, Ticket.localidad, Ticket.latitude, Ticket.longitude,
                   Ticket.created_at, Ticket.due_date, Ticket.api_token,
                   Category.code.label("service_code"), Category.name.label("service_name"),
                   Unit.name.label("unit_name"), LAST_EVENT.note.label("status_notes"),
                   LAST_EVENT.created_at.label("updated_at"),
                   Colonia.postal_code.label("zipcode"))


def list_services() -> list:
    """The public, active catalog by name: rows of (category with its default unit,
    whether it asks active extra questions) in one query."""
    asks = (exists().where(CategoryAttribute.category_id == Category.id,
                           CategoryAttribute.active.is_(True)).label("has_attributes"))
    return list(db.session.execute(
        select(Category, asks).options(joinedload(Category.default_unit))
        .where(Category.public.is_(True), Category.active.is_(True)).order_by(Category.name)))


def get_service(code: str) -> Category | None:
    """The public catalog entry with that service_code (active or not)."""
    return db.session.scalar(select(Category).where(Category.code == code,
                                                    Category.public.is_(True)))


def list_public_categories_by_code(codes: list[str]) -> dict[str, int]:
    """{service_code: category id} of the public codes among ``codes``."""
    rows = db.session.execute(select(Category.code, Category.id)
                              .where(Category.code.in_(codes), Category.public.is_(True)))
    return {code: ident for code, ident in rows}


def _published():
    """Published tickets with their category, unit and latest public event (status_notes)."""
    last_public = (select(TicketEvent.id)
                   .where(TicketEvent.ticket_id == Ticket.id, TicketEvent.public.is_(True))
                   .order_by(TicketEvent.id.desc()).limit(1).correlate(Ticket).scalar_subquery())
    return (select(*REQUEST_COLUMNS)
            .join(Category, Category.id == Ticket.category_id)
            .outerjoin(Unit, Unit.id == Ticket.unit_id)
            .outerjoin(LAST_EVENT, LAST_EVENT.id == last_public)
            .outerjoin(Colonia, Colonia.id == Ticket.colonia_id)
            .where(Ticket.channel.in_(c.WEB_CHANNELS), Category.public.is_(True)))


def list_requests(filters: RequestFilters, category_ids: list[int] | None = None) -> list:
    """The published requests matching the filters, newest first, at most 1,000 rows."""
    stmt = _published()
    if filters.folios is not None:
        stmt = stmt.where(Ticket.folio.in_(filters.folios))
    else:
        stmt = stmt.where(Ticket.created_at >= filters.start, Ticket.created_at <= filters.end)
        if category_ids is not None:
            stmt = stmt.where(Ticket.category_id.in_(category_ids))
        if filters.statuses:
            statuses = [s for group in filters.statuses for s in STATUS_GROUPS[group]]
            stmt = stmt.where(Ticket.status.in_(statuses))
    stmt = stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(MAX_ROWS)
    return list(db.session.execute(stmt))


def get_request(folio: str):
    """One published request by folio (service_request_id), or None."""
    return db.session.execute(
        _published().where(Ticket.folio == (folio or "").strip().upper())).first()


def get_request_by_token(token: str):
    """The published request created with that POST token, or None."""
    return db.session.execute(_published().where(Ticket.api_token == token)).first()


def list_api_keys() -> list[ApiKey]:
    """Every API key, active first, newest first (a handful)."""
    return list(db.session.scalars(select(ApiKey).order_by(ApiKey.active.desc(),
                                                          ApiKey.created_at.desc())))
