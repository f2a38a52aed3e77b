"""Fill a PostgreSQL benchmark database with N tickets (default 1,000,000), fast.

Usage:
    python bench/generate_tickets.py --tickets 1000000 \
        [--url postgresql://postgres@127.0.0.1:5432/bench_tickets] [--reuse]

The database is created when missing, migrated to the current schema, given the demo
units, catalog and accounts (password fresnillo2024), then its tickets are replaced by N
generated ones (plus citizens and 2-3 history rows each) with INSERT ... SELECT over
generate_series. Indexes are dropped during the load and rebuilt afterwards. With --reuse a
database that already holds exactly N tickets keeps them (it is only migrated). It refuses
the CI database ``test``, the helpers' ``test_*`` databases and ``bench_stats``.
"""
import argparse
import os
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/bench_tickets"
TICKET_TABLES = ("ticket_feedback", "attachments", "ticket_events", "tickets", "citizens",
                 "folio_counters")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--reuse", action="store_true",
                        help="keep the tickets when there are already exactly --tickets")
    args = parser.parse_args()
    database = args.url.rsplit("/", 1)[1]
    if database in ("test", "bench_stats") or database.startswith("test_"):
        sys.exit(f"Refusing to use the database {database!r}: it belongs to someone else.")
    started = time.perf_counter()
    create_database(args.url, database)
    prepare_schema(args.url)
    with psycopg.connect(args.url, autocommit=False) as conn:
        present = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
        if args.reuse and present == args.tickets:
            print(f"{database}: {present:,} tickets already there, reused")
            return
        generate(conn, args.tickets)
    print(f"{args.tickets:,} tickets generated in {time.perf_counter() - started:.1f} s")


def create_database(url: str, database: str) -> None:
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def prepare_schema(url: str) -> None:
    """Migrate and load units, catalog and accounts through the app itself."""
    os.environ["DATABASE_URL"] = url.replace("postgresql://", "postgresql+psycopg://", 1)
    from flask_migrate import upgrade

    from app import create_app
    from app.demo import _seed_accounts, _seed_categories, _seed_settings, _seed_units
    from app.extensions import db
    from app.timeutil import utcnow

    app = create_app()
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        units = _seed_units(utcnow())
        _seed_settings()
        _seed_categories(units)
        _seed_accounts(units)
        db.session.commit()
        db.engine.dispose()


def _indexes(conn, table: str) -> list[tuple[str, str]]:
    return conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)", (table,)).fetchall()


def generate(conn, n: int) -> None:
    conn.execute("SET maintenance_work_mem = '512MB'")
    conn.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
        sql.SQL(", ").join(sql.Identifier(t) for t in TICKET_TABLES)))
    saved = {table: _indexes(conn, table) for table in ("tickets", "ticket_events", "citizens")}
    for rows in saved.values():
        for name, _definition in rows:
            conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    step = time.perf_counter()
    _citizens(conn, max(1, n // 3))
    _tickets(conn, n)
    _events(conn)
    conn.execute("""
        INSERT INTO folio_counters (prefix, year, last_value)
        SELECT split_part(folio, '-', 1), split_part(folio, '-', 2)::int,
               max(split_part(folio, '-', 3)::int)
        FROM tickets GROUP BY 1, 2""")
    print(f"  rows inserted in {time.perf_counter() - step:.1f} s")
    step = time.perf_counter()
    for rows in saved.values():
        for _name, definition in rows:
            conn.execute(definition)
    print(f"  indexes rebuilt in {time.perf_counter() - step:.1f} s")
    conn.commit()
    conn.autocommit = True
    conn.execute("VACUUM ANALYZE tickets")
    conn.execute("VACUUM ANALYZE ticket_events")
    conn.execute("VACUUM ANALYZE citizens")


def _citizens(conn, count: int) -> None:
    conn.execute("""
        INSERT INTO citizens (name, search_name, phone, colonia, localidad, created_at)
        SELECT f.name || ' ' || l.name || ' ' || l2.name,
               lower(f.name || ' ' || l.name || ' ' || l2.name),
               '493' || lpad((g::bigint * 7919 %% 10000000)::text, 7, '0'),
               'Colonia ' || (g %% 120), 'Fresnillo', now() - (g %% 1000) * interval '1 day'
        FROM generate_series(1, %(count)s) AS g
        JOIN (VALUES (0,'Ana'),(1,'Luis'),(2,'Maria'),(3,'Jose'),(4,'Rosa'),(5,'Juan'),
                     (6,'Carmen'),(7,'Pedro'),(8,'Elena'),(9,'Raul')) AS f(i, name) ON f.i = g %% 10
        JOIN (VALUES (0,'Lopez'),(1,'Perez'),(2,'Garcia'),(3,'Ramirez'),(4,'Flores'),(5,'Diaz'),
                     (6,'Torres'),(7,'Ruiz')) AS l(i, name) ON l.i = (g / 10) %% 8
        JOIN (VALUES (0,'Soto'),(1,'Rios'),(2,'Vega'),(3,'Luna'),(4,'Ortiz'),(5,'Mora'))
             AS l2(i, name) ON l2.i = (g / 80) %% 6""", {"count": count})


def _tickets(conn, n: int) -> None:
    """Created over three years, oldest first; 3/4 finished, the rest open."""
    conn.execute("""
        CREATE TEMP TABLE cats AS
        SELECT row_number() OVER (ORDER BY id) - 1 AS i, id, default_unit_id AS unit_id, due_days
        FROM categories""")
    conn.execute("""
        INSERT INTO tickets (folio, channel, kind, category_id, description, address, colonia,
            localidad, citizen_id, unit_id, status, due_date, created_at, channeled_at,
            resolved_at, closed_at, creator_id, lookup_code, version)
        SELECT
            CASE WHEN web THEN 'DW' ELSE 'AC' END || '-' || extract(year FROM created) || '-' ||
                lpad(row_number() OVER (PARTITION BY web, extract(year FROM created)
                                        ORDER BY created, g)::text, 6, '0'),
            CASE WHEN web THEN 'web' ELSE (ARRAY['presencial','telefonica','escrito'])[1 + g %% 3] END,
            (ARRAY['tramite','denuncia','queja','reporte'])[1 + g %% 4],
            cats.id,
            (ARRAY['Luminaria apagada en la esquina', 'Bache profundo frente al domicilio',
                   'Fuga de agua en la banqueta', 'No paso el camion de la basura',
                   'Perros agresivos en el parque', 'Semaforo descompuesto en el crucero',
                   'Drenaje tapado con malos olores', 'Arbol con riesgo de caer',
                   'Puesto ambulante obstruye la banqueta', 'Solicitud de apoyo social'])[1 + g %% 10]
                || ', reporte numero ' || g,
            'Calle ' || (g %% 500) || ' numero ' || (g %% 300), 'Colonia ' || (g %% 120), 'Fresnillo',
            1 + g %% (SELECT count(*) FROM citizens),
            CASE WHEN st IN ('recibida', 'devuelta') THEN NULL ELSE cats.unit_id END,
            st,
            CASE WHEN st IN ('recibida', 'devuelta') THEN NULL
                 ELSE (created + (cats.due_days * 1.4) * interval '1 day')::date END,
            created,
            CASE WHEN st IN ('recibida', 'devuelta') THEN NULL ELSE created + interval '20 minutes' END,
            CASE WHEN st IN ('atendida', 'cerrada') THEN created + (g %% 20) * interval '1 day' END,
            CASE WHEN st IN ('cerrada', 'improcedente', 'duplicada')
                 THEN created + (g %% 25) * interval '1 day' END,
            NULL, upper(substr(md5(g::text), 1, 8)), 1
        FROM (
            SELECT g, created, web,
                   CASE WHEN age_days < 3 AND r < 0.5 THEN 'canalizada'
                        WHEN r < 0.70 THEN 'cerrada' WHEN r < 0.76 THEN 'atendida'
                        WHEN r < 0.79 THEN 'improcedente' WHEN r < 0.80 THEN 'duplicada'
                        WHEN r < 0.89 THEN 'en_proceso' WHEN r < 0.96 THEN 'canalizada'
                        WHEN r < 0.975 THEN 'en_espera' WHEN r < 0.99 THEN 'recibida'
                        ELSE 'devuelta' END AS st
            FROM (
                SELECT g, now() - (1095.0 * (%(n)s - g) / %(n)s) * interval '1 day' AS created,
                       1095.0 * (%(n)s - g) / %(n)s AS age_days,
                       (g * 0.6180339887) - floor(g * 0.6180339887) AS r, g %% 3 = 0 AS web
                FROM generate_series(1, %(n)s) AS g
            ) base
        ) s
        JOIN cats ON cats.i = s.g %% (SELECT count(*) FROM cats)
        ORDER BY created, g""", {"n": n})


def _events(conn) -> None:
    """History rows: created, channeled, and the final change for finished tickets."""
    conn.execute("""
        INSERT INTO ticket_events (ticket_id, actor_label, created_at, type, status_from,
                                   status_to, unit_from_id, unit_to_id, due_date_from,
                                   due_date_to, note, public)
        SELECT id, 'Recepción', created_at, 'created', NULL, 'recibida', NULL::int, NULL::int,
               NULL::date, NULL::date, 'Solicitud recibida.', true FROM tickets
        UNION ALL
        SELECT id, 'Recepción', channeled_at, 'status', 'recibida', 'canalizada', NULL, unit_id,
               NULL, due_date, 'Canalizada.', true FROM tickets WHERE channeled_at IS NOT NULL
        UNION ALL
        SELECT id, 'Unidad', coalesce(closed_at, resolved_at), 'status', 'canalizada', status,
               unit_id, unit_id, due_date, due_date, 'Atendida en sitio.', true
        FROM tickets WHERE coalesce(closed_at, resolved_at) IS NOT NULL""")


if __name__ == "__main__":
    main()
