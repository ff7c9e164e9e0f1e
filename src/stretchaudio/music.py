"""Background music: looped or trimmed to the routine, faded in and out, set to a level under
the voice, and ducked smoothly whenever something is spoken or played.

The ducking is sidechain-style but exact: the timeline says when speech and cues start and end,
so the music dips a little *before* each line (attack) and comes back after it (release).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from . import ffmpeg
from .errors import AudioError, UsageError
from .timeline import Timeline

Floats = npt.NDArray[np.float32]

DEFAULT_LEVEL = -18.0  # LU relative to the voice, in holds
DUCK_DB = 14.0  # further dip under speech and cues
ATTACK_S = 0.25
RELEASE_S = 0.8
FADE_IN_S = 3.0
FADE_OUT_S = 5.0


@dataclass
class MusicBed:
    """Music samples for any block of the track, ducked under ``intervals``."""

    samples: Floats
    total: int
    rate: int
    intervals: list[tuple[int, int]]
    duck: float

    def __post_init__(self) -> None:
        self._starts = [a for a, _ in self.intervals]
        self._ends = [b for _, b in self.intervals]

    def block(self, b0: int, b1: int) -> Floats:
        idx = np.arange(b0, b1)
        out = self.samples[idx % len(self.samples)].copy()
        out *= self._fades(idx) * self._ducking(b0, b1)
        return out

    def _fades(self, idx: npt.NDArray[np.int64]) -> Floats:
        fade_in = np.clip(idx / (FADE_IN_S * self.rate), 0.0, 1.0)
        fade_out = np.clip((self.total - idx) / (FADE_OUT_S * self.rate), 0.0, 1.0)
        return (fade_in * fade_out).astype(np.float32)

    def _ducking(self, b0: int, b1: int) -> Floats:
        attack, release = int(ATTACK_S * self.rate), int(RELEASE_S * self.rate)
        depth = np.zeros(b1 - b0, dtype=np.float32)
        idx = np.arange(b0, b1, dtype=np.float64)
        # Intervals never overlap, so both their starts and their ends are sorted.
        first = bisect.bisect_left(self._ends, b0 - release)
        last = bisect.bisect_right(self._starts, b1 + attack)
        for start, end in self.intervals[first:last]:
            ramp_in = np.clip((idx - (start - attack)) / attack, 0.0, 1.0)
            ramp_out = np.clip(((end + release) - idx) / release, 0.0, 1.0)
            np.maximum(depth, np.minimum(ramp_in, ramp_out).astype(np.float32), out=depth)
        return (1.0 - depth * (1.0 - self.duck)).astype(np.float32)


def load(path: Path, timeline: Timeline, voice_lufs: float, level_lu: float) -> MusicBed:
    """Decode ``path`` (any format ffmpeg reads), set its loudness ``level_lu`` under the voice."""
    from .loudness import measure

    if not path.is_file():
        raise UsageError(f"--music: {path} is not a file. Give an audio file (mp3, ogg, wav...).")
    rate = timeline.sample_rate
    try:
        samples = ffmpeg.decode(path=path, sample_rate=rate)
    except AudioError as exc:
        raise UsageError(f"--music: cannot read {path} as audio: {exc}") from exc
    if len(samples) < rate // 10 or not np.any(samples):
        raise UsageError(f"--music: {path} holds no sound (or less than 0.1 s of it).")
    loudness = measure(samples, rate)
    gain = 10 ** ((voice_lufs + level_lu - loudness) / 20)
    intervals = [(e.start, e.end) for e in timeline.events if e.kind == "speech"]
    intervals += [(c.start, c.end) for c in timeline.cues]
    intervals.sort()
    music = (samples.astype(np.float32) * np.float32(gain)).astype(np.float32)
    return MusicBed(music, timeline.total_samples, rate, intervals, 10 ** (-DUCK_DB / 20))
