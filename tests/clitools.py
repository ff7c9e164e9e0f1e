"""Helpers shared by the CLI robustness tests: running the CLI as a user does, reading its one
``Error:`` line, snapshots of an output folder, checks of the clip cache, fake ffmpegs, and
processes to signal."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from stretchaudio import cache, ffmpeg, sidecars
from stretchaudio.cli import cli

SRC = Path(__file__).resolve().parents[1] / "src"


def run(args: list[str], cache: Path, **env: str) -> Result:
    """The CLI in-process, as a user runs it (exceptions are caught and checked)."""
    environment = {"STRETCHAUDIO_CACHE_DIR": str(cache), "STRETCHAUDIO_CONFIG": "/nonexistent"}
    return CliRunner(mix_stderr=False).invoke(cli, args, env={**environment, **env})


def error_line(result: Result, code: int, *needles: str) -> str:
    """The one ``Error:`` line of a failed run: right exit code, no traceback, says ``needles``."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def one_line(result: Result, code: int, *needles: str) -> str:
    """As ``error_line``, and the whole of stderr is that one line."""
    line = error_line(result, code, *needles)
    assert result.stderr.strip() == line, result.stderr
    return line


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every entry in ``folder`` (hidden ones too) with its bytes (a folder: b"<folder>")."""
    if not folder.exists():
        return {}
    return {
        p.name: b"<folder>" if p.is_dir() and not p.is_symlink() else p.read_bytes()
        for p in folder.iterdir()
    }


def check_cache(folder: Path) -> int:
    """No temporary file is left in the cache and every entry is whole, under the name its
    own key gives; returns the count."""
    if not folder.exists():
        return 0
    assert not list(folder.rglob(".tmp-*")), list(folder.rglob(".tmp-*"))
    entries = list(folder.glob("??/*.clip"))
    for path in entries:
        assert path.is_file() and not path.is_symlink(), path  # never read a link to /dev/zero
        data = path.read_bytes()
        key = data[cache.HEADER : cache.HEADER + int.from_bytes(data[8:12], "little")].decode()
        samples, problem = cache.unpack(data, key)
        assert samples is not None, (path, problem)
        assert cache.entry_name(key) == (path.parent.name, path.name)
    return len(entries)


OUTPUTS = ("mp3", *sidecars.KINDS, *sidecars.PICTURE_KINDS, *sidecars.PAGE_KINDS)
"""Every file a default build writes: the MP3 and its sidecars."""


def good_output(small: Path, cache: Path, out: Path) -> dict[str, bytes]:
    """Render ``small`` into ``out`` once: the earlier good files a failure must not touch."""
    result = run(["build", str(small), "-o", str(out), "--hold", "2"], cache)
    assert result.exit_code == 0, result.stderr
    files = snapshot(out)
    assert set(files) == {f"small-one.{k}" for k in OUTPUTS}
    return files


def left_as_it_was(out: Path, before: dict[str, bytes]) -> None:
    after = snapshot(out)
    assert not [name for name in after if name.endswith(".part")], after.keys()
    assert after.keys() == before.keys()
    for name, data in before.items():
        assert after[name] == data, f"{name} changed"


def fake_ffmpeg(folder: Path, body: str, probe: bool = True, decode: bool = False) -> Path:
    """An ffmpeg that runs ``body`` (``$REAL`` is the real ffmpeg, ``$OUT`` the output path).
    With ``probe`` it passes the start-up check (the real ffmpeg answers ``-h``), so the fault
    shows when it encodes; with ``decode`` the real ffmpeg decodes MP3 from a pipe (the check
    of an encoded file), so the fault is in the encoding alone."""
    real = ffmpeg.find().path
    script = folder / "ffmpeg"
    cases = [' *" -h "*'] if probe else []
    cases += [' *" -f mp3 -i pipe:0 "*'] if decode else []
    # in its own folder: a body that writes to its last argument (say "pipe:1" when it is
    # asked to decode) never leaves a file where the tests run
    head = f'REAL={real}\ncd "{folder}" || exit 1\nfor OUT; do :; done\n'
    if cases:
        head += f'case " $* " in {"|".join(c.strip() for c in cases)}) exec "$REAL" "$@";; esac\n'
    script.write_text("#!/bin/sh\n" + head + body)
    script.chmod(0o755)
    return script


def record_moves(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the target name of every ``os.replace`` (files moved into place), in order."""
    moved: list[str] = []
    real = os.replace

    def replace(src: Any, dst: Any, **kw: Any) -> None:
        moved.append(str(dst))
        real(src, dst, **kw)

    monkeypatch.setattr(os, "replace", replace)
    return moved


def enospc(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def start(
    args: list[str], cache: Path, env: dict[str, str] | None = None, **kw: Any
) -> subprocess.Popen[str]:
    """The CLI in its own process. Its environment carries STRETCHAUDIO_TEST_RUN=<pid-ish
    marker> (``marker(proc)``), which every child inherits: ``processes_with`` finds them."""
    environment = {**os.environ, "PYTHONPATH": str(SRC), "STRETCHAUDIO_CACHE_DIR": str(cache)}
    environment["STRETCHAUDIO_CONFIG"] = "/nonexistent"
    environment.pop("STRETCHAUDIO_FFMPEG", None)
    environment["STRETCHAUDIO_TEST_RUN"] = f"run-{time.monotonic_ns()}"
    environment.update(env or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "stretchaudio", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        **kw,
    )
    _markers[proc.pid] = environment["STRETCHAUDIO_TEST_RUN"]
    return proc


_markers: dict[int, str] = {}


def processes_with(proc: subprocess.Popen[str]) -> list[str]:
    """Command lines of the live processes started by ``proc`` or its children (found by the
    marker in their environment), ``proc`` itself excluded."""
    needle = f"STRETCHAUDIO_TEST_RUN={_markers[proc.pid]}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == proc.pid:
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                status = (entry / "stat").read_text().split(") ", 1)[1]
                if not status.startswith("Z"):  # a zombie is dead
                    found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError):
            continue
    return found


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen[str], limit: float) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"finished before the signal: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the condition never came")
        time.sleep(0.02)


def staged(out: Path, name: str) -> bool:
    """Whether a run is writing ``name`` into ``out`` (in its private staging folder: as
    ``N-NAME``, or its audio alone as ``N-audio-NAME``)."""
    return any(p.stat().st_size > 0 for p in out.glob(f".stretchaudio-*.tmp/*-{name}"))


def check_interrupted(proc: subprocess.Popen[str], code: int) -> None:
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert stderr.strip() == "Interrupted; no partial file was left behind.", stderr
