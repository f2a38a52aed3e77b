"""A QR code as inline SVG (one path, presentation attributes only: no style, CSP-safe)."""
from markupsafe import Markup, escape
from reportlab.graphics.barcode import qrencoder

QUIET_ZONE = 4  # modules of white border the standard asks for


def qr_svg(text: str, *, size: int = 220, label: str = "Código QR") -> Markup:
    """An <svg> drawing ``text`` as a QR code (error correction M)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    side = count + 2 * QUIET_ZONE
    cells = "".join(
        f"M{col + QUIET_ZONE} {row + QUIET_ZONE}h1v1h-1z"
        for row in range(count) for col in range(count) if code.isDark(row, col))
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="{size}" '
        f'height="{size}" role="img" aria-label="{escape(label)}" shape-rendering="crispEdges">'
        f'<rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path d="{cells}" fill="#000"/></svg>')
