"""One way to stop the parts of a render that run in other threads and processes.

A :class:`Cancel` is shared by the parts of one render (the synthesis loop, the streaming mix,
the encoder threads and their ffmpeg processes). When one part fails, or the render is
interrupted, ``cancel()`` is called once: waiting threads wake up and raise :class:`Cancelled`,
and every registered action runs (ffmpeg processes are killed), so every thread can be joined
at once. The error that caused the cancellation is the one reported, never ``Cancelled``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator

from .errors import StretchAudioError

log = logging.getLogger(__name__)


class Cancelled(StretchAudioError):
    """Raised by a part of a render that was stopped because another part failed or the
    render was interrupted (that other error is reported instead)."""

    def __init__(self) -> None:
        super().__init__("the render was stopped because another part of it failed")


class Cancel:
    """A cancellation flag with actions to run when it is set (thread-safe)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._actions: dict[int, Callable[[], None]] = {}
        self._next = 0

    def cancel(self) -> None:
        """Set the flag and run every registered action (once; later calls do nothing)."""
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            actions = list(self._actions.values())
            self._actions.clear()
        for action in actions:
            try:
                action()
            except Exception:  # an action failing must not stop the others
                log.debug("a cancel action failed", exc_info=True)

    def is_set(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the flag is set."""
        if self._event.is_set():
            raise Cancelled()

    @contextlib.contextmanager
    def hook(self, action: Callable[[], None]) -> Iterator[None]:
        """Run ``action`` if the flag is set while the block runs (at once if already set)."""
        with self._lock:
            key = self._next
            self._next += 1
            if not self._event.is_set():
                self._actions[key] = action
                action = _nothing
        action()
        try:
            yield
        finally:
            with self._lock:
                self._actions.pop(key, None)


def _nothing() -> None:
    return None


class Worker:
    """A thread whose end is waited for on an event, not with ``Thread.join``: in CPython
    3.11 a join interrupted by Ctrl-C can mark a thread stopped while it still runs (so it
    would be abandoned, with its ffmpeg); an event wait is interrupted harmlessly."""

    def __init__(self, target: Callable[[], None], name: str) -> None:
        self.error: BaseException | None = None
        self._target = target
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Worker:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self._target()
        except BaseException as exc:  # kept for the waiting thread to report
            self.error = exc
        finally:
            self._done.set()

    def wait(self, cancel: Cancel | None = None) -> None:
        """Wait until the thread has ended, even if interrupted meanwhile: the interruption
        cancels ``cancel`` at once (so the thread stops soon) and is raised afterwards."""
        interrupted = wait_for(self._done, cancel)
        self._thread.join(5.0)  # it has finished its work; this only reaps it
        if interrupted is not None:
            raise interrupted


def wait_for(event: threading.Event, cancel: Cancel | None = None) -> BaseException | None:
    """Wait for ``event`` through any interruption; return the first interruption (if any),
    after cancelling ``cancel``."""
    interrupted: BaseException | None = None
    while True:
        try:
            event.wait()
            return interrupted
        except KeyboardInterrupt as exc:
            interrupted = interrupted or exc
            if cancel is not None:
                cancel.cancel()
