"""The memo's «Colonias con más reportes» flowables. Plain data in; no Flask, no database."""
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

from app.pdfstyle import GRANATE, register_fonts

WIDTHS = [0.8 * cm, 6.2 * cm, 1.6 * cm, 2.6 * cm, 3.4 * cm, 2.4 * cm]


def _styles() -> dict:
    regular, bold = register_fonts()
    return {
        "h1": ParagraphStyle("p_h1", fontName=bold, fontSize=13, leading=17, textColor=GRANATE,
                             spaceBefore=10, spaceAfter=6),
        "small": ParagraphStyle("p_small", fontName=regular, fontSize=8, leading=10),
        "cell": ParagraphStyle("p_cell", fontName=regular, fontSize=8, leading=9.5),
        "head": ParagraphStyle("p_head", fontName=bold, fontSize=7.5, leading=9,
                               textColor=colors.white),
    }


def colonias_section(data: dict | None) -> list:
    """The ten colonias with the most reports this month against their 3-month average
    (``app.places.memo.get_memo_colonias``)."""
    if data is None:
        return []
    st = _styles()
    intro = [Paragraph("Colonias con más reportes del mes", st["h1"]),
             Paragraph(escape(data["intro"]), st["small"])]
    if not data["top"]:
        return [KeepTogether(intro + [Paragraph(escape(data["empty"]), st["small"])])]
    rows = [[Paragraph(escape(str(h)), st["head"]) for h in data["headers"]]]
    rows += [[Paragraph(escape(str(cell)), st["cell"]) for cell in row] for row in data["top"]]
    table = Table(rows, colWidths=WIDTHS, repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), GRANATE),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f4eeee")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return [KeepTogether(intro + [table])]
