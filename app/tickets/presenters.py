"""Shaping between forms/rows and services/outputs for the ticket views (no queries)."""
from datetime import date

from flask import url_for

from app.tickets import constants as c
from app.tickets import services
from app.tickets.pdf import ReceiptData
from app.tickets.queries import TicketFilters
from app.timeutil import format_date, format_datetime
from app.units.attributes import display_value


def intake_args(form, user, now) -> dict:
    """Keyword arguments of ``services.create_ticket`` from the intake form."""
    duplicate = (services.resolve_folio(form.duplicate_of.data)
                 if (form.duplicate_of.data or "").strip() else None)
    data = services.TicketInput(
        channel=form.channel.data, kind=form.kind.data, category=form.category_id.data,
        description=form.description.data,
        citizen_data={"id": form.citizen_id.data, "name": form.citizen_name.data,
                      "phone": form.citizen_phone.data, "email": form.citizen_email.data,
                      "address": form.citizen_address.data,
                      "colonia": form.citizen_colonia.data,
                      "localidad": form.citizen_localidad.data},
        address=form.address.data, colonia=form.colonia.data, localidad=form.localidad.data,
        unit=form.unit_id.data or None, duplicate_of=duplicate)
    return dict(data=data, now=now, creator=user,
                uploads=[f for f in (form.attachments.data or []) if getattr(f, "filename", None)])


def filters_from(form) -> TicketFilters:
    """TicketFilters from a validated FilterForm."""
    return TicketFilters(
        status=form.status.data or None, unit_id=form.unit_id.data or None,
        category_id=form.category_id.data or None, channel=form.channel.data or None,
        kind=form.kind.data or None, date_from=form.date_from.data, date_to=form.date_to.data,
        overdue=bool(form.overdue.data), q=(form.q.data or "").strip() or None,
        sort=form.sort.data if form.sort.data in ("recientes", "vencimiento") else "recientes")


def export_line(row, today: date | None = None):
    """The header as a CSV line, or one export row as a list of Spanish cells."""
    if today is None:
        return ",".join(f'"{cell}"' for cell in row) + "\r\n"
    (folio, created, channel, kind, category, unit, status, due, citizen, phone, colonia,
     localidad, description, resolved, closed) = row
    overdue = status in c.OVERDUE_STATUSES and due is not None and due < today
    return [folio, format_datetime(created), c.CHANNEL_LABELS.get(channel, channel),
            c.KIND_LABELS.get(kind, kind), category, unit or "", c.STATUS_LABELS.get(status, status),
            format_date(due), "Sí" if overdue else "No", citizen or "", phone or "",
            colonia or "", localidad or "", description, format_datetime(resolved),
            format_datetime(closed)]


def receipt_data(ticket, status_url: str, status_link: str = "", contact=None) -> ReceiptData:
    """Plain data of the receipt PDF for a ticket (``contact``: app.settings.Contact)."""
    summary = ticket.description if len(ticket.description) <= 600 else ticket.description[:597] + "…"
    location = ", ".join(p for p in (ticket.address, ticket.colonia, ticket.localidad) if p)
    return ReceiptData(
        folio=ticket.folio, received_at=format_datetime(ticket.created_at),
        citizen=ticket.citizen.name if ticket.citizen else "Anónimo",
        channel=c.CHANNEL_LABELS.get(ticket.channel, ticket.channel),
        kind=c.KIND_LABELS.get(ticket.kind, ticket.kind), category=ticket.category.name,
        summary=summary, unit=ticket.unit.name if ticket.unit else "Pendiente de canalizar",
        lookup_code=ticket.lookup_code, status_url=status_url,
        due_date=format_date(ticket.due_date), location=location,
        duplicate_of=ticket.duplicate_of.folio if ticket.duplicate_of else "",
        status_link=status_link, contact=contact_lines(contact))


def contact_lines(contact) -> tuple[str, ...]:
    """The municipal contact as printed lines (empty when none was set)."""
    if not contact:
        return ()
    labelled = (("Teléfono", contact.phone), ("Correo", contact.email),
                ("Domicilio", contact.address), ("Horario de atención", contact.hours))
    return tuple(f"{label}: {value}" for label, value in labelled if value)


def attribute_answers(rows) -> list[tuple[str, str]]:
    """(question, answer) pairs from ``queries.list_attribute_answers``; the keys of a
    multivaluelist answer are joined by their option names."""
    grouped: dict[int, tuple[str, list[str]]] = {}
    for attribute, value in rows:
        grouped.setdefault(attribute.id, (attribute.description, []))[1].append(
            display_value(attribute, value))
    return [(question, ", ".join(values)) for question, values in grouped.values()]


class RowUrl:
    """``url_for(endpoint, ticket_id=...)`` for every row of a page at the cost of one call.

    The URL is built once around a placeholder id and each row's id takes its place, so the
    triage page (50 rows, 150 forms) does not run the URL map per row, and nothing assumes
    where in the path the id goes.
    """

    PLACEHOLDER = 2147483647

    def __init__(self, endpoint: str, **values):
        self._head, self._tail = url_for(endpoint, ticket_id=self.PLACEHOLDER,
                                         **values).split(str(self.PLACEHOLDER))

    def __call__(self, ticket_id) -> str:
        return f"{self._head}{int(ticket_id)}{self._tail}"
