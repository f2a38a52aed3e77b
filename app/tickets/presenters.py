"""Shaping between forms/rows and services/outputs for the ticket views (no queries)."""
from datetime import date

from flask import url_for

from app.tickets import constants as c
from app.tickets import services
from app.tickets.pdf import ReceiptData
from app.tickets.queries import (CHANNELED_ON, CONCLUDED_ON, DATE_FIELDS, NO_COLONIA, RECEIVED_ON,
                                  TicketFilters)
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
        address=form.address.data, colonia=form.colonia.data, colonia_id=form.colonia_id.data,
        latitude=form.latitude.data, longitude=form.longitude.data,
        localidad=form.localidad.data, unit=form.unit_id.data or None, duplicate_of=duplicate)
    return dict(data=data, now=now, creator=user,
                uploads=[f for f in (form.attachments.data or []) if getattr(f, "filename", None)])


def filters_from(form) -> TicketFilters:
    """TicketFilters from a validated FilterForm."""
    return TicketFilters(
        status=form.status.data or None, unit_id=form.unit_id.data,
        category_id=form.category_id.data or None, channel=form.channel.data or None,
        kind=form.kind.data or None, date_from=form.date_from.data, date_to=form.date_to.data,
        overdue=bool(form.overdue.data), q=(form.q.data or "").strip() or None,
        sort=form.sort.data if form.sort.data in ("recientes", "vencimiento") else "recientes",
        channel_group=form.channel_group.data or None,
        date_field=form.date_field.data or RECEIVED_ON, backlog_on=form.backlog_on.data,
        overdue_on=form.overdue_on.data, unit_on=form.unit_on.data,
        unit_of_figure=bool(form.unit_of_figure.data),
        colonia=form.colonia.data or None, per_citizen=bool(form.per_citizen.data),
        citizen_id=form.ciudadano.data or None)


FIGURE_UNIT_TEXT = {RECEIVED_ON: "Unidad al cierre del día de recepción",
                    CHANNELED_ON: "Unidad de la primera canalización",
                    CONCLUDED_ON: "Unidad que la concluyó"}


def filter_summary(form, filters: TicketFilters) -> list[str]:
    """The filters in force, in words (the chosen options' labels), for the list's heading."""
    parts = [f"{field.label.text}: {dict(field.choices).get(field.data, field.data)}"
             for field in (form.status, form.unit_id, form.category_id, form.channel,
                           form.kind, form.channel_group)
             if field.data not in (None, "") and field.data == getattr(filters, field.name)]
    if filters.date_from or filters.date_to:
        parts.append(f"{DATE_FIELDS[filters.date_field]}: {_range_text(filters)}")
    elif filters.date_field == CONCLUDED_ON:
        parts.append("Concluidas (estado final)")
    if filters.backlog_on:
        parts.append(f"Rezago al cierre del {format_date(filters.backlog_on)}")
    if filters.unit_on and filters.unit_id is not None:
        parts.append(f"Unidad al cierre del {format_date(filters.unit_on)}")
    if filters.unit_of_figure and filters.unit_id is not None:
        parts.append(FIGURE_UNIT_TEXT[filters.date_field])
    if filters.overdue_on:
        parts.append(f"Vencidas al cierre del {format_date(filters.overdue_on)}")
    if filters.colonia:
        parts.append("Sin colonia" if filters.colonia == NO_COLONIA
                     else f"Colonia: {filters.colonia}")
    parts += [text for flag, text in ((filters.overdue, "Solo vencidos"),
                                      (filters.per_citizen, "Una por ciudadano (su primera)"))
              if flag]
    if filters.q:
        parts.append(f"Búsqueda: «{filters.q}»")
    return parts


def _range_text(filters: TicketFilters) -> str:
    if filters.date_from and filters.date_to:
        return f"del {format_date(filters.date_from)} al {format_date(filters.date_to)}"
    if filters.date_from:
        return f"desde el {format_date(filters.date_from)}"
    return f"hasta el {format_date(filters.date_to)}"


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


def citizen_suggestion(person, history, detail_url) -> dict:
    """A citizen on file as the intake's suggestions show it, with their latest folios
    (``history``: ``(how many, rows)`` from ``queries.list_recent_folios``, or None)."""
    total, rows = history or (0, [])
    return {"id": person.id, "name": person.name, "phone": person.phone or "",
            "email": person.email or "", "address": person.address or "",
            "colonia": person.colonia or "", "localidad": person.localidad or "",
            "history": {
                "total": total,
                "url": url_for("tickets.index", ciudadano=person.id) if total else "",
                "folios": [{"folio": row.folio, "date": format_date(row.created_at),
                            "status": c.STATUS_LABELS.get(row.status, row.status),
                            "url": detail_url(row.id)} for row in rows]}}


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
