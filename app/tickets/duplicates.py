"""Possible duplicates of a ticket (intake and the triage queue): open tickets of the same
category received in the last 30 days, at the same place. The same place is the same
colonia (the catalogue colonia, or the same colonia text whatever its case) or, when both
have a pin, within 150 m: a bounding box in SQL, the exact distance after.
"""
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from app.extensions import db
from app.colonias.geo import degree_margins, distance_m
from app.colonias.catalogue import bounding_box
from app.tickets import constants as c
from app.tickets.models import Ticket

NEAR_FETCH = 50  # pins in the box read per ticket before the exact distance decides


def _recent_open(category_id, now: datetime):
    """Open, of the category, received in the window (the category and colonia indexes)."""
    return and_(Ticket.created_at >= now - timedelta(days=c.DUPLICATE_WINDOW_DAYS),
                Ticket.category_id == category_id, Ticket.status.in_(c.OPEN_STATUSES))


def _point(latitude, longitude) -> tuple[Decimal, Decimal] | None:
    if latitude in (None, "") or longitude in (None, ""):
        return None
    try:
        point = (Decimal(str(latitude)), Decimal(str(longitude)))
    except (InvalidOperation, ValueError):
        return None
    return point if all(v.is_finite() and abs(v) <= 180 for v in point) else None


def _margins(lat) -> tuple[Decimal, Decimal]:
    """The box's half sides in degrees, as Decimals (the coordinates' type)."""
    return tuple(Decimal(f"{m:.7f}") for m in degree_margins(lat, c.DUPLICATE_DISTANCE_M))


def _near(point, margins):
    dlat, dlon = margins
    return and_(Ticket.latitude.between(point[0] - dlat, point[0] + dlat),
                Ticket.longitude.between(point[1] - dlon, point[1] + dlon))


def _close(ticket, point) -> bool:
    return distance_m(point[0], point[1], ticket.latitude,
                      ticket.longitude) <= c.DUPLICATE_DISTANCE_M


def list_duplicate_candidates(category_id, colonia: str | None, *, now: datetime,
                              exclude_id: int | None = None, limit: int = 10,
                              colonia_id: int | None = None, latitude=None,
                              longitude=None) -> list[Ticket]:
    """Open tickets of the same category and place received in the last 30 days, newest
    first (at most ``limit``)."""
    text = (colonia or "").strip().lower()
    point = _point(latitude, longitude)
    if not category_id or not (text or colonia_id or point):
        return []
    base = _recent_open(category_id, now)
    if exclude_id:
        base = and_(base, Ticket.id != exclude_id)
    found = {}
    if text or colonia_id:
        same = or_(func.lower(Ticket.colonia) == text,
                   Ticket.colonia_id == colonia_id) if colonia_id else (
            func.lower(Ticket.colonia) == text)
        for ticket in _tickets(and_(base, same), limit):
            found[ticket.id] = ticket
    if point:
        margins = _margins(point[0])
        for ticket in _tickets(and_(base, _near(point, margins)), NEAR_FETCH):
            if _close(ticket, point):
                found.setdefault(ticket.id, ticket)
    ordered = sorted(found.values(), key=lambda t: (t.created_at, t.id), reverse=True)
    return ordered[:limit]


def _tickets(where, limit: int) -> list[Ticket]:
    return list(db.session.scalars(select(Ticket).options(joinedload(Ticket.unit)).where(where)
                                   .order_by(Ticket.created_at.desc(), Ticket.id.desc())
                                   .limit(limit)))


def list_duplicates_of_page(tickets, *, now: datetime, per_ticket: int = 3) -> dict[int, list]:
    """``{ticket id: its latest possible duplicates (id, folio, status)}`` for the tickets of
    a page (the triage queue), by the rule of ``list_duplicate_candidates``; two queries."""
    by_place = _page_by_colonia([t.id for t in tickets if t.colonia or t.colonia_id], now,
                                per_ticket)
    near = _page_near([t for t in tickets if t.latitude is not None
                       and t.longitude is not None], now)
    result = {}
    for for_id in set(by_place) | set(near):
        rows = {row.id: row for row in near.get(for_id, [])}
        rows.update({row.id: row for row in by_place.get(for_id, [])})
        result[for_id] = sorted(rows.values(), key=lambda r: (r.created_at, r.id),
                                reverse=True)[:per_ticket]
    return result


def _page_by_colonia(ids, now, per_ticket) -> dict[int, list]:
    if not ids:
        return {}
    page = aliased(Ticket, name="page_ticket")
    same = or_(func.lower(Ticket.colonia) == func.lower(page.colonia),
               and_(page.colonia_id.is_not(None), Ticket.colonia_id == page.colonia_id))
    ranked = (select(page.id.label("for_id"), Ticket.id, Ticket.folio, Ticket.status,
                     Ticket.created_at,
                     func.row_number().over(partition_by=page.id, order_by=(
                         Ticket.created_at.desc(), Ticket.id.desc())).label("rank"))
              .join(Ticket, and_(_recent_open(page.category_id, now), same,
                                 Ticket.id != page.id))
              .where(page.id.in_(ids)).subquery())
    result = {}
    for row in db.session.execute(select(ranked).where(ranked.c.rank <= per_ticket)
                                  .order_by(ranked.c.for_id, ranked.c.rank)):
        result.setdefault(row.for_id, []).append(row)
    return result


def _page_near(pinned, now) -> dict[int, list]:
    """Pairs within the box, in one query (the municipality's widest box, so a constant),
    kept when their exact distance is at most 150 m."""
    if not pinned:
        return {}
    box = bounding_box()
    dlat, dlon = _margins(max(abs(box.south), abs(box.north)))
    page = aliased(Ticket, name="page_ticket")
    near = and_(Ticket.latitude.between(page.latitude - dlat, page.latitude + dlat),
                Ticket.longitude.between(page.longitude - dlon, page.longitude + dlon))
    rows = db.session.execute(
        select(page.id.label("for_id"), page.latitude.label("from_lat"),
               page.longitude.label("from_long"), Ticket.id, Ticket.folio, Ticket.status,
               Ticket.created_at, Ticket.latitude, Ticket.longitude)
        .join(Ticket, and_(_recent_open(page.category_id, now), near, Ticket.id != page.id))
        .where(page.id.in_([t.id for t in pinned]))
        .order_by(page.id, Ticket.created_at.desc()).limit(NEAR_FETCH * len(pinned)))
    result = {}
    for row in rows:
        if distance_m(row.from_lat, row.from_long, row.latitude,
                      row.longitude) <= c.DUPLICATE_DISTANCE_M:
            result.setdefault(row.for_id, []).append(row)
    return result
