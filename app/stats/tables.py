"""The dashboard's tables as plain (title, headers, rows): one definition for screen and CSV."""
import csv
import io

from app.stats.periods import month_label


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %".replace(".", ",")


def change(current: float | None, previous: float | None) -> str:
    """Signed difference and relative change: "+3 (+25,0 %)"."""
    if current is None or previous is None:
        return "—"
    diff = current - previous
    text = f"{diff:+.0f}" if float(diff).is_integer() else f"{diff:+.1f}".replace(".", ",")
    if previous:
        text += f" ({diff / previous * 100:+.1f} %)".replace(".", ",")
    return text


def headline_rows(current: dict, previous: dict) -> list[tuple]:
    """(label, this period, previous period, change) for the headline figures."""
    rows = []
    for label, key, fmt in HEADLINES:
        now_value, before = current.get(key), previous.get(key)
        shown = (percent(now_value), percent(before)) if fmt == "pct" else (
            "—" if now_value is None else now_value, "—" if before is None else before)
        diff = change(None if now_value is None else now_value * (100 if fmt == "pct" else 1),
                      None if before is None else before * (100 if fmt == "pct" else 1))
        rows.append((label, shown[0], shown[1], diff + (" pts" if fmt == "pct" and diff != "—" else "")))
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
             days(u.median_days), days(u.p90_days)) for u in units]


UNIT_HEADERS = ("Unidad", "Recibidas", "Canalizadas", "Concluidas", "Rezago al cierre",
                "Vencidas", "Resueltas", "Mediana de resolución (días)",
                "Percentil 90 de resolución (días)")


def satisfaction_rows(units) -> list[tuple]:
    return [(u.name, u.answers, days(u.satisfaction), percent(u.reopen_rate))
            for u in units if u.answers]


SATISFACTION_HEADERS = ("Unidad", "Respuestas de ciudadanos", "Calificación promedio (1 a 5)",
                        "Reabiertas por el ciudadano")


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
        "vencidas": ("Solicitudes vencidas", ("Folio", "Unidad", "Categoría", "Fecha compromiso",
                                              "Días de atraso", "Estado"),
                     [(r["folio"], r["unit"], r["category"], r["due_date"].strftime("%d/%m/%Y"),
                       r["days_late"], r["status"]) for r in data["overdue"]]),
        "mensual": ("Serie mensual (últimos 12 meses)",
                    ("Mes", "Visitas al sitio web", "Denuncias web", "Atención ciudadana",
                     "Ciudadanos atendidos", "Cumplimiento de informes"),
                    [(month_label(m["period"]), "—" if m["visits"] is None else m["visits"],
                      m["web"], m["attention"], m["citizens"], percent(m["compliance"]))
                     for m in data["monthly"]]),
    }
    if data.get("compliance") is not None:
        tables["cumplimiento"] = ("Cumplimiento de informes semanales por unidad",
                                  data["compliance"]["headers"], data["compliance"]["rows"])
    return tables


def to_csv(headers, rows) -> bytes:
    """UTF-8 with BOM (Excel opens the accents right), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([_safe(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe(cell):
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r") and cell != "—":
        return "'" + cell
    return cell
