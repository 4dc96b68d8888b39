"""The HTTP API under load: ``stdbridge serve`` on loopback, driven by wrk with 50 connections.

    python bench/bench_http.py --db CATALOG [--workers 2] [--connections 50] [--seconds 30]

The requests cycle through search queries drawn from the catalogue as bench_search.py draws them (identifiers
as people type them, title words in English and Chinese, the judged queries), each with its facets, plus record
pages. wrk (Debian package ``wrk``) measures; its Lua hooks report p50/p95/p99 and every response that is not
200. A warm-up run comes first, so that each worker has loaded its dictionaries. Without ``--think-ms`` every
connection asks again as soon as it is answered (the server's saturation); with it, each connection pauses
like a person reading results, which is what 50 users at once look like.
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_search import identifier_queries, keyword_queries, sample_standards

from stdbridge.catalog import Catalog

LUA = """
local paths = {%s}
local think = %d
local i = 0
local bad = 0
if think > 0 then
  delay = function() return math.random(math.floor(think / 2), math.floor(think * 3 / 2)) end
end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT requests %%d seconds %%.1f p50 %%.2f p95 %%.2f p99 %%.2f max %%.2f non200 %%d errors %%d\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def paths_for(catalog: Catalog, size: int) -> list[str]:
    standards = sample_standards(catalog, size)
    queries = identifier_queries(standards[: size // 3]) + keyword_queries(standards[size // 3 :])
    paths = [f"/api/search?{urllib.parse.urlencode({'q': q})}" for q in queries if q.strip()]
    paths += [f"/api/standard?{urllib.parse.urlencode({'id': s.identifier})}" for s in standards[:100]]
    random.Random(3).shuffle(paths)
    return paths


def wait_until_up(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/api/stats", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not answer within {seconds} s")


def run_wrk(script: Path, url: str, connections: int, seconds: int) -> str:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT")), done.stdout)
    return line.removeprefix("RESULT ").strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument(
        "--think-ms", type=int, default=0, help="each connection pauses about this long between requests (0: none)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    catalog = Catalog.open(args.db)
    paths = paths_for(catalog, args.queries)
    script = Path(tempfile.mkdtemp(prefix="stdbridge-http-")) / "mix.lua"
    quoted = ",".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script.write_text(LUA % (quoted, args.think_ms), encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    stdbridge = str(Path(sys.executable).with_name("stdbridge"))
    server = subprocess.Popen(
        [stdbridge, "--db", str(args.db), "serve", "--port", str(port), "--workers", str(args.workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(url)
        run_wrk(script, url, args.connections, 10)  # warm-up
        mode = f"a pause of ~{args.think_ms} ms between requests" if args.think_ms else "no pause"
        result = run_wrk(script, url, args.connections, args.seconds)
        print(f"{len(paths)} distinct requests, {args.workers} workers, {args.connections} connections ({mode}), "
              f"{args.seconds} s: {result}")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
