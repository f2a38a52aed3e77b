"""The benchmark scripts' pure helpers (bench/timing.py, bench/benchmark.py): the free port,
the percentiles and the ratio verdict that replaced an absolute-milliseconds verdict."""
import importlib.util
import math
import socket
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(BENCH))  # benchmark.py imports timing.py as its scripts do
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


timing = _load("timing")
benchmark = _load("benchmark")


def test_a_free_port_can_be_bound_at_once():
    port = timing.free_port()
    assert 1024 <= port <= 65535
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


@pytest.mark.parametrize("numerator, denominator, expected", [
    (15.0, 10.0, (1.5, timing.OK)),  # at the target is still within it
    (15.1, 10.0, (1.51, timing.OVER)),
    (3.0, 10.0, (0.3, timing.OK)),  # faster at the larger size
])
def test_the_verdict_is_the_ratio_against_its_target(numerator, denominator, expected):
    ratio, verdict = timing.ratio_verdict(numerator, denominator, 1.5)
    assert (round(ratio, 2), verdict) == expected


def test_a_ratio_over_nothing_is_over_target():
    assert timing.ratio_verdict(5.0, 0.0, 1.5) == (math.inf, timing.OVER)


def test_percentiles_are_nearest_rank():
    samples = list(range(100, 0, -1))  # unsorted: 100 .. 1
    assert timing.percentile(samples, 0.95) == 95
    assert timing.percentile([7.0], 0.95) == 7.0
    assert timing.summary([1.0, 2.0, 3.0, 40.0]) == {"p50": 2.5, "p95": 40.0, "max": 40.0}


@pytest.mark.parametrize("typed, sizes", [
    (["2000,20000"], [2000, 20000]),
    (["1000000", "10000"], [10000, 1000000]),
    (["10000,", "10000"], [10000]),
])
def test_sizes_are_read_by_commas_or_spaces(typed, sizes):
    assert benchmark.parse_sizes(typed) == sizes


@pytest.mark.parametrize("typed", [["0"], [","]])
def test_no_positive_size_is_refused(typed):
    with pytest.raises(SystemExit):
        benchmark.parse_sizes(typed)
