"""The benchmark scripts' shared helpers: the app on a fresh, seeded schema; one way to time
an action (a warm-up, then the median and the slowest of several runs against a target,
printed on one line), percentiles, the ratio verdict and a free port."""
import argparse
import math
import os
import socket
import statistics
import tempfile
import time
from contextlib import contextmanager

OK, OVER = "ok", "SOBRE EL OBJETIVO"


@contextmanager
def seeded_app(doc: str, prefix: str, seed):
    """Parse ``--runs``, point the app at ``BENCH_DATABASE_URL`` (or a temporary SQLite file),
    build a fresh schema (DROPS every table) and call ``seed(now)`` inside the app context;
    yields ``(app, runs, url, now)`` and drops the tables afterwards."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    url = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{tempfile.mkdtemp(prefix=f'{prefix}-')}/bench.db")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("UPLOAD_DIR", tempfile.mkdtemp(prefix=f"{prefix}-up-"))
    from app import create_app
    from app.extensions import db
    from app.timeutil import utcnow

    app = create_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        now = utcnow()
        seed(now)
        yield app, runs, url, now
        db.drop_all()


def timed(label: str, action, runs: int, target_ms: float) -> None:
    action()  # warm-up: connections, fonts, plans
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    median = statistics.median(samples)
    verdict = "OK" if median <= target_ms else "LENTO"
    print(f"{label:<52} mediana {median:7.1f} ms   máx {max(samples):7.1f} ms   "
          f"objetivo ≤ {target_ms:.0f} ms  {verdict}")


def percentile(samples, fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` 0.95 for p95) of a non-empty sample."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(samples) -> dict:
    """p50, p95 and the slowest of a sample of milliseconds."""
    return {"p50": statistics.median(samples), "p95": percentile(samples, 0.95),
            "max": max(samples)}


def ratio_verdict(numerator: float, denominator: float, target: float) -> tuple[float, str]:
    """``(numerator / denominator, "ok" or the over-target flag)``: a ratio, never an absolute
    time, is the verdict, so a loaded machine slows both sides alike."""
    ratio = numerator / denominator if denominator > 0 else math.inf
    return ratio, OK if ratio <= target else OVER


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on now: bind port 0, read the one the system gave, let it go."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
