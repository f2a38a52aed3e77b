"""Latency of the ticket pages at two sizes (10,000 and 1,000,000 tickets), judged by ratios.

Usage:
    python bench/benchmark.py [--sizes 10000,1000000] [--requests 300] [--regenerate]
        [--url-base postgresql://postgres@127.0.0.1:5432/bench] [--behind-nginx]

Each size has its own database, ``<url-base>_<size>`` (bench_10000, bench_1000000): made by
bench/generate_tickets.py when missing or holding another number of tickets, otherwise reused
(only migrated to the current schema); --regenerate makes it again. A server per size
(gunicorn -w 2, each on a free port) and a bare Flask route (bench/bare_app.py, the
framework's floor) run at once, and each page is requested at every size and on the bare
route in turn, request after request, so a load spike on the machine falls on all alike.

The verdict is ratios, never absolute milliseconds (a loaded machine slows every side alike):
- largest / smallest size, p95, per page: target at most 1.5;
- page / bare route, p50, per page and size: printed, the app's own cost;
- each text search / the plain list's first page, p50, per size: target at most 1.5.
Then the resident memory (RSS) of every gunicorn worker after the requests, per size.

With --behind-nginx each size runs as in production instead (scripts/prodcheck.py: two
gunicorn processes of one worker each behind nginx with the deploy/ site, HTTPS on one
kept-alive connection, as a browser does); the bare route stays on plain gunicorn. Not part
of the test suite; every request goes to 127.0.0.1 only.
"""
import argparse
import http.client
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from timing import OK, free_port, ratio_verdict, summary  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
DEFAULT_URL_BASE = "postgresql://postgres@127.0.0.1:5432/bench"
SIZE_TARGET = 1.5      # largest / smallest size, p95
SEARCH_TARGET = 1.5    # a text search / the plain list, p50
WARM_UP = 20
BARE = "ruta mínima"
PLAIN_LIST = "lista (primera página)"
SEARCHES = ("lista búsqueda por ciudadano", "lista búsqueda por apellido",
            "lista búsqueda por teléfono", "lista búsqueda de palabra (bache)")


def main() -> None:
    args = _arguments()
    databases = {size: prepare_database(args.url_base, size, args.regenerate)
                 for size in args.sizes}
    with ExitStack() as stack:
        sites = {_label(size): stack.enter_context(_app_site(url, args.behind_nginx))
                 for size, url in databases.items()}
        sites[BARE] = stack.enter_context(_bare_site())
        results = measure(sites, list(sites[_label(args.sizes[0])].pages), args.requests)
        memory = {label: site.worker_memory() for label, site in sites.items()}
        served = {label: site.requests for label, site in sites.items()}
    print_report(results, [_label(size) for size in args.sizes], args, memory, served)


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["10000,1000000"],
                        help="ticket counts, by commas or spaces (e.g. 2000,20000)")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    parser.add_argument("--regenerate", action="store_true",
                        help="generate every database again, even with the right count")
    parser.add_argument("--url-base", default=os.environ.get("BENCH_URL_BASE", DEFAULT_URL_BASE),
                        help="each size's database is this URL with _<size> appended")
    parser.add_argument("--behind-nginx", action="store_true",
                        help="each size: two gunicorn processes behind nginx over HTTPS")
    args = parser.parse_args()
    args.sizes = parse_sizes(args.sizes)
    return args


def parse_sizes(values: list[str]) -> list[int]:
    """``["2000,20000"]`` or ``["2000", "20000"]`` → ``[2000, 20000]``, ascending, no repeats."""
    sizes = {int(part) for value in values for part in value.split(",") if part.strip()}
    if not sizes or min(sizes) < 1:
        raise SystemExit("--sizes: one or more positive ticket counts")
    return sorted(sizes)


def _label(size: int) -> str:
    return f"{size:,}"


def prepare_database(url_base: str, size: int, regenerate: bool) -> str:
    """The URL of the size's database, generated or reused (bench/generate_tickets.py)."""
    url = f"{url_base}_{size}"
    command = [PYTHON, str(ROOT / "bench" / "generate_tickets.py"), "--tickets", str(size),
               "--url", url]
    subprocess.run(command if regenerate else command + ["--reuse"], check=True)
    return url


class Target:
    """Where a site's requests go: gunicorn over HTTP (a connection per request) or nginx over
    HTTPS (one kept-alive connection)."""

    def __init__(self, port: int, tls=None):
        self.port, self.tls, self.conn = port, tls, None
        self.origin = f"{'https' if tls else 'http'}://127.0.0.1:{port}"

    def request(self, method, path, headers, body=None):
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


class Site:
    """One server under test: its target, its gunicorn masters, and the pages to ask it for
    (``{name: (cookie, make_path)}``; the bare site answers every page name with ``/``)."""

    def __init__(self, target: Target, masters: list[int], pages: dict | None = None):
        self.target, self.masters, self.pages, self.requests = target, masters, pages, 0

    def get(self, page: str) -> float:
        """Milliseconds to answer the page once (it must answer 200)."""
        cookie, make_path = self.pages[page] if self.pages else ("", lambda: "/")
        path = make_path()
        started = time.perf_counter()
        response, _ = self.request("GET", path, cookie)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise SystemExit(f"{self.target.origin}{path} answered {response.status}")
        return elapsed

    def request(self, method, path, cookie="", body=None, headers=None):
        self.requests += 1
        return self.target.request(method, path, {"Cookie": cookie, **(headers or {})}, body)

    def worker_memory(self) -> list[float]:
        """RSS in MB of each gunicorn worker (the masters' children)."""
        return [_rss_mb(pid) for master in self.masters for pid in _children(master)]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _app_environment(db_url: str) -> dict:
    return {**os.environ, "SECRET_KEY": "bench", "REDIS_URL": "memory://",
            "DATABASE_URL": db_url.replace("postgresql://", "postgresql+psycopg://", 1)}


@contextmanager
def _gunicorn(app: str, env: dict, cwd: Path):
    port = free_port()
    server = subprocess.Popen([GUNICORN, "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", app], cwd=cwd, env=env)
    try:
        target = Target(port)
        _wait_until_up(target, server)
        yield target, [server.pid]
    finally:
        server.terminate()
        server.wait(timeout=20)


@contextmanager
def _behind_nginx(env: dict):
    sys.path.insert(0, str(ROOT / "scripts"))
    import prodcheck

    stack, ports = prodcheck.Stack(), prodcheck.new_ports()
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        os.chmod(tmp, 0o755)  # nginx's workers run as nobody
        try:
            env = {**env, "PROXY_COUNT": "1", "REDIS_URL": "", "GUNICORN_WORKERS": "1"}
            target = Target(ports["https"], prodcheck.start_stack(stack, Path(tmp), env, ports))
            masters = [proc.pid for name, proc in stack.procs if name.startswith("gunicorn")]
            yield target, masters
        finally:
            stack.stop()


@contextmanager
def _app_site(db_url: str, behind_nginx: bool):
    env = _app_environment(db_url)
    server = _behind_nginx(env) if behind_nginx else _gunicorn("wsgi:app", env, ROOT)
    with server as (target, masters):
        site = Site(target, masters)
        site.pages = pages_for(site, _sample_data(db_url))
        yield site


@contextmanager
def _bare_site():
    with _gunicorn("bare_app:app", dict(os.environ), ROOT / "bench") as (target, masters):
        yield Site(target, masters)


def _wait_until_up(target: Target, server: subprocess.Popen) -> None:
    deadline = time.time() + 30
    while time.time() < deadline and server.poll() is None:
        try:
            target.request("GET", "/", {})
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def _sample_data(db_url: str) -> dict:
    """Ids and search terms taken from the size's own data, by the same rule at every size."""
    with psycopg.connect(db_url) as conn:
        def one(sql):
            return conn.execute(sql).fetchone()[0]

        return {
            "max_id": one("SELECT max(id) FROM tickets"),
            "unit_ticket": one("SELECT t.id FROM tickets t JOIN users u ON u.unit_id = t.unit_id "
                               "WHERE u.username = 'obras' ORDER BY t.id DESC LIMIT 1"),
            # A second surname (not the name's first word) and five digits inside a phone.
            "surname": one("SELECT split_part(name, ' ', 3) FROM citizens ORDER BY id LIMIT 1"),
            "phone": one("SELECT substr(phone, 5, 5) FROM citizens "
                         "WHERE id >= (SELECT max(id) / 2 FROM citizens) ORDER BY id LIMIT 1"),
        }


def pages_for(site: Site, data: dict) -> dict:
    """The pages measured: ``{name: (cookie, make_path)}``."""
    secretary, unit = _login(site, "secretaria"), _login(site, "obras")
    rng = random.Random(7)
    month = "date_from=2025-03-01&date_to=2025-03-31"
    paths = {
        PLAIN_LIST: "/tickets/",
        "lista filtrada (estado+unidad)": "/tickets/?status=en_proceso&unit_id=3",
        "lista filtrada (estado+canal)": "/tickets/?status=duplicada&channel=telefonica",
        "lista filtrada (categoría+tipo)": "/tickets/?category_id=5&kind=queja",
        "lista por fecha límite": "/tickets/?sort=vencimiento",
        "lista de vencidos": "/tickets/?overdue=y&sort=vencimiento",
        "lista de un mes": f"/tickets/?{month}",
        "lista página 100": "/tickets/?page=100",
        # The statistics dashboard's links (app/stats/links.py).
        "lista: canalizadas de un mes": f"/tickets/?date_field=canalizacion&{month}",
        "lista: concluidas de un mes": f"/tickets/?date_field=conclusion&{month}&unit_id=3",
        "lista: rezago al cierre": "/tickets/?backlog_on=2025-03-31",
        "lista: rezago de una unidad": "/tickets/?backlog_on=2025-03-31&unit_id=3",
        "lista: ciudadanos de un mes": f"/tickets/?channel_group=atencion&per_citizen=y&{month}",
        "lista: sin canalizar": "/tickets/?unit_id=0",
        "lista búsqueda por folio": "/tickets/?q=AC-2025-000123",
        "lista búsqueda sin prefijo": "/tickets/?q=2025-000123",
        "lista búsqueda por ciudadano": "/tickets/?q=luis+lopez",
        "lista búsqueda por apellido": f"/tickets/?q={urllib.parse.quote(data['surname'])}",
        "lista búsqueda por teléfono": f"/tickets/?q={data['phone']}",
        "lista búsqueda de palabra (bache)": "/tickets/?q=bache",
        "denuncias web por canalizar": "/tickets/denuncias-web",
    }
    pages = {name: (secretary, lambda path=path: path) for name, path in paths.items()}
    pages["detalle (ticket al azar)"] = (secretary,
                                         lambda: f"/tickets/{rng.randint(1, data['max_id'])}")
    pages["bandeja de unidad"] = (unit, lambda: "/tickets/bandeja")
    pages["bandeja de unidad, cerrados"] = (unit, lambda: "/tickets/bandeja?tab=cerrados")
    pages["detalle (unidad)"] = (unit, lambda: f"/tickets/{data['unit_ticket']}")
    return pages


def _login(site: Site, username: str) -> str:
    response, data = site.request("GET", "/cuenta/entrar")
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', data)
    token = token or re.search(rb'name="csrf_token" value="([^"]+)"', data)
    body = urllib.parse.urlencode({"csrf_token": token.group(1).decode(), "username": username,
                                   "password": "fresnillo2024"})
    response, _ = site.request("POST", "/cuenta/entrar", cookie, body,
                               {"Content-Type": "application/x-www-form-urlencoded",
                                "Referer": f"{site.target.origin}/cuenta/entrar"})
    if response.status != 302:
        raise SystemExit(f"login as {username} failed ({response.status})")
    return response.getheader("Set-Cookie", "").split(";")[0]


def measure(sites: dict, page_names: list[str], count: int) -> dict:
    """``{page: {site label: summary}}``: for each page, ``count`` rounds of one request to
    every site in turn (after a warm-up: connections, caches, prepared statements)."""
    results = {}
    for page in page_names:
        for _ in range(WARM_UP):
            for site in sites.values():
                site.get(page)
        samples = {label: [] for label in sites}
        for _ in range(count):
            for label, site in sites.items():
                samples[label].append(site.get(page))
        results[page] = {label: summary(values) for label, values in samples.items()}
        print(f"  medida: {page}", file=sys.stderr)
    return results


def print_report(results: dict, sizes: list[str], args, memory: dict, served: dict) -> None:
    served_by = "nginx + TLS, 2 gunicorn -w 1, keep-alive" if args.behind_nginx else "gunicorn -w 2"
    print(f"\nMilisegundos por petición ({served_by}; {args.requests} por página, alternando "
          f"{' / '.join(sizes)} tickets / {BARE})")
    header = "".join(f" {size + ' p50':>14} {'p95':>7}" for size in sizes)
    print(f"  {'página':<36}{header} {BARE + ' p50':>16}")
    for page, row in results.items():
        cells = "".join(f" {row[size]['p50']:14.1f} {row[size]['p95']:7.1f}" for size in sizes)
        print(f"  {page:<36}{cells} {row[BARE]['p50']:16.1f}")
    over = _print_ratios(results, sizes)
    print(f"\nMemoria por worker (RSS) tras {args.requests} peticiones por página:")
    for label in [*sizes, BARE]:
        figures = ", ".join(f"{mb:.0f} MB" for mb in memory[label]) or "sin datos"
        print(f"  {label:<16} {figures}   ({served[label]:,} peticiones al servidor)")
    print(f"\nVeredicto: {over} razones sobre el objetivo." if over else
          "\nVeredicto: todas las razones dentro del objetivo.")


def _print_ratios(results: dict, sizes: list[str]) -> int:
    """Print the ratio tables; returns how many ratios are over their target."""
    small, large = sizes[0], sizes[-1]
    over = 0
    print(f"\nRazones (el veredicto): {large}/{small} p95 ≤ {SIZE_TARGET}x; página/{BARE} p50")
    for page, row in results.items():
        size_cell = ""
        if len(sizes) > 1:
            ratio, verdict = ratio_verdict(row[large]["p95"], row[small]["p95"], SIZE_TARGET)
            over += verdict != OK
            size_cell = f"{ratio:6.2f}x {verdict:<18}"
        bare = "  ".join(f"{row[size]['p50'] / row[BARE]['p50']:6.1f}x" for size in sizes)
        print(f"  {page:<36} {size_cell} {bare}")
    print(f"\nBúsquedas de texto / «{PLAIN_LIST}», p50 (objetivo ≤ {SEARCH_TARGET}x):")
    for page in SEARCHES:
        cells = []
        for size in sizes:
            ratio, verdict = ratio_verdict(results[page][size]["p50"],
                                           results[PLAIN_LIST][size]["p50"], SEARCH_TARGET)
            over += verdict != OK
            cells.append(f"{size}: {ratio:5.2f}x {verdict}")
        print(f"  {page:<36} {'   '.join(cells)}")
    return over


if __name__ == "__main__":
    main()
