"""Mix the timeline into PCM blocks, in order, in linear time and bounded memory.

Every sound (a spoken line, later a chime or a counted number) is a source placed at an exact
sample position; silence is simply where no source plays. Blocks are produced one after the
other, so the whole track never has to be in memory and the encoder can start at once.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from .sounds import sound
from .timeline import Cue, Event, Timeline

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


def sources(timeline: Timeline, clips: Mapping[str, Samples]) -> list[Source]:
    """The timeline's speech and cues as sources, each exactly as long as its event."""
    return sources_of(timeline.events, timeline.cues, clips, timeline.sample_rate)


def sources_of(
    events: Iterable[Event], cues: Iterable[Cue], clips: Mapping[str, Samples], rate: int
) -> list[Source]:
    """Speech events and cues as sources (silent events play nothing)."""
    out = []
    for ev in events:
        if ev.kind == "speech" and ev.text is not None:
            out.append(Source(ev.start, _fit(clips[ev.text], ev.length, ev.text)))
    for cue in cues:
        if cue.text is not None:
            out.append(Source(cue.start, _fit(clips[cue.text], cue.length, cue.text), cue.gain))
        elif cue.sound is not None:
            samples = sound(cue.sound, rate)
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
    mixer = Mixer(gain, block, bed)
    mixer.add(sources(timeline, clips))
    return mixer.blocks(timeline.total_samples)


class Mixer:
    """Mixes sources into blocks from sample 0 on; sources may be added as the mix goes,
    as long as none starts before the samples already mixed (``pos``)."""

    def __init__(self, gain: float = 1.0, block: int = BLOCK_SAMPLES, bed: Bed | None = None):
        self.gain = gain
        self.block = block
        self.bed = bed
        self.pos = 0
        self._waiting: list[tuple[int, int, Source]] = []  # heap by start, then order added
        self._added = 0
        self._active: list[Source] = []

    def add(self, new: Iterable[Source]) -> None:
        for src in new:
            if src.start < self.pos:
                raise ValueError("a source starts before the samples already mixed")
            heapq.heappush(self._waiting, (src.start, self._added, src))
            self._added += 1

    def blocks(self, until: int) -> Iterator[Samples]:
        """Mix and yield samples ``pos`` to ``until`` in blocks of at most ``block``."""
        while self.pos < until:
            b0, b1 = self.pos, min(self.pos + self.block, until)
            buf = (
                np.zeros(b1 - b0, dtype=np.float32) if self.bed is None else self.bed.block(b0, b1)
            )
            while self._waiting and self._waiting[0][0] < b1:
                self._active.append(heapq.heappop(self._waiting)[2])
            for src in self._active:
                a, b = max(src.start, b0), min(src.end, b1)
                if a < b:
                    buf[a - b0 : b - b0] += src.samples[a - src.start : b - src.start] * src.gain
            self._active = [s for s in self._active if s.end > b1]
            if self.gain != 1.0:
                buf *= self.gain
            self.pos = b1
            yield np.clip(np.round(buf), -32768, 32767).astype(np.int16)
