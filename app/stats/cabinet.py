"""The weekly cabinet report: its plain data, its PDF, and the copy kept of each one handed in."""
import hashlib
from datetime import date, datetime

from sqlalchemy import func, select

from app.auth.models import User

from app.extensions import db
from app.formatting import display
from app.memo_sections import extra_section_data
from app.replica import replica_reads
from app.stats import memo, queries
from app.stats.models import CabinetReport
from app.stats.pdf import build_cabinet_pdf
from app.stats.periods import Period, check_not_future, month_label, parse_week
from app.stats.tables import UNIT_HEADERS, build_tables
from app.timeutil import format_datetime
from app.validators import ValidationError

MAX_NOTES = 5000
MEMO = "memo"  # CabinetReport.kind of the weekly memo


def get_cabinet_data(period: Period, now: datetime) -> dict:
    """The figures of a week for the PDF, as plain formatted data (no ORM objects), in the
    memo's order (app/stats/memo.py); read from the replica when one is set."""
    with replica_reads():
        return _cabinet_data(period, now)


def _cabinet_data(period: Period, now: datetime) -> dict:
    # One scope for every read: the 4 weeks before and the year to date, compliance once.
    data = queries.get_dashboard(period, now, extra=[*memo.previous_weeks(period),
                                                     memo.year_to_date(period)])
    tables = build_tables(data)
    units = data["stats"].units
    ranked = memo.ranked_compliance(data, now)
    summary = memo.summary_rows(data, now)
    unit_rows, unit_total = memo.units_by_overdue(units)
    monthly = data["monthly"]
    _, monthly_headers, monthly_rows = tables["mensual"]
    return {
        "week_label": period.label,
        "running": data["running"],
        "summary": {"headers": memo.SUMMARY_HEADERS,
                    "rows": _shown(summary), "trends": [row[-1].direction for row in summary]},
        "alerts": memo.alerts(ranked, units),
        "headline": _shown(tables["resumen"][2]),
        "compliance": {"headers": memo.COMPLIANCE_HEADERS,
                       "rows": _shown(memo.compliance_rows(ranked)),
                       "statuses": [r["status"] for r in ranked],
                       "overall": (data["compliance"] or {}).get(
                           "overall_text", "Sin datos de cumplimiento.")},
        "units": {"headers": UNIT_HEADERS, "rows": _shown(unit_rows),
                  "total": _shown([unit_total])[0]},
        "overdue": {"headers": memo.OVERDUE_HEADERS,
                    "rows": _shown(memo.overdue_summary(units, now, queries.as_of(period, now),
                                                        data["scope"].closed)),
                    "total": data["stats"].overdue},
        "monthly": {
            "labels": [month_label(m["period"]) for m in monthly],
            "series": {
                "visits": [m["visits"] for m in monthly],
                "web": [m["web"] for m in monthly],
                "attention": [m["attention"] for m in monthly],
                "citizens": [m["citizens"] for m in monthly],
                "compliance": [None if m["compliance"] is None else round(m["compliance"] * 100, 1)
                               for m in monthly],
            },
            "headers": monthly_headers, "rows": _shown(monthly_rows),
        },
        "definitions": data["definitions"] + memo.DEFINITIONS,
        "sections": extra_section_data(period, now),
    }


def _shown(rows) -> list[tuple]:
    """Table rows as the text the PDF prints (app/formatting.py)."""
    return [tuple(display(cell) for cell in row) for row in rows]


def generate_cabinet_report(week: str, notes: str | None, user, now: datetime) -> CabinetReport:
    """Build the PDF of a week (not a future one) and keep it as handed to the cabinet."""
    period = parse_week(week)
    if period is None:
        raise ValidationError("Indique la semana.", "week")
    check_not_future(period, now)
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise ValidationError(f"Las notas admiten como máximo {MAX_NOTES} caracteres.", "notes")
    data = get_cabinet_data(period, now)
    data.update(notes=notes, generated_at=format_datetime(now),
                generated_by=user.name if user is not None else "Sistema")
    return archive_pdf(build_cabinet_pdf(data), MEMO, period.first, user, now, notes or None)


def archive_pdf(pdf: bytes, kind: str, day: date, user, now: datetime,
                notes: str | None = None) -> CabinetReport:
    """Keep a PDF exactly as handed in, with its SHA-256, filed under the ISO week of ``day``
    (the memo, and the meetings' minutes and follow-ups); flushes."""
    iso = day.isocalendar()
    report = CabinetReport(kind=kind, iso_year=iso[0], iso_week=iso[1], notes=notes,
                           generated_by_id=user.id if user is not None else None,
                           generated_at=now, sha256=hashlib.sha256(pdf).hexdigest(), pdf=pdf)
    db.session.add(report)
    db.session.flush()
    return report


def list_cabinet_reports(limit: int = 100) -> list:
    """The PDFs handed to the cabinet, newest first, without loading their bytes."""
    return list(db.session.execute(
        select(CabinetReport.id, CabinetReport.iso_year, CabinetReport.iso_week,
               CabinetReport.generated_at, CabinetReport.sha256, User.name.label("user"),
               func.length(CabinetReport.pdf).label("size"))
        .outerjoin(User, User.id == CabinetReport.generated_by_id)
        .where(CabinetReport.kind == MEMO)
        .order_by(CabinetReport.generated_at.desc(), CabinetReport.id.desc()).limit(limit)))
