"""The narration script as text or JSON: every line, window and cue with its exact start."""

from __future__ import annotations

import json
from typing import Any

from .language import clock
from .planner import WINDOW_ROLES, Where
from .timeline import Cue, Event, Timeline


def _clock(samples: int, rate: int) -> str:
    return clock(samples, rate).rjust(10)


def _where(timeline: Timeline, where: Where) -> str:
    if where.exercise is None:
        return ""
    parts = [timeline.exercise_names[where.exercise]]
    if where.set_no is not None:
        parts.append(f"set {where.set_no} of {where.sets}")
    if where.side is not None:
        parts.append(f"side {where.side}")
    if where.rep is not None:
        parts.append(f"rep {where.rep} of {where.reps}")
    return f"  [{', '.join(parts)}]"


def to_text(timeline: Timeline) -> str:
    """One row per line, window and cue, in time order; short gaps between lines are implied."""
    rate = timeline.sample_rate
    rows = [
        f"{timeline.title}  (total {timeline.seconds:.3f} s = {timeline.total_samples} samples"
        f" at {rate} Hz)",
        "",
    ]
    items: list[tuple[int, int, str]] = []
    for ev in timeline.events:
        if ev.kind == "speech":
            line = f"say    {ev.text}  ({ev.length / rate:.2f} s)"
        elif ev.role in WINDOW_ROLES:
            end = _clock(ev.end, rate).strip()
            line = f"{ev.role.value:6} {ev.length / rate:.3f} s until {end}"
            line += _where(timeline, ev.where)
        else:
            continue
        items.append((ev.start, 0, line))
    for cue in timeline.cues:
        what = cue.text if cue.text is not None else f"({cue.sound})"
        items.append((cue.start, 1, f"  · {cue.role.value:9} {what}"))
    items.sort(key=lambda x: (x[0], x[1]))
    rows += [f"{_clock(start, rate)}  {line}" for start, _, line in items]
    rows.append(f"{_clock(timeline.total_samples, rate)}  end")
    if timeline.notes:
        rows += ["", "Cues that did not fit (the windows keep their full length):"]
        rows += [f"  {note}" for note in timeline.notes]
    return "\n".join(rows)


def _common(timeline: Timeline, item: Event | Cue) -> dict[str, Any]:
    rate = timeline.sample_rate
    ex = item.exercise
    return {
        "start": item.start / rate,
        "duration": item.length / rate,
        "start_sample": item.start,
        "samples": item.length,
        "role": item.role.value,
        "text": item.text,
        "exercise": None if ex is None else timeline.exercise_names[ex],
        "side": item.side,
        "set": item.where.set_no,
        "sets": item.where.sets,
        "rep": item.where.rep,
        "reps": item.where.reps,
    }


def to_dict(timeline: Timeline) -> dict[str, Any]:
    rate = timeline.sample_rate
    return {
        "title": timeline.title,
        "language": timeline.language,
        "sample_rate": rate,
        "total_samples": timeline.total_samples,
        "total_seconds": timeline.total_samples / rate,
        "exercises": list(timeline.exercise_names),
        "events": [{**_common(timeline, ev), "kind": ev.kind} for ev in timeline.events],
        "cues": [
            {**_common(timeline, c), "kind": "speech" if c.text else "sound", "sound": c.sound}
            for c in timeline.cues
        ],
        "notes": list(timeline.notes),
    }


def to_json(timeline: Timeline) -> str:
    return json.dumps(to_dict(timeline), indent=2, ensure_ascii=False)
