"""Speech clips: synthesise each distinct line once, trim and fade it, cache it on disk.

A clip is stored already prepared for the mix (at the render sample rate, its own leading and
trailing silence trimmed, edges faded), so a warm render reads samples and does nothing else.

Cache entries are content-addressed (the key hashes the engine's identity, the render rate,
the preparation version and the text), written atomically (temporary file + ``os.replace``, so
concurrent renders are safe) and checked on read (magic, length and a BLAKE2 digest): a
truncated or corrupt entry is synthesised again, never played.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from . import ffmpeg
from .engines.base import Clip, Engine
from .errors import EngineError, StretchAudioError

log = logging.getLogger(__name__)

Samples = npt.NDArray[np.int16]

PREP_VERSION = 1
LEVEL_VERSION = 6
TRIM_DBFS = -40.0
FADE_IN_MS = 3.0
FADE_OUT_MS = 6.0
_MAGIC = b"SACLIP1\n"
_HEADER = len(_MAGIC) + 8 + 16


def default_cache_dir() -> Path:
    """$STRETCHAUDIO_CACHE_DIR, else the per-user cache folder (platformdirs)."""
    env = os.environ.get("STRETCHAUDIO_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("stretchaudio")) / "clips"


DEFAULT_CACHE_MAX_MB = 512


def cache_limit_bytes() -> int:
    """The cache's size bound: $STRETCHAUDIO_CACHE_MAX_MB megabytes, else 512 MB."""
    raw = os.environ.get("STRETCHAUDIO_CACHE_MAX_MB", str(DEFAULT_CACHE_MAX_MB))
    try:
        megabytes = float(raw)
    except ValueError:
        log.warning(
            "STRETCHAUDIO_CACHE_MAX_MB=%r is not a number; using %d", raw, DEFAULT_CACHE_MAX_MB
        )
        megabytes = DEFAULT_CACHE_MAX_MB
    return int(max(0.0, megabytes) * 1_000_000)


def _entries(folder: Path) -> list[tuple[Path, os.stat_result]]:
    out = []
    for path in folder.glob("??/*.clip"):
        try:
            out.append((path, path.stat()))
        except FileNotFoundError:  # removed by a concurrent render
            continue
    return out


def cache_info(folder: Path) -> tuple[int, int]:
    """(entries, bytes) in the clip cache."""
    entries = _entries(folder) if folder.is_dir() else []
    return len(entries), sum(st.st_size for _, st in entries)


def clear_cache(folder: Path) -> tuple[int, int]:
    """Delete every cached clip; return (entries, bytes) removed."""
    removed = freed = 0
    if not folder.is_dir():
        return 0, 0
    for path, st in _entries(folder):
        path.unlink(missing_ok=True)
        removed, freed = removed + 1, freed + st.st_size
    for tmp in folder.glob("??/.tmp-*"):
        tmp.unlink(missing_ok=True)
    return removed, freed


def trim_cache(folder: Path, max_bytes: int) -> int:
    """Evict least recently used clips until the cache is under ``max_bytes``; return count."""
    entries = sorted(_entries(folder) if folder.is_dir() else [], key=lambda e: e[1].st_mtime)
    total = sum(st.st_size for _, st in entries)
    evicted = 0
    for path, st in entries:
        if total <= max_bytes:
            break
        path.unlink(missing_ok=True)
        total -= st.st_size
        evicted += 1
    return evicted


def resample(samples: Samples, rate_in: int, rate_out: int) -> Samples:
    """Resample with ffmpeg's resampler (no hand-written DSP)."""
    if rate_in == rate_out or len(samples) == 0:
        return samples
    return ffmpeg.decode(
        samples.astype("<i2").tobytes(),
        sample_rate=rate_out,
        input_format="s16le",
        input_args=["-ar", str(rate_in), "-ac", "1"],
    )


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
        self._warned = False

    def key(self, text: str) -> str:
        """Key of the clip as the mix uses it (levelled when a loudness target is set)."""
        level = f"\n{self._level}" if self.loudness is not None else ""
        return hashlib.sha256(f"{self._ident}{level}\n{text}".encode()).hexdigest()

    def raw_key(self, text: str) -> str:
        return hashlib.sha256(f"{self._ident}\n{text}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        assert self.cache_dir is not None
        return self.cache_dir / key[:2] / f"{key}.clip"

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
    ) -> dict[str, Samples]:
        """Synthesise and prepare ``texts`` (distinct, not cached) in order, and cache them.

        ``on_ready(text, samples)`` is called from the levelling thread as each clip is
        ready, in order."""
        out: dict[str, Samples] = {}
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
            for text, samples in self._synthesise(texts):
                self.stats.synthesised += 1
                done.append((text, finisher.submit(finish, text, samples)))
                if progress:
                    progress.step()
            for text, future in done:
                out[text] = future.result()
        return out

    def _cached(self, text: str) -> Samples | None:
        if self.cache_dir is None:
            return None
        found = self._read(self.key(text))
        if found is None and self.loudness is not None:
            raw = self._read(self.raw_key(text))
            found = None if raw is None else self._levelled(text, raw)
        return found

    def _levelled(self, text: str, raw: Samples) -> Samples:
        if self.loudness is None:
            return raw
        from .loudness import normalise

        samples = normalise(raw, self.rate, self.loudness)
        self._store(self.key(text), samples)
        return samples

    def _store(self, key: str, samples: Samples) -> None:
        if self.cache_dir is not None:
            self._write(key, samples)

    def _synthesise(self, texts: list[str]) -> Iterator[tuple[str, Samples]]:
        """Synthesise and prepare ``texts``, several at once when the engine allows it
        (network engines); results come back in order, and the first failure stops the rest."""

        def one(text: str) -> Samples:
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

    def _read(self, key: str) -> Samples | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._warn("cannot read the clip cache %s (%s); synthesising instead", path, exc)
            return None
        payload = data[_HEADER:]
        ok = (
            data.startswith(_MAGIC)
            and int.from_bytes(data[len(_MAGIC) : len(_MAGIC) + 8], "little") == len(payload)
            and data[len(_MAGIC) + 8 : _HEADER] == hashlib.blake2b(payload, digest_size=16).digest()
        )
        if not ok:
            log.warning("cache entry %s is corrupt; synthesising it again", path)
            self.stats.repaired += 1
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: evicted last
        return np.frombuffer(payload, dtype="<i2").astype(np.int16)

    def _warn(self, message: str, *args: object) -> None:
        """A cache problem is logged once per store (then only with -v), not once per clip."""
        log.log(logging.INFO if self._warned else logging.WARNING, message, *args)
        self._warned = True

    def trim(self) -> None:
        """Keep the cache under its size bound (least recently used clips go first)."""
        if self.cache_dir is not None:
            with contextlib.suppress(OSError):
                trim_cache(self.cache_dir, cache_limit_bytes())

    def _write(self, key: str, samples: Samples) -> None:
        """Atomic write; a cache that cannot be written only costs speed, never the render."""
        assert self.cache_dir is not None
        path = self._path(key)
        payload = samples.astype("<i2").tobytes()
        blob = (
            _MAGIC
            + len(payload).to_bytes(8, "little")
            + hashlib.blake2b(payload, digest_size=16).digest()
            + payload
        )
        tmp_name = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".clip")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp_name, path)
            tmp_name = None
        except OSError as exc:
            self._warn(
                "cannot write to the clip cache %s (%s); continuing without it", self.cache_dir, exc
            )
        finally:
            if tmp_name is not None:
                Path(tmp_name).unlink(missing_ok=True)
