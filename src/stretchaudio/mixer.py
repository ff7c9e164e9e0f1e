"""Mix the timeline into PCM blocks, in order, in linear time and bounded memory.

Every sound (a spoken line, later a chime or a counted number) is a source placed at an exact
sample position; silence is simply where no source plays. Blocks are produced one after the
other, so the whole track never has to be in memory and the encoder can start at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .planner import Timeline

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
    """The timeline's speech as sources, each clip exactly as long as its event."""
    out = []
    for ev in timeline.events:
        if ev.kind == "speech" and ev.text is not None:
            clip = clips[ev.text]
            if len(clip) != ev.length:
                raise ValueError(f"clip for {ev.text!r} has {len(clip)} samples, event {ev.length}")
            out.append(Source(ev.start, clip))
    return out


def mix(
    timeline: Timeline,
    clips: Mapping[str, Samples],
    gain: float = 1.0,
    block: int = BLOCK_SAMPLES,
) -> Iterator[Samples]:
    """Yield the track as int16 blocks; the blocks add up to exactly ``total_samples``."""
    placed = sorted(sources(timeline, clips), key=lambda s: s.start)
    total = timeline.total_samples
    active: list[Source] = []
    nxt = 0
    for b0 in range(0, total, block):
        b1 = min(b0 + block, total)
        buf = np.zeros(b1 - b0, dtype=np.float32)
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
