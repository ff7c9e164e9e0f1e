"""Render one routine in a fresh process and print what it cost, as one JSON line.

Used by ``run.py`` so that peak memory (max RSS) is that of one render alone, and so that the
naive pydub baseline can be stopped by a timeout. Not meant to be run by hand, but it can be:

    python benchmarks/_render_one.py ours gen-60 --hold 76.3 --cache-dir C --out-dir O

``ours`` times ``Renderer(...).render(...)``; ``naive`` builds the same timeline from the warm
cache (untimed) and times the pydub baseline. The cache must already hold every clip.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import _workloads as wl


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _rss_now_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("ours", "naive"))
    parser.add_argument("routine", choices=wl.ROUTINES)
    parser.add_argument("--hold", type=float, required=True)
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("--out-dir", type=Path, required=True)
    args = parser.parse_args()

    if args.mode == "naive":
        work = wl.workload(args.routine, args.hold, args.cache_dir)
        before_kb = _rss_now_kb()
        cpu0, t0 = _cpu(), time.perf_counter()
        samples = wl.render_naive(work, args.out_dir / f"{args.routine}-naive.mp3")
    else:
        work = None
        before_kb = _rss_now_kb()
        cpu0, t0 = _cpu(), time.perf_counter()
        wl.render_ours(args.routine, args.hold, args.cache_dir, args.out_dir)
        samples = 0
    seconds = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = {
        "mode": args.mode,
        "routine": args.routine,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rss_before_kb": before_kb,
        "peak_rss_kb": own,
        "peak_rss_children_kb": kids,  # ffmpeg (the largest child), not added to ours
        "samples": samples,
        "expected_samples": work.timeline.total_samples if work else None,
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
