"""Workloads shared by ``run.py`` and its subprocess helper ``_render_one.py``.

The routines (the built-in ``l5-s1`` and synthetic ones of a target length), and the three
ways of turning a timeline into an MP3 that the benchmark compares:

* ``render_ours``: ``Renderer(...).render(...)``, the real pipeline;
* ``encode_floor``: ffmpeg alone encoding the already-mixed PCM (a raw s16le file);
* ``render_naive``: what a typical script does with pydub (``+=`` per clip, ``silent`` gaps,
  ``export``).

All three use the same plan, the same timeline and the same clip samples.
"""

from __future__ import annotations

import math
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from stretchaudio import mixer
from stretchaudio.ffmpeg import ffmpeg_exe
from stretchaudio.model import Action, ActionKind, Exercise, Phase, Routine, Step
from stretchaudio.render import Renderer
from stretchaudio.routine import load_builtin
from stretchaudio.settings import Options
from stretchaudio.sounds import sound
from stretchaudio.timeline import Timeline

BUILTIN = "l5-s1"
GENERATED_MINUTES = (10, 30, 60, 120)
ROUTINES = (BUILTIN, *(f"gen-{m}" for m in GENERATED_MINUTES))
BITRATE = "64k"  # the renderer's default (encoder.DEFAULT_BITRATE): CBR, mono
CUE_VOICE_GAIN_DB = -3.0  # mixer.CUE_VOICE_GAIN, in dB for pydub

# Hold used to warm the cache; the timed renders use other holds ("hold times changed").
WARMUP_HOLD = 20.0
L5S1_HOLD = 15.0  # l5-s1's own holds are 10 s


def _hold(text: str) -> Step:
    return Step(text, Action(ActionKind.HOLD))


def _breaths(text: str) -> Step:
    return Step(text, Action(ActionKind.BREATHS))


def generated_routine(minutes: int) -> Routine:
    """A routine of about ``minutes`` minutes (with ``timed_hold``) from a fixed set of phrases.

    Six exercises (holds, breathing, a tempo exercise, one- and two-sided); longer routines
    repeat them as more sets, so the distinct phrases stay few (about 60) while the number of
    lines, windows and cues grows with the length, as in a real long session.
    """
    sets = max(1, round(minutes / 10))
    exercises = (
        Exercise(
            "Cat-cow stretch",
            (
                Step("Come onto your hands and knees, wrists under shoulders."),
                Step("Slowly round your back toward the ceiling, then let it sink."),
                _hold("Rest in the middle, with a long neck."),
            ),
            sets=sets,
        ),
        Exercise(
            "Seated hamstring stretch",
            (
                Step("Sit tall and stretch your right leg out in front of you."),
                Step("Tip forward from the hips toward your right foot."),
                _hold("Let the back of the thigh soften."),
            ),
            sides=2,
            sets=sets,
        ),
        Exercise(
            "Knee-to-chest stretch",
            (
                Step("Lie on your back with both knees bent."),
                _breaths("Draw your left knee gently toward your chest."),
            ),
            sides=2,
            sets=sets,
        ),
        Exercise(
            "Kneeling hip flexor stretch",
            (
                Step("Kneel on your right knee, left foot flat in front of you."),
                _hold("Shift your weight forward until the front of the right hip opens."),
            ),
            sides=2,
            sets=sets,
        ),
        Exercise(
            "Glute bridge",
            (Step("On each count, lift your hips, pause, and lower slowly."),),
            setup=(Step("Lie on your back, feet flat and hip-width apart."),),
            repetitions=6,
            tempo=(Phase("Lift", 2.0), Phase("Hold", 2.0), Phase("Lower", 2.0)),
            sets=sets,
        ),
        Exercise(
            "Child's pose",
            (
                Step("Sit back toward your heels and reach your arms forward."),
                _hold("Let your forehead rest, and breathe into your back."),
            ),
            sets=sets,
        ),
    )
    return Routine(
        title=f"Generated {minutes}-minute routine",
        exercises=exercises,
        intro="Move slowly, and stop if anything hurts.",
        closing="That's the end of the routine. Well done.",
        source=f"<benchmark gen-{minutes}>",
    )


def routine(name: str) -> Routine:
    if name == BUILTIN:
        return load_builtin(BUILTIN)[0]
    if name.startswith("gen-"):
        return generated_routine(int(name.removeprefix("gen-")))
    raise ValueError(f"unknown routine {name!r}; use one of {', '.join(ROUTINES)}")


def target_minutes(name: str) -> float | None:
    return float(name.removeprefix("gen-")) if name.startswith("gen-") else None


def renderer(cache_dir: Path, hold: float | None) -> Renderer:
    return Renderer(Options(hold=hold), cache_dir=cache_dir)


def warm_and_fit(name: str, cache_dir: Path) -> float:
    """Fill the cache for ``name`` (untimed) and return the hold of its timed renders.

    Generated routines get the hold that brings their total to the target minutes (total
    length is linear in the hold: two layouts at ``WARMUP_HOLD`` and twice that). The cache is
    then filled at that hold too, so the timed renders find every phrase cached, the spoken
    "Hold for ..." line included: a re-render whose speech is all cached. (A hold change that
    needs a new spoken phrase is the ``hold`` section's.)
    """
    r = routine(name)
    t1 = renderer(cache_dir, WARMUP_HOLD).timeline(r)[0].total_samples
    minutes = target_minutes(name)
    if minutes is None:
        hold = L5S1_HOLD
    else:
        t2 = renderer(cache_dir, 2 * WARMUP_HOLD).timeline(r)[0].total_samples
        rate = Options().sample_rate
        per_second_of_hold = (t2 - t1) / WARMUP_HOLD
        hold = round(min(600.0, max(1.0, WARMUP_HOLD + (minutes * 60 * rate - t1)
                                    / per_second_of_hold)), 1)  # fmt: skip
    renderer(cache_dir, hold).timeline(r)  # the timed hold's own phrases, cached
    return hold


@dataclass
class Workload:
    name: str
    hold: float
    timeline: Timeline
    clips: dict[str, Any]

    @property
    def minutes(self) -> float:
        return self.timeline.seconds / 60

    @property
    def speech_lines(self) -> int:
        return sum(1 for e in self.timeline.events if e.kind == "speech")


def workload(name: str, hold: float, cache_dir: Path) -> Workload:
    """The exact timeline and clips that ``render_ours`` renders (from the warm cache)."""
    timeline, clips = renderer(cache_dir, hold).timeline(routine(name))
    return Workload(name, hold, timeline, clips)


def render_ours(name: str, hold: float, cache_dir: Path, out_dir: Path) -> Path:
    return renderer(cache_dir, hold).render(routine(name), out_dir).path


def write_pcm(w: Workload, path: Path) -> int:
    """Mix the timeline as the renderer does (no music bed) into a raw s16le file; return
    the number of samples. The clips come from the store already levelled, so the mixer's
    defaults give the very PCM the renderer feeds to ffmpeg."""
    n = 0
    with path.open("wb") as fh:
        for block in mixer.mix(w.timeline, w.clips):
            fh.write(block.astype("<i2").tobytes())
            n += len(block)
    return n


def floor_command(pcm: Path, rate: int, out: Path) -> list[str]:
    """ffmpeg alone: the same PCM to the same MP3 settings (libmp3lame CBR, mono, a file)."""
    return [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "s16le",
        "-ar",
        str(rate),
        "-ac",
        "1",
        "-i",
        str(pcm),
        "-c:a",
        "libmp3lame",
        "-b:a",
        BITRATE,
        "-f",
        "mp3",
        str(out),
    ]


def encode_floor(pcm: Path, rate: int, out: Path) -> float:
    """Seconds ffmpeg alone takes (process start to exit)."""
    cmd = floor_command(pcm, rate, out)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _pydub() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "Couldn't find ffmpeg": set below
        try:
            from pydub import AudioSegment
        except ImportError as exc:  # not a dependency of stretchaudio itself
            raise SystemExit(
                "the naive baseline needs pydub: pip install -e '.[bench]' "
                "(scripts/test.sh installs it)"
            ) from exc
    AudioSegment.converter = ffmpeg_exe()
    return AudioSegment


def render_naive(w: Workload, out: Path) -> int:
    """The typical pydub script: a segment per clip, ``+=`` for every line and gap
    (``AudioSegment.silent`` at the track's rate; cues overlaid on their window's silence),
    then ``export(format="mp3", bitrate="64k")``. Returns the samples it exported.

    Everything from building the segments to the written MP3 is what gets timed."""
    AudioSegment = _pydub()
    rate = w.timeline.sample_rate

    def segment(samples: np.ndarray[Any, Any], gain_db: float) -> Any:
        seg = AudioSegment(
            data=samples.astype("<i2").tobytes(), sample_width=2, frame_rate=rate, channels=1
        )
        return seg.apply_gain(gain_db)

    speech = {t: segment(c, 0.0) for t, c in w.clips.items()}  # clips come levelled
    cue_voice = {t: s.apply_gain(CUE_VOICE_GAIN_DB) for t, s in speech.items()}
    sounds: dict[str, Any] = {}
    cues = list(w.timeline.cues)  # sorted by start; each lies inside one silent window
    j = 0
    track = AudioSegment.empty()
    for ev in w.timeline.events:
        if ev.kind == "speech" and ev.text is not None:
            track += speech[ev.text]
            continue
        gap = AudioSegment.silent(duration=ev.length * 1000 / rate, frame_rate=rate)
        while j < len(cues) and cues[j].start < ev.end:
            cue = cues[j]
            j += 1
            if cue.text is not None:
                src = cue_voice[cue.text]
            else:
                name = cue.sound or ""
                if name not in sounds:
                    sounds[name] = segment(sound(name, rate), 0.0)
                src = sounds[name]
            gap = gap.overlay(src, position=(cue.start - ev.start) * 1000 / rate)
        track += gap
    track.export(str(out), format="mp3", bitrate=BITRATE).close()
    return int(track.frame_count())


def quadratic_fit(points: list[tuple[float, float]], x: float) -> float:
    """Least-squares a + b*m + c*m^2 through ``points`` (m, seconds), evaluated at ``x``.

    Used only to extrapolate the naive baseline where it was not measured (marked as such).
    """
    xs = np.array([p[0] for p in points], dtype=float)
    ys = np.array([p[1] for p in points], dtype=float)
    degree = min(2, len(points) - 1)
    coeffs = np.polyfit(xs, ys, degree)
    return float(np.polyval(coeffs, x))


def fmt_seconds(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "-"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"
