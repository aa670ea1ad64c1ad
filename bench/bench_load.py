"""Load benchmark: `wrk` in a second process against `chainmap serve` on the 100k chain.

Loopback only, bounded in time. Read mix: a page of enterprises, one enterprise with its partners,
upstream depth 3. Measured at 8 and 32 connections, then 8 connections while 4 more send the
heaviest question a client may ask (upstream depth 10, limit 10,000) to show it does not take
the service down for others. The rate limit is off for the run (every request comes from one
address). Writes bench/results/load.json. Run: `make bench-load` (options: --help).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from seeds.generator import generate_package  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "load.json"
LUA = """
local paths = {%s}
math.randomseed(%d)
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%.3f %%.3f %%.3f %%.3f\\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.duration / 1e6))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lua_script(paths: list[str], seed: int, folder: Path, name: str) -> Path:
    script = folder / f"{name}.lua"
    script.write_text(LUA % (",".join(json.dumps(p) for p in paths), seed), "utf-8")
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
    reads = []
    for _ in range(3000):
        firm = rng.choice(ids)
        reads += [
            f"/api/v1/chains/{chain}/enterprises?limit=50&offset={rng.randrange(args.enterprises)}",
            f"/api/v1/enterprises/{firm}?chain={chain}",
            f"/api/v1/enterprises/{firm}/upstream?depth=3&limit=100&chain={chain}",
        ]
    heavy = [
        f"/api/v1/enterprises/{rng.choice(ids)}/upstream?depth=10&limit=10000&chain={chain}"
        for _ in range(2000)
    ]

    with tempfile.TemporaryDirectory(prefix="chainmap-load-") as tmp:
        folder = Path(tmp)
        package_file = folder / "package.json"
        package_file.write_bytes(package.model_dump_json(by_alias=True, exclude_none=True).encode())
        port = free_port()
        env = {
            **os.environ,
            "CHAINMAP_DATA_DIR": str(folder / "data"),
            "CHAINMAP_PORT": str(port),
            "CHAINMAP_LOAD_SEED": "false",
            "CHAINMAP_RATE_PER_MINUTE": "0",
        }
        cli = [sys.executable, "-m", "app.cli"]
        say(f"importing {args.enterprises} enterprises / {len(package.supplies)} supplies ...")
        subprocess.run(
            [*cli, "import", str(package_file)], env=env, check=True, capture_output=True
        )
        server = subprocess.Popen(
            [*cli, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the service did not come up")
                time.sleep(0.5)
            say("warming up (the analytics load the supply graph once) ...")
            httpx.get(f"{url}/api/v1/chains/{chain}/bottlenecks", timeout=300)
            read_script = lua_script(reads, 1, folder, "reads")
            heavy_script = lua_script(heavy, 2, folder, "heavy")
            runs: dict[str, object] = {}
            for connections in (8, 32):
                result = wrk(url, read_script, connections, args.seconds).communicate()[0]
                runs[f"reads_{connections}"] = parse(result)
                say(f"  reads, {connections} connections: {runs[f'reads_{connections}']}")
            heavy_run = wrk(url, heavy_script, 4, args.seconds)
            time.sleep(1)
            beside = wrk(url, read_script, 8, args.seconds - 2).communicate()[0]
            runs["reads_8_beside_depth10"] = parse(beside)
            runs["depth10_4"] = parse(heavy_run.communicate()[0])
            say(f"  reads, 8 connections beside depth-10 load: {runs['reads_8_beside_depth10']}")
            say(f"  depth 10 / limit 10000, 4 connections: {runs['depth10_4']}")
            alive = httpx.get(f"{url}/healthz", timeout=10).status_code == 200
        finally:
            server.terminate()
            server.wait(60)

    result = {
        "machine": machine(),
        "enterprises": args.enterprises,
        "supplies": len(package.supplies),
        "seconds_per_run": args.seconds,
        "tool": "wrk -t2, loopback, rate limit off",
        "runs": runs,
        "healthy_after": alive,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    say(f"results written to {args.output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
