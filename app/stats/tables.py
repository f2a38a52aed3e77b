"""The dashboard's tables as plain (title, headers, rows): one definition for screen, PDF and
CSV. Cells are values or app/formatting.py cell types; the outputs format them."""

from app.formatting import Change, Days, Percent, Points, Rating
from app.stats.periods import month_label
from app.visits.queries import SOURCE_LABELS


def headline_rows(current: dict, previous: dict) -> list[tuple]:
    """(label, this period, previous period, change) for the headline figures."""
    rows = []
    for label, key, kind in HEADLINES:
        now_value, before = current.get(key), previous.get(key)
        if kind == "pct":
            rows.append((label, Percent(now_value), Percent(before), Points(now_value, before)))
        else:
            rows.append((label, now_value, before, Change(now_value, before)))
    return rows


HEADLINES = [
    ("Solicitudes recibidas", "received", "int"),
    ("Denuncias web", "web", "int"),
    ("Atención ciudadana (solicitudes)", "attention", "int"),
    ("Atención ciudadana (ciudadanos distintos)", "attention_citizens", "int"),
    ("Canalizadas", "channeled", "int"),
    ("Concluidas", "concluded", "int"),
    ("Rezago al cierre", "backlog", "int"),
    ("Cumplimiento de informes semanales", "compliance", "pct"),
]


def unit_rows(units) -> list[tuple]:
    return [(u.name, u.received, u.channeled, u.concluded, u.backlog, u.overdue, u.solved,
             Days(u.median_days), Days(u.p90_days)) for u in units]


UNIT_HEADERS = ("Unidad", "Recibidas", "Canalizadas", "Concluidas", "Rezago al cierre",
                "Vencidas", "Resueltas", "Mediana de resolución (días)",
                "Percentil 90 de resolución (días)")


def satisfaction_rows(units) -> list[tuple]:
    return [(u.name, u.answers, Rating(u.satisfaction), Percent(u.reopen_rate))
            for u in units if u.answers]


SATISFACTION_HEADERS = ("Unidad", "Respuestas de ciudadanos", "Calificación promedio (1 a 5)",
                        "Reabiertas por el ciudadano")


OVERDUE_HEADERS = ("Folio", "Unidad", "Categoría", "Fecha compromiso", "Días de atraso",
                   "Estado")


def overdue_rows(tickets):
    """The overdue tickets' rows (a generator for a generator: the streamed CSV)."""
    return ((r["folio"], r["unit"], r["category"], r["due_date"], r["days_late"], r["status"])
            for r in tickets)


def build_tables(data: dict) -> dict:
    """{name: (title, headers, rows)} of every table the dashboard shows (and exports)."""
    stats = data["stats"]
    tables = {
        "resumen": ("Resumen: este periodo contra el anterior",
                    ("Indicador", "Este periodo", "Periodo anterior", "Cambio"),
                    headline_rows(data["headline"], data["previous_headline"])),
        "unidades": ("Solicitudes por unidad", UNIT_HEADERS, unit_rows(stats.units)),
        "satisfaccion": ("Satisfacción ciudadana por unidad", SATISFACTION_HEADERS,
                         satisfaction_rows(stats.units)),
        "canales": ("Recibidas por canal", ("Canal", "Solicitudes"), stats.by_channel),
        "tipos": ("Recibidas por tipo", ("Tipo", "Solicitudes"), stats.by_kind),
        "categorias": ("Recibidas por categoría del catálogo", ("Categoría", "Solicitudes"),
                       stats.by_category),
        "colonias": ("Recibidas por colonia", ("Colonia", "Solicitudes"), stats.by_colonia),
        "vencidas": ("Solicitudes vencidas", OVERDUE_HEADERS,
                     list(overdue_rows(data["overdue"]))),
        "mensual": ("Serie mensual (últimos 12 meses)",
                    ("Mes", "Visitas al sitio web", "Denuncias web", "Atención ciudadana",
                     "Ciudadanos atendidos", "Cumplimiento de informes",
                     "Fuente de las visitas"),
                    [(month_label(m["period"]), m["visits"], m["web"], m["attention"],
                      m["citizens"], Percent(m["compliance"]),
                      SOURCE_LABELS[m["visit_source"]])
                     for m in data["monthly"]]),
    }
    if data.get("compliance") is not None:
        tables["cumplimiento"] = ("Cumplimiento de informes semanales por unidad",
                                  data["compliance"]["headers"], data["compliance"]["rows"])
    return tables
