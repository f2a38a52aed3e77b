"""What every PDF of the app shares (receipt, cabinet report): fonts with Spanish accents and
the municipal colour. Plain reportlab: no Flask, no database."""
from pathlib import Path

import reportlab
from reportlab.lib import colors
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
