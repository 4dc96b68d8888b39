"""Start-up time of the command line: each command run as a whole process, as a script or a person runs it.

Run: ``.venv/bin/python bench/bench_cli.py --db /tmp/clistart/catalog.db [--runs 15]``

The catalogue given by ``--db`` is built from the bundled data first when it is missing (``stdbridge init``, about a
minute). Each command runs ``--runs`` times after one warm-up run (which fills the operating system's file cache,
jieba's dictionary cache and Python's compiled modules: ``PYTHONDONTWRITEBYTECODE``, set in some shells, is left out
of the commands' environment, since an installed package has its modules compiled; with it, every run compiles
stdbridge's modules again, about 0.1 s more to show a record); the median and the 90th percentile of the wall-clock
times are printed against the target of issue 8, with the load average, because the figures depend on what else
the machine does; the median processor time (user + system) of the same runs is printed too: it depends much less
on the machine's load.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# (arguments, target median in seconds)
COMMANDS: list[tuple[list[str], float]] = [
    (["--help"], 0.25),
    (["parse", "GB/T 19001-2016"], 0.25),
    (["show", "ISO 9001:2015"], 0.4),
    (["family", "ISO 9001:2015"], 0.4),
    (["counterparts", "ISO 9001:2015"], 0.4),
    (["search", "household appliances safety"], 0.8),
]


def stdbridge_command() -> list[str]:
    """The installed ``stdbridge`` script beside this Python, else the module run by this Python."""
    script = Path(sys.executable).with_name("stdbridge")
    return [str(script)] if script.is_file() else [sys.executable, "-c", "from stdbridge.cli import main; main()"]


def processor_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed_runs(command: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall-clock and processor seconds of each run after the first."""
    times, processor = [], []
    for number in range(runs + 1):
        start, start_processor = time.perf_counter(), processor_seconds()
        done = subprocess.run(command, env=env, capture_output=True, check=False)
        elapsed, used = time.perf_counter() - start, processor_seconds() - start_processor
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
        if number:  # the first run warms the caches
            times.append(elapsed)
            processor.append(used)
    return times, processor


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, required=True, help="catalogue to run against (built when missing)")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    args = parser.parse_args()
    base = stdbridge_command()
    env = {**os.environ, "STDBRIDGE_LANG": "en", "COLUMNS": "120"}
    env.pop("STDBRIDGE_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules compiled once, by the warm-up run
    db = args.db.expanduser()
    if not db.exists():
        print(f"building {db} from the bundled data ...", flush=True)
        subprocess.run([*base, "--db", str(db), "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"{shutil.which(base[0]) or base[0]}  catalogue {db}  {args.runs} runs each")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'command':47} {'median':>8} {'p90':>8} {'target':>8}       {'cpu':>8}")
    missed = 0
    for arguments, target in COMMANDS:
        times, processor = timed_runs([*base, "--db", str(db), *arguments], args.runs, env)
        median = statistics.median(times)
        missed += median > target
        shown = "stdbridge " + " ".join(f'"{a}"' if " " in a else a for a in arguments)
        verdict = "ok" if median <= target else "MISSED"
        print(f"{shown:47} {median:7.3f}s {percentile(times, 0.9):7.3f}s {target:7.2f}s  {verdict:6} "
              f"{statistics.median(processor):7.3f}s", flush=True)  # fmt: skip
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if missed:
        print(f"{missed} command(s) above target")


if __name__ == "__main__":
    main()
