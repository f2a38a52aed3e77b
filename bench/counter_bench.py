"""Benchmark of the built-in counter under gunicorn (not a test): prints hits per second.

    .venv/bin/python bench/counter_bench.py [--workers 4] [--requests 6000] [--clients 4]

Creates (if missing) and empties the throwaway PostgreSQL database ``bench_visits`` on
127.0.0.1:5432 (or the SQLAlchemy URL given with --db-url; never the CI database ``test``),
starts gunicorn on a free 127.0.0.1 port, fires a bounded number of pixel requests from a few
client processes, checks that the day's totals match exactly the hits sent, stops gunicorn.
"""
import argparse
import http.client
import os
import socket
import subprocess
import sys
import time
from datetime import date
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = "http://bench.local"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_visits"
VISITORS = 300  # distinct user agents, so distinct daily visitors


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(url: str) -> None:
    """Create the bench database if needed and empty the counter's tables."""
    name = url.rsplit("/", 1)[-1]
    if name in ("test", "") or name.startswith("test_"):
        sys.exit(f"refusing to use database {name!r}: pick a throwaway bench database")
    if url.startswith("postgresql"):
        import psycopg

        admin = url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from app.extensions import db
    from app.settings import Setting
    from app.visits.models import CounterDay, CounterVisitor

    app = create_app()
    with app.app_context():
        db.create_all()
        db.session.query(CounterVisitor).delete()
        db.session.query(CounterDay).delete()
        db.session.query(Setting).filter(Setting.key.like("counter_salt:%")).delete(
            synchronize_session=False)
        db.session.commit()
        db.engine.dispose()


def day_totals(url: str) -> list[tuple[date, int, int]]:
    from app import create_app
    from app.extensions import db
    from app.visits.models import CounterDay

    os.environ["DATABASE_URL"] = url
    app = create_app()
    with app.app_context():
        rows = [(r.day, r.page_views, r.unique_visitors) for r in db.session.query(CounterDay)]
        db.engine.dispose()
    return rows


def start_gunicorn(url: str, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "COUNTER_ALLOWED_ORIGINS": ORIGIN}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(
        [str(gunicorn), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
         "wsgi:app"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/contador.js")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    sys.exit("gunicorn did not start")


def cpu_seconds(pids) -> float:
    """User + system CPU time used so far by these processes (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / tick


def server_pids(server: subprocess.Popen, url: str) -> list[int]:
    """gunicorn's master and workers, and the PostgreSQL backends serving the bench database."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    pids = [server.pid, *map(int, children)]
    if url.startswith("postgresql"):
        import psycopg

        plain = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as conn:
            pids += [r[0] for r in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()")]
    return pids


def fire(args: tuple[int, int, int]) -> tuple[int, int, float]:
    """Send ``count`` pixel requests; returns (counted, errors, CPU seconds of this client)."""
    port, offset, count = args
    cpu_start = time.process_time()
    counted = errors = 0
    for i in range(offset, offset + count):
        headers = {"Referer": f"{ORIGIN}/pagina/{i % 50}",
                   "User-Agent": f"Mozilla/5.0 (X11; Linux x86_64) Firefox/{i % VISITORS}.0"}
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/contador/pixel.gif", headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
            ok = response.status == 200 and response.getheader("X-Counter") == "counted"
            counted, errors = counted + ok, errors + (not ok)
        except OSError:
            errors += 1
    return counted, errors, time.process_time() - cpu_start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", default=DEFAULT_URL)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--clients", type=int, default=4)
    options = parser.parse_args()
    total = min(options.requests, 100_000)
    prepare_database(options.db_url)
    port = free_port()
    server = start_gunicorn(options.db_url, port, options.workers)
    try:
        fire((port, 0, 50))  # warm-up: workers connect to the database
        pids = server_pids(server, options.db_url)
        share = total // options.clients
        jobs = [(port, 50 + k * share, share) for k in range(options.clients)]
        server_cpu = cpu_seconds(pids)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        with Pool(options.clients) as pool:
            results = pool.map(fire, jobs)
        elapsed = time.perf_counter() - started
        server_cpu = cpu_seconds(pids) - server_cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
    sent = share * options.clients
    counted = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    rows = day_totals(options.db_url)
    page_views = sum(r[1] for r in rows)
    uniques = sum(r[2] for r in rows)
    print(f"gunicorn workers: {options.workers}, client processes: {options.clients}, "
          f"database: {options.db_url.split('@')[-1]}")
    print(f"hits sent: {sent} in {elapsed:.2f} s -> {sent / elapsed:.0f} hits/s "
          f"({errors} errors)")
    client_cpu = sum(r[2] for r in results)
    per_hit = (server_cpu + client_cpu) / sent * 1000
    print(f"CPU per hit: {server_cpu / sent * 1000:.2f} ms server (gunicorn + PostgreSQL) + "
          f"{client_cpu / sent * 1000:.2f} ms load generator = {per_hit:.2f} ms; "
          f"on {os.cpu_count()} idle cores that is about {os.cpu_count() * 1000 / per_hit:.0f} hits/s")
    print(f"machine load average at start: {load_before:.1f} (other processes compete for the cores)")
    print(f"stored page views: {page_views} (expected {counted + 50}), "
          f"daily unique visitors: {uniques} (expected {VISITORS} per day)")
    if page_views != counted + 50 or errors:
        sys.exit("MISMATCH: the counter lost or refused hits")


if __name__ == "__main__":
    main()
