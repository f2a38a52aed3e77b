"""The dashboard's links: each figure points to the list or page that shows the same set.

The ticket list reproduces a figure with its filters (app/tickets/queries.py): received by
reception date, channeled or concluded by that date (first channeling, first conclusion),
within the dashboard's unit when one is chosen, the unit the figure counts the ticket for
(``unit_of_figure``); backlog at the end of the period's last day and overdue at the period's
end (today for a running one), by the unit the ticket had then (``unit_on``). Compliance
points to the weekly-report grid of the weeks that belong to the period; visits to the visits
page. URLs are built from one base per endpoint (no URL map per cell) and only for what the
user may open.
"""
from datetime import date
from urllib.parse import urlencode

from flask import url_for

from app.auth.permissions import Permission, has_permission
from app.reports import compliance as cm
from app.stats.periods import Period
from app.stats.queries import NO_COLONIA
from app.stats.tables import HEADLINES
from app.tickets import constants as c
from app.timeutil import utcnow
from app.tickets.queries import CHANNELED_ON, CONCLUDED_ON, NO_UNIT
from app.tickets.queries import NO_COLONIA as LIST_NO_COLONIA

# Which ticket-list filters reproduce each figure of a period (see the module docstring).
FIGURES = {
    "received": {},
    "web": {"channel_group": "web"},
    "attention": {"channel_group": "atencion"},
    # A citizen counts once: the list shows each one's first request of the period.
    "attention_citizens": {"channel_group": "atencion", "per_citizen": "y"},
    "channeled": {"date_field": CHANNELED_ON},
    "concluded": {"date_field": CONCLUDED_ON},
}
UNIT_COLUMNS = ("received", "channeled", "concluded", "backlog", "overdue")  # cells 1..5
MONTHLY_COLUMNS = {2: "web", 3: "attention", 4: "attention_citizens"}
DASHBOARD_UNIT = object()  # "the dashboard's unit filter", as opposed to a given unit
PLACEHOLDER_ID = 2147483647


class Links:
    """URL builders for one dashboard request (``unit_id``: the dashboard's unit filter)."""

    def __init__(self, user, unit_id: int | None):
        self.unit_id = unit_id
        self.tickets = has_permission(user, Permission.VIEW_ALL_TICKETS)
        self.compliance = has_permission(user, Permission.VIEW_COMPLIANCE)
        self.visits = has_permission(user, Permission.MANAGE_VISITS)
        self._list = url_for("tickets.index")
        self._grid = url_for("reports.grid")
        self._unit_history = url_for("reports.unit_history", unit_id=PLACEHOLDER_ID)

    def ticket_list(self, unit_id=DASHBOARD_UNIT, **filters) -> str | None:
        """The ticket list with ``filters``, in the dashboard's unit unless one is given."""
        if not self.tickets:
            return None
        unit = self.unit_id if unit_id is DASHBOARD_UNIT else unit_id
        if unit is not None:
            filters["unit_id"] = unit
        args = {key: value.isoformat() if isinstance(value, date) else value
                for key, value in filters.items() if value is not None}
        return f"{self._list}?{urlencode(args)}" if args else self._list

    def figure(self, key: str, period: Period, unit_id=DASHBOARD_UNIT) -> str | None:
        """The list of the tickets a figure of the period counts: the days' facts for the
        unit the figure counts them for; backlog and overdue by the unit and the state at
        the period's end (the status history), as the statistics count."""
        complete = period.end_utc <= utcnow()
        at_end = {"unit_on": period.last} if complete else {}
        if key == "backlog":
            return self.ticket_list(unit_id, backlog_on=period.last, **at_end)
        if key == "overdue":
            if complete:
                return self.ticket_list(unit_id, overdue_on=period.last, sort="vencimiento",
                                        **at_end)
            return self.ticket_list(unit_id, overdue="y", sort="vencimiento")
        if key not in FIGURES:
            return None
        return self.ticket_list(unit_id, date_from=period.first, date_to=period.last,
                                **FIGURES[key], **self.by_figure(unit_id))

    def by_figure(self, unit_id=DASHBOARD_UNIT) -> dict:
        """The flag that makes the list's unit the one the figure counts (when one is set)."""
        unit = self.unit_id if unit_id is DASHBOARD_UNIT else unit_id
        return {"unit_of_figure": "y"} if unit is not None else {}

    def compliance_page(self, period: Period, unit_id: int | None = None) -> str | None:
        """The weekly-report grid (or a unit's history) of the weeks that belong to the period."""
        weeks = cm.weeks_of_period(period.first, period.last)
        if not self.compliance or not weeks:
            return None
        query = urlencode({"desde": cm.week_value(*weeks[0]), "hasta": cm.week_value(*weeks[-1])})
        if unit_id is None:
            return f"{self._grid}?{query}"
        return f"{self._unit_history.replace(str(PLACEHOLDER_ID), str(int(unit_id)))}?{query}"

    def visits_page(self, month: Period) -> str | None:
        if not self.visits:
            return None
        return url_for("visits.index", hasta=f"{month.first.year:04d}-{month.first.month:02d}")


def dashboard_links(data: dict, tables: dict, user, unit_id: int | None, units) -> dict:
    """{"cards": [(this period's url, previous period's url)] in the summary's order,
    "overdue": url, "tables": {name: {(row, column): url}}}; no query."""
    links = Links(user, unit_id)
    period, previous = data["period"], data["previous_period"]
    cards = [(_headline(links, key, period), _headline(links, key, previous))
             for _label, key, _kind in HEADLINES]
    unit_ids = {unit.name: unit.id for unit in units}
    tables_links = {
        "resumen": {(i, col): url for i, pair in enumerate(cards)
                    for col, url in ((1, pair[0]), (2, pair[1])) if url},
        "unidades": _unit_links(links, data["stats"].units, period),
        "cumplimiento": {(i, 0): links.compliance_page(period, unit_ids.get(row[0]))
                         for i, row in enumerate(tables.get("cumplimiento", ("", (), []))[2])
                         if row[0] in unit_ids},
        "canales": _breakdown(links, period, tables["canales"][2], "channel",
                              {label: key for key, label in c.CHANNEL_LABELS.items()}),
        "tipos": _breakdown(links, period, tables["tipos"][2], "kind",
                            {label: key for key, label in c.KIND_LABELS.items()}),
        "categorias": _breakdown(links, period, tables["categorias"][2], "category_id",
                                 data["stats"].category_ids),
        "colonias": _breakdown(links, period, tables["colonias"][2], "colonia",
                               _colonia_values(tables["colonias"][2])),
        "vencidas": _folio_links(data["overdue"]) if links.tickets else {},
        "mensual": _monthly_links(links, data["monthly"]),
    }
    return {"cards": cards, "overdue": links.figure("overdue", period),
            "tables": {name: {k: v for k, v in cells.items() if v}
                       for name, cells in tables_links.items()}}


def _headline(links: Links, key: str, period: Period) -> str | None:
    if key == "compliance":
        return links.compliance_page(period, links.unit_id)
    return links.figure(key, period)


def _unit_links(links: Links, units, period: Period) -> dict:
    cells = {}
    for i, row in enumerate(units):
        unit = NO_UNIT if row.unit_id is None else row.unit_id
        for col, key in enumerate(UNIT_COLUMNS, 1):
            cells[(i, col)] = links.figure(key, period, unit)
    return cells


def _breakdown(links: Links, period: Period, rows, name: str, values: dict) -> dict:
    """The (label, count) rows of a breakdown of received tickets, each to its list."""
    return {(i, 1): links.ticket_list(date_from=period.first, date_to=period.last,
                                      **{name: values[label]}, **links.by_figure())
            for i, (label, _count) in enumerate(rows) if label in values}


def _colonia_values(rows) -> dict:
    return {label: LIST_NO_COLONIA if label == NO_COLONIA else label for label, _n in rows}


def _folio_links(overdue: list[dict]) -> dict:
    """Each overdue folio to its ticket's detail."""
    detail = url_for("tickets.detail", ticket_id=PLACEHOLDER_ID)
    return {(i, 0): detail.replace(str(PLACEHOLDER_ID), str(row["id"]))
            for i, row in enumerate(overdue)}


def _monthly_links(links: Links, months: list[dict]) -> dict:
    cells = {}
    for i, month in enumerate(months):
        period = month["period"]
        cells[(i, 1)] = links.visits_page(period)
        for col, key in MONTHLY_COLUMNS.items():
            cells[(i, col)] = links.figure(key, period)
        cells[(i, 5)] = links.compliance_page(period, links.unit_id)
    return cells
