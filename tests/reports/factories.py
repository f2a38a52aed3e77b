"""Factories of weekly reports, their versions and excuses (rows written directly)."""
import io
import zipfile
from datetime import datetime, timedelta, timezone

from flask import current_app

from app.extensions import db
from app.reports import compliance as cm
from app.reports import files
from app.reports.models import ReportExcuse, WeeklyReport, WeeklyReportVersion

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office_bytes(part: str = "word/document.xml", content_types: bool = True) -> bytes:
    """A minimal OOXML-shaped ZIP (DOCX with word/, XLSX with xl/)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if content_types:
            archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def _stored_pdf() -> str:
    name = f"test{datetime.now().timestamp():.6f}".replace(".", "") + ".pdf"
    path = files.stored_path(current_app.config["UPLOAD_DIR"], name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF_BYTES)
    return name


def make_report(unit, iso_year, iso_week, *, submitted_at=None, with_file=False, **overrides):
    deadline = cm.deadline_for_week(iso_year, iso_week, cm.DeadlineRule())
    submitted_at = submitted_at or deadline - timedelta(hours=1)
    fields = dict(unit_id=unit.id, iso_year=iso_year, iso_week=iso_week, deadline_at=deadline,
                  submitted_at=submitted_at, updated_at=submitted_at,
                  summary=f"Resumen de la semana {iso_week}")
    if with_file:
        fields.update(file_name="informe.pdf", file_stored_name=_stored_pdf(),
                      file_content_type="application/pdf")
    fields.update(overrides)
    report = WeeklyReport(**fields)
    db.session.add(report)
    db.session.commit()
    return report


def make_version(report, *, with_file=False) -> WeeklyReportVersion:
    version = WeeklyReportVersion(report_id=report.id, version=1, submitted_at=report.submitted_at,
                                  summary="Versión anterior")
    if with_file:
        version.file_name, version.file_stored_name = "anterior.pdf", _stored_pdf()
        version.file_content_type = "application/pdf"
    db.session.add(version)
    db.session.commit()
    return version


def make_excuse(unit, iso_year, iso_week, reason="Día inhábil") -> ReportExcuse:
    excuse = ReportExcuse(unit_id=unit.id, iso_year=iso_year, iso_week=iso_week, reason=reason,
                          created_at=datetime.now(timezone.utc))
    db.session.add(excuse)
    db.session.commit()
    return excuse


def make_reporting_unit(**overrides):
    """A unit that has owed reports since 2020 (make_unit's units are created 'now')."""
    from tests.factories import make_unit

    overrides.setdefault("created_at", datetime(2020, 1, 6, 6, tzinfo=timezone.utc))
    return make_unit(**overrides)


def set_deadline(weekday: int, at: str) -> None:
    """Store the global deadline setting directly."""
    from app.settings import REPORT_DEADLINE_TIME, REPORT_DEADLINE_WEEKDAY, set_setting

    set_setting(REPORT_DEADLINE_WEEKDAY, str(weekday))
    set_setting(REPORT_DEADLINE_TIME, at)
    db.session.commit()
