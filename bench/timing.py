"""The benchmark scripts' one way to time an action: a warm-up, then the median and the
slowest of several runs against a target, printed on one line."""
import statistics
import time


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
