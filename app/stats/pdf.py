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
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (KeepTogether, Paragraph, SimpleDocTemplate, Spacer,
                                Table, TableStyle)

from app.charts import bar_layout
from app.formatting import integer, number
from app.pdfstyle import GRANATE, register_fonts
from app.memo_sections import EXTRA_SECTIONS
from app.reports import compliance as report_rules

TEXT_WIDTH = letter[0] - 4 * cm
SERIES_COLORS = (GRANATE, colors.HexColor("#c79a3b"), colors.HexColor("#3a6e8f"))
UNIT_WIDTHS = [w * cm for w in (4.1, 1.5, 1.8, 1.65, 1.6, 1.5, 1.5, 1.7, 1.7)]
TREND_COLORS = {1: colors.HexColor("#1f5f8b"), -1: colors.HexColor("#a0421d"),
                0: colors.HexColor("#555555")}
# Light backgrounds: the status is also written in the cell, so black and white still reads.
STATUS_COLORS = {report_rules.A_TIEMPO: colors.HexColor("#d6ecd6"),
                 report_rules.EXTEMPORANEO: colors.HexColor("#fbe5b0"),
                 report_rules.NO_ENTREGADO: colors.HexColor("#f3c2bd"),
                 report_rules.PENDIENTE: colors.HexColor("#e2e2e2"),
                 report_rules.JUSTIFICADO: colors.HexColor("#d9e4f2")}


def _styles(regular: str, bold: str) -> dict:
    return {
        "org": ParagraphStyle("org", fontName=regular, fontSize=10, leading=13, alignment=1,
                              textColor=GRANATE),
        "cover": ParagraphStyle("cover", fontName=bold, fontSize=17, leading=22,
                                textColor=GRANATE, alignment=1, spaceBefore=4),
        "cover_sub": ParagraphStyle("cover_sub", fontName=regular, fontSize=12, leading=16,
                                    alignment=1),
        "small_center": ParagraphStyle("small_center", fontName=regular, fontSize=8, leading=11,
                                       alignment=1, textColor=colors.HexColor("#555555")),
        "alert": ParagraphStyle("alert", fontName=regular, fontSize=9.5, leading=12.5,
                                leftIndent=8, bulletIndent=0, spaceAfter=4),
        "running": ParagraphStyle("running", fontName=bold, fontSize=10, leading=13,
                                  textColor=GRANATE, borderColor=GRANATE, borderWidth=0.8,
                                  borderPadding=5, spaceBefore=4, spaceAfter=8),
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=13, leading=17, textColor=GRANATE,
                             spaceBefore=10, spaceAfter=5, keepWithNext=1),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5),
        "definition": ParagraphStyle("definition", fontName=regular, fontSize=8, leading=10,
                                     spaceAfter=3),
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


class MemoTable(Table):
    """A table that never leaves fewer than MIN_ROWS body rows on either side of a page break
    (reportlab's split leaves one when it fits): it splits earlier, or moves whole."""

    MIN_ROWS = 2

    def split(self, availWidth, availHeight):
        self._calc(availWidth, availHeight)
        heights, head = self._rowHeights, self.repeatRows
        fit, used = 0, 0
        for height in heights:
            if used + height > availHeight:
                break
            used, fit = used + height, fit + 1
        if fit < len(heights):
            if fit - head < self.MIN_ROWS:
                return []
            if len(heights) - fit < self.MIN_ROWS:
                fit = len(heights) - self.MIN_ROWS
                if fit - head < self.MIN_ROWS:
                    return []
                availHeight = sum(heights[:fit]) + 0.1
        return super().split(availWidth, availHeight)


def _table(headers, rows, styles, widths=None, extra=(), total=None) -> Table:
    """A memo table: header repeated on every page, zebra rows, ``total`` as a bold last row,
    ``extra`` TableStyle commands (cell colours)."""
    data = [[Paragraph(escape(str(h)), styles["head"]) for h in headers]]
    if widths is None:
        first = 4.2 * cm
        widths = [first] + [(TEXT_WIDTH - first) / (len(headers) - 1)] * (len(headers) - 1)
    data += [[_cell(cell, width, styles) for cell, width in zip(row, widths)]
             for row in [*rows, *([total] if total else [])]]
    table = MemoTable(data, colWidths=widths, repeatRows=1)
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), GRANATE),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f4eeee")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 1), (-1, -1), styles["cell"].fontName), ("FONTSIZE", (0, 1), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    if total:
        commands += [("FONTNAME", (0, -1), (-1, -1), styles["head"].fontName),
                     ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#e6dcdc")),
                     ("LINEABOVE", (0, -1), (-1, -1), 1, GRANATE)]
    table.setStyle(TableStyle(commands + list(extra)))
    return table


def _cell(cell, width: float, styles):
    """Plain strings lay out much faster; only text wider than its column gets a wrapping
    Paragraph."""
    if isinstance(cell, Paragraph):
        return cell
    text, style = str(cell), styles["cell"]
    if stringWidth(text, style.fontName, style.fontSize) <= width - 4:
        return text
    return Paragraph(escape(text), style)


def _section(title: str, intro: list, table, st: dict) -> list:
    """A heading, its notes and its table, kept on one page when the table fits on one."""
    return [KeepTogether([Paragraph(title, st["h1"]), *intro, table])]


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
    label_size = 6.5 if len(series) == 1 else 5
    for bar in layout.bars:
        if bar.value:
            drawing.add(Rect(bar.x, height - bar.y - bar.height, bar.width, bar.height,
                             fillColor=SERIES_COLORS[bar.series % len(SERIES_COLORS)],
                             strokeColor=None))
        if bar.value is not None:  # the value on top of its bar, so the chart reads alone
            drawing.add(String(bar.x + bar.width / 2, height - bar.y + 1.5, number(bar.value),
                               fontName=regular, fontSize=label_size, textAnchor="middle"))
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
    """The cabinet memo. ``data`` keys (see app/stats/cabinet.get_cabinet_data): week_label,
    running (the notice of a week not over yet, or None), generated_at, generated_by,
    summary (headers, rows, trends), alerts [(title, text)], headline rows, compliance
    (headers, rows, statuses, overall), units (headers, rows, total), overdue (headers,
    rows, total), monthly (labels, series, headers, rows), definitions [(term, text)], notes.

    Order: page 1 (summary, alerts, the week's requests), the Secretary's notes, compliance
    worst first, units by overdue, overdue per unit, the 12-month series, definitions."""
    regular, bold = register_fonts()
    st = _styles(regular, bold)
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=1.6 * cm, bottomMargin=1.8 * cm,
                            title=f"Informe de gabinete · {data['week_label']}",
                            author="Secretaría Técnica · H. Ayuntamiento de Fresnillo")
    story = (_front_page(data, st) + _notes(data, st) + _compliance(data, st)
             + _units(data, st) + _overdue(data, st) + _extra_sections(data)
             + _monthly(data["monthly"], st, regular)
             + _definitions(data, st))
    footer = f"Informe de gabinete · {data['week_label']}"
    doc.build(story, canvasmaker=_numbered_canvas(footer, regular))
    return buffer.getvalue()


def _extra_sections(data: dict) -> list:
    """The sections other features registered (app/memo_sections.py ``register_section``)."""
    story = []
    for key, section in EXTRA_SECTIONS.items():
        story += section.flowables(data.get("sections", {}).get(key))
    return story


def _front_page(data: dict, st: dict) -> list:
    """Page 1: who and which week, the four statistics, the alerts, the week's requests."""
    story = [Paragraph("H. Ayuntamiento de Fresnillo 2024-2027 · Secretaría Técnica",
                       st["org"]),
             Paragraph("Informe semanal para la reunión de gabinete", st["cover"]),
             Paragraph(escape(data["week_label"])
                       + (" (semana en curso)" if data.get("running") else ""), st["cover_sub"]),
             Paragraph(escape(f"Generado el {data['generated_at']} por {data['generated_by']}"),
                       st["small_center"])]
    if data.get("running"):
        story.append(Paragraph(escape(data["running"]), st["running"]))
    summary = data["summary"]
    story += [Paragraph("Resumen ejecutivo", st["h1"]),
              _table(summary["headers"], summary["rows"], st,
                     [6.2 * cm, 2.5 * cm, 2.7 * cm, 3.1 * cm, 2.5 * cm],
                     extra=_trend_styles(summary["trends"], st))]
    story += [Paragraph("Alertas", st["h1"])] + [
        Paragraph(f"<b>{escape(title)}:</b> {escape(text)}", st["alert"])
        for title, text in data["alerts"]]
    story += [Paragraph("Solicitudes de la semana", st["h1"]),
              _table(("Indicador", "Esta semana", "Semana anterior", "Cambio"),
                     data["headline"], st, [7 * cm, 3 * cm, 3.3 * cm, 3.7 * cm])]
    return story


def _trend_styles(trends: list, st: dict) -> list:
    return [cmd for row, trend in enumerate(trends, 1) if trend is not None
            for cmd in (("TEXTCOLOR", (-1, row), (-1, row), TREND_COLORS[trend]),
                        ("FONTNAME", (-1, row), (-1, row), st["head"].fontName))]


def _notes(data: dict, st: dict) -> list:
    return [Paragraph("Notas de la Secretaría Técnica", st["h1"])] + [
        Paragraph(escape(line) or "&nbsp;", st["body"])
        for line in (data.get("notes") or "Sin notas.").splitlines()]


def _compliance(data: dict, st: dict) -> list:
    compliance = data["compliance"]
    colours = [("BACKGROUND", (2, row), (2, row), STATUS_COLORS[status])
               for row, status in enumerate(compliance["statuses"], 1) if status in STATUS_COLORS]
    table = _table(compliance["headers"], compliance["rows"], st,
                   [0.6 * cm, 4.5 * cm, 3 * cm, 2.75 * cm, 2.75 * cm, 1.7 * cm, 1.7 * cm],
                   extra=colours)
    return _section("Cumplimiento de informes semanales, de peor a mejor",
                    [Paragraph(escape(compliance["overall"]), st["small"]), Spacer(1, 4)],
                    table, st)


def _units(data: dict, st: dict) -> list:
    units = data["units"]
    table = _table(units["headers"], units["rows"], st, UNIT_WIDTHS, total=units["total"])
    return _section("Solicitudes y rezago por unidad, de más a menos vencidas",
                    [Paragraph("Recibidas: por la unidad al cierre del día de recepción; "
                               "canalizadas: por la unidad de la primera canalización; "
                               "concluidas: por la unidad que las concluyó; rezago y vencidas: "
                               "por la unidad al cierre de la semana.", st["small"]),
                     Spacer(1, 4)], table, st)


def _overdue(data: dict, st: dict) -> list:
    overdue = data["overdue"]
    title = f"Solicitudes vencidas ({integer(overdue['total'])})"
    if not overdue["rows"]:
        return [Paragraph(title, st["h1"]), Paragraph("No hay solicitudes vencidas.", st["body"])]
    # A folio and its days stay on one line; lines break between folios only.
    rows = [(*row[:-1], Paragraph(escape(row[-1]).replace(" (", "&nbsp;("), st["cell"]))
            for row in overdue["rows"]]
    note = Paragraph(f"Resumen por unidad con las más atrasadas de cada una; la lista completa "
                     f"({integer(overdue['total'])} solicitudes) se descarga en CSV desde el "
                     "tablero de estadísticas.", st["small"])
    return _section(title, [note, Spacer(1, 4)],
                    _table(overdue["headers"], rows, st, [4.4 * cm, 1.7 * cm, 2.2 * cm, 8.7 * cm]),
                    st)


def _definitions(data: dict, st: dict) -> list:
    return [Paragraph("Definiciones", st["h1"])] + [
        Paragraph(f"<b>{escape(term)}:</b> {escape(text)}", st["definition"])
        for term, text in data["definitions"]]


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
    table = _table(monthly["headers"], monthly["rows"], st,
                   [1.9 * cm, 2.3 * cm, 2.1 * cm, 2.3 * cm, 2.3 * cm, 2.4 * cm, 3.7 * cm])
    return (_section("Serie mensual de los últimos 12 meses",
                     [Paragraph("La fuente de las visitas de cada mes: captura manual, "
                                "importación (Google Analytics 4 o Matomo) o contador propio.",
                                st["small"]), Spacer(1, 4)], table, st)
            + [KeepTogether([Spacer(1, 6), chart]) for chart in charts])
