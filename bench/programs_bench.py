"""Time the work programs' progress page and the memo's «Avance de programas de trabajo» with
25 units × 30 actions × 3 years of weekly progress (targets: ≤ 300 ms and ≤ 150 ms), and count
the page's queries.

    .venv/bin/python bench/programs_bench.py [--runs 5]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/DB \
        .venv/bin/python bench/programs_bench.py

Builds its own data in a fresh schema (DROPS every table of that database; a temporary SQLite
file by default).
"""
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import seeded_app, timed  # noqa: E402

UNITS, ACTIONS, YEARS = 25, 30, 3


def _seed(now, today: date) -> None:
    from app.extensions import db
    from app.programs.models import (TERM_FIELDS, ActionProgress, PlanAxis, ProgramAction,
                                     ProgramActionTerms, WorkProgram)
    from app.reports.models import WeeklyReport
    from app.timeutil import local_midnight_utc
    from app.units.models import Unit

    axes = [PlanAxis(code=f"EJE{n}", name=f"Eje {n}", active=True) for n in range(5)]
    units = [Unit(name=f"Unidad {n:02d}", code=f"U{n:02d}", active=True, created_at=now)
             for n in range(UNITS)]
    db.session.add_all(axes + units)
    db.session.flush()
    progress, terms = [], []
    for year in range(today.year - YEARS + 1, today.year + 1):
        approved = local_midnight_utc(date(year, 1, 5))
        for u, unit in enumerate(units):
            program = WorkProgram(unit_id=unit.id, year=year, status="aprobado", version=1,
                                  created_at=approved, approved_at=approved)
            db.session.add(program)
            db.session.flush()
            actions = [ProgramAction(program_id=program.id, key=f"A-{n:02d}", name=f"Acción {n}",
                                     axis_id=axes[n % 5].id, goal=100.0, measure="piezas",
                                     starts_on=date(year, 1, 1), ends_on=date(year, 12, 31),
                                     created_at=approved) for n in range(ACTIONS)]
            db.session.add_all(actions)
            db.session.flush()
            terms += [{"action_id": a.id, "version": 1, "valid_from": approved,
                       **{name: getattr(a, name) for name in TERM_FIELDS}} for a in actions]
            monday = date(year, 1, 1) - timedelta(days=date(year, 1, 1).weekday())
            monday += timedelta(days=7)
            week = 0
            while monday.year == year and monday <= today:
                iso = monday.isocalendar()
                report = WeeklyReport(unit_id=unit.id, iso_year=iso[0], iso_week=iso[1],
                                      deadline_at=approved, submitted_at=approved,
                                      updated_at=approved, summary="Bench", version=1)
                db.session.add(report)
                db.session.flush()
                pace = 0.6 + (u % 5) * 0.1
                progress += [{"report_id": report.id, "version": 1, "action_id": a.id,
                              "week_start": monday, "value": min(100.0, week * 2 * pace)}
                             for a in actions]
                monday += timedelta(days=7)
                week += 1
            if len(progress) > 20000:
                db.session.execute(ActionProgress.__table__.insert(), progress)
                progress = []
    if progress:
        db.session.execute(ActionProgress.__table__.insert(), progress)
    db.session.execute(ProgramActionTerms.__table__.insert(), terms)
    db.session.commit()


def _seed_with_user(now) -> None:
    from app.auth.models import User
    from app.extensions import db
    from app.timeutil import local_today

    _seed(now, local_today(now))
    user = User(username="bench", name="Bench", role="secretary", email="b@example.com")
    user.set_password("bench-password-1", "pbkdf2:sha256:1000")
    db.session.add(user)
    db.session.commit()


def main() -> None:
    with seeded_app(__doc__, "programs-bench", _seed_with_user) as (app, runs, url, now):
        _measure(app, runs, url, now)


def _measure(app, runs, url, now) -> None:
    from sqlalchemy import event, func, select

    from app.extensions import db
    from app.programs.memo import get_memo_programs
    from app.programs.models import ActionProgress
    from app.stats.periods import last_complete_week

    app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    rows = db.session.scalar(select(func.count(ActionProgress.id)))
    print(f"{UNITS} unidades × {ACTIONS} acciones × {YEARS} años: {rows:,} avances "
          f"semanales ({url.split('://')[0]}).")
    client = app.test_client()
    client.post("/cuenta/entrar", data={"username": "bench", "password": "bench-password-1"})

    def page():
        assert client.get("/programas/avance").status_code == 200

    timed("Página «Avance de programas»", page, runs, 300)
    week = last_complete_week(now)
    timed("Avance de programas (informe de gabinete)",
          lambda: get_memo_programs(week, now), runs, 150)
    statements = []
    listener = lambda *a: statements.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    page()
    event.remove(db.engine, "before_cursor_execute", listener)
    print(f"Consultas de la página: {len(statements)} (las mismas con cualquier número "
          "de acciones)")


if __name__ == "__main__":
    main()
