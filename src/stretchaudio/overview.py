"""A routine at a glance: what the picture and the follow-along page show, from the timeline.

Pure functions over the timeline's JSON form (``scriptfmt.to_dict``, the ``NAME.json`` sidecar),
so the picture and the page read exactly what users' own tools read, and keys the timeline
gains later (``set``/``sets``, ``rep``/``reps``) are shown wherever they are present.

Every event falls into one *kind* of the time strip: spoken lines, holds, breathing, counted
repetitions, rests, and set-up time (get ready, switch sides, pauses); the short gaps after
lines are left as the strip's background.

What the picture writes in words ("2 sides", the legend) is :mod:`.language.screen`'s, in the
timeline's ``language``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from .language.screen import ScreenText, screen_text


@dataclass(frozen=True)
class Kind:
    """One kind of time on the strip, with its colour and bar height (0-1); its legend word
    is ``ScreenText.legend(key)``."""

    key: str
    colour: str
    height: float


# Okabe-Ito colours (told apart with every common colour-vision deficiency), and heights so
# that the kinds also differ in shape: speech is a thin line, set-up and rests are half bars.
KINDS = (
    Kind("speech", "#F0E442", 0.3),
    Kind("hold", "#E69F00", 1.0),
    Kind("breaths", "#56B4E9", 0.82),
    Kind("reps", "#009E73", 1.0),
    Kind("setup", "#D55E00", 0.5),
    Kind("rest", "#B7BFCC", 0.5),
)
KIND = {k.key: k for k in KINDS}
WINDOW_KIND = {
    "hold": "hold",
    "breaths": "breaths",
    "tempo": "reps",
    "rest": "rest",
    "prep": "setup",
    "switch": "setup",
    "pause": "setup",
}
"""Window roles (planner.WINDOW_ROLES) -> strip kind; any other silence is a gap."""


def kind_of(event: dict[str, Any]) -> str | None:
    """The strip kind of one event of ``scriptfmt.to_dict(...)["events"]`` (None: a gap)."""
    if event.get("kind") == "speech":
        return "speech"
    return WINDOW_KIND.get(str(event.get("role")))


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class ExerciseInfo:
    """One exercise as the picture lists it: where it starts and ends, in samples."""

    number: int
    name: str
    start: int
    end: int
    sides: int = 1
    sets: int | None = None
    reps: int | None = None

    def details(self, words: ScreenText | None = None) -> list[str]:
        """Short facts: "2 sides", "3 sets", "8 reps" (those that apply), in the language of
        ``words`` (English without)."""
        return (words or screen_text("en")).details(self.sides, self.sets, self.reps)


@dataclass(frozen=True)
class Overview:
    title: str
    sample_rate: int
    total: int
    exercises: tuple[ExerciseInfo, ...]
    segments: tuple[Segment, ...]
    language: str = "en"

    @property
    def words(self) -> ScreenText:
        """The picture's words in the timeline's language."""
        return screen_text(self.language)

    @property
    def seconds(self) -> float:
        return self.total / self.sample_rate

    def kinds(self) -> list[Kind]:
        """The kinds this routine's strip uses, in legend order."""
        used = {s.kind for s in self.segments}
        return [k for k in KINDS if k.key in used]


def segments(events: list[dict[str, Any]]) -> list[Segment]:
    """The strip: one segment per run of back-to-back events of the same kind."""
    out: list[Segment] = []
    for ev in events:
        kind = kind_of(ev)
        start, end = int(ev["start_sample"]), int(ev["start_sample"]) + int(ev["samples"])
        if kind is None or end <= start:
            continue
        if out and out[-1].kind == kind and out[-1].end == start:
            out[-1] = Segment(out[-1].start, end, kind)
        else:
            out.append(Segment(start, end, kind))
    return out


def plain(text: str) -> str:
    """``text`` on one line, without control characters (which SVG cannot hold)."""
    kept = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return " ".join(kept.split())


def _most(values: list[Any]) -> int | None:
    numbers = [int(v) for v in values if isinstance(v, int) and not isinstance(v, bool)]
    return max(numbers) if numbers else None


def exercises(data: dict[str, Any]) -> list[ExerciseInfo]:
    """Every exercise in order, with its span, sides, and sets and reps where the timeline
    says them."""
    names: list[str] = list(data.get("exercises") or [])
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for item in [*data.get("events", []), *data.get("cues", [])]:
        if item.get("exercise") in found:
            found[item["exercise"]].append(item)
    out = []
    for number, name in enumerate(names, 1):
        items = found[name]
        if not items:
            continue
        start = min(int(i["start_sample"]) for i in items)
        end = max(int(i["start_sample"]) + int(i["samples"]) for i in items)
        sides = _most([i.get("side") for i in items]) or 1
        sets = _most([i.get("sets") for i in items])
        reps = _most([i.get("reps") for i in items])
        out.append(ExerciseInfo(number, plain(name), start, end, sides, sets, reps))
    return out


def overview(data: dict[str, Any]) -> Overview:
    """Everything the picture shows, from ``scriptfmt.to_dict(timeline)``."""
    events = list(data.get("events", []))
    return Overview(
        title=plain(str(data.get("title") or "")),
        sample_rate=int(data["sample_rate"]),
        total=int(data["total_samples"]),
        exercises=tuple(exercises(data)),
        segments=tuple(segments(events)),
        language=str(data.get("language") or "en"),
    )


def clock(seconds: float) -> str:
    """A length as a person reads it: 0:45, 9:12, 1:02:03 (rounded to the second)."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, sec = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{sec:02d}" if hours else f"{minutes}:{sec:02d}"
