"""Stop cleanly on SIGINT, SIGTERM, SIGHUP and SIGQUIT, and never cut a commit in half.

The CLI calls :func:`install`. Each of those signals then raises :class:`Interrupted` (a
``KeyboardInterrupt``) in the main thread, so every ``finally`` and context manager cleans up
as after Ctrl-C. The first signal starts the shutdown; later ones are only noted, so a second
Ctrl-C cannot stop the clean-up half way (every wait in the clean-up has a time limit, and
SIGKILL still ends the process). Inside :func:`critical` (moving finished files into place, or
putting the old ones back), even the first signal waits until the section is over.

Without :func:`install` (the library used from Python), signals keep Python's defaults.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

HANDLED = tuple(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
    if hasattr(signal, name)
)


class Interrupted(KeyboardInterrupt):
    """Raised in the main thread when one of the handled signals arrives."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as shells report it: 130 SIGINT, 143 SIGTERM, 129, 131."""
        return 128 + self.signum


class _State:
    def __init__(self) -> None:
        self.installed = False
        self.received: int | None = None  # the first signal
        self.depth = 0  # critical sections open, in any thread
        self.pending = False  # a signal arrived inside a critical section
        self.raise_now = False  # deliver the pending signal (sent to the main thread)
        # Re-entrant: the handler runs in the main thread, possibly while it holds the lock.
        self.lock = threading.RLock()


_state = _State()


_previous: dict[int, Any] = {}


def install() -> None:
    """Handle the signals (main thread only); forgets any signal from an earlier run."""
    global _state
    _state = _State()
    _state.installed = True
    for signum in HANDLED:
        previous = signal.signal(signum, _handler)
        _previous.setdefault(signum, previous)


def uninstall() -> None:
    """Put back the handlers that were there before :func:`install` (the CLI run in-process,
    as tests do, leaves the process as it found it)."""
    for signum, previous in _previous.items():
        signal.signal(signum, previous)
    _previous.clear()
    _state.installed = False


def received() -> int | None:
    """The first handled signal received since :func:`install`, if any."""
    return _state.received


def _handler(signum: int, frame: FrameType | None) -> None:
    state = _state
    if state.raise_now:
        state.raise_now = False
        raise Interrupted(state.received or signum)
    if state.received is not None:
        return  # already stopping: let the clean-up finish
    state.received = signum
    with state.lock:
        if state.depth > 0:
            state.pending = True
            return
    raise Interrupted(signum)


def take_pending() -> None:
    """Inside a critical section: raise the signal that arrived meanwhile now (so the section
    can undo its work), instead of when the section ends."""
    state = _state
    with state.lock:
        if not state.pending:
            return
        state.pending = False
    assert state.received is not None
    raise Interrupted(state.received)


@contextlib.contextmanager
def critical() -> Iterator[None]:
    """A section that a signal must not cut: the signal is delivered when it ends."""
    state = _state
    with state.lock:
        state.depth += 1
    try:
        yield
    finally:
        with state.lock:
            state.depth -= 1
            fire = state.depth == 0 and state.pending and state.installed
            if fire:
                state.pending = False
        if fire:
            _deliver(state)


def _deliver(state: _State) -> None:
    assert state.received is not None
    if threading.current_thread() is threading.main_thread():
        raise Interrupted(state.received)
    state.raise_now = True  # the main thread's handler raises it
    main = threading.main_thread().ident
    if main is not None:
        signal.pthread_kill(main, state.received)
