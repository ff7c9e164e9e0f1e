"""The pipeline: routine -> plan -> speech clips -> timeline -> mixed samples -> file.

This is the one place that wires the stages together; the CLI only parses and reports.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import encoder, mixer
from .clips import ClipStore, Progress, Samples, default_cache_dir
from .engines.base import DEFAULT_ENGINE, Engine, EngineSettings, get_engine
from .model import Routine
from .naming import slugify
from .planner import Overrides, Plan, plan
from .timeline import Timeline, fit_minutes, layout

log = logging.getLogger(__name__)

# Piper normalises every sentence to 0 dBFS peak; this keeps encoded peaks below full scale.
SPEECH_GAIN_DB = -1.5


@dataclass(frozen=True)
class RenderOptions:
    """Everything that decides how a routine sounds, apart from the routine itself."""

    overrides: Overrides = field(default_factory=Overrides)
    engine: str = DEFAULT_ENGINE
    voice: EngineSettings = field(default_factory=EngineSettings)
    cache: bool = True
    cache_dir: Path | None = None
    fmt: str = "mp3"
    bitrate: str = encoder.DEFAULT_BITRATE


@dataclass(frozen=True)
class RenderResult:
    path: Path
    timeline: Timeline
    synthesised: int
    cached: int


class Renderer:
    """Renders routines with one engine and one clip cache (the engine loads once)."""

    def __init__(self, options: RenderOptions) -> None:
        self.options = options
        self.engine: Engine = get_engine(options.engine, options.voice)
        cache_dir = None
        if options.cache:
            cache_dir = options.cache_dir or default_cache_dir()
        self.store = ClipStore(self.engine, options.overrides.sample_rate, cache_dir)

    def timeline(
        self, routine: Routine, progress: Progress | None = None
    ) -> tuple[Timeline, dict[str, Samples]]:
        """Plan the routine and measure its speech: the exact timeline and its clips."""
        overrides = self.options.overrides
        clips: dict[str, Samples] = {}

        def measure(texts: list[str]) -> dict[str, int]:
            new = [t for t in texts if t not in clips]
            clips.update(self.store.get(new, progress))
            return {t: len(clips[t]) for t in texts}

        if overrides.minutes is not None:
            the_plan: Plan = fit_minutes(routine, overrides, measure)
        else:
            the_plan = plan(routine, overrides)
        timeline = layout(the_plan, measure(the_plan.texts()))
        return timeline, clips

    def render(
        self,
        routine: Routine,
        out_dir: Path,
        name: str | None = None,
        progress: Progress | None = None,
    ) -> RenderResult:
        before = (self.store.stats.synthesised, self.store.stats.cached)
        timeline, clips = self.timeline(routine, progress)
        target = out_dir / f"{name or slugify(routine.title)}.{self.options.fmt}"
        gain = 10 ** (SPEECH_GAIN_DB / 20)
        tags = {
            "title": routine.title,
            "artist": "stretchaudio",
            "album": "stretchaudio routines",
            "genre": "Speech",
        }
        if routine.description:
            tags["comment"] = " ".join(routine.description.split())
        encoder.encode(
            mixer.mix(timeline, clips, gain),
            target,
            timeline.sample_rate,
            fmt=self.options.fmt,
            bitrate=self.options.bitrate,
            tags=tags,
        )
        self.store.trim()
        return RenderResult(
            path=target,
            timeline=timeline,
            synthesised=self.store.stats.synthesised - before[0],
            cached=self.store.stats.cached - before[1],
        )
