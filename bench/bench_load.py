"""Load benchmark: `wrk` in a second process against `chainmap serve` on the 100k chain.

Loopback only, bounded in time. Read mix: a page of enterprises at a random offset, one
enterprise with its partners, and upstream depth 3 of a firm, in turn. No path is asked twice:
each run walks its own list of fresh paths in order (firms and offsets drawn without
replacement from the whole chain, each wrk thread taking every other path), so every read of
the mix is a first answer, never a cache hit. Measured at 8 and 32 connections, a hot mix of
100 paths at 32, then 8 connections while 4 more send the heaviest question a client may ask
(upstream depth 10, limit 10,000) to show it does not take the service down for others. The
rate limit is off for the run (every request comes from one address). Writes
bench/results/load.json. Run: `make bench-load` (options: --help).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine, median_of  # noqa: E402
from bench.stores import fresh_store, parse_kinds  # noqa: E402
from graph.versioning.importer import import_package  # noqa: E402
from seeds.generator import generate_package  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "load.json"
# Read-mix runs per store, each on its own third of the chain's firms and page offsets.
RUNS = 3
# A hot mix: the first of those paths, asked over and over (what answer tags and caches serve).
HOT_PATHS = 100
# The first round's figures (embedded store), as its README quoted them.
BEFORE = {
    "reads_8": {"throughput_rps": 94.5, "p95_ms": 185},
    "reads_32": {"throughput_rps": 93.7, "p95_ms": 572},
    "reads_8_beside_depth10": {"throughput_rps": 31.9, "p95_ms": 614},
    "hot_reads_32": {"throughput_rps": None, "p95_ms": None},
}
# Each of wrk's two threads walks the list from its own start with a stride of two, so the
# threads never ask the same path; a run longer than its list starts it again (the hot mix
# does so on purpose; for the read mix the result says how many requests were repeats).
LUA = """
local paths = {}
for line in io.lines(%s) do table.insert(paths, line) end
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("first", counter)
end
local i = nil
request = function()
  if i == nil then i = first end
  local path = paths[i]
  i = i + 2
  if i > #paths then i = first end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%.3f %%.3f %%.3f %%.3f\\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.duration / 1e6))
end
"""


def lua_script(paths: list[str], folder: Path, name: str) -> Path:
    listed = folder / f"{name}.paths"
    listed.write_text("\n".join(paths) + "\n", "utf-8")
    script = folder / f"{name}.lua"
    script.write_text(LUA % json.dumps(str(listed)), "utf-8")
    return script


def wrk(url: str, script: Path, connections: int, seconds: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def parse(output: str) -> dict[str, float]:
    found = re.search(r"RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", output)
    if not found:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    requests, status_errors, socket_errors, p50, p95, p99, seconds = found.groups()
    return {
        "requests": int(requests),
        "non_2xx": int(status_errors),
        "socket_errors": int(socket_errors),
        "throughput_rps": round(int(requests) / float(seconds), 1),
        "p50_ms": float(p50),
        "p95_ms": float(p95),
        "p99_ms": float(p99),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20, help="length of each wrk run")
    parser.add_argument("--store", default="embedded,neo4j", help="stores, comma-separated")
    parser.add_argument(
        "--starts", type=int, default=3, help="service starts per store, each measured (medians)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (make bench-load does it)")

    def say(text: str) -> None:
        print(text, flush=True)

    package = generate_package(args.enterprises, seed=1)
    chain = package.chain.id
    rng = random.Random(3)
    ids = [e.id for e in package.enterprises]
    firms, offsets = rng.sample(ids, len(ids)), rng.sample(range(len(ids)), len(ids))
    reads = [
        [
            path
            for firm, offset in zip(firms[start::RUNS], offsets[start::RUNS], strict=True)
            for path in (
                f"/api/v1/chains/{chain}/enterprises?limit=50&offset={offset}",
                f"/api/v1/enterprises/{firm}?chain={chain}",
                f"/api/v1/enterprises/{firm}/upstream?depth=3&limit=100&chain={chain}",
            )
        ]
        for start in range(RUNS)
    ]
    heavy = [
        f"/api/v1/enterprises/{rng.choice(ids)}/upstream?depth=10&limit=10000&chain={chain}"
        for _ in range(2000)
    ]

    stores = {}
    with tempfile.TemporaryDirectory(prefix="chainmap-load-") as tmp:
        for kind in parse_kinds(args.store):
            with fresh_store(kind, Path(tmp)) as bench:
                say(f"{bench.label}: importing {args.enterprises} enterprises ...")
                with bench.open() as opened:
                    import_package(opened.store, package, author="bench")
                starts = []
                for start in range(args.starts):
                    say(f"  start {start + 1} of {args.starts}")
                    with bench.serve() as url:
                        starts.append(load(url, chain, reads, heavy, Path(tmp) / kind, args, say))
                stores[kind] = {**median_of(starts), "starts": starts}

    result = {
        "machine": machine(),
        "enterprises": args.enterprises,
        "supplies": len(package.supplies),
        "seconds_per_run": args.seconds,
        "tool": "wrk -t2, loopback, rate limit off",
        "method": "each figure the median of its value over the service's starts (each start's "
        "own figures under 'starts'); every start walks the same fresh paths",
        "before": BEFORE,
        "stores": stores,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    for name in ("reads_8", "reads_32", "hot_reads_32", "reads_8_beside_depth10"):
        figures = "   ".join(
            f"{kind} {r['runs'][name]['throughput_rps']} req/s p95 {r['runs'][name]['p95_ms']} ms"
            for kind, r in stores.items()
        )
        was = BEFORE[name]
        before = (
            f"before {was['throughput_rps']} req/s p95 {was['p95_ms']} ms"
            if was["throughput_rps"] is not None
            else "before: not measured"
        )
        say(f"{name:24} {figures}   {before}")
    say(f"results written to {args.output}")
    return 0


def load(
    url: str,
    chain: str,
    reads: list[list[str]],
    heavy: list[str],
    folder: Path,
    args: argparse.Namespace,
    say: Callable[[str], None],
) -> dict[str, object]:
    say("  waiting for the analysis (503 with Retry-After until it has loaded) ...")
    while httpx.get(f"{url}/api/v1/chains/{chain}/bottlenecks", timeout=900).status_code == 503:
        time.sleep(0.5)
    runs: dict[str, dict[str, float]] = {}

    def read_mix(name: str, paths: list[str], connections: int, seconds: int) -> None:
        result = parse(
            wrk(url, lua_script(paths, folder, name), connections, seconds).communicate()[0]
        )
        result["distinct_paths"] = len(paths)
        result["repeated_requests"] = max(0, int(result["requests"]) - len(paths))
        runs[name] = result

    for run, connections in enumerate((8, 32)):
        read_mix(f"reads_{connections}", reads[run], connections, args.seconds)
        say(f"  reads, {connections} connections: {runs[f'reads_{connections}']}")
    hot = lua_script(reads[0][:HOT_PATHS], folder, "hot")
    runs["hot_reads_32"] = parse(wrk(url, hot, 32, args.seconds).communicate()[0])
    say(f"  hot reads ({HOT_PATHS} paths), 32 connections: {runs['hot_reads_32']}")
    heavy_run = wrk(url, lua_script(heavy, folder, "heavy"), 4, args.seconds)
    time.sleep(1)
    read_mix("reads_8_beside_depth10", reads[2], 8, args.seconds - 2)
    runs["depth10_4"] = parse(heavy_run.communicate()[0])
    say(f"  reads, 8 connections beside depth-10 load: {runs['reads_8_beside_depth10']}")
    say(f"  depth 10 / limit 10000, 4 connections: {runs['depth10_4']}")
    return {"runs": runs, "healthy_after": httpx.get(f"{url}/healthz", timeout=10).is_success}


if __name__ == "__main__":
    sys.exit(main())
