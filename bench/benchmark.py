"""Latency of the ticket list and detail pages at 10,000 and 1,000,000 tickets (p50/p95).

Usage:
    python bench/benchmark.py [--sizes 10000 1000000] [--requests 300] [--skip-generate]
        [--url postgresql://postgres@127.0.0.1:5432/bench_tickets]

For each size it fills the benchmark database (bench/generate_tickets.py), serves the app
with gunicorn on 127.0.0.1, logs in as the demo secretary and unit accounts, requests each
page sequentially and prints the figures, then the ratio of the largest size to the
smallest. Targets (issue #3): p95 under 15 ms at 1,000,000 tickets and no more than 1.5x the
10,000-ticket figure. Not part of the test suite; every request goes to 127.0.0.1 only.
"""
import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/bench_tickets"
PORT = 5197


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--skip-generate", action="store_true",
                        help="measure the database as it is (one size)")
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        if not args.skip_generate:
            subprocess.run([PYTHON, str(ROOT / "bench" / "generate_tickets.py"),
                            "--tickets", str(size), "--url", args.url], check=True)
        results[size] = measure(args.url, args.requests)
        print_table(size, results[size])
    if len(results) > 1:
        small, large = min(results), max(results)
        print(f"\nRatio p95 {large:,} / {small:,} tickets:")
        for page in results[large]:
            ratio = results[large][page]["p95"] / results[small][page]["p95"]
            verdict = "ok" if ratio <= 1.5 and results[large][page]["p95"] < 15 else "OVER TARGET"
            print(f"  {page:<34} {ratio:5.2f}x   {verdict}")


def measure(db_url: str, count: int) -> dict:
    with psycopg.connect(db_url) as conn:
        max_id = conn.execute("SELECT max(id) FROM tickets").fetchone()[0]
        unit_ticket = conn.execute(
            "SELECT t.id FROM tickets t JOIN users u ON u.unit_id = t.unit_id "
            "WHERE u.username = 'obras' ORDER BY t.id DESC LIMIT 1").fetchone()[0]
    env = {**os.environ, "DATABASE_URL": db_url.replace("postgresql://", "postgresql+psycopg://", 1),
           "SECRET_KEY": "bench", "REDIS_URL": "memory://"}
    server = subprocess.Popen(
        [GUNICORN, "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env)
    try:
        _wait_until_up()
        secretary, unit = _login("secretaria"), _login("obras")
        rng = random.Random(7)
        pages = {
            "lista (primera página)": (secretary, lambda: "/tickets/"),
            "lista filtrada (estado+unidad)": (secretary, lambda: "/tickets/?status=en_proceso&unit_id=3"),
            "lista filtrada (estado+canal)": (secretary, lambda: "/tickets/?status=duplicada&channel=telefonica"),
            "lista filtrada (categoría+tipo)": (secretary, lambda: "/tickets/?category_id=5&kind=queja"),
            "lista por fecha límite": (secretary, lambda: "/tickets/?sort=vencimiento"),
            "lista de vencidos": (secretary, lambda: "/tickets/?overdue=y&sort=vencimiento"),
            "lista de un mes": (secretary, lambda: "/tickets/?date_from=2025-03-01&date_to=2025-03-31"),
            "lista página 100": (secretary, lambda: "/tickets/?page=100"),
            # The statistics dashboard's links (app/stats/links.py).
            "lista: canalizadas de un mes": (secretary, lambda: "/tickets/?date_field=canalizacion&date_from=2025-03-01&date_to=2025-03-31"),
            "lista: concluidas de un mes": (secretary, lambda: "/tickets/?date_field=conclusion&date_from=2025-03-01&date_to=2025-03-31&unit_id=3"),
            "lista: rezago al cierre": (secretary, lambda: "/tickets/?backlog_on=2025-03-31"),
            "lista: rezago de una unidad": (secretary, lambda: "/tickets/?backlog_on=2025-03-31&unit_id=3"),
            "lista: ciudadanos de un mes": (secretary, lambda: "/tickets/?channel_group=atencion&per_citizen=y&date_from=2025-03-01&date_to=2025-03-31"),
            "lista: sin canalizar": (secretary, lambda: "/tickets/?unit_id=0"),
            "lista búsqueda por folio": (secretary, lambda: "/tickets/?q=AC-2025-000123"),
            "lista búsqueda sin prefijo": (secretary, lambda: "/tickets/?q=2025-000123"),
            "lista búsqueda por ciudadano": (secretary, lambda: "/tickets/?q=luis+lopez"),
            "lista búsqueda de palabra": (secretary, lambda: "/tickets/?q=bache"),
            "denuncias web por canalizar": (secretary, lambda: "/tickets/denuncias-web"),
            "detalle (ticket al azar)": (secretary, lambda: f"/tickets/{rng.randint(1, max_id)}"),
            "bandeja de unidad": (unit, lambda: "/tickets/bandeja"),
            "bandeja de unidad, cerrados": (unit, lambda: "/tickets/bandeja?tab=cerrados"),
            "detalle (unidad)": (unit, lambda: f"/tickets/{unit_ticket}"),
        }
        return {name: _time_page(cookie, make_path, count) for name, (cookie, make_path) in pages.items()}
    finally:
        server.terminate()
        server.wait(timeout=20)


def _request(method, path, cookie="", body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    all_headers = {"Cookie": cookie, **(headers or {})}
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def _wait_until_up() -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            _request("GET", "/cuenta/entrar")
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def _login(username: str) -> str:
    response, data = _request("GET", "/cuenta/entrar")
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', data)
    token = token or re.search(rb'name="csrf_token" value="([^"]+)"', data)
    body = urllib.parse.urlencode({"csrf_token": token.group(1).decode(), "username": username,
                                   "password": "fresnillo2024"})
    response, _ = _request("POST", "/cuenta/entrar", cookie, body,
                           {"Content-Type": "application/x-www-form-urlencoded"})
    if response.status != 302:
        raise SystemExit(f"login as {username} failed ({response.status})")
    return response.getheader("Set-Cookie", "").split(";")[0]


def _time_page(cookie: str, make_path, count: int) -> dict:
    for _ in range(20):  # warm-up: connections, caches, compiled statements
        _request("GET", make_path(), cookie)
    timings = []
    for _ in range(count):
        path = make_path()
        start = time.perf_counter()
        response, _ = _request("GET", path, cookie)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
    timings.sort()
    return {"p50": statistics.median(timings), "p95": timings[int(len(timings) * 0.95) - 1],
            "max": timings[-1]}


def print_table(size: int, figures: dict) -> None:
    print(f"\n{size:,} tickets — milliseconds per request (gunicorn -w 2, sequential)")
    print(f"  {'página':<34} {'p50':>7} {'p95':>7} {'máx':>7}")
    for page, row in figures.items():
        print(f"  {page:<34} {row['p50']:7.1f} {row['p95']:7.1f} {row['max']:7.1f}")


if __name__ == "__main__":
    main()
