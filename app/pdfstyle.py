"""What every PDF of the app shares (receipt, cabinet report, minutes, the memo's sections):
fonts with Spanish accents, the municipal colour, the sections' styles and table. Plain
reportlab: no Flask, no database."""
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Debian's DejaVu Sans when installed, else Bitstream Vera, which ships inside the reportlab
# package itself (always present; DejaVu derives from it).
_FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    (str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"),
     str(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf")),
)
FONT, BOLD = "FresnilloSans", "FresnilloSans-Bold"
GRANATE = colors.HexColor("#7a1d2e")


def register_fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT, BOLD
    for regular, bold in _FONT_CANDIDATES:
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont(FONT, regular))
            pdfmetrics.registerFont(TTFont(BOLD, bold))
            return FONT, BOLD
    return "Helvetica", "Helvetica-Bold"  # last resort: Latin-1 accents still render


def styles() -> dict:
    regular, bold = register_fonts()
    return {
        "title": ParagraphStyle("m_title", fontName=bold, fontSize=16, leading=20,
                                textColor=GRANATE, spaceAfter=4),
        "h1": ParagraphStyle("m_h1", fontName=bold, fontSize=13, leading=17, textColor=GRANATE,
                             spaceBefore=10, spaceAfter=6),
        "h2": ParagraphStyle("m_h2", fontName=bold, fontSize=10.5, leading=14, spaceBefore=6,
                             spaceAfter=3),
        "body": ParagraphStyle("m_body", fontName=regular, fontSize=9.5, leading=12.5),
        "small": ParagraphStyle("m_small", fontName=regular, fontSize=8, leading=10),
        "cell": ParagraphStyle("m_cell", fontName=regular, fontSize=8, leading=9.5),
        "head": ParagraphStyle("m_head", fontName=bold, fontSize=7.5, leading=9,
                               textColor=colors.white),
    }


def table(headers, rows, st, widths) -> Table:
    """A table in the memo's style: granate header, every cell wrapped."""
    data = [[Paragraph(escape(str(h)), st["head"]) for h in headers]]
    data += [[Paragraph(escape(str(cell)), st["cell"]) for cell in row] for row in rows]
    result = Table(data, colWidths=widths, repeatRows=1)
    result.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), GRANATE),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f4eeee")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return result
