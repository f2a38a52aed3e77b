"""Benchmark: weekly-report compliance over 3 years for 25 units (prints figures, asserts nothing).

    /work/main/.venv/bin/python bench/reports_compliance.py            # temporary SQLite file
    BENCH_DATABASE_URL=postgresql+psycopg://... python bench/reports_compliance.py  # drops tables!
"""
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.reports import compliance as cm  # noqa: E402
from app.reports import queries  # noqa: E402
from app.reports.models import ReportExcuse, WeeklyReport  # noqa: E402
from app.units.models import Unit  # noqa: E402
from app.units.services import add_period_from_columns  # noqa: E402
from config import TestConfig  # noqa: E402

UNITS, YEARS = 25, 3


def main() -> None:
    tmp = tempfile.mkdtemp()
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.db")
    config = type("BenchConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url,
                                                 "UPLOAD_DIR": tmp})
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        now = datetime(2026, 11, 29, 5, 0, tzinfo=timezone.utc)
        last = cm.week_monday(*cm.current_week(now))
        first = last - timedelta(weeks=52 * YEARS - 1)
        weeks = cm.weeks_of_period(first, last)
        seed(weeks, first)
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        for label, start in (("12 semanas", last - timedelta(weeks=11)),
                             ("1 año", last - timedelta(weeks=51)),
                             (f"{YEARS} años", first)):
            statements.clear()
            runs = []
            for _ in range(5):
                began = time.perf_counter()
                summary = queries.list_unit_compliance(start, last, now)
                runs.append(time.perf_counter() - began)
                db.session.expire_all()
            print(f"{label:>10}: {len(summary.rows)} unidades × {len(summary.weeks)} semanas, "
                  f"mediana {sorted(runs)[2] * 1000:.1f} ms, {len(statements) // 5} consultas, "
                  f"cumplimiento global {summary.overall.mean_score:.4f}")
        db.session.remove()
        db.drop_all()


def seed(weeks, first: date) -> None:
    rng = random.Random(5)
    created = datetime.combine(first, datetime.min.time(), tzinfo=timezone.utc) - timedelta(days=7)
    units = [Unit(name=f"Unidad {i}", code=f"U{i}", active=True, created_at=created)
             for i in range(UNITS)]
    db.session.add_all(units)
    for unit in units:
        add_period_from_columns(unit)
    db.session.flush()
    rule = cm.DeadlineRule()
    for unit in units:
        for year, week in weeks:
            roll, deadline = rng.random(), cm.deadline_for_week(year, week, rule)
            if roll < 0.05:
                db.session.add(ReportExcuse(unit_id=unit.id, iso_year=year, iso_week=week,
                                            reason="Motivo"))
            elif roll < 0.95:
                at = deadline + timedelta(hours=rng.randint(-30, 40))
                db.session.add(WeeklyReport(unit_id=unit.id, iso_year=year, iso_week=week,
                                            deadline_at=deadline, submitted_at=at, updated_at=at,
                                            summary="Resumen"))
    db.session.commit()
    print(f"Sembrados {UNITS} unidades × {len(weeks)} semanas "
          f"({db.session.query(WeeklyReport).count()} informes).")


if __name__ == "__main__":
    main()
