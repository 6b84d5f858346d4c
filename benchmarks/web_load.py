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
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from local_server import (
    HOST,
    free_port,
    pct,
    prepare_store,
    start_server,
    stop,
    wait_estimate,
    wait_up,
)

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
        cache = "0" if args.no_cache else "1"
        proc = start_server(SERVER, url, cache, str(port), env={"EMIGRE_TOKEN": ""})
        try:
            wait_up(port, proc)
            print("estimate:", wait_estimate(port, args.case))
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
            stop(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
