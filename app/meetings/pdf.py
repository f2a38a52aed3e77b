"""PDFs of the meetings feature (agenda, minutes, per-unit follow-up) and the memo's
«Seguimiento de acuerdos» flowables. Plain data in; no Flask, no database."""
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from app.pdfstyle import register_fonts, styles, table

AUTHOR = "Secretaría Técnica · H. Ayuntamiento de Fresnillo"
TEXT_WIDTH = letter[0] - 4 * cm


def _listing(title, headers, rows, widths, empty, st) -> list:
    """A titled table kept together with its title (a long one still breaks, header repeated)."""
    body = table(headers, rows, st, widths) if rows else Paragraph(escape(empty), st["body"])
    return [KeepTogether([Paragraph(escape(f"{title} ({len(rows)})"), st["h2"]), body])]


AGREEMENT_HEADERS = ("Núm.", "Acuerdo", "Responsable", "Fecha límite")
AGREEMENT_WIDTHS = [1.2 * cm, 8.8 * cm, 4.5 * cm, 2.5 * cm]


def followup_section(data: dict | None, st: dict | None = None) -> list:
    """The memo's «Seguimiento de acuerdos» (``app.meetings.memo.get_memo_followup``)."""
    if data is None:
        return []
    st = st or styles()
    since = (f"desde la reunión del {data['since']}" if data["since"]
             else "desde la última reunión")
    late_headers = AGREEMENT_HEADERS + ("Días de atraso",)
    late_widths = [1.2 * cm, 7.3 * cm, 4.2 * cm, 2.3 * cm, 2 * cm]
    intro = [Paragraph("Seguimiento de acuerdos", st["h1"]),
             Paragraph(escape(f"Estado de los acuerdos de gabinete al {data['as_of']}."),
                       st["small"])]
    soon = _listing(f"Vencen del {data['today']} al {data['soon_until']}", AGREEMENT_HEADERS,
                    data["due_soon"], AGREEMENT_WIDTHS, "Ningún acuerdo vence en esos días.", st)
    return [
        KeepTogether(intro + soon),
        *_listing("Acuerdos vencidos", late_headers, data["overdue"], late_widths,
                  "No hay acuerdos vencidos.", st),
        *_listing(f"Cumplidos {since}", AGREEMENT_HEADERS, data["done"], AGREEMENT_WIDTHS,
                  "Ningún acuerdo verificado como cumplido en ese lapso.", st),
        *_listing("Cumplimiento de acuerdos por unidad (últimos 12 meses)",
                  ("Unidad", "Con fecha límite pasada", "Cumplidos a tiempo", "Porcentaje"),
                  data["per_unit"], [7 * cm, 4 * cm, 3.5 * cm, 2.5 * cm],
                  "Ningún acuerdo ha llegado a su fecha límite.", st),
    ]


def _document(story: list, title: str, footer: str) -> bytes:
    regular, _ = register_fonts()
    buffer = BytesIO()

    def on_page(canvas, doc):
        canvas.setFont(regular, 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(2 * cm, 1.2 * cm, footer)
        canvas.drawRightString(letter[0] - 2 * cm, 1.2 * cm, f"Página {doc.page}")

    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm, title=title, author=AUTHOR)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _heading(title: str, data: dict, st: dict) -> list:
    return [Paragraph("H. Ayuntamiento de Fresnillo · Secretaría Técnica", st["small"]),
            Paragraph(escape(title), st["title"]),
            Paragraph(escape(f"Reunión de gabinete {data['kind']} del {data['held_at']}"),
                      st["body"]), Spacer(1, 6)]


def build_agenda_pdf(data: dict) -> bytes:
    """The printable agenda. ``data``: kind, held_at, items [text], generated_at."""
    st = styles()
    story = _heading("Orden del día", data, st)
    story += [Paragraph(f"{n}. {escape(text)}", st["body"]) for n, text in
              enumerate(data["items"], 1)] or [Paragraph("Sin puntos registrados.", st["body"])]
    return _document(story, "Orden del día", f"Generado el {data['generated_at']}")


def build_minutes_pdf(data: dict) -> bytes:
    """The minutes. ``data``: kind, held_at, present [unit], absent [unit], items [text]
    (discussed), agreements [(id, text, units, due)], generated_at, generated_by."""
    st = styles()
    story = _heading("Minuta de la reunión de gabinete", data, st)
    story += [Paragraph("Asistencia", st["h1"]),
              Paragraph(escape("Presentes: " + (", ".join(data["present"]) or "ninguna unidad")),
                        st["body"]),
              Paragraph(escape("Ausentes: " + (", ".join(data["absent"]) or "ninguna")), st["body"]),
              Paragraph("Puntos tratados", st["h1"])]
    story += [Paragraph(f"{n}. {escape(text)}", st["body"]) for n, text in
              enumerate(data["items"], 1)] or [Paragraph("No se registraron puntos tratados.",
                                                         st["body"])]
    story += [Paragraph("Acuerdos", st["h1"])]
    story += ([table(AGREEMENT_HEADERS, data["agreements"], st, AGREEMENT_WIDTHS)]
              if data["agreements"] else [Paragraph("No se tomaron acuerdos.", st["body"])])
    footer = f"Generado el {data['generated_at']} por {data['generated_by']}"
    return _document(story, "Minuta de la reunión de gabinete", footer)


FOLLOWUP_HEADERS = ("Núm.", "Acuerdo", "Estado", "Fecha límite", "Evidencia")
FOLLOWUP_WIDTHS = [1.2 * cm, 7 * cm, 3 * cm, 2.3 * cm, 3.5 * cm]


def build_followup_pdf(data: dict) -> bytes:
    """One page for a responsible unit. ``data``: kind, held_at, unit, agreements
    [(id, text, state, due, evidence reference)], generated_at."""
    st = styles()
    story = _heading(f"Seguimiento de acuerdos: {data['unit']}", data, st)
    story += [Paragraph("Sus acuerdos abiertos y sus fechas límite. Reporte cada uno como "
                        "cumplido en el sistema, con una nota y, si la tiene, la evidencia.",
                        st["body"]), Spacer(1, 6)]
    story += ([table(FOLLOWUP_HEADERS, data["agreements"], st, FOLLOWUP_WIDTHS)]
              if data["agreements"] else [Paragraph("No tiene acuerdos abiertos.", st["body"])])
    return _document(story, "Seguimiento de acuerdos", f"Generado el {data['generated_at']}")
