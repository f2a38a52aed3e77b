"""The memo's and the dashboard's «Avance de programas de trabajo»: per unit, physical progress
against expected and the counts by status, and the actions behind schedule named per area.
Figures from ``app/programs/figures.py`` at the period's last day (or today, mid-week)."""
from xml.sax.saxutils import escape

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph

from app.formatting import integer, number, percent
from app.pdfstyle import styles, table
from app.programs import figures as fig
from app.memo_sections import ExtraSection, register_section
from app.timeutil import format_date, local_today

# The PDF's narrow columns: the statuses in fig.STATUSES order, in few words.
UNIT_HEADERS = ("Unidad", "Acciones", "Avance físico", "Esperado", "Atrasadas",
                "Sin avance (3 sem.)", "En tiempo", "Cumplidas", "Canceladas")
UNIT_WIDTHS = [w * cm for w in (3.3, 1.55, 1.55, 1.75, 1.8, 1.75, 1.6, 1.85, 1.95)]


def get_memo_programs(period, now) -> dict:
    """Plain, formatted data of the section for ``period`` (a stats Period)."""
    as_of = min(period.last, local_today(now))
    figures = fig.list_action_figures(as_of)
    units = [(g.name, integer(g.total), percent(g.physical), percent(g.expected),
              *(integer(g.counts[key]) for key in fig.STATUSES))
             for g in fig.summarize(figures, "unit")]
    attention = [(unit, [fig.describe(f) for f in items])
                 for unit, items in fig.needing_attention(figures).items()]
    return {"as_of": format_date(as_of), "year": as_of.year, "units": units,
            "attention": attention,
            "behind_count": integer(sum(len(items) for _, items in attention)),
            "behind_points": number(fig.BEHIND_POINTS), "stall_weeks": fig.STALL_WEEKS}


def program_section(data: dict | None, st: dict | None = None) -> list:
    """The section's flowables in the cabinet memo."""
    if data is None:
        return []
    st = st or styles()
    intro = [Paragraph("Avance de programas de trabajo", st["h1"]),
             Paragraph(escape(
                 f"Programas {data['year']} aprobados, al {data['as_of']}. Atrasada: más de "
                 f"{data['behind_points']} puntos bajo lo esperado según su curva; sin avance: "
                 f"el avance informado no sube en {data['stall_weeks']} semanas. El avance "
                 "físico es el promedio del porcentaje de la meta de las acciones vigentes."),
                 st["small"])]
    if not data["units"]:
        return [KeepTogether(intro + [Paragraph("Ninguna unidad tiene programa aprobado.",
                                                st["body"])])]
    story = [KeepTogether(intro + [table(UNIT_HEADERS, data["units"], st, UNIT_WIDTHS)]),
             Paragraph(f"Acciones atrasadas o sin avance ({data['behind_count']})", st["h2"])]
    if not data["attention"]:
        story.append(Paragraph("Todas las acciones van conforme a lo programado.", st["body"]))
    for unit, lines in data["attention"]:
        story.append(Paragraph(f"<b>{escape(unit)}</b>: " + escape("; ".join(lines)) + ".",
                               st["body"]))
    return story


def init_app(_app) -> None:
    """Add «Avance de programas de trabajo» to the cabinet memo and the dashboard."""
    register_section(ExtraSection("programs", get_memo_programs, program_section,
                                  "programs/_memo_section.html"))
