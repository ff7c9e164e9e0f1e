"""Failing clearly and leaving everything as it was (issue #8).

Bad input of every kind through the real CLI (one ``Error:`` line naming the file, line and
field, exit code 2 for bad input and 1 for failures, no traceback unless ``--debug``), faults
injected into every stage (speech engine, network, ffmpeg, output folder, disk, cache), real
SIGINT/SIGTERM during synthesis and during encoding, and concurrent renders. After every
failure: no partial or temporary file in the output folder, an earlier MP3 of the same name
byte-identical, and a consistent clip cache.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest
import requests
from click.testing import CliRunner

from clitools import (
    OUTPUTS,
    SRC,
    check_cache,
    check_interrupted,
    enospc,
    error_line,
    fake_ffmpeg,
    good_output,
    left_as_it_was,
    one_line,
    run,
    snapshot,
    staged,
    start,
    wait_for,
)
from fake_gtts import FakeGoogle
from measure import decode
from stretchaudio import atomic, encoder, ffmpeg
from stretchaudio.cli import cli
from stretchaudio.engines import base
from stretchaudio.engines.base import Clip, EngineSettings
from stretchaudio.errors import EngineError, RoutineError
from stretchaudio.naming import MAX_NAME_LENGTH

# --- bad input ----------------------------------------------------------------------------------

R = "title: X\nexercises:\n  - name: A\n    steps: [Go.]\n"
BAD_FILES: list[tuple[str, str | bytes, tuple[str, ...]]] = [
    ("invalid-yaml", "title: X\nexercises:\n  - name: A\n    steps: [Go.\n", (":5:1:", "YAML")),
    ("tab", "title: X\nexercises:\n\t- name: A\n", (":3:1:", "tabs")),
    ("wrong-type", "title: X\nexercises: 5\n", (":2:12: exercises:", "expected a list")),
    ("title-list", "title: [a, b]\nexercises: []\n", (":1:8: title:", "expected text")),
    ("hold-text", R.replace("    steps", "    hold: 30s\n    steps"), (":4:11:", "write 30")),
    ("unknown-key", R.replace("    steps", "    reps: 3\n    steps"), (":4:5:", "'repetitions'")),
    ("unknown-top", "titel: X\n" + R[9:], (":1:1: titel:", "did you mean 'title'")),
    ("empty-file", "", ("no routine found",)),
    ("only-comments", "# nothing here\n---\n", ("no routine found",)),
    ("no-exercises", "title: X\nexercises: []\n", (":2:12: exercises:", "is empty")),
    ("no-title", "exercises:\n  - name: A\n    steps: [Go.]\n", (":1:1: title:", "missing")),
    ("empty-steps", "title: X\nexercises:\n  - name: A\n    steps: []\n", ("steps:", "empty")),
    ("blank-step", R.replace("[Go.]", '["   "]'), (":4:13: exercises[0].steps[0]:", "blank")),
    ("null-step", R.replace("[Go.]", "[~]"), ("exercises[0].steps[0]:", "empty value")),
    ("empty-text", R.replace("[Go.]", '[{text: ""}]'), ("steps[0]", "no text")),
    ("negative", R.replace("    steps", "    hold: -5\n    steps"), (":4:11:", "-5", "1 to 600")),
    ("zero", R.replace("    steps", "    hold: 0\n    steps"), ("exercises[0].hold:", "0 is")),
    ("absurd", R.replace("    steps", "    hold: 100000\n    steps"), ("hold:", "1 to 600")),
    ("nan", R.replace("    steps", "    hold: .nan\n    steps"), ("hold:", "nan is outside")),
    ("inf", R.replace("    steps", "    rest: .inf\n    steps"), ("rest:", "0 to 600")),
    ("huge-sets", R.replace("    steps", "    sets: 1000\n    steps"), ("sets:", "1 to 20")),
    (
        "1001-digits",
        R.replace("    steps", f"    hold: {'9' * 1001}\n    steps"),
        (":4:11:", "range"),
    ),
    ("1001-digit-count", R.replace("[Go.]", f"[{{text: Go., breaths: {'9' * 1001}}}]"), ("range",)),
    ("text-asks", R.replace("[Go.]", "[Hold for 3000 seconds.]"), ("steps[0]", "3000")),
    ("bad-tag", R.replace("    steps", "    hold: !!int ''\n    steps"), (":4:11:", "hold")),
    ("bad-bool", R.replace("[Go.]", "[{text: Go., switch_sides: !!bool x}]"), ("switch_sides",)),
    ("duplicate", R + "  - name: a\n    steps: [Go.]\n", (":5:11: exercises[1].name:", "line 3")),
    ("same-file", R + "---\n" + R, (":6:8: title:", "same file name", "line 1")),
    ("twice", "title: X\ntitle: Y\n" + R[9:], (":2:1: title:", "twice")),
    ("latin-1", "title: Étirement\n".encode("latin-1") + R[9:].encode(), (":1:8:", "UTF-8")),
    ("utf-16", R, ("UTF-16",)),
    ("binary", bytes(range(256)) * 4, ("binary",)),
    ("nul", R.replace("Go.", "G\x00o."), ("NUL",)),
    ("control", R.replace("Go.", "G\x07o."), (":4:14:", "U+0007")),
]


@pytest.mark.parametrize(("name", "content", "needles"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_routine_file_is_one_located_line(
    name: str, content: str | bytes, needles: tuple[str, ...], tmp_path: Path
) -> None:
    path = tmp_path / f"{name}.yaml"
    if isinstance(content, str):
        content = content.encode("utf-16" if name == "utf-16" else "utf-8")
    path.write_bytes(content)
    out = tmp_path / "out"
    for command in (["build", str(path), "-o", str(out)], ["script", str(path), "--estimate"]):
        result = run(command, tmp_path / "cache")
        one_line(result, 2, f"{path}", *needles)
    assert not out.exists()
    assert not (tmp_path / "cache").exists()  # rejected before any speech was made


def test_missing_file_folder_and_unknown_name(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    missing = tmp_path / "missing.yaml"
    one_line(run(["build", str(missing)], cache), 2, f"{missing}: no such file")
    one_line(run(["script", str(tmp_path)], cache), 2, "is a folder, not a routine file")
    (tmp_path / "notes.txt").write_text("hello")
    one_line(run(["build", str(tmp_path)], cache), 2, "holds no .yaml routine files")
    one_line(run(["build", "l5s1"], cache), 2, "no routine file or built-in routine named 'l5s1'")
    # A routine in a folder of routines is checked like any other: file, line and field.
    (tmp_path / "bad.yaml").write_text(R.replace("    steps", "    hold: -1\n    steps"))
    one_line(run(["build", str(tmp_path)], cache), 2, "bad.yaml:4:11: exercises[0].hold")
    assert not cache.exists()


def test_every_routine_is_checked_before_anything_is_rendered(small: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(R.replace("    steps", "    breaths: 0\n    steps"))
    out = tmp_path / "out"
    one_line(run(["build", str(small), str(bad), "-o", str(out)], tmp_path / "c"), 2, "breaths")
    assert not out.exists()


BAD_FLAGS: list[tuple[list[str], tuple[str, ...]]] = [
    (["--minutes", "5", "--scale", "2"], ("--minutes and --scale",)),
    (["--inhale", "3", "--exhale", "3", "--breath-seconds", "2"], ("--breath-seconds is 2",)),
    (["--inhale", "6"], ("inhale of 6 s does not fit",)),
    (["--hold", "-5"], ("--hold: -5 is outside the allowed range; use 1 to 600 seconds",)),
    (["--hold", "0"], ("--hold",)),
    (["--hold", "nan"], ("--hold", "nan")),
    (["--hold", "1e9"], ("--hold",)),
    (["--rest", "-1"], ("--rest",)),
    (["--scale", "0"], ("--scale: 0 is outside the allowed range; use 0.1 to 10",)),
    (["--minutes", "-1"], ("--minutes: -1 is outside the allowed range; use 1 to 600 minutes",)),
    (["--sets", "0"], ("--sets: 0 is outside the allowed range; use a whole number from 1 to 20",)),
    (["--reps", "1000"], ("--reps",)),
    (["--countdown", "99"], ("--countdown",)),
    (["--hold-for", "calf=20"], ("--hold-for: no exercise called 'calf'; valid names: reach",)),
    (["--hold-for", "reach=0"], ("--hold-for: reach: 0 is outside the allowed range",)),
    (["--speed", "0"], ("--speed",)),
    (["--timeout", "nan"], ("--timeout",)),
    (["--timeout", "inf"], ("--timeout",)),
    (["--retries", "-1"], ("retries",)),
    (["--retry-budget", "nan"], ("--retry-budget: nan is outside the allowed range",)),
    (["--engine", "nope"], ("unknown engine 'nope'; installed engines:",)),
    (["--sample-rate", "1000"], ("--sample-rate",)),
    (["--bitrate", "fast"], ("--bitrate",)),
    (["--bitrate", "٦٤k"], ("--bitrate",)),
    (["--bitrate", "64"], ("--bitrate",)),
    (["--bitrate", "65k"], ("takes bitrates from 8k to 160k",)),
    (["--sample-rate", "8000", "--bitrate", "96k"], ("takes bitrates from 8k to 64k",)),
    (["--loudness", "nan"], ("--loudness",)),
    (["--cover", "/nonexistent.jpg"], ("--cover",)),
    (["--voice", "/nonexistent.onnx"], ("--voice",)),
]


@pytest.mark.parametrize(("flags", "needles"), BAD_FLAGS, ids=[" ".join(f) for f, _ in BAD_FLAGS])
def test_bad_or_conflicting_flags_are_one_line(
    flags: list[str], needles: tuple[str, ...], small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    one_line(run(["build", str(small), "-o", str(out), *flags], tmp_path / "c"), 2, *needles)
    assert not out.exists() and not (tmp_path / "c").exists()


def test_unparseable_flags_are_click_usage_errors(small: Path, tmp_path: Path) -> None:
    for flags in (["--hold", "abc"], ["--hold-for", "x"], ["--format", "ogg"], ["--nope"]):
        error_line(run(["build", str(small), *flags], tmp_path), 2)
    error_line(run(["script", "l5-s1", "--estimate", "--minutes", "5"], tmp_path), 2, "--minutes")


def test_bad_settings_from_environment_and_config(small: Path, tmp_path: Path) -> None:
    one_line(run(["build", str(small)], tmp_path, STRETCHAUDIO_HOLD="-3"), 2, "--hold")
    config = tmp_path / "config.toml"
    config.write_text("hold = 20\nhodl = 3\n")
    script = ["script", "l5-s1", "--estimate"]
    one_line(run(script, tmp_path, STRETCHAUDIO_CONFIG=str(config)), 2, "unknown setting 'hodl'")
    config.write_text("hold = [\n")
    one_line(run(script, tmp_path, STRETCHAUDIO_CONFIG=str(config)), 2, "invalid TOML")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.yaml")
    result = CliRunner(mix_stderr=False).invoke(cli, ["--debug", "build", missing])
    assert isinstance(result.exception, RoutineError)
    proc = subprocess.run(
        [sys.executable, "-m", "stretchaudio", "--debug", "build", missing],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        check=False,
    )
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "RoutineError" in proc.stderr
    plain = subprocess.run(
        [sys.executable, "-m", "stretchaudio", "build", missing],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        check=False,
    )
    assert plain.returncode == 2 and plain.stderr.strip().count("\n") == 0
    assert "Traceback" not in plain.stderr


# --- unsafe titles ------------------------------------------------------------------------------

TITLES = [
    "../../escape",
    "/etc/passwd",
    "..",
    "CON",
    "nul",
    "LPT1",
    "a/b\\c:d*e?f",
    "Ça étire: « le dos »",
    "日本語のストレッチ",
    "Stretch " * 40,
]
RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}


@pytest.mark.slow
def test_unsafe_titles_give_safe_names_inside_the_output_folder(
    warm_cache: Path, tmp_path: Path
) -> None:
    files = []
    for number, title in enumerate(TITLES):
        path = tmp_path / f"t{number}.yaml"
        body = f"title: {json.dumps(title)}\nexercises:\n  - name: Reach\n    steps: [Reach up.]\n"
        path.write_text(body, encoding="utf-8")
        files.append(str(path))
    work = tmp_path / "work"
    out = work / "out"
    flags = ["--prep", "0", "--no-sidecars"]
    result = run(["build", *files, "-o", str(out), *flags], warm_cache)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in work.iterdir()) == ["out"]  # nothing beside the folder
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*(Path(f).name for f in files), "work"]
    )
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == len(TITLES)  # no two routines share a file
    for name in names:
        assert (out / name).is_file()
        stem = name.removesuffix(".mp3")
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", stem), name
        assert len(stem) <= MAX_NAME_LENGTH + 3 and stem not in RESERVED
    assert "escape.mp3" in names and "etc-passwd.mp3" in names and "con-routine.mp3" in names
    assert "ca-etire-le-dos.mp3" in names and {"routine.mp3", "routine-2.mp3"} <= set(names)


# --- a fake engine, failing on cue ----------------------------------------------------------------


class FakeEngine:
    """A tone per phrase; the ``fail_on``-th phrase raises ``error``."""

    name: ClassVar[str] = "fake"
    fail_on: ClassVar[int] = 3
    error: ClassVar[BaseException] = EngineError("the fake engine broke on phrase three")
    calls: ClassVar[int] = 0
    delay: ClassVar[float] = 0.0

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings

    def identity(self) -> dict[str, Any]:
        return {"engine": "fake"}

    def synthesize(self, text: str) -> Clip:
        type(self).calls += 1
        time.sleep(self.delay)
        if type(self).calls == self.fail_on:
            raise self.error
        n = 22050 * (3 + len(text) % 5) // 10
        tone = 8000 * np.sin(np.arange(n) * 2 * np.pi * 330 / 22050)
        return Clip(tone.astype(np.int16), 22050)


class EntryPoint:
    def __init__(self, load: Callable[[], Any]) -> None:
        self.load = load


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> type[FakeEngine]:
    real = base.available_engines()

    def broken() -> Any:
        raise ImportError("No module named 'fake_speech'")

    engines = {**real, "fake": EntryPoint(lambda: FakeEngine), "broken": EntryPoint(broken)}
    monkeypatch.setattr(base, "available_engines", lambda: engines)
    monkeypatch.setattr(FakeEngine, "calls", 0)
    return FakeEngine


@pytest.mark.slow
@pytest.mark.parametrize(
    ("error", "needles"),
    [
        (EngineError("the fake engine broke on phrase three"), ("broke on phrase three",)),
        (RuntimeError("CUDA out of memory"), ("fake engine failed to speak", "CUDA out of memory")),
        (MemoryError(), ("fake engine failed to speak",)),
    ],
    ids=["engine-error", "plugin-bug", "memory"],
)
def test_engine_failing_mid_render(
    fake_engine: type[FakeEngine],
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    needles: tuple[str, ...],
    small: Path,
    warm_cache: Path,
    tmp_path: Path,
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    before = good_output(small, warm_cache, out)
    monkeypatch.setattr(FakeEngine, "error", error)
    result = run(["build", str(small), "-o", str(out), "--engine", "fake", "--hold", "3"], cache)
    one_line(result, 1, *needles)
    assert FakeEngine.calls == 3
    left_as_it_was(out, before)
    check_cache(cache)


def test_engine_that_cannot_load_or_start(
    fake_engine: type[FakeEngine], monkeypatch: pytest.MonkeyPatch, small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run(["build", str(small), "-o", str(out), "--engine", "broken"], tmp_path)
    one_line(result, 1, "engine 'broken' could not be loaded", "fake_speech")

    def refuse(self: FakeEngine, settings: EngineSettings) -> None:
        raise OSError("libspeech.so: cannot open shared object file")

    monkeypatch.setattr(FakeEngine, "__init__", refuse)
    result = run(["build", str(small), "-o", str(out), "--engine", "fake"], tmp_path)
    one_line(result, 1, "engine 'fake' could not be started", "libspeech.so")
    monkeypatch.setattr(shutil, "which", lambda name: None)  # espeak-ng is not installed
    result = run(["build", str(small), "-o", str(out), "--engine", "espeak"], tmp_path)
    one_line(result, 1, "needs the espeak-ng program", "--engine piper")
    assert not out.exists()


# --- gTTS offline, rate limited, failing --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "needles"),
    [
        ("offline", ("gTTS could not synthesise", "no network connection", "--engine piper")),
        ("429", ("gTTS could not synthesise", "rate limited by Google (HTTP 429)")),
        ("500", ("gTTS could not synthesise", "Google's server error (HTTP 500)")),
        ("500-after-two", ("gTTS could not synthesise", "(HTTP 500)", "--engine piper")),
    ],
)
def test_gtts_network_failures(
    fake_google: FakeGoogle,
    plan: str,
    needles: tuple[str, ...],
    small: Path,
    warm_cache: Path,
    tmp_path: Path,
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    before = good_output(small, warm_cache, out)
    if plan == "offline":
        fake_google.add_error(requests.ConnectionError("Network is unreachable"), times=1000)
    elif plan == "500-after-two":
        fake_google.add_audio(times=2)
        fake_google.add_status(500, times=1000)
    else:
        fake_google.add_status(int(plan), times=1000)
    flags = ["--engine", "gtts", "--retries", "1", "--retry-budget", "0", "--timeout", "2"]
    result = run(["build", str(small), "-o", str(out), *flags], cache)
    line = error_line(result, 1, *needles)
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr  # at most a retry notice
    assert "Probable cause" in line
    left_as_it_was(out, before)
    check_cache(cache)


# --- ffmpeg missing or failing ------------------------------------------------------------------


FFMPEG_FAULTS = {
    "exits-1": ("cat >/dev/null\nexit 1\n", ("ffmpeg failed to encode the MP3: exit code 1",)),
    "says-why": (
        "echo 'Conversion failed!' >&2\nexit 1\n",
        ("ffmpeg failed to encode the MP3: Conversion failed!",),
    ),
    "dies-mid-stream": (
        # writes part of the output file, then is killed while reading our samples
        'for last; do :; done\nhead -c 300000 >"$last"\nkill -KILL $$\n',
        ("ffmpeg failed to encode the MP3", "-9"),
    ),
    "disk-full": (
        'for last; do :; done\nhead -c 1000 >"$last"\n'
        "echo 'Error writing trailer: No space left on device' >&2\nexit 1\n",
        ("the disk is full", "No space left on device"),
    ),
}


@pytest.mark.slow
@pytest.mark.usefixtures("fresh_ffmpeg")
@pytest.mark.parametrize("fault", sorted(FFMPEG_FAULTS))
def test_ffmpeg_failing(fault: str, warm_cache: Path, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = good_output(small, warm_cache, out)
    body, needles = FFMPEG_FAULTS[fault]
    script = fake_ffmpeg(tmp_path, body)
    ffmpeg.forget()
    flags = ["--hold", "30", "--sets", "3"]  # more samples than a pipe holds
    result = run(
        ["build", str(small), "-o", str(out), *flags], warm_cache, STRETCHAUDIO_FFMPEG=str(script)
    )
    one_line(result, 1, *needles)
    left_as_it_was(out, before)
    check_cache(warm_cache)


@pytest.mark.usefixtures("fresh_ffmpeg")
def test_ffmpeg_failing_stops_the_synthesis(
    fake_engine: type[FakeEngine], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The track is encoded while the speech is synthesised: when ffmpeg fails, the render
    stops at the next phrase instead of synthesising the whole routine first."""
    routine = tmp_path / "many.yaml"
    routine.write_text(MANY_LINES, encoding="utf-8")
    monkeypatch.setattr(FakeEngine, "fail_on", 10**6)
    monkeypatch.setattr(FakeEngine, "delay", 0.02)
    script = fake_ffmpeg(tmp_path, FFMPEG_FAULTS["says-why"][0])
    ffmpeg.forget()
    out, cache = tmp_path / "out", tmp_path / "cache"
    args = ["build", str(routine), "-o", str(out), "--engine", "fake"]
    result = run(args, cache, STRETCHAUDIO_FFMPEG=str(script))
    one_line(result, 1, "ffmpeg failed to encode the MP3: Conversion failed!")
    assert FakeEngine.calls < 30, FakeEngine.calls  # of the routine's 124 phrases
    assert not out.exists() or not any(out.iterdir())
    check_cache(cache)


@pytest.mark.slow
@pytest.mark.usefixtures("fresh_ffmpeg")
def test_ffmpeg_missing(warm_cache: Path, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = good_output(small, warm_cache, out)
    ffmpeg.forget()
    result = run(
        ["build", str(small), "-o", str(out)], warm_cache, STRETCHAUDIO_FFMPEG="/nonexistent"
    )
    one_line(result, 1, "STRETCHAUDIO_FFMPEG points to '/nonexistent'", "not an executable")
    left_as_it_was(out, before)


# --- the output folder and the disk -------------------------------------------------------------


@pytest.mark.parametrize("where", ["under-a-file", "is-a-file", "proc"])
def test_output_folder_that_cannot_be_written(
    where: str, warm_cache: Path, small: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = {
        "under-a-file": blocker / "out",
        "is-a-file": blocker,
        "proc": Path("/proc/stretchaudio-test-out"),
    }[where]
    result = run(["build", str(small), "-o", str(out)], warm_cache)
    line = one_line(result, 1, f"cannot write to the output folder {out}", "-o/--output-dir")
    if where == "is-a-file":
        assert "it is a file, not a folder" in line
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "small.yaml"]


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["sidecar", "picture", "encoder", "padding", "move"])
def test_disk_full(
    stage: str,
    monkeypatch: pytest.MonkeyPatch,
    warm_cache: Path,
    small: Path,
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    before = good_output(small, warm_cache, out)
    if stage == "sidecar":  # writing a .vtt/.lrc/.json sidecar's staged file
        real_write = atomic.Staged.write_bytes

        def write_bytes(self: atomic.Staged, data: bytes) -> None:
            if self.target is not None and self.target.suffix == ".lrc":
                enospc()
            real_write(self, data)

        monkeypatch.setattr(atomic.Staged, "write_bytes", write_bytes)
    elif stage == "picture":  # writing the picture's staged file
        real_picture = atomic.Staged.write_bytes

        def write_picture(self: atomic.Staged, data: bytes) -> None:
            if self.target is not None and self.target.suffix == ".png":
                enospc()
            real_picture(self, data)

        monkeypatch.setattr(atomic.Staged, "write_bytes", write_picture)
    elif stage == "encoder":  # ffmpeg's pipe or output
        monkeypatch.setattr(ffmpeg.Child, "write", enospc)
    elif stage == "padding":  # rewriting the MP3's gapless header
        monkeypatch.setattr(encoder, "fix_gapless_padding", enospc)
    else:  # moving the finished files into place
        monkeypatch.setattr(os, "replace", enospc)
    result = run(["build", str(small), "-o", str(out), "--hold", "3"], warm_cache)
    one_line(result, 1, "No space left on device", str(out))
    left_as_it_was(out, before)


@pytest.mark.slow
@pytest.mark.parametrize("fails_on", ["mp3", "lrc", "json", "png", "html"])
def test_files_replaced_before_a_failing_move_are_put_back(
    fails_on: str, monkeypatch: pytest.MonkeyPatch, warm_cache: Path, small: Path, tmp_path: Path
) -> None:
    """The MP3 and its sidecars are moved into place one by one; when one move fails, those
    already moved are put back, so the folder never mixes new and old files."""
    out = tmp_path / "out"
    before = good_output(small, warm_cache, out)
    real_replace = os.replace

    def replace(src: Any, dst: Any, **kw: Any) -> None:
        if str(dst).endswith(f".{fails_on}") and not str(src).startswith("old-"):
            enospc()  # moving the new file, not putting an old one back
        real_replace(src, dst, **kw)

    monkeypatch.setattr(os, "replace", replace)
    result = run(["build", str(small), "-o", str(out), "--hold", "3"], warm_cache)
    one_line(result, 1, "No space left on device", str(out))
    left_as_it_was(out, before)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_unwritable_cache_still_renders(small: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = tmp_path / "out"
    proc = start(["build", str(small), "-o", str(out)], blocker / "cache")
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert (out / "small-one.mp3").stat().st_size > 1000
    warnings = stderr.strip().splitlines()
    assert len(warnings) == 1 and "clip cache" in warnings[0], stderr  # once, not once per clip
    assert blocker.read_text() == "not a folder"


@pytest.mark.slow
def test_corrupt_cache_entries_are_made_again(
    warm_cache: Path, small: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(warm_cache, cache)
    run(["build", str(small), "-o", str(tmp_path / "a")], cache)
    for number, path in enumerate(sorted(cache.glob("??/*.clip"))):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if number % 2 else data[:-1] + b"\x00")
    result = run(["build", str(small), "-o", str(tmp_path / "b")], cache)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert not list(cache.rglob(".tmp-*"))
    a, b = decode(tmp_path / "a" / "small-one.mp3"), decode(tmp_path / "b" / "small-one.mp3")
    assert np.array_equal(a, b)  # Piper is deterministic: the same samples again


@pytest.mark.slow
def test_minutes_with_spoken_durations_lands_on_time(warm_cache: Path, tmp_path: Path) -> None:
    """ "Hold for forty-one seconds." is longer than "Hold for two seconds.": --minutes must
    measure the lines it will really say (it used to be off by 0.4 s here)."""
    routine = tmp_path / "holds.yaml"
    routine.write_text(
        "title: Many holds\nexercises:\n"
        + "".join(f"  - name: Move {n}\n    steps: [Go., Hold for 2 seconds.]\n" for n in range(6)),
        encoding="utf-8",
    )
    args = ["script", str(routine), "--minutes", "5", "--say-durations", "--json"]
    result = run(args, warm_cache)
    assert result.exit_code == 0, result.stderr
    assert abs(json.loads(result.stdout)["total_seconds"] - 300) <= 0.1


# --- signals: Ctrl-C and kill, during synthesis and during encoding ------------------------------


MANY_LINES = "title: Many lines\nexercises:\n" + "".join(
    f"  - name: Stretch {n}\n    steps:\n      - Reach number {n} toward the far wall.\n"
    f"      - Breathe out slowly for count {n}.\n"
    for n in range(1, 31)
)
LONG = """\
title: Long holds
exercises:
  - name: Forward fold
    steps: ["Fold forward.", "Hold for 20 seconds."]
  - name: Side bend
    steps: ["Bend to the right.", "Hold for 20 seconds, then switch sides."]
  - name: Twist
    steps: ["Twist gently.", "Hold for 20 seconds."]
"""


@pytest.fixture(scope="module")
def long_routines(warm_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two routines whose speech is cached and whose MP3s take long to encode with long holds."""
    folder = tmp_path_factory.mktemp("long")
    paths = [folder / "long.yaml", folder / "again.yaml"]
    paths[0].write_text(LONG, encoding="utf-8")
    paths[1].write_text(LONG.replace("Long holds", "Long holds again"), encoding="utf-8")
    warm = ["build", *map(str, paths), "-o", str(folder / "warm"), "--sets", "3", "--hold", "1"]
    warm.append("--no-say-durations")  # "Hold." whatever the hold: the long runs need no speech
    result = run(warm, warm_cache)
    assert result.exit_code == 0, result.stderr
    return paths


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_during_synthesis(sig: int, code: int, tmp_path: Path) -> None:
    routine = tmp_path / "many.yaml"
    routine.write_text(MANY_LINES, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    before = {"many-lines.mp3": b"an earlier good MP3", "many-lines.vtt": b"WEBVTT\n"}
    for name, data in before.items():
        (out / name).write_bytes(data)
    cache = tmp_path / "cache"  # fresh: speech takes seconds
    proc = start(["build", str(routine), "-o", str(out)], cache)
    wait_for(lambda: len(list(cache.glob("??/*.clip"))) >= 2, proc, 60)
    proc.send_signal(sig)
    check_interrupted(proc, code)
    left_as_it_was(out, before)
    assert check_cache(cache) >= 2


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "code", "group", "count"),
    [
        (signal.SIGINT, 130, False, 1),
        (signal.SIGTERM, 143, False, 1),
        (signal.SIGINT, 130, True, 1),
        (signal.SIGTERM, 143, False, 2),
    ],
    ids=["SIGINT", "SIGTERM", "Ctrl-C-to-the-process-group", "SIGTERM-two-encoding-at-once"],
)
def test_signal_during_encoding(
    sig: int,
    code: int,
    group: bool,
    count: int,
    long_routines: list[Path],
    warm_cache: Path,
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    routines = [str(path) for path in long_routines[:count]]
    first = run(["build", *routines, "-o", str(out), "--hold", "5"], warm_cache)
    assert first.exit_code == 0, first.stderr
    before = snapshot(out)
    entries = check_cache(warm_cache)
    # 3 exercises, 4 holds of 10 minutes, 3 sets: 6 hours of audio, a long encode.
    args = ["build", *routines, "-o", str(out), "--hold", "600", "--sets", "3"]
    args.append("--no-say-durations")
    proc = start(args, warm_cache, start_new_session=True)
    stems = ["long-holds", "long-holds-again"][:count]
    wait_for(lambda: all(staged(out, f"{s}.mp3") for s in stems), proc, 60)
    time.sleep(0.3)  # ffmpeg is busy encoding now
    if group:  # as the terminal does: ffmpeg gets the signal too
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    check_interrupted(proc, code)
    left_as_it_was(out, before)
    assert check_cache(warm_cache) == entries


# --- concurrency ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_concurrent_renders_share_the_cache_and_the_folder(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    procs = []
    for n in range(3):
        routine = tmp_path / f"r{n}.yaml"
        routine.write_text(  # each its own title; the steps overlap, so do cache writes
            f"title: Routine {n}\nexercises:\n  - name: Reach\n    steps:\n"
            f"      - Reach up.\n      - Hold for {n + 2} seconds.\n"
            f"  - name: Fold number {n % 2}\n    steps: [Fold forward slowly.]\n",
            encoding="utf-8",
        )
        procs.append(start(["build", str(routine), "-o", str(out), "--rest", "1"], cache))
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
        assert "Wrote" in stdout
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"routine-{n}.{k}" for n in range(3) for k in OUTPUTS)
    for n in range(3):
        assert len(decode(out / f"routine-{n}.mp3")) > 22050 * 5
    assert check_cache(cache) > 0


def test_the_encoder_runs_at_a_lower_priority_than_the_speech() -> None:
    """The encoding ffmpeg (and its decode check) yield the cores to synthesis: they run at
    ``ENCODER_NICE`` / ``CHECK_NICE`` above our own niceness; other ffmpeg runs do not."""
    from stretchaudio import encoder, verify
    from stretchaudio.ffmpeg import Child

    assert encoder.ENCODER_NICE == verify.CHECK_NICE > 0
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    niced = Child(["sleep", "5"], budget=10, nice=encoder.ENCODER_NICE)
    plain = Child(["sleep", "5"], budget=10)
    try:
        assert os.getpriority(os.PRIO_PROCESS, niced.proc.pid) == min(19, ours + 5)
        assert os.getpriority(os.PRIO_PROCESS, plain.proc.pid) == ours
    finally:
        niced.kill()
        plain.kill()
        niced.close()
        plain.close()
