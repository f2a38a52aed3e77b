"""Weekly-report routes for the access matrix (tests/test_access_matrix.py)."""
from tests.reports.factories import make_excuse, make_report, make_version
from tests.roles import SECRETARY, UNIT

REPORT_READERS = SECRETARY | UNIT  # the unit role's user belongs to the report's unit

ROUTES = {
    "reports.my_reports": ("GET", "/informes/mi-unidad", UNIT),
    "reports.submit": ("GET", "/informes/mi-unidad/{year}/{week}", UNIT),
    "reports.grid": ("GET", "/informes/", SECRETARY),
    "reports.missing": ("GET", "/informes/faltantes", SECRETARY),
    "reports.unit_history": ("GET", "/informes/unidades/{unit}", SECRETARY),
    "reports.excuse": ("GET", "/informes/unidades/{unit}/{year}/{week}/justificar", SECRETARY),
    "reports.remove_excuse": (
        "POST", "/informes/unidades/{unit}/{ex_year}/{ex_week}/quitar-justificacion", SECRETARY),
    "reports.settings": ("GET", "/informes/configuracion", SECRETARY),
    "reports.detail": ("GET", "/informes/{report}", REPORT_READERS),
    "reports.download": ("GET", "/informes/{report}/archivo", REPORT_READERS),
    "reports.version_download": (
        "GET", "/informes/{report}/versiones/{version}/archivo", REPORT_READERS),
}


def make_objects(unit) -> dict:
    from app.reports.compliance import current_week
    from app.timeutil import utcnow

    year, week = current_week(utcnow())
    report = make_report(unit, year, week, with_file=True)
    excuse = make_excuse(unit, 2025, 10)
    return {"report": report.id, "version": make_version(report, with_file=True).id,
            "year": year, "week": week, "ex_year": excuse.iso_year, "ex_week": excuse.iso_week}
