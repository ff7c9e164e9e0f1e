"""Lay out and mix a plan while its speech is still being synthesised.

A line's position depends only on the lengths of the lines before it, and the plan is
synthesised in first-use order, so every clip that arrives lets the layout move on: each item
whose texts are all known is placed (``timeline.place``, exactly as ``layout`` does), its
sources go to the mixer, and the samples before the first item still waiting are final. The
encoder reads those blocks while the engine speaks the next lines, so a cold render's encoding
overlaps its synthesis instead of following it.

Clips arrive from the synthesis threads (``add``); ``blocks`` runs in the encoder's thread.
:func:`run` is the whole choreography: the encoder's thread, the synthesis in the caller's
thread, one :class:`~stretchaudio.cancel.Cancel` that stops both when either fails or the run
is interrupted, and a join that always happens.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

from .cancel import Cancel, Cancelled, Worker
from .mixer import BLOCK_SAMPLES, Mixer, Samples, sources_of
from .planner import Plan
from .timeline import Timeline, layout, needs, place

__all__ = ["Cancelled", "StreamingMix", "run"]

Encode = Callable[[Iterator[Samples], Callable[[], Timeline], Cancel], object]
"""Encodes the blocks; the second argument gives the finished timeline after the last block."""
Synthesise = Callable[[list[str], Callable[[str, Samples], None], Cancel], object]
"""Synthesises the texts, calling the second argument as each clip is ready."""


def run(
    the_plan: Plan,
    cached: dict[str, Samples],
    missing: list[str],
    synthesise: Synthesise,
    encode: Encode,
) -> Timeline:
    """Synthesise ``missing`` in this thread while another thread mixes and encodes whatever
    is laid out (``cached`` clips at once, the others as they come); the finished timeline.

    When either side fails, or the run is interrupted, the other is cancelled, the encoder's
    thread (and its ffmpeg) always ends before this returns, and the first real error is
    raised (never ``Cancelled`` when there is a cause)."""
    cancel = Cancel()
    mix = StreamingMix(the_plan, cancel=cancel)
    for text, samples in cached.items():
        mix.add(text, samples)

    def work() -> None:
        try:
            encode(mix.blocks(), mix.timeline, cancel)
        except BaseException:
            cancel.cancel()  # stop the synthesis too
            raise

    worker = Worker(work, name="encode").start()
    try:
        synthesise(missing, mix.add, cancel)
    except BaseException as exc:
        cancel.cancel()
        worker.wait(cancel)
        if isinstance(exc, Cancelled) and worker.error is not None:
            raise worker.error from None
        raise
    worker.wait(cancel)
    if worker.error is not None:
        raise worker.error
    return mix.timeline()


class StreamingMix:
    """The plan's track as blocks, released as fast as its clips arrive."""

    def __init__(
        self, the_plan: Plan, block: int = BLOCK_SAMPLES, cancel: Cancel | None = None
    ) -> None:
        self.plan = the_plan
        self.block = block
        self.cancel_token = cancel or Cancel()
        self._clips: dict[str, Samples] = {}
        self._lengths: dict[str, int] = {}
        self._ready = threading.Condition()
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
        self.cancel_token.cancel()
        self._wake()

    def _wake(self) -> None:
        with self._ready:
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
        token = self.cancel_token
        with token.hook(self._wake):
            while True:
                with self._ready:
                    while not token.is_set() and not self._advance() and not self.done:
                        self._ready.wait()
                    token.check()
                    done, final = self.done, self._pos
                # Whole blocks only until the end, so the encoder sees the same blocks either way.
                until = final if done else final - (final - self._mixer.pos) % self.block
                for block in self._mixer.blocks(until):
                    token.check()
                    yield block
                if done:
                    return

    def timeline(self) -> Timeline:
        """The finished timeline (every clip has arrived, even if not every block has been
        mixed yet); the same one ``layout`` gives."""
        with self._ready:
            finished = layout(self.plan, self._lengths)
            if self.done and finished.total_samples != self._pos:
                raise AssertionError("streamed layout and final layout disagree")
        return finished
