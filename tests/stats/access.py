"""Statistics routes for the access matrix: the Secretaría Técnica only."""
from app.extensions import db
from app.stats.models import CabinetReport
from tests.roles import SECRETARY

ROUTES = {
    "stats.dashboard": ("GET", "/estadisticas/", SECRETARY),
    "stats.export_csv": ("GET", "/estadisticas/csv/unidades", SECRETARY),
    "stats.cabinet_reports": ("GET", "/estadisticas/gabinete", SECRETARY),
    "stats.cabinet_distribution": ("POST", "/estadisticas/gabinete/distribucion", SECRETARY),
    "stats.cabinet_download": ("GET", "/estadisticas/gabinete/{cabinet_report}/informe.pdf",
                               SECRETARY),
}


def make_objects(unit):
    report = CabinetReport(iso_year=2026, iso_week=10, sha256="0" * 64, pdf=b"%PDF-1.4")
    db.session.add(report)
    db.session.commit()
    return {"cabinet_report": report.id}
