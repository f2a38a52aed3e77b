"""Time the statistics dashboard and the cabinet memo for a week, a month, a quarter and a year,
with the SQL queries each one runs.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_stats \
        .venv/bin/python bench/stats_bench.py [--runs 5] \
        [--compare-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_stats_10000]

The ranges are the last complete ISO week, calendar month and quarter, and the last 12
complete months. Each is measured as a user meets it, so the figures survive any change of the
dashboard's internals: the dashboard is a full request as the demo secretary through the Flask
test client (``/estadisticas/?desde=..&hasta=..``: queries, tables, SVG charts, template); the
memo is its data and its PDF (``get_cabinet_data`` and ``build_cabinet_pdf``, what
``generate_cabinet_report`` hands to the cabinet, without archiving it). Every statement any
engine sends is counted (a ``before_cursor_execute`` listener) and printed beside the median
and the slowest of the runs (after one warm-up); for the dashboard, so are those of its
statistics (``get_dashboard``), the ones the 10-query target is for: the rest are the
session and the sections other features add (agreements, colonias, programs).

With --compare-url (the same data at 10,000 tickets) each range is also measured there, run
for run in turn, and the ratio of medians is printed against its target (at most 1.5).
Targets (issue #22): dashboard at most 300 ms and 10 queries per range; memo of a week under
1 s, of longer ranges under 2 s.
"""
import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import OK, OVER, ratio_verdict  # noqa: E402

DASHBOARD_MS, DASHBOARD_QUERIES = 300, 10
SIZE_TARGET = 1.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare-url", help="the same benchmark at a smaller size")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        sys.exit("Set BENCH_DATABASE_URL to the benchmark PostgreSQL database.")
    benches = [Bench(url)] + ([Bench(args.compare_url)] if args.compare_url else [])
    for bench in benches:
        print(f"Base {bench.name}: {bench.tickets:,} tickets")
    today = benches[0].today()
    for label, first, last in ranges(today):
        _report(f"Tablero, {label}", [(b, b.dashboard(first, last)) for b in benches],
                args.runs, DASHBOARD_MS, DASHBOARD_QUERIES)
    unit = benches[0].unit_id
    first, last = ranges(today)[0][1:]
    _report("Tablero, semana, una unidad",
            [(b, b.dashboard(first, last, f"&unidad={unit}")) for b in benches], args.runs,
            DASHBOARD_MS, DASHBOARD_QUERIES)
    for label, first, last in ranges(today):
        _report(f"Memo PDF, {label}", [(b, b.memo(first, last)) for b in benches], args.runs,
                1000 if label.startswith("semana") else 2000)


def ranges(today: date) -> list[tuple[str, date, date]]:
    """(label, first day, last day) of the last complete week, month, quarter and 12 months."""
    monday = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    quarter_start = month_start.replace(month=3 * ((month_start.month - 1) // 3) + 1)
    previous_quarter = (quarter_start - timedelta(days=1)).replace(day=1)
    previous_quarter = previous_quarter.replace(month=3 * ((previous_quarter.month - 1) // 3) + 1)
    year_start = month_start.replace(year=month_start.year - 1)
    return [
        ("semana", monday - timedelta(days=7), monday - timedelta(days=1)),
        ("mes", last_month_end.replace(day=1), last_month_end),
        ("trimestre", previous_quarter, quarter_start - timedelta(days=1)),
        ("12 meses", year_start, last_month_end),
    ]


class Bench:
    """One benchmark database: its app, a test client logged in as the secretary, and the
    number of SQL statements sent since the last reset."""

    def __init__(self, url: str):
        from sqlalchemy import event, func, select

        from app import create_app
        from app.tickets.models import Ticket
        from app.units.models import Unit
        from config import Config

        self.name = url.rsplit("/", 1)[-1]
        config = type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url,
                                                 "WTF_CSRF_ENABLED": False})
        self.app = create_app(config)
        self.queries = self.figure_queries = 0
        self._in_figures = False
        self._count_figures()
        with self.app.app_context():
            self.tickets = self._scalar(select(func.count(Ticket.id)))
            self.unit_id = self._scalar(select(Unit.id).where(Unit.code == "OBRAS")) or 1
            engine = self._engine()
        event.listen(engine, "before_cursor_execute", self._count)
        self.client = self.app.test_client()
        response = self.client.post("/cuenta/entrar", data={"username": "secretaria",
                                                            "password": "fresnillo2024"})
        assert response.status_code == 302, f"log in as the demo secretary failed ({self.name})"

    @staticmethod
    def _scalar(stmt):
        from app.extensions import db
        return db.session.scalar(stmt)

    @staticmethod
    def _engine():
        from app.extensions import db
        return db.engine

    def _count(self, *_args) -> None:
        self.queries += 1
        self.figure_queries += self._in_figures

    def _count_figures(self) -> None:
        """Tell apart the statements of the statistics (``get_dashboard``) from the rest of
        the page (the session, the sections other features add)."""
        from app.stats import queries

        original = queries.get_dashboard

        def counted(*args, **kwargs):
            self._in_figures = True
            try:
                return original(*args, **kwargs)
            finally:
                self._in_figures = False
        queries.get_dashboard = counted

    def today(self) -> date:
        from app.timeutil import local_today
        return local_today()

    def dashboard(self, first: date, last: date, extra: str = ""):
        def run():
            url = f"/estadisticas/?desde={first}&hasta={last}{extra}"
            assert self.client.get(url).status_code == 200, url
        return run

    def memo(self, first: date, last: date):
        from app.stats.cabinet import get_cabinet_data
        from app.stats.pdf import build_cabinet_pdf
        from app.stats.periods import resolve_range
        from app.timeutil import format_datetime, utcnow

        def run():
            with self.app.app_context():
                now = utcnow()
                data = get_cabinet_data(resolve_range(first, last, now), now)
                data.update(notes="Prueba de rendimiento.", generated_at=format_datetime(now),
                            generated_by="Benchmark")
                assert build_cabinet_pdf(data).startswith(b"%PDF")
        return run


def _report(label: str, actions: list, runs: int, target_ms: float,
            max_queries: int | None = None) -> None:
    """Time each ``(bench, action)`` in turn, run after run; print the first bench's median,
    slowest and query count against the targets, then the ratio to the compared bench."""
    for _bench, action in actions:
        action()  # warm-up: connections, fonts, plans
    samples = [[] for _ in actions]
    queries = [(0, 0) for _ in actions]
    for _ in range(runs):
        for i, (bench, action) in enumerate(actions):
            before = (bench.queries, bench.figure_queries)
            started = time.perf_counter()
            action()
            samples[i].append((time.perf_counter() - started) * 1000)
            queries[i] = (bench.queries - before[0], bench.figure_queries - before[1])
    median = statistics.median(samples[0])
    verdicts = [OK if median <= target_ms else OVER]
    line = (f"{label:<30} mediana {median:7.1f} ms  máx {max(samples[0]):7.1f} ms  "
            f"(≤ {target_ms:.0f})  consultas {queries[0][0]:3d}")
    if max_queries is not None:
        line += f", de estadística {queries[0][1]:2d} (≤ {max_queries})"
        verdicts.append(OK if queries[0][1] <= max_queries else OVER)
    if len(actions) > 1:
        ratio, verdict = ratio_verdict(median, statistics.median(samples[1]), SIZE_TARGET)
        line += f"  contra la base chica {ratio:4.2f}x (≤ {SIZE_TARGET})"
        verdicts.append(verdict)
    print(f"{line}  {OK if all(v == OK for v in verdicts) else OVER}")


if __name__ == "__main__":
    main()
