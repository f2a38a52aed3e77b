"""Latency of the ticket list and detail pages at 10,000 and 1,000,000 tickets (p50/p95).

Usage:
    python bench/benchmark.py [--sizes 10000 1000000] [--requests 300] [--skip-generate]
        [--url postgresql://postgres@127.0.0.1:5432/bench_tickets] [--behind-nginx]

For each size it fills the benchmark database (bench/generate_tickets.py), serves the app
with gunicorn on 127.0.0.1, logs in as the demo secretary and unit accounts, requests each
page sequentially and prints the figures, then the ratio of the largest size to the
smallest. With --behind-nginx the app runs as in production instead (scripts/prodcheck.py:
two gunicorn processes of one worker each behind nginx with the deploy/ site) and the pages are
requested over HTTPS on one kept-alive connection, as a browser does. Targets (issue #3): p95 under 15 ms at 1,000,000 tickets and no more than 1.5x the
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
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/bench_tickets"
PORT = 5197


class Target:
    """Where the requests go: gunicorn over HTTP (a connection per request) or nginx over
    HTTPS (one kept-alive connection)."""

    def __init__(self, port: int, tls=None):
        self.port, self.tls, self.conn = port, tls, None
        self.origin = f"{'https' if tls else 'http'}://127.0.0.1:{port}"

    def request(self, method, path, headers, body):
        if self.conn is None:
            self.conn = (http.client.HTTPSConnection("127.0.0.1", self.port, context=self.tls,
                                                     timeout=30) if self.tls else
                         http.client.HTTPConnection("127.0.0.1", self.port, timeout=30))
        response = None
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        finally:
            if response is None or not self.tls or response.will_close:
                self.conn.close()
                self.conn = None
        return response, data


TARGET = Target(PORT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--skip-generate", action="store_true",
                        help="measure the database as it is (one size)")
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--behind-nginx", action="store_true",
                        help="two gunicorn processes behind nginx over HTTPS (deploy/)")
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        if not args.skip_generate:
            subprocess.run([PYTHON, str(ROOT / "bench" / "generate_tickets.py"),
                            "--tickets", str(size), "--url", args.url], check=True)
        results[size] = measure(args.url, args.requests, args.behind_nginx)
        print_table(size, results[size], args.behind_nginx)
    if len(results) > 1:
        small, large = min(results), max(results)
        print(f"\nRatio p95 {large:,} / {small:,} tickets:")
        for page in results[large]:
            ratio = results[large][page]["p95"] / results[small][page]["p95"]
            verdict = "ok" if ratio <= 1.5 and results[large][page]["p95"] < 15 else "OVER TARGET"
            print(f"  {page:<34} {ratio:5.2f}x   {verdict}")


def measure(db_url: str, count: int, behind_nginx: bool = False) -> dict:
    with psycopg.connect(db_url) as conn:
        max_id = conn.execute("SELECT max(id) FROM tickets").fetchone()[0]
        unit_ticket = conn.execute(
            "SELECT t.id FROM tickets t JOIN users u ON u.unit_id = t.unit_id "
            "WHERE u.username = 'obras' ORDER BY t.id DESC LIMIT 1").fetchone()[0]
    env = {**os.environ, "DATABASE_URL": db_url.replace("postgresql://", "postgresql+psycopg://", 1),
           "SECRET_KEY": "bench", "REDIS_URL": "memory://"}
    with (_behind_nginx(env) if behind_nginx else _gunicorn(env)):
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


@contextmanager
def _gunicorn(env):
    server = subprocess.Popen(
        [GUNICORN, "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env)
    try:
        yield
    finally:
        server.terminate()
        server.wait(timeout=20)


@contextmanager
def _behind_nginx(env):
    global TARGET
    sys.path.insert(0, str(ROOT / "scripts"))
    import prodcheck

    stack, ports = prodcheck.Stack(), prodcheck.new_ports()
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        os.chmod(tmp, 0o755)  # nginx's workers run as nobody
        try:
            env = {**env, "PROXY_COUNT": "1", "REDIS_URL": "", "GUNICORN_WORKERS": "1"}
            TARGET = Target(ports["https"], prodcheck.start_stack(stack, Path(tmp), env, ports))
            yield
        finally:
            stack.stop()


def _request(method, path, cookie="", body=None, headers=None):
    return TARGET.request(method, path, {"Cookie": cookie, **(headers or {})}, body)


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
                           {"Content-Type": "application/x-www-form-urlencoded",
                            "Referer": f"{TARGET.origin}/cuenta/entrar"})  # CSRF over HTTPS
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


def print_table(size: int, figures: dict, behind_nginx: bool = False) -> None:
    served = ("nginx + TLS, 2 gunicorn -w 1, keep-alive" if behind_nginx else "gunicorn -w 2")
    print(f"\n{size:,} tickets — milliseconds per request ({served}, sequential)")
    print(f"  {'página':<34} {'p50':>7} {'p95':>7} {'máx':>7}")
    for page, row in figures.items():
        print(f"  {page:<34} {row['p50']:7.1f} {row['p95']:7.1f} {row['max']:7.1f}")


if __name__ == "__main__":
    main()
