"""The weekly cabinet PDF: plain data in (see ``build_cabinet_pdf``), bytes out.

No Flask, no database: everything arrives already computed and formatted.
"""
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                Table, TableStyle)

from app.charts import bar_layout
from app.formatting import integer, number
from app.meetings.pdf import followup_section
from app.pdfstyle import GRANATE, register_fonts

TEXT_WIDTH = letter[0] - 4 * cm
SERIES_COLORS = (GRANATE, colors.HexColor("#c79a3b"), colors.HexColor("#3a6e8f"))


def _styles(regular: str, bold: str) -> dict:
    return {
        "cover": ParagraphStyle("cover", fontName=bold, fontSize=22, leading=28,
                                textColor=GRANATE, alignment=1),
        "cover_sub": ParagraphStyle("cover_sub", fontName=regular, fontSize=14, leading=20,
                                    alignment=1),
        "running": ParagraphStyle("running", fontName=bold, fontSize=10, leading=13,
                                  textColor=GRANATE, borderColor=GRANATE, borderWidth=0.8,
                                  borderPadding=5, spaceBefore=4, spaceAfter=8),
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=14, leading=18, textColor=GRANATE,
                             spaceBefore=10, spaceAfter=6),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8, leading=9.5),
        "head": ParagraphStyle("head", fontName=bold, fontSize=6.5, leading=8,
                               textColor=colors.white),
    }


def _numbered_canvas(footer: str, regular: str):
    """A canvas that writes "Página X de Y" and the generation time once Y is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(regular, 8)
                self.setFillColor(colors.grey)
                self.drawString(2 * cm, 1.2 * cm, footer)
                self.drawRightString(letter[0] - 2 * cm, 1.2 * cm,
                                     f"Página {self._pageNumber} de {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def _table(headers, rows, styles, widths=None) -> Table:
    data = [[Paragraph(escape(str(h)), styles["head"]) for h in headers]]
    # Plain strings are much faster to lay out; only long text needs a wrapping Paragraph.
    data += [[Paragraph(escape(str(cell)), styles["cell"]) if len(str(cell)) > 14 else str(cell)
              for cell in row] for row in rows]
    if widths is None and len(headers) > 2:
        first = 3 * cm
        widths = [first] + [(TEXT_WIDTH - first) / (len(headers) - 1)] * (len(headers) - 1)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), GRANATE),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f4eeee")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 1), (-1, -1), styles["cell"].fontName), ("FONTSIZE", (0, 1), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _bar_chart(title: str, labels: list[str], series: list[tuple[str, list]], regular: str,
               percent: bool = False) -> Drawing:
    """The SVG charts' geometry (app/charts.py) drawn with reportlab shapes."""
    width, height = 17 * cm, 6.2 * cm
    layout = bar_layout([values for _, values in series], width=width, height=height,
                        margins=(1.4 * cm, 0.6 * cm, 1 * cm, 1.4 * cm),
                        floor=100 if percent else 1)
    drawing = Drawing(width, height)
    for tick in layout.ticks:
        y = height - tick.y
        drawing.add(Line(layout.left, y, layout.right, y, strokeColor=colors.HexColor("#dddddd"),
                         strokeWidth=0.4))
        drawing.add(String(layout.left - 3, y - 2.5, number(tick.value),
                           fontName=regular, fontSize=7, textAnchor="end"))
    for bar in layout.bars:
        if bar.value:
            drawing.add(Rect(bar.x, height - bar.y - bar.height, bar.width, bar.height,
                             fillColor=SERIES_COLORS[bar.series % len(SERIES_COLORS)],
                             strokeColor=None))
    for center, label in zip(layout.centers, labels):
        drawing.add(String(center, height - layout.baseline - 9, label, fontName=regular,
                           fontSize=7, textAnchor="middle"))
    drawing.add(String(layout.left, height - 0.5 * cm, title, fontName=regular, fontSize=9))
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = layout.left, 0.5 * cm
        legend.fontName, legend.fontSize = regular, 7
        legend.columnMaximum, legend.deltax = 1, 120
        legend.alignment = "right"
        legend.colorNamePairs = [(SERIES_COLORS[i % 3], name) for i, (name, _) in enumerate(series)]
        drawing.add(legend)
    return drawing


def build_cabinet_pdf(data: dict) -> bytes:
    """The cabinet PDF. ``data`` keys: week_label, running (the notice of a week not over yet,
    or None), generated_at, generated_by, headline
    (rows of label, this week, previous week, change), compliance (headers, rows, overall),
    units (headers, rows), overdue (headers, rows, total), monthly (labels, series, headers,
    rows), definitions [(term, text)], notes."""
    regular, bold = register_fonts()
    st = _styles(regular, bold)
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm,
                            title=f"Informe de gabinete · {data['week_label']}",
                            author="Secretaría Técnica · H. Ayuntamiento de Fresnillo")
    story = _cover(data, st) + [PageBreak()]
    if data.get("running"):
        story += [Paragraph(escape(data["running"]), st["running"])]
    story += [Paragraph("Resumen ejecutivo", st["h1"]),
              _table(("Indicador", "Esta semana", "Semana anterior", "Cambio"),
                     data["headline"], st, [7 * cm, 3 * cm, 3.3 * cm, 3.7 * cm])]
    compliance = data["compliance"]
    story += [Paragraph("Cumplimiento de informes semanales por unidad", st["h1"]),
              Paragraph(escape(compliance["overall"]), st["body"]), Spacer(1, 4),
              _table(compliance["headers"], compliance["rows"], st)]
    story += [Paragraph("Solicitudes y rezago por unidad", st["h1"]),
              Paragraph("Una solicitud recanalizada cuenta una sola vez, para su unidad actual.",
                        st["small"]), Spacer(1, 4),
              _table(data["units"]["headers"], data["units"]["rows"], st)]
    overdue = data["overdue"]
    story += [Paragraph(f"Solicitudes vencidas ({integer(overdue['total'])})", st["h1"])]
    if overdue["total"] > len(overdue["rows"]):
        story += [Paragraph(f"Se muestran las {len(overdue['rows'])} más atrasadas; la lista "
                            "completa se descarga en CSV desde el tablero.", st["small"])]
    story += [_table(overdue["headers"], overdue["rows"], st)] if overdue["rows"] else [
        Paragraph("No hay solicitudes vencidas.", st["body"])]
    story += followup_section(data.get("agreements"))
    story += _monthly(data["monthly"], st, regular)
    story += [Paragraph("Definiciones", st["h1"])] + [
        Paragraph(f"<b>{escape(term)}:</b> {escape(text)}", st["small"])
        for term, text in data["definitions"]]
    story += [Paragraph("Notas de la Secretaría Técnica", st["h1"])] + [
        Paragraph(escape(line) or "&nbsp;", st["body"])
        for line in (data.get("notes") or "Sin notas.").splitlines()]
    footer = f"Generado el {data['generated_at']} por {data['generated_by']}"
    doc.build(story, canvasmaker=_numbered_canvas(footer, regular))
    return buffer.getvalue()


def _cover(data: dict, st: dict) -> list:
    return [Spacer(1, 5 * cm),
            Paragraph("H. Ayuntamiento de Fresnillo 2024-2027", st["cover"]), Spacer(1, 10),
            Paragraph("Secretaría Técnica", st["cover_sub"]), Spacer(1, 1.5 * cm),
            Paragraph("Informe semanal para la reunión de gabinete", st["cover_sub"]),
            Spacer(1, 8), Paragraph(escape(data["week_label"]), st["cover_sub"]),
            *([Spacer(1, 6), Paragraph("(semana en curso)", st["cover_sub"])]
              if data.get("running") else []),
            Spacer(1, 3 * cm),
            Paragraph(escape(f"Generado el {data['generated_at']} por {data['generated_by']}"),
                      st["body"])]


def _monthly(monthly: dict, st: dict, regular: str) -> list:
    labels, series = monthly["labels"], monthly["series"]
    charts = [
        _bar_chart("Visitas al sitio web", labels, [("Visitas", series["visits"])], regular),
        _bar_chart("Denuncias web y atención ciudadana", labels,
                   [("Denuncias web", series["web"]), ("Atención ciudadana", series["attention"]),
                    ("Ciudadanos atendidos", series["citizens"])], regular),
        _bar_chart("Cumplimiento de informes semanales (%)", labels,
                   [("Cumplimiento", series["compliance"])], regular, percent=True),
    ]
    return ([PageBreak(), Paragraph("Serie mensual de los últimos 12 meses", st["h1"]),
             _table(monthly["headers"], monthly["rows"], st), Spacer(1, 8)]
            + [KeepTogether([chart, Spacer(1, 4)]) for chart in charts])
