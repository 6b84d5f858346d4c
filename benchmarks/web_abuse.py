"""Hostile loads on the dashboard, on 127.0.0.1 only: how an unrelated read fares during each.

Starts `emigre serve`'s app in its own process over a fresh SQLite store holding the built-in
case (or --db), with a write token and estimates on, waits (bounded) for the case's published
estimate, then for each hostile load below runs it for SECONDS while READERS clients each read
two unrelated pages (the map's data, which depends on the claims and the estimate, and the
sources page, which does not depend on a claim's review), and prints the p50 and p95 of each
read (goal: p95 under 100 ms), what the hostile requests were answered, and the server's CPU
seconds during the load.

    long what-if     GET /api/runs with a 16 KB what_if, back to back from 8 clients
    45 runs          45 GET /api/runs at once, each with its own seed (5 runs each)
    4 new as_of      GET /api/estimates at four new dates at once (asked again each second)
    writes           a reviewer's PATCH of claims, back to back, with the token

    python benchmarks/web_abuse.py [--seconds 15] [--readers 2] [--case russia-2022]

Every loop is bounded in time (SECONDS, at most 60) and in count (MAX_REQUESTS per load).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from local_server import (
    HOST,
    cpu_seconds,
    free_port,
    pct,
    prepare_store,
    start_server,
    stop,
    wait_estimate,
    wait_up,
)

TOKEN = "benchmark-token"
MAX_REQUESTS = 5_000
READS = {
    "map": "/api/cases/{case}/map",  # figures: depends on the claims and the estimate
    "sources": "/cases/{case}/sources",  # the sources page: not on a claim's review state
}
SERVER = """
import sys, uvicorn
from emigre.web import WebConfig, create_app
app = create_app(WebConfig(db_url=sys.argv[1], token=sys.argv[3], estimates=True, warm=True))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="error", access_log=False)
"""


@dataclass
class Reads:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0


async def reader(client, url: str, until: float, out: Reads) -> None:
    n = 0
    while time.perf_counter() < until and n < MAX_REQUESTS:
        n += 1
        t0 = time.perf_counter()
        try:
            r = await client.get(url)
            if r.status_code != 200:
                out.errors += 1
        except Exception:  # counted, not hidden
            out.errors += 1
        out.latencies.append(time.perf_counter() - t0)


async def repeat(client, method: str, url: str, until: float, seen: Counter, **kw) -> None:
    n = 0
    while time.perf_counter() < until and n < MAX_REQUESTS:
        n += 1
        try:
            r = await client.request(method, url, **kw)
            seen[r.status_code] += 1
        except Exception as exc:
            seen[type(exc).__name__] += 1


async def once(client, url: str, seen: Counter) -> None:
    try:
        seen[(await client.get(url)).status_code] += 1
    except Exception as exc:
        seen[type(exc).__name__] += 1


async def hostile(kind: str, client, base: str, case: str, until: float, seen: Counter) -> None:
    if kind == "long what-if":
        long = "cap GEO 1" + " " * 16_000 + "x"
        url = f"{base}/api/runs"
        await asyncio.gather(
            *(
                repeat(client, "GET", url, until, seen, params={"case": case, "what_if": long})
                for _ in range(8)
            )
        )
    elif kind == "45 runs":
        await asyncio.gather(
            *(
                once(client, f"{base}/api/runs?case={case}&runs=5&seed={1000 + i}", seen)
                for i in range(45)
            )
        )
    elif kind == "4 new as_of":
        dates = ["2023-01-31", "2023-04-30", "2023-07-31", "2023-10-31"]
        while time.perf_counter() < until:
            await asyncio.gather(
                *(once(client, f"{base}/api/estimates?case={case}&as_of={d}", seen) for d in dates)
            )
            await asyncio.sleep(1)
    elif kind == "writes":
        r = await client.get(f"{base}/api/claims", params={"case": case, "limit": 20})
        ids = [c["id"] for c in r.json()["items"]]
        headers = {"Authorization": f"Bearer {TOKEN}"}
        n = 0
        while time.perf_counter() < until and n < MAX_REQUESTS:
            claim = ids[n % len(ids)]
            state = "accepted" if n % 2 else "disputed"
            try:
                r = await client.patch(
                    f"{base}/api/claims/{claim}?case={case}", json={"state": state}, headers=headers
                )
                seen[r.status_code] += 1
            except Exception as exc:
                seen[type(exc).__name__] += 1
            n += 1


async def measure(kind: str, port: int, case: str, seconds: float, readers: int) -> tuple:
    import httpx2 as httpx

    base = f"http://{HOST}:{port}"
    urls = {name: base + path.format(case=case) for name, path in READS.items()}
    seen: Counter = Counter()
    out = {name: Reads() for name in urls}
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:
        for url in urls.values():
            await client.get(url)  # warm: the reads are answered from the cache as in use
        until = time.perf_counter() + seconds
        await asyncio.gather(
            hostile(kind, client, base, case, until, seen),
            *(
                reader(client, url, until, out[name])
                for name, url in urls.items()
                for _ in range(readers)
            ),
        )
    return out, seen


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--readers", type=int, default=2)
    ap.add_argument("--case", default="russia-2022")
    ap.add_argument("--db", help="use this store instead of a fresh one with the case")
    ap.add_argument("--estimate-wait", type=float, default=300.0)
    ap.add_argument(
        "--only", action="append", help="run only these loads (repeatable)", default=None
    )
    args = ap.parse_args()
    if not 0 < args.seconds <= 60 or not 1 <= args.readers <= 50:
        ap.error("keep the load bounded: at most 60 seconds, 1-50 readers")
    kinds = args.only or ["long what-if", "45 runs", "4 new as_of", "writes"]

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or prepare_store(Path(tmp), args.case)
        port = free_port()
        env = {"EMIGRE_CACHE_DIR": os.environ.get("EMIGRE_CACHE_DIR", tmp)}
        proc = start_server(SERVER, url, str(port), TOKEN, env=env)
        try:
            wait_up(port, proc)
            print("estimate:", wait_estimate(port, args.case, args.estimate_wait))
            shown = ", ".join(f"{k} (GET {v.format(case=args.case)})" for k, v in READS.items())
            print(
                f"unrelated reads: {shown}, {args.readers} clients each; "
                f"each load {args.seconds:g} s on {HOST}:{port}"
            )
            print(
                f"{'load':<14} {'read':<8} {'p50':>8} {'p95':>8} {'reads':>6} {'errors':>6} "
                f"{'server CPU s':>12}  hostile answers"
            )
            for kind in kinds:
                cpu0 = cpu_seconds(proc.pid)
                reads, seen = asyncio.run(
                    measure(kind, port, args.case, args.seconds, args.readers)
                )
                cpu = cpu_seconds(proc.pid) - cpu0
                answers = ", ".join(f"{k}: {v}" for k, v in sorted(seen.items(), key=str))
                for i, (name, r) in enumerate(reads.items()):
                    p95 = pct(r.latencies, 95) * 1000
                    print(
                        f"{kind if i == 0 else '':<14} {name:<8} "
                        f"{pct(r.latencies, 50) * 1000:6.1f}ms {p95:6.1f}ms "
                        f"{len(r.latencies):6d} {r.errors:6d} "
                        + (f"{cpu:12.1f}  {answers}" if i == 0 else f"{'':12}")
                        + f"  [{'goal met' if p95 < 100 else 'over 100 ms'}]"
                    )
        finally:
            stop(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
