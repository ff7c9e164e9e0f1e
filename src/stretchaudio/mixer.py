"""Mix the timeline into PCM blocks, in order, in linear time and bounded memory.

Every sound (a spoken line, later a chime or a counted number) is a source placed at an exact
sample position; silence is simply where no source plays. Blocks are produced one after the
other, so the whole track never has to be in memory and the encoder can start at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from .planner import Role
from .sounds import sound
from .timeline import Timeline

BLOCK_SAMPLES = 1 << 16

Samples = npt.NDArray[np.int16]


@dataclass(frozen=True)
class Source:
    """Samples that start playing at ``start``, scaled by ``gain``."""

    start: int
    samples: Samples
    gain: float = 1.0

    @property
    def end(self) -> int:
        return self.start + len(self.samples)


CUE_VOICE_GAIN = 10 ** (-1 / 20)
"""Spoken cues (countdown, "Halfway.", breathing) sit just under the instructions; tempo words
are instructions and keep full level. Chimes and tones are generated well under the voice."""


def sources(timeline: Timeline, clips: Mapping[str, Samples]) -> list[Source]:
    """The timeline's speech and cues as sources, each exactly as long as its event."""
    out = []
    for ev in timeline.events:
        if ev.kind == "speech" and ev.text is not None:
            out.append(Source(ev.start, _fit(clips[ev.text], ev.length, ev.text)))
    for cue in timeline.cues:
        if cue.text is not None:
            gain = 1.0 if cue.role is Role.TEMPO_CUE else CUE_VOICE_GAIN  # tempo words instruct
            out.append(Source(cue.start, _fit(clips[cue.text], cue.length, cue.text), gain))
        elif cue.sound is not None:
            samples = sound(cue.sound, timeline.sample_rate)
            out.append(Source(cue.start, _fit(samples, cue.length, cue.sound)))
    return out


def _fit(samples: Samples, length: int, name: str) -> Samples:
    if len(samples) != length:
        raise ValueError(f"{name!r} has {len(samples)} samples but its slot has {length}")
    return samples


class Bed(Protocol):
    """Something playing under the whole track (background music)."""

    def block(self, b0: int, b1: int) -> npt.NDArray[np.float32]: ...


def mix(
    timeline: Timeline,
    clips: Mapping[str, Samples],
    gain: float = 1.0,
    block: int = BLOCK_SAMPLES,
    bed: Bed | None = None,
) -> Iterator[Samples]:
    """Yield the track as int16 blocks; the blocks add up to exactly ``total_samples``."""
    placed = sorted(sources(timeline, clips), key=lambda s: s.start)
    total = timeline.total_samples
    active: list[Source] = []
    nxt = 0
    for b0 in range(0, total, block):
        b1 = min(b0 + block, total)
        buf = np.zeros(b1 - b0, dtype=np.float32) if bed is None else bed.block(b0, b1)
        while nxt < len(placed) and placed[nxt].start < b1:
            active.append(placed[nxt])
            nxt += 1
        for src in active:
            a, b = max(src.start, b0), min(src.end, b1)
            if a < b:
                buf[a - b0 : b - b0] += src.samples[a - src.start : b - src.start] * src.gain
        active = [s for s in active if s.end > b1]
        if gain != 1.0:
            buf *= gain
        yield np.clip(np.round(buf), -32768, 32767).astype(np.int16)
