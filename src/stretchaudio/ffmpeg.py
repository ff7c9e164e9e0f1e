"""Find a working ffmpeg, run it with a time limit and bounded output, and decode audio.

$STRETCHAUDIO_FFMPEG is used when set (and must work); otherwise the ffmpeg on PATH, unless it
fails a quick check (it must run and have the MP3 encoder), then the static binary shipped in
the ``imageio-ffmpeg`` wheel. That binary has no ffprobe, so we always call ffmpeg itself with
explicit raw formats.

Nothing ffmpeg does is trusted blindly: every run has a time budget (waiting for ffmpeg counts
against it; waiting for our own input does not) after which the process is killed, its output
is read up to a bound, and decoded audio is checked against what the input holds.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from . import mp3
from .errors import AudioError

log = logging.getLogger(__name__)

BASE_SECONDS = 30.0
"""Every ffmpeg run may keep us waiting this long, plus PER_AUDIO_SECOND per second of audio."""
PER_AUDIO_SECOND = 0.1
"""ffmpeg is expected to work at 10x real time at least (it does 100-400x)."""
PROBE_SECONDS = 10.0
MAX_DECODE_SECONDS = 4 * 3600
"""Decoding stops with an error beyond this much audio (bounded memory)."""
_ERR_KEEP = 4096


class Stuck(AudioError):
    """ffmpeg kept us waiting longer than its time budget and was killed."""

    def __init__(self, exe: str, budget: float) -> None:
        super().__init__(
            f"ffmpeg ({exe}) stopped responding and was stopped after {budget:.0f} s; "
            "check that it works (ffmpeg -version) or set STRETCHAUDIO_FFMPEG to another one"
        )


class Child:
    """An ffmpeg process: we feed its stdin, ``on_output`` gets its stdout, the end of its
    stderr is kept. Every wait for it counts against ``budget`` seconds; when they are used up
    it is killed and :class:`Stuck` raised. ``close()`` always leaves it dead and reaped."""

    def __init__(
        self,
        cmd: Sequence[str],
        *,
        budget: float,
        on_output: Callable[[bytes], None] | None = None,
        pass_fds: Sequence[int] = (),
        nice: int = 0,
    ) -> None:
        self.exe = cmd[0]
        try:
            self.proc = subprocess.Popen(
                list(cmd),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE if on_output else subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                pass_fds=tuple(pass_fds),
                process_group=0,  # a terminal's Ctrl-C is ours to handle, not ffmpeg's
            )
        except OSError as exc:
            raise AudioError(f"could not start ffmpeg ({self.exe}): {exc.strerror or exc}") from exc
        if nice and hasattr(os, "setpriority"):
            with contextlib.suppress(OSError):  # only a preference: it may be refused
                ours = os.getpriority(os.PRIO_PROCESS, 0)
                os.setpriority(os.PRIO_PROCESS, self.proc.pid, min(19, ours + nice))
        self.budget = budget
        self.waited = 0.0
        self.on_output = on_output
        self.err = bytearray()
        self._poll = select.poll()
        self._readers: dict[int, bool] = {}  # fd -> is stderr
        for stream, is_err in ((self.proc.stdout, False), (self.proc.stderr, True)):
            if stream is not None:
                os.set_blocking(stream.fileno(), False)
                self._poll.register(stream.fileno(), select.POLLIN)
                self._readers[stream.fileno()] = is_err
        assert self.proc.stdin is not None
        self._stdin = self.proc.stdin.fileno()
        os.set_blocking(self._stdin, False)
        for fd in (self._stdin, *self._readers):
            _widen(fd)

    def write(self, data: bytes) -> None:
        """Write all of ``data``; BrokenPipeError when ffmpeg has stopped reading."""
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(self._stdin, view) :]
            except BlockingIOError:
                self._wait(writing=True)

    def drain(self) -> None:
        """Read what ffmpeg has written so far, without waiting."""
        if self._readers:
            self._events(self._poll.poll(0))

    def finish(self) -> int:
        """Close ffmpeg's input, read the rest of its output, and return its exit code."""
        with contextlib.suppress(OSError):
            assert self.proc.stdin is not None
            self.proc.stdin.close()
        while self._readers:
            self._wait(writing=False)
        while True:
            self._check_budget()
            start = time.monotonic()
            try:
                return self.proc.wait(timeout=min(0.5, self.budget - self.waited))
            except subprocess.TimeoutExpired:
                pass
            finally:
                self.waited += time.monotonic() - start

    def kill(self) -> None:
        """Kill ffmpeg if it still runs, and reap it."""
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.proc.kill()
            self.proc.wait()

    def close(self) -> None:
        self.kill()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def error_line(self) -> str:
        """ffmpeg's last message line, or ''."""
        lines = self.err.decode("utf-8", "replace").strip().splitlines()
        return " ".join(lines[-1].split())[:300] if lines else ""

    def _check_budget(self) -> None:
        if self.waited >= self.budget:
            self.kill()
            raise Stuck(self.exe, self.budget)

    def _wait(self, writing: bool) -> None:
        self._check_budget()
        if writing:
            self._poll.register(self._stdin, select.POLLOUT)
        start = time.monotonic()
        try:
            events = self._poll.poll(min(0.5, self.budget - self.waited) * 1000)
        finally:
            if writing:
                self._poll.unregister(self._stdin)
            self.waited += time.monotonic() - start
        self._events(events)

    def _events(self, events: list[tuple[int, int]]) -> None:
        for fd, _ in events:
            if fd not in self._readers:
                continue
            try:
                data = os.read(fd, _PIPE_BYTES)
            except BlockingIOError:
                continue
            if not data:
                self._poll.unregister(fd)
                del self._readers[fd]
            elif self._readers[fd]:
                self.err += data
                del self.err[:-_ERR_KEEP]
            elif self.on_output is not None:
                self.on_output(data)


_PIPE_BYTES = 1 << 20


def _widen(fd: int) -> None:
    """A 1 MB pipe (Linux) instead of 64 KB: a whole block of samples per write, fewer
    wake-ups per second of audio."""
    with contextlib.suppress(OSError, AttributeError):
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)


class _Enough(Exception):
    """Raised from an output callback to stop reading."""


def run(
    cmd: Sequence[str],
    *,
    data: bytes | None = None,
    budget: float = BASE_SECONDS,
    max_output: int = 1 << 16,
    keep_first: bool = False,
    pass_fds: Sequence[int] = (),
) -> tuple[int, bytes, str]:
    """Run ffmpeg to the end: (exit code, stdout, last stderr line). More than ``max_output``
    bytes of output is an error, or with ``keep_first`` the first bytes (and ffmpeg is
    stopped: exit code 0)."""
    out = bytearray()

    def take(chunk: bytes) -> None:
        out.extend(chunk)
        if len(out) > max_output:
            raise _Enough

    child = Child(cmd, budget=budget, on_output=take, pass_fds=pass_fds)
    try:
        if data:
            with contextlib.suppress(BrokenPipeError):
                child.write(data)
        code = child.finish()
    except _Enough:
        if not keep_first:
            raise AudioError(
                f"ffmpeg ({child.exe}) wrote more than {max_output} bytes, more than it should; "
                "check that it works or set STRETCHAUDIO_FFMPEG to another one"
            ) from None
        return 0, bytes(out[:max_output]), ""
    finally:
        child.close()
    return code, bytes(out), child.error_line()


# --- which ffmpeg --------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """The ffmpeg in use, where it came from, and why the one on PATH was not used."""

    path: str
    source: str
    skipped: str | None = None


_lock = threading.Lock()
_found: dict[tuple[str | None, str | None], Found] = {}


def probe(exe: str) -> str | None:
    """None if ``exe`` runs as an ffmpeg with an MP3 encoder, else what is wrong with it."""
    cmd = [exe, "-hide_banner", "-loglevel", "error", "-h", "encoder=libmp3lame"]
    try:
        code, out, err = run(cmd, budget=PROBE_SECONDS)
    except Stuck:
        return f"did not answer within {PROBE_SECONDS:.0f} s"
    except AudioError as exc:
        if "could not start" in str(exc):
            return f"cannot be run ({str(exc).rsplit(': ', 1)[-1]})"
        return "does not answer as ffmpeg does"
    if code != 0:
        return f"fails ({err or f'exit code {code}'})"
    if b"libmp3lame" not in out:
        return "has no MP3 encoder (libmp3lame)"
    return None


def find() -> Found:
    """The ffmpeg to use (checked once per process and setting)."""
    key = (os.environ.get("STRETCHAUDIO_FFMPEG") or None, os.environ.get("PATH"))
    with _lock:
        if key not in _found:
            _found[key] = _choose(key[0])
        return _found[key]


def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary to run (see the module's doc)."""
    return find().path


def find_soon() -> None:
    """Start checking the ffmpeg in the background (its first use then does not wait)."""

    def check() -> None:
        with contextlib.suppress(AudioError):  # raised again, clearly, at the first use
            find()

    threading.Thread(target=check, name="find-ffmpeg", daemon=True).start()


def forget() -> None:
    """Check again at the next use (tests that move ffmpeg around)."""
    with _lock:
        _found.clear()


def _choose(configured: str | None) -> Found:
    if configured:
        if not (Path(configured).is_file() and os.access(configured, os.X_OK)):
            raise AudioError(
                f"STRETCHAUDIO_FFMPEG points to {configured!r}, which is not an executable file. "
                "Unset it or point it at an ffmpeg binary."
            )
        problem = probe(configured)
        if problem:
            raise AudioError(
                f"STRETCHAUDIO_FFMPEG points to {configured!r}, which {problem}. "
                "Unset it or point it at a working ffmpeg binary."
            )
        return Found(configured, "STRETCHAUDIO_FFMPEG")
    on_path = shutil.which("ffmpeg")
    skipped = None
    if on_path:
        skipped = probe(on_path)
        if skipped is None:
            return Found(on_path, "PATH")
    bundled = _bundled(on_path, skipped)
    if on_path:
        log.warning(
            "the ffmpeg on PATH (%s) %s; using the bundled one (%s)", on_path, skipped, bundled
        )
        skipped = f"{on_path} {skipped}"
    return Found(bundled, "bundled (imageio-ffmpeg)", skipped)


def _bundled(on_path: str | None, skipped: str | None) -> str:
    why = f"the ffmpeg on PATH ({on_path}) {skipped}" if on_path else "ffmpeg was not found on PATH"
    try:
        import imageio_ffmpeg

        exe: str = imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:
        raise AudioError(
            f"{why} and the bundled one (imageio-ffmpeg) is unavailable: {exc}. "
            "Reinstall stretchaudio with pip, or install ffmpeg."
        ) from exc
    problem = probe(exe)
    if problem:
        raise AudioError(
            f"{why} and the bundled one ({exe}) {problem}. Reinstall stretchaudio with pip, "
            "or install ffmpeg."
        )
    return exe


def describe() -> str:
    """One line: which ffmpeg is used, its version, and why (for `engines` and --version)."""
    try:
        found = find()
    except AudioError as exc:
        return f"ffmpeg: NOT available: {exc}"
    try:
        _, out, _ = run([found.path, "-hide_banner", "-version"], budget=PROBE_SECONDS)
        version = out.decode("utf-8", "replace").splitlines()[0].split(" Copyright")[0]
    except (AudioError, IndexError):
        version = "version unknown"
    note = f"; not {found.skipped}" if found.skipped else ""
    return f"ffmpeg: {found.path} ({found.source}; {version}{note})"


# --- decoding --------------------------------------------------------------------------------


def decode(
    data: bytes | None = None,
    *,
    path: Path | None = None,
    sample_rate: int,
    input_format: str | None = None,
    input_args: list[str] | None = None,
    filters: str | None = None,
) -> npt.NDArray[np.int16]:
    """Decode audio bytes or a file to mono int16 at ``sample_rate`` (ffmpeg resamples).

    ``filters`` is an ffmpeg ``-af`` filter chain applied before resampling (e.g. ``atempo``).
    At most MAX_DECODE_SECONDS of audio is read. MP3 bytes are checked after decoding: the
    samples must match the input's frames (scaled by any ``atempo``), so a broken ffmpeg's
    output never passes for speech.
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error"]
    if input_format:
        cmd += ["-f", input_format]
    cmd += input_args or []
    cmd += ["-i", str(path) if path is not None else "pipe:0"]
    if filters:
        cmd += ["-af", filters]
    cmd += ["-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-ar", str(sample_rate), "pipe:1"]
    size = len(data) if data is not None else _size(path)
    budget = BASE_SECONDS + size / 100_000  # 10 s per MB: > 10x real time for any codec
    limit = MAX_DECODE_SECONDS * sample_rate * 2
    source = path or "audio data"
    code, raw, err = run(cmd, data=data if path is None else None, budget=budget, max_output=limit)
    if code != 0:
        raise AudioError(f"ffmpeg could not decode {source}: {err or f'exit code {code}'}")
    samples = np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2").astype(np.int16)
    if data is not None and input_format == "mp3":
        _check_decoded(data, len(samples), sample_rate, filters, cmd[0])
    return samples


def _size(path: Path | None) -> int:
    try:
        return path.stat().st_size if path is not None else 0
    except OSError:
        return 0


def tempo(filters: str | None) -> float | None:
    """The tempo change made by a chain of ``atempo`` filters (1.0 without filters; None for
    other filters)."""
    factor = 1.0
    for stage in (filters or "").split(","):
        if not stage:
            continue
        name, _, value = stage.partition("=")
        try:
            if name.strip() != "atempo":
                return None
            factor *= float(value)
        except ValueError:
            return None
    return factor


def _check_decoded(data: bytes, count: int, rate: int, filters: str | None, exe: str) -> None:
    """Raise unless ``count`` samples is what the MP3 ``data`` decodes to (within codec
    delay and padding, and the tempo filters' rounding)."""
    held = mp3.duration(data)
    factor = tempo(filters)
    if held is None or factor is None:
        return
    frames_samples, mp3_rate = held
    expected = frames_samples * rate / mp3_rate / factor
    slack = 0.03 * expected + 2 * 1152 * rate / mp3_rate + 0.02 * rate
    if abs(count - expected) > slack:
        raise AudioError(
            f"ffmpeg ({exe}) decoded {count / rate:.2f} s of audio from an MP3 that holds "
            f"{expected / rate:.2f} s; it is not working properly. Set STRETCHAUDIO_FFMPEG to "
            "another ffmpeg, or unset it to use the bundled one"
        )
