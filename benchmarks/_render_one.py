"""Render one routine in a fresh process and print what it cost, as one JSON line.

Used by ``run.py`` so that peak memory (max RSS) is that of one render alone, and so that the
naive pydub baseline can be stopped by a timeout. Not meant to be run by hand, but it can be:

    python benchmarks/_render_one.py ours gen-60 --hold 76.3 --cache-dir C --out-dir O

``ours`` times ``Renderer(...).render(...)``; ``naive`` builds the same timeline from the warm
cache (untimed) and times the pydub baseline (both need a warm cache). ``cold`` renders into
an empty cache (``--cache-dir`` must not exist yet) and ``piper`` times Piper alone
synthesising the routine's distinct phrases (one after the other, as ``PiperVoice.load``
sets it up); ``piper-tuned`` times the same synthesis driven as the renderer drives it (one
phrase per core). All load the voice and speak one warm-up phrase before the timing starts.

Peak memory is the process's own high-water mark (``VmHWM``). ``ru_maxrss`` is not used: on
Linux a child inherits the high-water mark of the process that spawned it (vfork/exec), so it
would report the benchmark's own size.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import _workloads as wl

WARMUP_TEXT = "Get ready."


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _piper(name: str, as_rendered: bool) -> tuple[float, float, float]:
    """(seconds, CPU seconds, seconds of speech) of Piper synthesising the distinct phrases.

    Alone: one phrase after the other, the voice as ``PiperVoice.load`` sets it up. As
    rendered: the renderer's session (one onnxruntime thread per phrase) with one phrase per
    core (engines/piper.py)."""
    from concurrent.futures import ThreadPoolExecutor

    from piper import PiperVoice, SynthesisConfig

    from stretchaudio.engines.base import EngineSettings
    from stretchaudio.engines.piper import PiperEngine, voice_paths
    from stretchaudio.planner import plan
    from stretchaudio.settings import Options

    texts = plan(wl.routine(name), Options()).texts()
    workers = 1
    if as_rendered:
        engine = PiperEngine(EngineSettings())
        voice, workers = engine._voice(), engine.concurrency
    else:
        model, config = voice_paths(None)
        voice = PiperVoice.load(model, config_path=config)
    # The renderer's settings (engines/piper.py: speed 1, deterministic).
    syn = SynthesisConfig(length_scale=1.0, noise_scale=0.0, noise_w_scale=0.0)
    list(voice.synthesize(WARMUP_TEXT, syn_config=syn))

    def one(text: str) -> int:
        return sum(len(c.audio_int16_bytes) // 2 for c in voice.synthesize(text, syn_config=syn))

    cpu0, t0 = _cpu(), time.perf_counter()
    if workers == 1:
        samples = sum(map(one, texts))
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            samples = sum(pool.map(one, texts))
    return time.perf_counter() - t0, _cpu() - cpu0, samples / voice.config.sample_rate


def _piper_new(name: str, hold: float, cache_dir: Path) -> tuple[float, float, float, int]:
    """(seconds, CPU seconds, seconds of speech, phrases) of Piper alone speaking the phrases
    that a render at ``hold`` needs and the cache lacks (a hold change: its new "Hold for
    ..." line), voice loading included, as a fresh ``stretchaudio build`` would need it: the
    import of piper (and onnxruntime), which the render pays too, then the voice."""
    from stretchaudio.planner import plan
    from stretchaudio.settings import Options

    renderer = wl.renderer(cache_dir, hold)
    _, missing = renderer.store.lookup(plan(wl.routine(name), Options(hold=hold)).texts())
    cpu0, t0 = _cpu(), time.perf_counter()
    from piper import PiperVoice, SynthesisConfig

    from stretchaudio.engines.piper import voice_paths

    syn = SynthesisConfig(length_scale=1.0, noise_scale=0.0, noise_w_scale=0.0)
    model, config = voice_paths(None)
    voice = PiperVoice.load(model, config_path=config)
    samples = sum(len(c.audio_int16_bytes) // 2 for t in missing for c in voice.synthesize(t, syn))
    return time.perf_counter() - t0, _cpu() - cpu0, samples / voice.config.sample_rate, len(missing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "mode", choices=("ours", "naive", "cold", "piper", "piper-tuned", "piper-new")
    )
    parser.add_argument("routine", choices=wl.ROUTINES)
    parser.add_argument("--hold", type=float)
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("--out-dir", type=Path, required=True)
    args = parser.parse_args()

    work = None
    samples = 0
    extra: dict[str, object] = {}
    before_kb = _status_kb("VmRSS")
    if args.mode == "piper-new":
        seconds, cpu, speech, count = _piper_new(args.routine, args.hold, args.cache_dir)
        extra = {"speech_seconds": speech, "phrases": count}
    elif args.mode in ("piper", "piper-tuned"):
        seconds, cpu, speech = _piper(args.routine, as_rendered=args.mode == "piper-tuned")
        extra = {"speech_seconds": speech}
    else:
        renderer = None
        if args.mode == "naive":
            work = wl.workload(args.routine, args.hold, args.cache_dir)
        elif args.mode == "cold":
            if args.cache_dir.exists():
                parser.error(f"cold: {args.cache_dir} exists; give a new, empty cache folder")
            renderer = wl.renderer(args.cache_dir, args.hold)
            renderer.engine.synthesize(WARMUP_TEXT)  # loads the voice; not cached
        before_kb = _status_kb("VmRSS")
        cpu0, t0 = _cpu(), time.perf_counter()
        if work is not None:
            samples = wl.render_naive(work, args.out_dir / f"{args.routine}-naive.mp3")
        elif renderer is not None:
            done = renderer.render(wl.routine(args.routine), args.out_dir)
            extra = {"synthesised": done.synthesised, "cached": done.cached}
        else:
            wl.render_ours(args.routine, args.hold, args.cache_dir, args.out_dir)
        seconds = time.perf_counter() - t0
        cpu = _cpu() - cpu0
    result = {
        "mode": args.mode,
        "routine": args.routine,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rss_before_kb": before_kb,
        "peak_rss_kb": _status_kb("VmHWM"),
        "samples": samples,
        "expected_samples": work.timeline.total_samples if work else None,
        **extra,
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
