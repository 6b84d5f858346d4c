"""Bounded load on the dashboard's API, on 127.0.0.1 only.

Starts `emigre serve` in its own process over a fresh SQLite store holding the built-in case
(or --db), then runs CLIENTS concurrent keep-alive clients for SECONDS on each endpoint and
prints requests per second, p50/p95/p99 latency and the error count. Target: p95 under 50 ms
for the claims list of the built-in case, with zero errors.

    python benchmarks/web_load.py [--clients 50] [--seconds 20] [--no-cache] [--client httpx]

By default the server keeps rendered responses until the store changes (what a dashboard does
in use); --no-cache measures every request reaching the store. The default client is a
minimal HTTP/1.1 client on asyncio streams, so that the measurement is of the server and not
of client overhead; --client httpx uses httpx2's AsyncClient instead.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"  # never anything else: the load stays on this machine
SERVER = """
import sys, uvicorn
from emigre.web import WebConfig, create_app
app = create_app(WebConfig(db_url=sys.argv[1], cache=sys.argv[2] == "1", warm=True))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[3]), log_level="error",
            access_log=False, http="httptools", loop="uvloop")
"""


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def prepare_store(folder: Path, case: str) -> str:
    from emigre.cases import load_builtin
    from emigre.store import open_store, repo

    url = f"sqlite:///{folder / 'emigre.sqlite'}"
    store = open_store(url)
    with store.session() as s:
        repo.load_bundle(s, load_builtin(case))
    store.dispose()
    return url


async def raw_client(port: int, path: str, until: float, out: Result) -> None:
    """One keep-alive connection sending GETs back to back and timing each answer."""
    reader, writer = await asyncio.open_connection(HOST, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode()
    try:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            body = await reader.readexactly(length)
            out.latencies.append(time.perf_counter() - t0)
            if status != 200 or not body:
                out.errors += 1
                out.first_error = out.first_error or f"HTTP {status}"
    except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
        out.errors += 1
        out.first_error = out.first_error or repr(exc)
    finally:
        writer.close()


async def httpx_client(port: int, path: str, until: float, out: Result, client) -> None:
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        try:
            r = await client.get(f"http://{HOST}:{port}{path}")
            out.latencies.append(time.perf_counter() - t0)
            if r.status_code != 200:
                out.errors += 1
                out.first_error = out.first_error or f"HTTP {r.status_code}"
        except Exception as exc:  # counted, not hidden
            out.errors += 1
            out.first_error = out.first_error or repr(exc)


async def load(port: int, path: str, clients: int, seconds: float, kind: str) -> Result:
    out = Result()
    until = time.perf_counter() + seconds
    if kind == "raw":
        await asyncio.gather(*(raw_client(port, path, until, out) for _ in range(clients)))
    else:
        import httpx2 as httpx

        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(limits=limits, timeout=30) as client:
            await asyncio.gather(
                *(httpx_client(port, path, until, out, client) for _ in range(clients))
            )
    return out


def pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def wait_up(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
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


def wait_estimate(port: int, case: str, timeout: float = 600) -> None:
    """Measure the estimates endpoint once the server has its estimate, not while computing."""
    import json
    import urllib.request

    deadline = time.monotonic() + timeout
    url = f"http://{HOST}:{port}/api/estimates?case={case}"
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url, timeout=30) as r:
            body = json.loads(r.read())
        if body.get("available") or "being computed" not in (body.get("note") or ""):
            print("estimate:", "ready" if body.get("available") else body.get("note"))
            return
        time.sleep(2)
    print("estimate: still being computed; its endpoint is measured answering with a note")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--case", default="russia-2022")
    ap.add_argument("--db", help="use this store instead of a fresh one with the case")
    ap.add_argument("--no-cache", action="store_true", help="every request reads the store")
    ap.add_argument("--client", choices=["raw", "httpx"], default="raw")
    args = ap.parse_args()
    if args.clients < 1 or args.clients > 500 or not 0 < args.seconds <= 120:
        ap.error("keep the load bounded: 1-500 clients, at most 120 seconds")

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or prepare_store(Path(tmp), args.case)
        port = free_port()
        env = {**os.environ, "EMIGRE_TOKEN": ""}
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, url, "0" if args.no_cache else "1", str(port)],
            env=env,
        )
        try:
            wait_up(port, proc)
            wait_estimate(port, args.case)
            endpoints = [
                ("claims list", f"/api/claims?case={args.case}"),
                ("claims, filtered", f"/api/claims?case={args.case}&destination=GEO&sort=-end"),
                ("estimates", f"/api/estimates?case={args.case}"),
                ("timeline data", f"/api/cases/{args.case}/timeline"),
            ]
            print(
                f"{args.clients} clients x {args.seconds:g} s per endpoint on {HOST}:{port}, "
                f"{'no cache' if args.no_cache else 'response cache on'}, {args.client} client"
            )
            print(
                f"{'endpoint':<18} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
                f" {'requests':>9} {'errors':>7}"
            )
            verdict = True
            for name, path in endpoints:
                asyncio.run(load(port, path, 5, 1.0, args.client))  # warm up
                res = asyncio.run(load(port, path, args.clients, args.seconds, args.client))
                n = len(res.latencies)
                p95 = pct(res.latencies, 95) * 1000
                print(
                    f"{name:<18} {n / args.seconds:8.0f} {pct(res.latencies, 50) * 1000:8.1f} "
                    f"{p95:8.1f} {pct(res.latencies, 99) * 1000:8.1f} {n:9d} {res.errors:7d}"
                    + (f"  first error: {res.first_error}" if res.errors else "")
                )
                if name == "claims list":
                    verdict = p95 < 50 and res.errors == 0
            print(f"target (claims list p95 < 50 ms, no errors): {'met' if verdict else 'MISSED'}")
        finally:
            proc.terminate()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
