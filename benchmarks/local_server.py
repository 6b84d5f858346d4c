"""What the web benchmarks share: a store of the built-in case, a server of it on 127.0.0.1,
and the percentiles they print. One copy, so both measure the same server the same way.

Imported by `web_load.py` and `web_abuse.py`, which run as scripts from this folder.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"  # never anything else: the load stays on this machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def prepare_store(folder: Path, case: str) -> str:
    """A fresh SQLite store in FOLDER holding the built-in CASE; its URL."""
    from emigre.cases import load_builtin
    from emigre.store import open_store, repo

    url = f"sqlite:///{folder / 'emigre.sqlite'}"
    store = open_store(url)
    with store.session() as s:
        repo.load_bundle(s, load_builtin(case))
    store.dispose()
    return url


def start_server(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`python -c CODE ARGS...` in its own process, so its CPU can be read apart from ours."""
    return subprocess.Popen([sys.executable, "-c", code, *args], env={**os.environ, **(env or {})})


def cpu_seconds(pid: int) -> float:
    """User plus system CPU of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    """The q-th percentile; NaN below two values rather than a made-up figure."""
    if len(values) < 2:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def wait_up(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def wait_estimate(port: int, case: str, timeout: float = 600) -> str:
    """Wait (bounded) for the case's estimate, so endpoints are measured in use, not computing.

    Returns "ready", the server's note when it has none, or how long it waited.
    """
    deadline = time.monotonic() + timeout
    url = f"http://{HOST}:{port}/api/estimates?case={case}"
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url, timeout=300) as r:
            body = json.loads(r.read())
        if body.get("available"):
            return "ready"
        if "being computed" not in (body.get("note") or ""):
            return body.get("note") or "unavailable"
        time.sleep(2)
    return f"still being computed after {timeout:.0f} s"


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(10)
