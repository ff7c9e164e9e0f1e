"""Speech clips: synthesise each distinct line once, prepare it for the mix, level it.

A clip is stored already prepared for the mix (at the render sample rate, its own leading and
trailing silence trimmed, edges faded, levelled), so a warm render reads samples and does
nothing else. The on-disk cache (format, trust, eviction) is ``cache.py``; this module decides
what to synthesise, in which order and how many at once, and what goes into the cache.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from . import cache
from .cancel import Cancel
from .engines.base import Clip, Engine
from .errors import EngineError, StretchAudioError, UsageError

log = logging.getLogger(__name__)

Samples = npt.NDArray[np.int16]

PREP_VERSION = 2  # 2: resampled with scipy instead of ffmpeg
LEVEL_VERSION = 6
TRIM_DBFS = -40.0
MAX_LINE_CHARS = 5000
"""The longest line any engine is asked to speak (about six minutes of speech): longer text is
not an instruction, and its audio alone would take gigabytes."""
FADE_IN_MS = 3.0
FADE_OUT_MS = 6.0


def default_cache_dir() -> Path:
    """$STRETCHAUDIO_CACHE_DIR, else the per-user cache folder (platformdirs)."""
    return cache.default_folder()


def resample(samples: Samples, rate_in: int, rate_out: int) -> Samples:
    """Resample with scipy's polyphase filter (``resample_poly``, a windowed-sinc FIR): no
    process per clip, and the output length is exactly ``ceil(n * rate_out / rate_in)``."""
    if rate_in == rate_out or len(samples) == 0:
        return samples
    from scipy.signal import resample_poly

    common = math.gcd(rate_in, rate_out)
    out = resample_poly(samples.astype(np.float64), rate_out // common, rate_in // common)
    result: Samples = np.clip(np.round(out), -32768, 32767).astype(np.int16)
    return result


def trim(samples: Samples, rate: int, threshold_dbfs: float = TRIM_DBFS) -> Samples:
    """Cut leading and trailing near-silence: keep from the first to the last 5 ms window whose
    RMS is above ``threshold_dbfs``. Silence in the middle (between sentences) is kept."""
    win = max(1, rate // 200)
    if len(samples) < win:
        return samples[:0]
    x = samples.astype(np.float64)
    csum = np.concatenate(([0.0], np.cumsum(x * x)))
    rms = np.sqrt((csum[win:] - csum[:-win]) / win)  # window starting at each sample
    limit = 32768.0 * 10 ** (threshold_dbfs / 20)
    loud = np.flatnonzero(rms > limit)
    if len(loud) == 0:
        return samples[:0]
    # The first and last loud windows bound the sound; inside them, cut at the first and last
    # sample that is itself above the limit, so no stretch of near-silence is left at an edge.
    first, last = int(loud[0]), int(loud[-1]) + win
    head = np.flatnonzero(np.abs(x[first : first + win]) > limit)
    tail = np.flatnonzero(np.abs(x[last - win : last]) > limit)
    start = first + (int(head[0]) if len(head) else 0)
    end = last - win + (int(tail[-1]) + 1 if len(tail) else win)
    return samples[start:end]


def fade(samples: Samples, rate: int) -> Samples:
    """Short linear fades at both edges so a clip never starts or stops with a click."""
    out = samples.astype(np.float32)
    n_in = min(len(out), max(1, round(rate * FADE_IN_MS / 1000)))
    n_out = min(len(out), max(1, round(rate * FADE_OUT_MS / 1000)))
    out[:n_in] *= np.linspace(0.0, 1.0, n_in, endpoint=False, dtype=np.float32)
    out[len(out) - n_out :] *= np.linspace(1.0, 0.0, n_out, dtype=np.float32)
    return np.round(out).astype(np.int16)


def prepare(clip: Clip, rate: int) -> Samples:
    """Engine output -> samples ready to mix: resampled, trimmed, faded."""
    samples = resample(clip.samples, clip.sample_rate, rate)
    return fade(trim(samples, rate), rate)


def check_lengths(texts: Iterable[str]) -> None:
    """UsageError if a line is longer than any engine should speak (before any synthesis)."""
    for text in texts:
        if len(text) > MAX_LINE_CHARS:
            raise UsageError(
                f"the spoken line {text[:40]!r}... is {len(text)} characters long; a line can "
                f"have at most {MAX_LINE_CHARS} (about six minutes of speech). Split it into "
                "several steps"
            )


class Progress(Protocol):
    """Told how many phrases need synthesis, then once per phrase done."""

    def start(self, total: int) -> None: ...

    def step(self) -> None: ...


@dataclass
class Stats:
    """What a call to ``ClipStore.get`` did."""

    synthesised: int = 0
    cached: int = 0
    repaired: int = 0  # corrupt cache entries replaced


def _preload_loudness() -> None:
    from . import loudness

    loudness.preload()


class ClipStore:
    """Prepared clips for one engine at one rate, cached on disk unless ``cache_dir`` is None.

    Two kinds of entry: the *raw* clip (synthesised, resampled, trimmed, faded) and the
    *levelled* clip (raw, normalised to ``loudness`` LUFS and peak-limited). A new loudness
    target re-levels raw clips without calling the engine again.
    """

    def __init__(
        self, engine: Engine, rate: int, cache_dir: Path | None, loudness: float | None = None
    ) -> None:
        self.engine = engine
        self.rate = rate
        self.cache_dir = cache_dir
        self.cache = cache.ClipCache(cache_dir) if cache_dir is not None else None
        self.loudness = loudness
        ident = {
            "identity": engine.identity(),
            "rate": rate,
            "prep": PREP_VERSION,
            "trim": TRIM_DBFS,
            "fade": [FADE_IN_MS, FADE_OUT_MS],
        }
        self._ident = json.dumps(ident, sort_keys=True)
        self._level = json.dumps({"lufs": loudness, "version": LEVEL_VERSION})
        self.stats = Stats()

    def key(self, text: str) -> str:
        """Cache key of the clip as the mix uses it (levelled when a loudness target is set):
        everything that decides its samples, the text last."""
        level = f"\n{self._level}" if self.loudness is not None else ""
        return f"{self._ident}{level}\n{text}"

    def raw_key(self, text: str) -> str:
        return f"{self._ident}\n{text}"

    def get(self, texts: Iterable[str], progress: Progress | None = None) -> dict[str, Samples]:
        """Prepared samples for every distinct text, synthesising only what is not cached."""
        found, missing = self.lookup(texts)
        return {**found, **self.synthesise(missing, progress)}

    def lookup(self, texts: Iterable[str]) -> tuple[dict[str, Samples], list[str]]:
        """(the clips the cache has, the distinct texts it has not), without synthesising."""
        found: dict[str, Samples] = {}
        missing: list[str] = []
        for text in dict.fromkeys(texts):
            if not any(char.isalnum() for char in text):  # "...": no engine can say it
                found[text] = np.zeros(0, dtype=np.int16)
                continue
            cached = self._cached(text)
            if cached is None:
                missing.append(text)
            else:
                found[text] = cached
                self.stats.cached += 1
        return found, missing

    def synthesise(
        self,
        texts: list[str],
        progress: Progress | None = None,
        on_ready: Callable[[str, Samples], None] | None = None,
        cancel: Cancel | None = None,
    ) -> dict[str, Samples]:
        """Synthesise and prepare ``texts`` (distinct, not cached) in order, and cache them.

        ``on_ready(text, samples)`` is called from the levelling thread as each clip is
        ready, in order. ``cancel`` stops the synthesis at the next phrase (``Cancelled``)."""
        out: dict[str, Samples] = {}
        check_lengths(texts)
        if progress:
            progress.start(len(texts))
        if not texts:
            return out

        def finish(text: str, samples: Samples) -> Samples:
            self._store(self.raw_key(text), samples)
            levelled = self._levelled(text, samples)
            if on_ready is not None:
                on_ready(text, levelled)
            return levelled

        # Levelling and cache writes run on a second thread while the engine speaks the next
        # line (both mostly release the GIL); the loudness libraries load there too.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="level") as finisher:
            if self.loudness is not None:
                finisher.submit(_preload_loudness)
            done = []
            for text, samples in self._synthesise(texts, cancel):
                self.stats.synthesised += 1
                done.append((text, finisher.submit(finish, text, samples)))
                if progress:
                    progress.step()
                if cancel is not None:
                    cancel.check()
            for text, future in done:
                out[text] = future.result()
        self.stats.repaired = self.cache.repaired if self.cache else 0
        return out

    def _cached(self, text: str) -> Samples | None:
        if self.cache is None:
            return None
        found = self.cache.get(self.key(text))
        if found is None and self.loudness is not None:
            raw = self.cache.get(self.raw_key(text))
            found = None if raw is None else self._levelled(text, raw)
        self.stats.repaired = self.cache.repaired
        return found

    def _levelled(self, text: str, raw: Samples) -> Samples:
        if self.loudness is None:
            return raw
        from .loudness import normalise

        samples = normalise(raw, self.rate, self.loudness)
        self._store(self.key(text), samples)
        return samples

    def _store(self, key: str, samples: Samples) -> None:
        if self.cache is not None:
            self.cache.put(key, samples)

    def _synthesise(self, texts: list[str], cancel: Cancel | None) -> Iterator[tuple[str, Samples]]:
        """Synthesise and prepare ``texts``, several at once when the engine allows it
        (network engines); results come back in order, and the first failure stops the rest."""

        def one(text: str) -> Samples:
            if cancel is not None:
                cancel.check()
            try:
                clip = self.engine.synthesize(text)
            except StretchAudioError:
                raise
            except Exception as exc:  # a broken engine plugin: a clear error, not a traceback
                raise EngineError(
                    f"the {self.engine.name} engine failed to speak {text[:40]!r}: "
                    f"{str(exc) or type(exc).__name__}"
                ) from exc
            return prepare(clip, self.rate)

        workers = min(len(texts), int(getattr(self.engine, "concurrency", 1)))
        if workers <= 1:
            for text in texts:
                yield text, one(text)
            return
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="synth")
        try:
            yield from zip(texts, pool.map(one, texts), strict=True)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def trim(self) -> None:
        """Keep the cache under its size bound (least recently used clips go first)."""
        if self.cache is not None:
            try:
                self.cache.trim(cache.limit_bytes())
            except OSError as exc:
                log.info("could not trim the clip cache %s: %s", self.cache_dir, exc)
