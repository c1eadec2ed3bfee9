"""Shared tools for benchmarks: a fresh database, timing and percentiles."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup_django(name: str) -> None:
    """Point Django at a fresh benchmark database and migrate it."""
    sys.path.insert(0, str(ROOT))
    url = os.environ.get("BENCH_DATABASE_URL")
    if url is None:
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / f"{name}.sqlite3"
        if not keep_data():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pontes.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if url.startswith(("postgres", "postgresql")) and not keep_data():
        call_command("flush", interactive=False, verbosity=0)


def keep_data() -> bool:
    """BENCH_KEEP_DATA=1 measures again on the data a previous run generated."""
    return os.environ.get("BENCH_KEEP_DATA") == "1"


def measure(operation: Callable[[], object], *, repeat: int, warmup: int = 20) -> list[float]:
    """Seconds taken by each call, after a warm-up."""
    for _ in range(warmup):
        operation()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        operation()
        timings.append(time.perf_counter() - start)
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def report(label: str, timings: list[float], *, baseline: list[float] | None = None) -> None:
    p50, p95, p99 = (percentile(timings, f) * 1000 for f in (0.50, 0.95, 0.99))
    throughput = len(timings) / sum(timings)
    line = f"{label:<44} p50 {p50:7.3f} ms  p95 {p95:7.3f} ms  p99 {p99:7.3f} ms  {throughput:9.0f}/s"
    if baseline:
        ratio = statistics.median(timings) / statistics.median(baseline)
        line += f"  {ratio:5.1f}x the raw query"
    print(line, flush=True)


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class WsgiClient:
    """Requests through Django's own WSGI handler, as a server process calls it (request signals,
    every middleware, persistent connections as configured), without the test client's
    instrumentation (template and signal capture, cookie jar) or a network in between."""

    def __init__(self) -> None:
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()

    def get(self, path: str, params: dict[str, str] | None = None) -> tuple[int, bytes]:
        import io
        from urllib.parse import urlencode

        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": urlencode(params or {}),
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        status: list[str] = []

        def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status.append(line)
            return None

        result = self.handler(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # sends request_finished, as a server does
        return int(status[0].split()[0]), body
