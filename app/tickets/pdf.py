"""Receipt (acuse de recibo) PDF: plain data in, bytes out (no Flask, no database)."""
from dataclasses import dataclass
from io import BytesIO

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from app.pdfstyle import GRANATE, register_fonts



@dataclass(frozen=True)
class ReceiptData:
    folio: str
    received_at: str  # already formatted in local time, e.g. "29/11/2026 10:42"
    citizen: str
    channel: str
    kind: str
    category: str
    summary: str
    unit: str  # "Pendiente de canalizar" when none
    lookup_code: str
    status_url: str
    due_date: str = ""
    location: str = ""
    duplicate_of: str = ""
    status_link: str = ""  # the signed status page: printed as a QR code
    contact: tuple[str, ...] = ()  # the municipality's contact lines and office hours


def _status_qr(link: str, style) -> list:
    """The QR code of the status page with its address beside it."""
    if not link:
        return []
    widget = QrCodeWidget(link)
    left, bottom, right, top = widget.getBounds()
    size = 3.2 * cm
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0,
                                             size / (top - bottom), 0, 0])
    drawing.add(widget)
    text = Paragraph("Escanee este código con su teléfono para ver el avance de su solicitud "
                     f"en cualquier momento, o abra:<br/>{escape(link)}", style)
    table = Table([[drawing, text]], colWidths=[3.6 * cm, 13.4 * cm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return [Spacer(1, 0.4 * cm), table]


def _contact(lines: tuple[str, ...], styles) -> list:
    if not lines:
        return []
    return [Spacer(1, 0.4 * cm), Paragraph("Contacto del H. Ayuntamiento", styles["label"]),
            *[Paragraph(escape(line), styles["small"]) for line in lines]]


def build_receipt(data: ReceiptData) -> bytes:
    """The printable receipt given at the front desk."""
    regular, bold = register_fonts()
    styles = {
        "title": ParagraphStyle("t", fontName=bold, fontSize=15, leading=19, textColor=GRANATE),
        "sub": ParagraphStyle("s", fontName=regular, fontSize=9.5, leading=12),
        "folio": ParagraphStyle("f", fontName=bold, fontSize=20, leading=26),
        "cell": ParagraphStyle("c", fontName=regular, fontSize=10, leading=13),
        "label": ParagraphStyle("l", fontName=bold, fontSize=10, leading=13),
        "small": ParagraphStyle("x", fontName=regular, fontSize=9, leading=12),
    }
    rows = [
        ("Fecha y hora de recepción", data.received_at), ("Ciudadano", data.citizen or "—"),
        ("Canal", data.channel), ("Tipo", data.kind), ("Categoría", data.category),
        ("Canalizada a", data.unit), ("Fecha compromiso", data.due_date or "—"),
        ("Ubicación", data.location or "—"), ("Resumen", data.summary),
    ]
    if data.duplicate_of:
        rows.append(("Vinculada al folio", data.duplicate_of))
    table = Table([[Paragraph(escape(k), styles["label"]), Paragraph(escape(v), styles["cell"])]
                   for k, v in rows], colWidths=[4.6 * cm, 12.4 * cm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    story = [
        Paragraph("H. Ayuntamiento de Fresnillo, Zacatecas · 2024-2027", styles["sub"]),
        Paragraph("Secretaría Técnica — Acuse de recibo", styles["title"]),
        Spacer(1, 0.3 * cm),
        Paragraph(f"Folio: {escape(data.folio)}", styles["folio"]),
        Spacer(1, 0.2 * cm), table, Spacer(1, 0.5 * cm),
        Paragraph(f"Código de consulta: <b>{escape(data.lookup_code)}</b>", styles["folio"]),
        Spacer(1, 0.2 * cm),
        Paragraph(
            "Para conocer el estado de su solicitud ingrese a "
            f"<b>{escape(data.status_url)}</b> con su folio y este código de consulta, "
            "o comuníquese a la Secretaría Técnica indicando su folio. "
            "El código es personal: no lo comparta.", styles["small"]),
        *_status_qr(data.status_link, styles["small"]),
        *_contact(data.contact, styles),
        Spacer(1, 0.8 * cm),
        Paragraph("Este acuse no prejuzga sobre la procedencia de la solicitud. "
                  "Los plazos se cuentan en días hábiles.", styles["small"]),
    ]
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, title=f"Acuse {data.folio}",
                            author="Secretaría Técnica de Fresnillo",
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm)
    doc.build(story)
    return buffer.getvalue()
