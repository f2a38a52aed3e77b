"""Fill a PostgreSQL database with 1,000,000 tickets and 3 years of weekly reports.

Usage (never point it at the test or production database; it refuses a non-empty tickets
table unless --force):

    createdb -h 127.0.0.1 -U postgres bench_stats
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_stats \
        .venv/bin/python bench/stats_data.py [--tickets 1000000]

The schema comes from the migrations; units, catalog, accounts and visits from the demo seed;
the tickets, citizens and reports are generated inside PostgreSQL (generate_series), so the
whole load takes a minute or two. Ticket timestamps spread over the last three years with the
same rules the statistics read: finished tickets have resolved_at/closed_at, open ones are
recent, about one in ten open tickets is overdue. Every unit's activity period starts 4 years
ago, so the 3 years of weekly reports are all owed; the script prints the reports owed per
year as the check.
"""
import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

TICKETS_SQL = """
INSERT INTO citizens (name, search_name, phone, colonia, localidad, created_at)
SELECT 'Ciudadano ' || g, 'ciudadano ' || g, '493' || lpad(g::text, 7, '0'),
       (ARRAY['Centro','Las Américas','Plateros','Lomas de la Fortuna','Emiliano Zapata',
              'Industrial','Obrera','Francisco Villa'])[1 + g % 8], 'Fresnillo', now()
FROM generate_series(1, :citizens) g;

WITH cats AS (
    SELECT array_agg(id ORDER BY id) AS ids, array_agg(default_unit_id ORDER BY id) AS units,
           array_agg(due_days ORDER BY id) AS due FROM categories
), people AS (SELECT array_agg(id) AS ids, count(*) AS n FROM citizens),
raw AS (
    SELECT g, random() AS r_age, random() AS r_ch, random() AS r_fin,
           1 + floor(random() * (SELECT array_length(ids, 1) FROM cats))::int AS c
    FROM generate_series(1, :tickets) g
), shaped AS (
    SELECT g, c, r_ch, now() - (r_age * interval '1095 days') AS created,
           CASE WHEN r_age * 1095 < 1 AND r_fin < 0.5 THEN 'recibida'
                WHEN r_fin < least(0.97, 0.3 + r_age * 1095 / 60) THEN
                     CASE WHEN g % 20 = 0 THEN 'improcedente'
                          WHEN r_age * 1095 > 20 THEN 'cerrada' ELSE 'atendida' END
                WHEN g % 7 = 0 THEN 'en_espera' WHEN g % 2 = 0 THEN 'en_proceso'
                ELSE 'canalizada' END AS status
    FROM raw
)
INSERT INTO tickets (folio, channel, kind, category_id, description, colonia, localidad,
                     citizen_id, unit_id, status, due_date, created_at, channeled_at,
                     resolved_at, closed_at, lookup_code, version)
SELECT 'B-' || lpad(g::text, 8, '0'),
       CASE WHEN r_ch < 0.30 THEN 'web' WHEN r_ch < 0.35 THEN 'api'
            WHEN r_ch < 0.75 THEN 'presencial' WHEN r_ch < 0.92 THEN 'telefonica'
            ELSE 'escrito' END,
       CASE WHEN r_ch < 0.35 THEN 'denuncia'
            ELSE (ARRAY['tramite','queja','reporte','denuncia'])[1 + g % 4] END,
       cats.ids[c], 'Solicitud generada para la prueba de rendimiento.',
       (ARRAY['Centro','Las Américas','Plateros','Lomas de la Fortuna','Emiliano Zapata',
              'Industrial','Obrera','Francisco Villa','Esparza','Hidalgo'])[1 + g % 10],
       'Fresnillo',
       CASE WHEN r_ch >= 0.35 OR g % 3 = 0
            THEN people.ids[1 + (g::bigint * 7919) % people.n] END,
       CASE WHEN status <> 'recibida' THEN cats.units[c] END,
       status,
       CASE WHEN status <> 'recibida' THEN (created + (cats.due[c] + 4) * interval '1 day')::date END,
       created,
       CASE WHEN status <> 'recibida' THEN created + interval '30 minutes' END,
       CASE WHEN status IN ('atendida', 'cerrada')
            THEN created + (1 + g % 17) * interval '20 hours' END,
       CASE WHEN status = 'cerrada' THEN created + (1 + g % 17) * interval '20 hours'
                                                 + interval '3 days'
            WHEN status = 'improcedente' THEN created + interval '5 days' END,
       substr(md5(g::text), 1, 16), 1
FROM shaped, cats, people;
"""

# The status history the statistics read for past periods (app/stats/queries.py ``_Then``).
EVENTS_SQL = """
INSERT INTO ticket_events (ticket_id, actor_label, created_at, type, status_from, status_to,
                           unit_from_id, unit_to_id, due_date_from, due_date_to, public)
SELECT id, 'Recepción', created_at, 'created', NULL, 'recibida', NULL::int, NULL::int,
       NULL::date, NULL::date, true
FROM tickets WHERE folio LIKE 'B-%'
UNION ALL
SELECT id, 'Recepción', channeled_at, 'status', 'recibida', 'canalizada', NULL, unit_id, NULL,
       due_date, true FROM tickets WHERE folio LIKE 'B-%' AND channeled_at IS NOT NULL
UNION ALL
SELECT id, 'Unidad', channeled_at + interval '1 hour', 'status', 'canalizada', status, unit_id,
       unit_id, due_date, due_date, true
FROM tickets WHERE folio LIKE 'B-%' AND status IN ('en_proceso', 'en_espera')
UNION ALL
SELECT id, 'Unidad', resolved_at, 'status', 'canalizada', 'atendida', unit_id, unit_id,
       due_date, due_date, true FROM tickets WHERE folio LIKE 'B-%' AND resolved_at IS NOT NULL
UNION ALL
SELECT id, 'Sistema', closed_at, 'status',
       CASE WHEN resolved_at IS NULL THEN 'canalizada' ELSE 'atendida' END, status, unit_id,
       unit_id, due_date, due_date, true
FROM tickets WHERE folio LIKE 'B-%' AND closed_at IS NOT NULL;
"""

REPORTS_SQL = """
INSERT INTO weekly_reports (unit_id, iso_year, iso_week, deadline_at, submitted_at, updated_at,
                            summary, version)
SELECT u.id, extract(isoyear FROM w.monday)::int, extract(week FROM w.monday)::int,
       w.deadline, w.deadline + CASE WHEN random() < 0.15 THEN interval '20 hours'
                                     ELSE - interval '10 hours' END,
       w.deadline, 'Informe generado para la prueba de rendimiento.', 1
FROM units u,
     (SELECT d::date AS monday,
             ((d::date + 4) + time '15:00') AT TIME ZONE 'America/Mexico_City' AS deadline
      FROM generate_series(date_trunc('week', now() AT TIME ZONE 'America/Mexico_City')
                           - interval '156 weeks',
                           date_trunc('week', now() AT TIME ZONE 'America/Mexico_City')
                           - interval '1 week', interval '1 week') d) w
WHERE random() > 0.07
ON CONFLICT (unit_id, iso_year, iso_week) DO NOTHING;
UPDATE units SET created_at = now() - interval '4 years';
UPDATE unit_activity_periods SET started_at = now() - interval '4 years'
WHERE started_at > now() - interval '4 years';
INSERT INTO unit_activity_periods (unit_id, started_at)
SELECT id, now() - interval '4 years' FROM units u
WHERE NOT EXISTS (SELECT 1 FROM unit_activity_periods p WHERE p.unit_id = u.id);
"""
# The weeks a unit owes come from its activity periods (app/reports/compliance.py), not from
# units.created_at: every unit gets one from 4 years ago, so each of the 3 years is owed.


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--citizens", type=int, default=200_000)
    parser.add_argument("--force", action="store_true", help="add rows to a non-empty database")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgresql") or url.rstrip("/").endswith("/test"):
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database made for the benchmark.")
    os.environ["DATABASE_URL"] = url
    from flask_migrate import upgrade

    from app import create_app
    from app.demo import seed_demo
    from app.extensions import db
    from app.timeutil import utcnow

    app = create_app()
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        if db.session.execute(text("SELECT count(*) FROM tickets WHERE folio LIKE 'B-%'")).scalar() \
                and not args.force:
            sys.exit("The database already has benchmark tickets (use --force to add more).")
        started = time.perf_counter()
        seed_demo(utcnow())
        db.session.commit()
        for statement in TICKETS_SQL.split(";\n"):
            if statement.strip():
                db.session.execute(text(statement),
                                   {"tickets": args.tickets, "citizens": args.citizens})
        db.session.execute(text(EVENTS_SQL))
        for statement in REPORTS_SQL.split(";\n"):
            if statement.strip():
                db.session.execute(text(statement))
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        counts = {table: db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                  for table in ("tickets", "citizens", "weekly_reports")}
        print(f"Datos cargados en {time.perf_counter() - started:.0f} s: {counts}")
        print_owed_weeks()


def print_owed_weeks(years: int = 3) -> None:
    """The reports owed in each of the last years, by the compliance rules themselves: the same
    figure every year when the activity periods cover them all."""
    from datetime import timedelta

    from app.reports import compliance
    from app.units.queries import list_activity_periods
    from app.timeutil import utcnow

    periods = list_activity_periods()
    monday = compliance.week_monday(*compliance.current_week(utcnow()))
    owed = []
    for year in range(years):
        weeks = [compliance.week_of(monday - timedelta(weeks=year * 52 + back))
                 for back in range(1, 53)]
        owed.append(sum(compliance.unit_owes_week(unit_periods, *week)
                        for unit_periods in periods.values() for week in weeks))
    print("Informes debidos por año, del más reciente al más antiguo (52 semanas cada uno): "
          + ", ".join(f"{count:,}" for count in owed))


if __name__ == "__main__":
    main()
