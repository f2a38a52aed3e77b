"""Time the places reads: the per-colonia × category figures of a year at 1,000,000 tickets
(target ≤ 300 ms) and the colonia typeahead over 1,500 colonias (target ≤ 50 ms).

    .venv/bin/python bench/places_bench.py [--tickets 1000000] [--runs 5]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/DB \
        .venv/bin/python bench/places_bench.py

Builds its own data in a fresh schema (DROPS every table of that database; a temporary SQLite
file by default): 1,500 colonias, 20 categories and the tickets spread over a year, inserted
by one INSERT … SELECT in the database. Prints the median and the slowest run after a warm-up.
"""
import argparse
import os
import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import timed  # noqa: E402

COLONIAS = 1500
CATEGORIES = 20
START = datetime(2025, 1, 1, 6, tzinfo=timezone.utc)
SECONDS_IN_YEAR = 365 * 24 * 3600


def _seed(tickets: int) -> None:
    from sqlalchemy import insert, text

    from app.extensions import db
    from app.colonias.models import Colonia
    from app.colonias.sepomex import name_key
    from app.units.models import Category, Unit

    unit = Unit(name="Unidad", code="U1", active=True, created_at=START)
    db.session.add(unit)
    db.session.flush()
    db.session.add_all(Category(code=f"c{n}", name=f"Categoría {n:02d}", due_days=5,
                                default_unit_id=unit.id, public=True, active=True)
                       for n in range(CATEGORIES))
    words = ["San", "Santa", "Lomas", "Jardines", "Real", "Villas", "Las", "Los", "Del"]
    db.session.execute(insert(Colonia), [
        {"name": f"{words[n % len(words)]} Colonia {n}", "kind": "Colonia",
         "postal_code": f"{99000 + n % 100:05d}", "search_name":
             name_key(f"{words[n % len(words)]} Colonia {n}"), "source": "sepomex",
         "active": True, "created_at": START} for n in range(COLONIAS)])
    db.session.commit()
    series = ("SELECT generate_series(1, :n) AS i" if db.engine.dialect.name == "postgresql"
              else "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s "
                   "WHERE i < :n) SELECT i FROM s")
    created = ("CAST(:start AS timestamptz) + (i % :year) * interval '1 second'"
               if db.engine.dialect.name == "postgresql"
               else "datetime(:start, '+' || (i % :year) || ' seconds')")
    db.session.execute(text(f"""
        INSERT INTO tickets (folio, channel, kind, category_id, description, colonia,
                             colonia_id, status, created_at, lookup_code, version)
        SELECT 'B-' || i, CASE WHEN i % 3 = 0 THEN 'web' ELSE 'presencial' END, 'reporte',
               1 + i % {CATEGORIES}, 'x', 'Colonia', CASE WHEN i % 10 = 0 THEN NULL
               ELSE 1 + (i * 7) % {COLONIAS} END, 'recibida', {created}, 'ABCDEFGH', 1
        FROM ({series}) AS s"""), {"n": tickets, "start": START.isoformat(),
                                   "year": SECONDS_IN_YEAR})
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE tickets"))
            conn.execute(text("VACUUM ANALYZE colonias"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{tempfile.mkdtemp()}/places_bench.db")
    os.environ["TEST_DATABASE_URL"] = url
    from app import create_app
    from app.extensions import db
    from app.colonias import catalogue
    from app.places import queries
    from app.stats.periods import Period
    from config import TestConfig

    config = type("BenchConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url,
                                                 "UPLOAD_DIR": tempfile.mkdtemp()})
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        print(f"Generando {args.tickets:,} tickets y {COLONIAS:,} colonias en "
              f"{db.engine.dialect.name}…")
        _seed(args.tickets)
        year = Period(date(2025, 1, 1), date(2025, 12, 31))
        rows = queries.get_colonia_figures(year)
        print(f"  {len(rows):,} filas colonia × categoría; {sum(r[5] for r in rows):,} tickets")
        timed("Cifras por colonia y categoría (un año)",
              lambda: queries.get_colonia_figures(year), args.runs, 300)
        timed("Sugerencias de colonia («san»)", lambda: catalogue.suggest_colonias("san"),
              args.runs, 50)
        timed("Sugerencias de colonia («colonia 14»)",
              lambda: catalogue.suggest_colonias("colonia 14"), args.runs, 50)
        db.session.remove()
        db.drop_all()


if __name__ == "__main__":
    main()
