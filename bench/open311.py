"""Latency and query count of the Open311 reads at the size of a benchmark database.

Usage:
    python bench/open311.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/bench_open311]
        [--requests 50]

Fill the database first (python bench/generate_tickets.py --tickets 1000000 --url ...).
Runs the app in-process (Flask test client, rate limits off) against that database and
prints p50/p95 in milliseconds and the SQL statements per request for the service list,
the default request list (last 90 days, 1,000 rows), filtered lists and one request.
Not part of the test suite; it only reads.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from config import Config  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_open311"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    config = type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": args.url,
                                             "RATELIMIT_ENABLED": False})
    app = create_app(config)
    with app.app_context():
        total = db.session.scalar(text("SELECT count(*) FROM tickets"))
        folio = db.session.scalar(text(
            "SELECT folio FROM tickets JOIN categories ON categories.id = category_id "
            "WHERE channel IN ('web', 'api') AND public ORDER BY tickets.id DESC LIMIT 1"))
        code = db.session.scalar(text("SELECT code FROM categories WHERE public LIMIT 1"))
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    print(f"{total:,} tickets in {args.url.rsplit('/', 1)[1]}")
    client = app.test_client()
    paths = {
        "services.json": "/open311/v2/services.json",
        "requests.json (90 días)": "/open311/v2/requests.json",
        "requests.xml (90 días)": "/open311/v2/requests.xml",
        "requests.json status=open": "/open311/v2/requests.json?status=open",
        f"requests.json service_code={code}": f"/open311/v2/requests.json?service_code={code}",
        "requests/{folio}.json": f"/open311/v2/requests/{folio}.json",
    }
    print(f"{'recurso':40} {'p50 ms':>8} {'p95 ms':>8} {'filas':>6} {'consultas':>9}")
    for label, path in paths.items():
        timings = []
        for _ in range(args.requests):
            statements.clear()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        rows = (response.data.count(b"<request>") or response.data.count(b'"service_request_id"')
                or response.data.count(b'"service_code"'))
        p95 = statistics.quantiles(timings, n=20)[18]
        print(f"{label:40} {statistics.median(timings):8.1f} {p95:8.1f} {rows:6d} "
              f"{len(statements):9d}")


if __name__ == "__main__":
    main()
