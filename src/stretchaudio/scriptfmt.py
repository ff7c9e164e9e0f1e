"""The narration script as text or JSON: every line and window with its exact start."""

from __future__ import annotations

import json

from .planner import WINDOW_ROLES, Timeline


def _clock(samples: int, rate: int) -> str:
    ms = samples * 1000 // rate
    minutes, rest = divmod(ms, 60_000)
    return f"{minutes:3d}:{rest // 1000:02d}.{rest % 1000:03d}"


def to_text(timeline: Timeline) -> str:
    """One row per event: start, what, length. Windows are marked; short gaps are folded in."""
    rate = timeline.sample_rate
    rows = [
        f"{timeline.title}  (total {timeline.seconds:.3f} s, {timeline.total_samples} samples"
        f" at {rate} Hz)",
        "",
    ]
    for ev in timeline.events:
        where = ""
        if ev.exercise is not None:
            where = f"  [{timeline.exercise_names[ev.exercise]}"
            where += f", side {ev.side}]" if ev.side else "]"
        if ev.kind == "speech":
            rows.append(f"{_clock(ev.start, rate)}  say    {ev.text}  ({ev.length / rate:.2f} s)")
        elif ev.role in WINDOW_ROLES:
            rows.append(
                f"{_clock(ev.start, rate)}  {ev.role.value:6} {ev.length / rate:.3f} s{where}"
            )
    rows.append(f"{_clock(timeline.total_samples, rate)}  end")
    return "\n".join(rows)


def to_dict(timeline: Timeline) -> dict[str, object]:
    rate = timeline.sample_rate
    return {
        "title": timeline.title,
        "sample_rate": rate,
        "total_samples": timeline.total_samples,
        "total_seconds": timeline.total_samples / rate,
        "exercises": list(timeline.exercise_names),
        "events": [
            {
                "start": ev.start / rate,
                "duration": ev.length / rate,
                "start_sample": ev.start,
                "samples": ev.length,
                "kind": ev.kind,
                "role": ev.role.value,
                "text": ev.text,
                "exercise": None if ev.exercise is None else timeline.exercise_names[ev.exercise],
                "side": ev.side,
            }
            for ev in timeline.events
        ],
    }


def to_json(timeline: Timeline) -> str:
    return json.dumps(to_dict(timeline), indent=2, ensure_ascii=False)
