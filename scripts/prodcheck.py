#!/usr/bin/env python3
"""Production-like check: the deploy/ nginx site (TLS, self-signed on the spot) in front of two
gunicorn processes (deploy/gunicorn.conf.py), the machine's PostgreSQL and Redis.

It runs a smoke journey through nginx over HTTPS, checks that the rate limit is per real client
address and shared by both app processes, and fails on any 5xx or if ``nginx -t`` fails. It
creates its own database and Redis key prefix, and stops everything it started by PID.

    make prodcheck        (or: .venv/bin/python scripts/prodcheck.py)

PRODCHECK_PG (server URL without database) and PRODCHECK_REDIS (URL with a db number) point it
elsewhere; PRODCHECK_DB names its database (default prodcheck_<pid>).
"""
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_SERVER = os.environ.get("PRODCHECK_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("PRODCHECK_REDIS", "redis://127.0.0.1:6379/11")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ROLES = ["admin", "secretaria", "recepcion", "obras", "servicios"]  # flask seed-demo's accounts
PASSWORD = "fresnillo2024"
LOOKUP_LIMIT = 10  # PORTAL_LOOKUP_RATE_LIMIT: 10 per minute per address
CLIENT_A, CLIENT_B = "127.0.0.2", "127.0.0.3"  # two visitors: loopback source addresses
SITE_ORIGIN = "https://fresnillo.gob.mx"
SECURITY_HEADERS = ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "Strict-Transport-Security"]


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- HTTP -----------------------------------------------------------------------------------

class Response:
    def __init__(self, raw: http.client.HTTPResponse):
        self.status = raw.status
        self.headers = raw.msg
        self.body = raw.read()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def all(self, name) -> list:
        return self.headers.get_all(name) or []


class Client:
    """One visitor: its own cookies and, optionally, its own source address."""

    log: list = []  # (method, path, status) of every response, for the 5xx check

    def __init__(self, port: int, tls: ssl.SSLContext, source: str | None = None):
        self.port, self.tls, self.source, self.cookies = port, tls, source, {}

    def request(self, method, path, form=None, headers=None) -> Response:
        conn = http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=self.tls, timeout=60,
            source_address=(self.source, 0) if self.source else None)
        head = {"User-Agent": "Mozilla/5.0 (prodcheck)", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            head["Content-Type"] = "application/x-www-form-urlencoded"
            # Flask-WTF over HTTPS wants a same-site Referer, as a browser sends it.
            head.setdefault("Referer", f"https://127.0.0.1:{self.port}{path}")
        try:
            conn.request(method, path, body=body, headers=head)
            response = Response(conn.getresponse())
        finally:
            conn.close()
        for line in response.all("Set-Cookie"):
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value
        Client.log.append((method, path, response.status))
        return response

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, form, **kw):
        return self.request("POST", path, form=form, **kw)

    def submit(self, path, field, values, *, expect=302) -> Response:
        """GET the page, fill the form that has ``field`` and POST it."""
        page = self.get(path)
        check(page.status == 200, f"GET {path}: {page.status}")
        form = form_with(page.text, field)
        form.update(values)
        response = self.post(path, form)
        check(response.status == expect,
              f"POST {path}: {response.status}, se esperaba {expect}\n{response.text[:2000]}")
        return response


def location(response: Response) -> str:
    return urlsplit(response.headers["Location"]).path


class FormParser(HTMLParser):
    """Every form of a page as {name: value}, with each select's chosen (or first) option."""

    def __init__(self):
        super().__init__()
        self.forms, self.options, self._select, self._textarea = [], {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.forms[-1][a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            self.options[self._select] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(a.get("value", ""))
            if "selected" in a or self._select not in self.forms[-1]:
                self.forms[-1][self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.forms[-1][self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][self._textarea] += data


def form_with(html: str, field: str) -> dict:
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if field in form:
            form["__options__"] = parser.options
            return form
    raise CheckFailed(f"no hay formulario con el campo {field}")


def first_choice(form: dict, field: str) -> str:
    choices = [v for v in form.pop("__options__")[field] if v not in ("", "0")]
    check(choices, f"el campo {field} no tiene opciones")
    return choices[0]


# --- The journey ----------------------------------------------------------------------------

def login(client: Client, username: str) -> None:
    response = client.submit("/cuenta/entrar", "username",
                             {"username": username, "password": PASSWORD})
    check(location(response) != "/cuenta/entrar", f"{username} no pudo entrar")
    home = client.get("/")
    check(home.status == 200 and "Cerrar sesión" in home.text, f"{username}: inicio {home.status}")
    for name in SECURITY_HEADERS:  # set once by app/security.py, never again by nginx
        check(len(home.all(name)) == 1, f"{name} aparece {len(home.all(name))} veces")


def create_ticket(desk: Client) -> None:
    page = desk.get("/tickets/nueva")
    form = form_with(page.text, "citizen_phone")
    form.update(category_id=first_choice(form, "category_id"), citizen_name="Prueba Producción",
                citizen_phone="4930000001", description="Luminaria apagada (prueba de producción).")
    response = desk.post("/tickets/nueva", form)
    check(response.status == 302, f"alta de ticket: {response.status}\n{response.text[:2000]}")
    detail = desk.get(location(response))
    check("Solicitud registrada con el folio AC-" in detail.text, "el ticket no se registró")


def file_complaint(citizen: Client) -> None:
    page = citizen.get("/denuncia")
    served = time.monotonic()
    form = form_with(page.text, "form_token")
    form.update(category_id=first_choice(form, "category_id"), address="Calle Morelos 45",
                description="Bache profundo frente al mercado (prueba de producción).",
                colonia="Centro", citizen_name="Lucía Prueba", citizen_phone="4931112233",
                accept_privacy="y", website="")
    time.sleep(max(0.0, 3.2 - (time.monotonic() - served)))  # PORTAL_MIN_FILL_SECONDS
    response = citizen.post("/denuncia", form)
    check(response.status == 302, f"denuncia: {response.status}\n{response.text[:2000]}")
    receipt = citizen.get(location(response)).text
    folio = re.search(r'data-testid="folio">\s*(DW-[\d-]+)', receipt).group(1)
    code = re.search(r'data-testid="lookup-code">\s*(\w+)', receipt).group(1)
    status = citizen.post("/consulta", {"folio": folio, "code": code})
    check(status.status == 200 and f"Folio {folio}" in status.text, "la consulta no encontró el folio")


def hit_counter(visitor: Client) -> None:
    script = visitor.get("/contador.js")
    check(script.status == 200 and "max-age=86400" in script.headers.get("Cache-Control", ""),
          "el script del contador debe poder guardarse en caché")
    pixel = visitor.get("/contador/pixel.gif", headers={"Origin": SITE_ORIGIN})
    check(pixel.status == 200 and pixel.headers.get("X-Counter") == "counted",
          f"el pixel no contó la visita: {pixel.headers.get('X-Counter')}")
    check("no-store" in pixel.headers.get("Cache-Control", "") and not pixel.all("Expires"),
          "el pixel no debe guardarse en caché")


def download_cabinet_pdf(secretary: Client) -> None:
    response = secretary.submit("/estadisticas/gabinete", "week", {"notes": "Prueba de producción"})
    pdf = secretary.get(location(response))
    check(pdf.status == 200 and pdf.body.startswith(b"%PDF"), f"PDF de gabinete: {pdf.status}")


def check_static(visitor: Client) -> None:
    for path in ["/static/app.css", "/bootstrap/static/css/bootstrap.min.css"]:
        response = visitor.get(path)
        check(response.status == 200 and "max-age" in response.headers.get("Cache-Control", ""),
              f"{path}: {response.status} {response.headers.get('Cache-Control')}")
        check("X-Request-ID" not in response.headers, f"{path} no lo sirvió nginx")


def check_rate_limit(ports: dict, tls, prefix: str) -> None:
    """Visitor A exhausts the lookup limit (forging X-Forwarded-For does not help); visitor B is
    still served; both app processes refuse A: the counter is in Redis, per real address."""
    a, b = Client(ports["https"], tls, CLIENT_A), Client(ports["https"], tls, CLIENT_B)
    wrong = {"folio": "DW-2026-999999", "code": "ZZZZZZZZ"}
    for i in range(LOOKUP_LIMIT):
        response = a.post("/consulta", wrong, headers={"X-Forwarded-For": f"198.51.100.{i}"})
        check(response.status == 200, f"consulta {i + 1} de A: {response.status}")
    check(a.post("/consulta", wrong).status == 429, "A pasó el límite de consultas")
    check(b.post("/consulta", wrong).status == 200,
          "B fue limitado por las consultas de A: el límite es por proxy, no por visitante")
    for port in ports["apps"]:  # each process, as nginx would forward A's next request
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", "/consulta", body=urlencode(wrong), headers={
            "X-Forwarded-For": CLIENT_A, "Content-Type": "application/x-www-form-urlencoded"})
        status = conn.getresponse().status
        conn.close()
        check(status == 429, f"el proceso del puerto {port} no comparte el límite ({status})")
    import redis

    keys = list(redis.Redis.from_url(REDIS_URL).scan_iter(f"*{prefix}*"))
    check(keys, "los contadores de los límites no están en Redis")


def check_plain_http(ports: dict) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=30)
    conn.request("GET", "/denuncia")
    response = conn.getresponse()
    conn.close()
    check(response.status == 301 and response.headers["Location"].startswith("https://"),
          f"HTTP no redirige a HTTPS: {response.status}")


def check_body_size(ports: dict, tls) -> None:
    raw = tls.wrap_socket(socket.create_connection(("127.0.0.1", ports["https"]), timeout=30),
                          server_hostname="127.0.0.1")
    raw.sendall(b"POST /denuncia HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                + str(26 * 1024 * 1024).encode() + b"\r\n\r\n")
    status_line = raw.recv(200).split(b"\r\n")[0]
    raw.close()
    check(b" 413 " in status_line, f"nginx aceptó más de 25 MB: {status_line!r}")


def journey(ports: dict, tls, prefix: str) -> None:
    clients = {role: Client(ports["https"], tls) for role in ROLES}
    for role, client in clients.items():
        login(client, role)
    create_ticket(clients["recepcion"])
    visitor = Client(ports["https"], tls)
    file_complaint(visitor)
    hit_counter(visitor)
    check_static(visitor)
    download_cabinet_pdf(clients["secretaria"])
    check_rate_limit(ports, tls, prefix)
    check_plain_http(ports)
    check_body_size(ports, tls)


# --- Processes ------------------------------------------------------------------------------

class Stack:
    """What the check started, stopped by PID in reverse order; the database and the Redis
    keys are removed too."""

    def __init__(self):
        self.procs, self.cleanups = [], []

    def start(self, name, argv, log: Path, **kw) -> subprocess.Popen:
        proc = subprocess.Popen(argv, stdout=log.open("wb"), stderr=subprocess.STDOUT, **kw)
        self.procs.append((name, proc))
        return proc

    def stop(self):
        for name, proc in reversed(self.procs):
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait()
        for cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except Exception as exc:  # cleanup must go on
                print(f"limpieza: {exc}", file=sys.stderr)


def create_database(stack: Stack, name: str) -> str:
    import psycopg

    server = PG_SERVER.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    stack.cleanups.append(drop)
    return f"{PG_SERVER}/{name}"


def reserve_redis_prefix(stack: Stack, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    check(client.ping(), f"Redis no responde en {REDIS_URL}")
    stack.cleanups.append(lambda: [client.delete(k) for k in client.scan_iter(f"*{prefix}*")])


def make_certificate(tmp: Path) -> None:
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(tmp / "privkey.pem"), "-out", str(tmp / "fullchain.pem")],
                   check=True, capture_output=True)


def render_site(tmp: Path, ports: dict) -> None:
    """deploy/nginx with this machine's ports and paths; every replaced text must exist, so a
    changed site file fails here instead of being checked half."""
    import flask_bootstrap

    bootstrap = Path(flask_bootstrap.__file__).parent / "static" / "bootstrap5"
    site = (ROOT / "deploy/nginx/fresnillo.conf").read_text()
    replacements = {
        "server 127.0.0.1:8001 ": f"server 127.0.0.1:{ports['apps'][0]} ",
        "server 127.0.0.1:8002 ": f"server 127.0.0.1:{ports['apps'][1]} ",
        "listen 80;": f"listen 127.0.0.1:{ports['http']};",
        "listen 443 ssl": f"listen 127.0.0.1:{ports['https']} ssl",
        "/etc/ssl/fresnillo/": f"{tmp}/",
        "/srv/fresnillo/app/static/": f"{ROOT}/app/static/",
        "/srv/fresnillo/.venv/lib/python3.11/site-packages/flask_bootstrap/static/bootstrap5/":
            f"{bootstrap}/",
        "/etc/nginx/fresnillo-proxy.conf": f"{tmp}/fresnillo-proxy.conf",
    }
    for old, new in replacements.items():
        check(old in site, f"deploy/nginx/fresnillo.conf ya no tiene «{old}»")
        site = site.replace(old, new)
    (tmp / "fresnillo.conf").write_text(site)
    shutil.copy(ROOT / "deploy/nginx/fresnillo-proxy.conf", tmp / "fresnillo-proxy.conf")
    temp_paths = "\n".join(f"    {kind}_temp_path {tmp}/{kind};"
                           for kind in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
    (tmp / "nginx.conf").write_text(f"""
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format check '$status $upstream_addr "$request"';
    access_log {tmp}/access.log check;
{temp_paths}
    include {tmp}/fresnillo.conf;
}}
""")


def wait_for(url_port: int, tls=None, timeout=40.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn = (http.client.HTTPSConnection("127.0.0.1", url_port, context=tls, timeout=5)
                    if tls else http.client.HTTPConnection("127.0.0.1", url_port, timeout=5))
            conn.request("GET", "/salud")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        check(time.monotonic() < deadline, f"el puerto {url_port} no respondió /salud")
        time.sleep(0.3)


def app_environment(database_url: str, tmp: Path, ports: dict, prefix: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL",)}
    # The same database stands in for the read replica: the statistics take that path.
    env.update(APP_ENV="production", SECRET_KEY=secrets.token_hex(32), DATABASE_URL=database_url,
               DATABASE_REPLICA_URL=database_url,
               REDIS_URL=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix, UPLOAD_DIR=str(tmp / "uploads"),
               PROXY_COUNT="1", PUBLIC_BASE_URL=f"https://127.0.0.1:{ports['https']}",
               COUNTER_ALLOWED_ORIGINS=SITE_ORIGIN, MAIL_SERVER="127.0.0.1", MAIL_PORT="1",
               FLASK_APP="wsgi.py", GUNICORN_WORKERS="1", LOG_LEVEL="WARNING")
    return env


def flask(env, *args) -> None:
    result = subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    check(result.returncode == 0, f"flask {' '.join(args)}:\n{result.stdout}{result.stderr}")


def check_access_log(tmp: Path, ports: dict) -> None:
    lines = (tmp / "access.log").read_text().splitlines()
    errors = [line for line in lines if line.startswith("5")]
    check(not errors, "respuestas 5xx en nginx:\n" + "\n".join(errors))
    for port in ports["apps"]:
        check(any(f"127.0.0.1:{port}" in line for line in lines),
              f"nginx no repartió peticiones al proceso del puerto {port}")


def start_stack(stack: Stack, tmp: Path, env: dict, ports: dict) -> ssl.SSLContext:
    """Two gunicorn processes and nginx in front of them with the deploy/ site; returns the
    TLS context that trusts the certificate made on the spot (bench/benchmark.py uses it too)."""
    for port in ports["apps"]:
        stack.start(f"gunicorn:{port}", [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                                         "-b", f"127.0.0.1:{port}"],
                    tmp / f"gunicorn-{port}.log", cwd=ROOT, env=env)
    make_certificate(tmp)
    render_site(tmp, ports)
    nginx = [NGINX, "-e", str(tmp / "nginx-error.log"), "-c", str(tmp / "nginx.conf")]
    test = subprocess.run(nginx + ["-t"], capture_output=True, text=True)
    check(test.returncode == 0, f"nginx -t falló:\n{test.stderr}")
    stack.start("nginx", nginx + ["-g", "daemon off;"], tmp / "nginx.out")
    tls = ssl.create_default_context(cafile=str(tmp / "fullchain.pem"))
    for port in ports["apps"]:
        wait_for(port)
    wait_for(ports["https"], tls)
    return tls


def new_ports() -> dict:
    return {"https": free_port(), "http": free_port(), "apps": [free_port(), free_port()]}


def run(stack: Stack, tmp: Path) -> None:
    ports = new_ports()
    prefix = f"prodcheck-{os.getpid()}"
    database = create_database(stack, os.environ.get("PRODCHECK_DB", f"prodcheck_{os.getpid()}"))
    reserve_redis_prefix(stack, prefix)
    env = app_environment(database, tmp, ports, prefix)
    flask(env, "db", "upgrade")
    flask(env, "seed-demo")
    tls = start_stack(stack, tmp, env, ports)
    journey(ports, tls, prefix)
    server_errors = [entry for entry in Client.log if entry[2] >= 500]
    check(not server_errors, f"respuestas 5xx: {server_errors}")
    check_access_log(tmp, ports)


def main() -> int:
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="prodcheck-"))
    tmp.chmod(0o755)  # nginx's workers (user nobody when run as root) read and write here
    stack = Stack()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a CI timeout still cleans up
    try:
        run(stack, tmp)
    except CheckFailed as exc:
        print(f"prodcheck FALLÓ: {exc}\nBitácoras en {tmp}", file=sys.stderr)
        for log in sorted(tmp.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-3000:]}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"prodcheck: nginx (TLS) + 2 gunicorn + PostgreSQL + Redis en orden; "
          f"{len(Client.log)} peticiones, ninguna 5xx ({time.monotonic() - started:.0f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
