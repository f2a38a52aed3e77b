"""Time the statistics dashboard and the weekly cabinet PDF on the benchmark database.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_stats \
        .venv/bin/python bench/stats_bench.py [--runs 5]

Prints the median and the slowest of several runs (after one warm-up) for: the dashboard page
(a full request as the secretary: queries, tables, SVG charts, template), the dashboard with a
unit filter, a 12-month range, and the cabinet PDF (figures + reportlab) of the current and of
the previous week. Targets: dashboard < 300 ms, PDF < 1 s.
"""
import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        sys.exit("Set BENCH_DATABASE_URL to the benchmark PostgreSQL database.")
    os.environ["DATABASE_URL"] = url
    from sqlalchemy import func, select

    from app import create_app
    from app.extensions import db
    from app.stats.cabinet import get_cabinet_data
    from app.stats.pdf import build_cabinet_pdf
    from app.stats.periods import current_week
    from app.tickets.models import Ticket
    from app.timeutil import format_datetime, utcnow
    from app.units.models import Unit

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        tickets = db.session.scalar(select(func.count(Ticket.id)))
        unit_id = db.session.scalar(select(Unit.id).where(Unit.code == "OBRAS")) or 1
    print(f"Base: {tickets:,} tickets".replace(",", " "))
    client = app.test_client()
    response = client.post("/cuenta/entrar",
                           data={"username": "secretaria", "password": "fresnillo2024"})
    assert response.status_code == 302, "log in as the demo secretary failed"

    def page(url):
        def run():
            assert client.get(url).status_code == 200
        return run

    today = utcnow().date()
    timed("Tablero, semana actual", page("/estadisticas/"), args.runs, 300)
    timed("Tablero, semana actual, una unidad", page(f"/estadisticas/?unidad={unit_id}"),
           args.runs, 300)
    timed("Tablero, últimos 12 meses",
           page(f"/estadisticas/?desde={today.replace(year=today.year - 1)}&hasta={today}"),
           args.runs, 1000)

    def pdf(period_of):
        def run():
            with app.app_context():
                now = utcnow()
                data = get_cabinet_data(period_of(now), now)
                data.update(notes="Prueba de rendimiento.", generated_at=format_datetime(now),
                            generated_by="Benchmark")
                assert build_cabinet_pdf(data).startswith(b"%PDF")
        return run

    timed("PDF de gabinete, semana actual", pdf(current_week), args.runs, 1000)
    timed("PDF de gabinete, semana anterior", pdf(lambda now: current_week(now).previous()),
           args.runs, 1000)


if __name__ == "__main__":
    main()
