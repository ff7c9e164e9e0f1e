"""Lay out and mix a plan while its speech is still being synthesised.

A line's position depends only on the lengths of the lines before it, and the plan is
synthesised in first-use order, so every clip that arrives lets the layout move on: each item
whose texts are all known is placed (``timeline.place``, exactly as ``layout`` does), its
sources go to the mixer, and the samples before the first item still waiting are final. The
encoder reads those blocks while the engine speaks the next lines, so a cold render's encoding
overlaps its synthesis instead of following it.

Clips arrive from the synthesis threads (``add``); ``blocks`` runs in the encoder's thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from .errors import StretchAudioError
from .mixer import BLOCK_SAMPLES, Mixer, Samples, sources_of
from .planner import Plan
from .timeline import Timeline, layout, needs, place


class Cancelled(StretchAudioError):
    """The render stopped before every clip arrived (its own error is reported instead)."""


class StreamingMix:
    """The plan's track as blocks, released as fast as its clips arrive."""

    def __init__(self, the_plan: Plan, block: int = BLOCK_SAMPLES) -> None:
        self.plan = the_plan
        self.block = block
        self._clips: dict[str, Samples] = {}
        self._lengths: dict[str, int] = {}
        self._ready = threading.Condition()
        self._cancelled = False
        self._next = 0  # index of the first item not placed yet
        self._pos = 0  # where it starts: every sample before it is final
        self._mixer = Mixer(block=block)

    def add(self, text: str, samples: Samples) -> None:
        """A clip is ready (called from any thread)."""
        with self._ready:
            self._clips[text] = samples
            self._lengths[text] = len(samples)
            self._ready.notify_all()

    def cancel(self) -> None:
        """Stop ``blocks`` (it raises ``Cancelled``): the render failed or was interrupted."""
        with self._ready:
            self._cancelled = True
            self._ready.notify_all()

    @property
    def done(self) -> bool:
        return self._next == len(self.plan.items)

    def _advance(self) -> bool:
        """Place every item whose texts are known; True if any was placed (lock held)."""
        items, rate = self.plan.items, self.plan.sample_rate
        start = self._next
        while self._next < len(items) and all(t in self._lengths for t in needs(items[self._next])):
            event, cues, _notes = place(items[self._next], self._pos, self._lengths, rate)
            self._mixer.add(sources_of([event], cues, self._clips, rate))
            self._pos = event.end
            self._next += 1
        return self._next > start

    def blocks(self) -> Iterator[Samples]:
        """The whole track, block by block; waits for clips, raises ``Cancelled`` if cancelled."""
        while True:
            with self._ready:
                while not self._cancelled and not self._advance() and not self.done:
                    self._ready.wait()
                if self._cancelled:
                    raise Cancelled("the render was stopped")
                done, final = self.done, self._pos
            # Whole blocks only until the end, so the encoder sees the same blocks either way.
            until = final if done else final - (final - self._mixer.pos) % self.block
            for block in self._mixer.blocks(until):
                if self._cancelled:
                    raise Cancelled("the render was stopped")
                yield block
            if done:
                return

    def timeline(self) -> Timeline:
        """The finished timeline (every clip has arrived); the same one ``layout`` gives."""
        with self._ready:
            finished = layout(self.plan, self._lengths)
        if finished.total_samples != self._pos:
            raise AssertionError("streamed layout and final layout disagree")
        return finished
