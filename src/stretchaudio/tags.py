"""ID3 tags and chapters, handed to ffmpeg as an FFMETADATA file.

ffmpeg writes the chapters as ID3v2 CHAP frames plus a CTOC in time order (mutagen would order
them by frame size, see NOTES), each titled by its exercise (and side).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Routine
from .timeline import Timeline


@dataclass(frozen=True)
class Chapter:
    start_ms: int
    end_ms: int
    title: str


def chapters(timeline: Timeline) -> list[Chapter]:
    """One chapter per exercise, or per side of a two-sided exercise, starting at its first
    spoken line (the exercise's name, or "Switch sides." for the second side)."""
    rate = timeline.sample_rate
    starts: list[tuple[int, str]] = []
    seen: set[tuple[int, int | None]] = set()
    sided = {ev.exercise for ev in timeline.events if ev.side is not None}
    for ev in timeline.events:
        if ev.exercise is None or ev.kind != "speech":
            continue
        # The exercise's name and setup open its first side.
        side = (ev.side or 1) if ev.exercise in sided else None
        if (ev.exercise, side) in seen:
            continue
        seen.add((ev.exercise, side))
        name = timeline.exercise_names[ev.exercise]
        starts.append((ev.start, f"{name} (side {side})" if side else name))
    out = []
    for k, (start, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else timeline.total_samples
        out.append(Chapter(start * 1000 // rate, end * 1000 // rate, title))
    return out


def _escape(value: str) -> str:
    for ch in ("\\", "=", ";", "#", "\n"):
        value = value.replace(ch, "\\" + ch)
    return value


def ffmetadata(routine: Routine, timeline: Timeline, track: tuple[int, int] | None = None) -> str:
    """The FFMETADATA1 text: global tags, then one [CHAPTER] per chapter."""
    tags = {
        "title": routine.title,
        "artist": "stretchaudio",
        "album": "stretchaudio routines",
        "genre": "Speech",
    }
    if routine.description:
        tags["comment"] = " ".join(routine.description.split())
    if track:
        tags["track"] = f"{track[0]}/{track[1]}"
    lines = [";FFMETADATA1"] + [f"{k}={_escape(v)}" for k, v in tags.items()]
    for ch in chapters(timeline):
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={ch.start_ms}",
            f"END={ch.end_ms}",
            f"title={_escape(ch.title)}",
        ]
    return "\n".join(lines) + "\n"
