"""Shared fixtures.

gTTS: ``fake_google`` intercepts Google's text-to-speech endpoint (see ``fake_gtts.py``),
``fake_time`` is a clock that only moves when slept on, and ``make_gtts_engine`` builds a
GTTSEngine that sleeps on it with deterministic (maximal) backoff jitter.

Hypothesis: ``HYPOTHESIS_PROFILE=ci`` (set by scripts/test.sh, so by CI) draws the same
examples on every run, so a CI result is reproducible; a plain ``pytest`` explores new random
examples each time (and keeps any failure it finds in .hypothesis/ to replay it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import responses
from hypothesis import settings

from fake_gtts import FakeGoogle
from stretchaudio.engines.base import EngineSettings
from stretchaudio.engines.gtts import GTTSEngine

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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
