"""Tickets (citizen attention requests and web complaints) and their history."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (DDL, ForeignKey, Index, Numeric, String, Text, and_, bindparam, event,
                        func, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.colonias.models import Colonia
from app.tickets import fulltext
from app.tickets.constants import OVERDUE_STATUSES, TRIAGE_STATUSES, WEB_CHANNELS
from app.timeutil import UTCDateTime, utcnow


def _sql_in(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


# Predicates of the partial indexes: overdue candidates (the statuses whose due clock runs)
# and the web complaints waiting for triage. Queries that should use those indexes state the
# predicate with literal values (``literal_in``), never as bound parameters, so PostgreSQL can
# match it even in a prepared statement's generic plan.
OVERDUE_WHERE = _sql_in("status", OVERDUE_STATUSES)
TRIAGE_WHERE = f"{_sql_in('status', TRIAGE_STATUSES)} AND {_sql_in('channel', WEB_CHANNELS)}"

# The columns the list filters on. The status, unit and category indexes carry the others
# (PostgreSQL INCLUDE), so a combination of filters is counted from one index alone.
LIST_FILTER_COLUMNS = ["status", "unit_id", "category_id", "channel", "kind", "due_date"]


def _list_filter_index(column: str) -> Index:
    return Index(f"ix_tickets_{column}_created_at_id", column, "created_at", "id",
                 postgresql_include=[other for other in LIST_FILTER_COLUMNS if other != column])


class Ticket(db.Model):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    folio: Mapped[str] = mapped_column(String(20), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    description: Mapped[str] = mapped_column(Text)
    # The description's Spanish lexemes for the text search (app/tickets/fulltext.py).
    description_search: Mapped[str | None] = mapped_column(
        fulltext.SEARCH_TYPE, fulltext.description_search_computed(), deferred=True)
    address: Mapped[str | None] = mapped_column(String(255))
    colonia: Mapped[str | None] = mapped_column(String(120))
    # The catalogue colonia (app/places); ``colonia`` keeps its name, or the free text of
    # «otra» when this is None.
    colonia_id: Mapped[int | None] = mapped_column(ForeignKey("colonias.id"))
    localidad: Mapped[str | None] = mapped_column(String(120))
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # The person of the unit who took the ticket or was assigned it (cleared on re-channeling).
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date | None] = mapped_column()
    # Set while the ticket waits for the citizen: the due clock is paused.
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    channeled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lookup_code: Mapped[str] = mapped_column(String(16))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    api_token: Mapped[str | None] = mapped_column(String(40), unique=True)
    version: Mapped[int] = mapped_column(default=1)

    category = relationship("Category")
    colonia_entry = relationship(Colonia)
    citizen = relationship("Citizen")
    unit = relationship("Unit")
    creator = relationship("User", foreign_keys=[creator_id])
    assignee = relationship("User", foreign_keys=[assignee_id])
    duplicate_of = relationship("Ticket", remote_side=[id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_tickets_created_at_id", "created_at", "id"),  # the list order, no sort
        Index("ix_tickets_status_due_date", "status", "due_date"),
        # The unit inbox: a tab's page in (due_date, id) order straight from the index.
        Index("ix_tickets_unit_id_status_due_date_id", "unit_id", "status", "due_date", "id"),
        # «Mis tickets» (the same inbox tabs, per person) and each person's open load.
        Index("ix_tickets_assignee_id_status_due_date_id", "assignee_id", "status", "due_date",
              "id"),
        _list_filter_index("status"),
        _list_filter_index("unit_id"),
        _list_filter_index("category_id"),
        Index("ix_tickets_channel_created_at", "channel", "created_at"),
        Index("ix_tickets_colonia_created_at", "colonia", "created_at"),
        # Duplicates by catalogue colonia, the memo's colonias of the month.
        Index("ix_tickets_colonia_id_created_at", "colonia_id", "created_at"),
        # The per-colonia × category figures of a period, from the index alone.
        Index("ix_tickets_created_at_colonia_id_category_id_channel", "created_at",
              "colonia_id", "category_id", "channel"),
        Index("ix_tickets_closed_at", "closed_at"),
        # Statistics: channeled/resolved in a period, open backlog per unit.
        Index("ix_tickets_channeled_at", "channeled_at"),
        Index("ix_tickets_resolved_at", "resolved_at"),
        Index("ix_tickets_status_unit_id_due_date", "status", "unit_id", "due_date"),
        Index("ix_tickets_created_at_channel_citizen_id", "created_at", "channel", "citizen_id"),
        Index("ix_tickets_kind_created_at", "kind", "created_at"),
        # Text search on the description (PostgreSQL full text; app/tickets/fulltext.py).
        Index("ix_tickets_description_search", "description_search", postgresql_using="gin"),
        # Text search: a part of a folio ("000123") is a suffix match.
        Index("ix_tickets_folio_trgm", "folio", postgresql_using="gin",
              postgresql_ops={"folio": "gin_trgm_ops"}),
        # The list sorted by due date, and its overdue filter (a partial index on the
        # statuses whose clock runs, so the count and the page read only overdue candidates).
        Index("ix_tickets_due_date_id", "due_date", "id"),
        Index("ix_tickets_overdue_due_date", "due_date", "id",
              postgresql_where=text(OVERDUE_WHERE), sqlite_where=text(OVERDUE_WHERE)),
        # The triage queue of web complaints, oldest first, and its count.
        Index("ix_tickets_triage_created_at", "created_at", "id",
              postgresql_where=text(TRIAGE_WHERE), sqlite_where=text(TRIAGE_WHERE)),
    )


def literal_in(column, values):
    """``column IN values`` rendered with the values inline (see the partial indexes)."""
    return column.in_(bindparam(None, list(values), expanding=True, literal_execute=True))


def overdue_status_clause():
    """The ticket's due clock runs (the overdue partial index's predicate)."""
    return literal_in(Ticket.status, OVERDUE_STATUSES)


def triage_clause():
    """A web or API complaint waiting for a unit (the triage partial index's predicate)."""
    return and_(literal_in(Ticket.status, TRIAGE_STATUSES),
                literal_in(Ticket.channel, WEB_CHANNELS))


# Statistics: when a ticket got to its first finished status (resolved_at, else closed_at), with
# what concluded/backlog/resolution-time figures read, so PostgreSQL answers from the index alone.
def finished_at():
    """When the ticket got to its finished status (resolved_at, else closed_at; a reopening
    clears both): the expression ``ix_tickets_finished_at`` indexes."""
    return func.coalesce(Ticket.resolved_at, Ticket.closed_at)


Index("ix_tickets_finished_at", finished_at(),
      postgresql_include=["status", "created_at", "unit_id", "resolved_at", "closed_at"])

# Possible duplicates: same colonia whatever its case, received lately (intake and triage).
Index("ix_tickets_lower_colonia_created_at", func.lower(Ticket.colonia), Ticket.created_at)

# The trigram operator class must exist before the tickets table (tests use create_all).
event.listen(Ticket.__table__, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))
# So must the generated search column's unaccent wrapper.
for _ddl in fulltext.CREATE_UNACCENT_DDL:
    event.listen(Ticket.__table__, "before_create", _ddl)


class TicketEvent(db.Model):
    """Append-only history of a ticket; rows are never edited or deleted."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Who acted when there is no user: "Ciudadano", "Sistema", "API".
    actor_label: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    type: Mapped[str] = mapped_column(String(20))
    status_from: Mapped[str | None] = mapped_column(String(20))
    status_to: Mapped[str | None] = mapped_column(String(20))
    unit_from_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    unit_to_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # The due date before and after a status move: with status_from and unit_from, the first
    # move after an instant tells the ticket's state at that instant (app/stats/queries.py).
    due_date_from: Mapped[date | None] = mapped_column()
    due_date_to: Mapped[date | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(default=False)
    # An assignment event: who the ticket went to (None: released).
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    ticket = relationship("Ticket", backref="events")
    actor = relationship("User", foreign_keys=[actor_id])
    assignee = relationship("User", foreign_keys=[assignee_id])
    unit_from = relationship("Unit", foreign_keys=[unit_from_id])
    unit_to = relationship("Unit", foreign_keys=[unit_to_id])

    __table_args__ = (
        Index("ix_ticket_events_ticket_id_id", "ticket_id", "id"),
        # The moves since an instant, per ticket: the past figures' "state at" reads.
        Index("ix_ticket_events_type_created_at", "type", "created_at",
              postgresql_include=["ticket_id", "id", "status_from", "status_to"]),
    )


class TicketAttributeValue(db.Model):
    """An answer to one of the category's extra questions, given when the ticket was filed.

    A multivaluelist answer is one row per chosen key; list answers store the key.
    """

    __tablename__ = "ticket_attribute_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    attribute_id: Mapped[int] = mapped_column(ForeignKey("category_attributes.id"))
    value: Mapped[str] = mapped_column(Text)

    ticket = relationship("Ticket")
    attribute = relationship("CategoryAttribute")


class Attachment(db.Model):
    """A file attached to a ticket, stored outside static/ under a random name."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_events.id"))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    public: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FolioCounter(db.Model):
    """Last folio number issued per prefix and year."""

    __tablename__ = "folio_counters"

    prefix: Mapped[str] = mapped_column(String(4), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)


class TicketFeedback(db.Model):
    """The citizen's answer once a ticket is resolved: solved or not, and a rating."""

    __tablename__ = "ticket_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    solved: Mapped[bool] = mapped_column()
    rating: Mapped[int | None] = mapped_column()
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    ticket = relationship("Ticket")
    unit = relationship("Unit")

    # Statistics read the answers of a period.
    __table_args__ = (Index("ix_ticket_feedback_created_at", "created_at"),)
