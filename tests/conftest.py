"""Shared fixtures.

gTTS: ``fake_google`` intercepts Google's text-to-speech endpoint (see ``fake_gtts.py``),
``fake_time`` is a clock that only moves when slept on, and ``make_gtts_engine`` builds a
GTTSEngine that sleeps on it with deterministic (maximal) backoff jitter.

Hypothesis: ``HYPOTHESIS_PROFILE=ci`` (set by scripts/test.sh, so by CI) draws the same
examples on every run, so a CI result is reproducible; a plain ``pytest`` explores new random
examples each time (and keeps any failure it finds in .hypothesis/ to replay it).

Markers: an unmarked test that synthesises with Piper or has ffmpeg encode audio fails (mark
it ``slow``); ``net`` tests are skipped unless ``-m`` names them. The report header names the
ffmpeg the run uses.
"""

from __future__ import annotations

import functools
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import responses
from hypothesis import settings

from fake_gtts import FakeGoogle
from stretchaudio import encoder, ffmpeg
from stretchaudio.engines import base
from stretchaudio.engines.base import EngineSettings
from stretchaudio.engines.gtts import GTTSEngine
from stretchaudio.engines.piper import PiperEngine
from stretchaudio.errors import StretchAudioError

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# --- the "slow" marker is honest ----------------------------------------------------------------
# ``pytest -m "not slow"`` is the quick loop. A test that synthesises with Piper or has ffmpeg
# encode audio takes seconds, so it must be marked slow: the real functions are wrapped
# (unchanged in what they do) to note which test called them, and an unmarked test that did
# fails. An encode that fails before it has written anything (bad arguments, a missing folder,
# a dying ffmpeg) is quick, and does not count.

AUDIO_WORK: dict[str, set[str]] = {}
_current_test = [""]


def _watch(owner: Any, name: str, what: str) -> None:
    real = getattr(owner, name)

    @functools.wraps(real)
    def watched(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        AUDIO_WORK.setdefault(_current_test[0], set()).add(what)
        return result

    setattr(owner, name, watched)


_watch(PiperEngine, "synthesize", "synthesises speech with Piper")
_watch(encoder._Job, "encode", "has ffmpeg encode audio")  # where encoder.encode runs ffmpeg


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _current_test[0] = item.nodeid  # module fixtures set up for this test count for it too


@pytest.fixture(autouse=True)
def _slow_marker_is_honest(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    work = AUDIO_WORK.pop(request.node.nodeid, set())
    if work and request.node.get_closest_marker("slow") is None:
        pytest.fail(
            f"this test {' and '.join(sorted(work))}, which takes seconds: mark it "
            "@pytest.mark.slow so that `pytest -m 'not slow'` stays quick",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _engines_registered_in_a_test_stay_there() -> Iterator[None]:
    """stretchaudio.register_engine is process-wide (docs/api.md registers "hum"): each test
    starts with the engines the one before it started with."""
    before = dict(base._REGISTERED)
    yield
    base._REGISTERED.clear()
    base._REGISTERED.update(before)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``net`` need the real internet: skipped unless ``-m`` names them (so
    ``-m "not slow"`` skips them too)."""
    if "net" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="needs the real internet; run with -m net")
    for item in items:
        if item.get_closest_marker("net") is not None:
            item.add_marker(skip)


def pytest_report_header() -> str:
    """Which ffmpeg this run tests with (scripts/test.sh runs the ffmpeg tests with two)."""
    try:
        exe = ffmpeg.ffmpeg_exe()
        out = subprocess.run([exe, "-version"], capture_output=True, text=True, check=False)
    except (StretchAudioError, OSError) as exc:
        return f"ffmpeg: none usable ({exc})"
    first = out.stdout.splitlines()[0] if out.stdout else "unknown version"
    return f"ffmpeg: {exe} ({' '.join(first.split()[:3])})"


class FakeTime:
    """A monotonic clock that advances only when ``sleep`` is called; records the sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_google() -> Iterator[FakeGoogle]:
    """Google's TTS endpoint, faked for every tld; any other HTTP request fails."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeGoogle(mock)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_gtts_engine(fake_time: FakeTime) -> Callable[..., GTTSEngine]:
    """``make_gtts_engine(**settings)``: a GTTSEngine whose backoff sleeps on ``fake_time``
    and always waits the longest delay its backoff allows (so delays are predictable)."""

    def make(**settings: Any) -> GTTSEngine:
        engine = GTTSEngine(EngineSettings(**settings))
        engine.sleep = fake_time.sleep
        engine.clock = fake_time.clock
        engine.jitter = lambda cap: cap
        return engine

    return make


# --- the CLI robustness tests (test_robustness.py, test_trust.py) ---------------------------

SMALL = """\
title: Small one
exercises:
  - name: Reach
    steps:
      - Reach both arms up.
      - Hold for 2 seconds.
  - name: Fold
    steps:
      - Fold forward slowly.
"""
"""A routine of two short exercises (the ``small`` fixture writes it to a file)."""


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clip cache shared by the tests that do not care whether speech is cached."""
    return tmp_path_factory.mktemp("warm-cache")


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture
def fresh_ffmpeg() -> Iterator[None]:
    """The ffmpeg in use is checked once per process: forget it around a test that moves it."""
    ffmpeg.forget()
    yield
    ffmpeg.forget()
