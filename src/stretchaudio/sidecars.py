"""Sidecar files beside the MP3: WebVTT captions, LRC lyrics and the JSON timeline.

Captions cover every spoken line and every spoken cue, at their exact times.
"""

from __future__ import annotations

from . import scriptfmt
from .timeline import Timeline

KINDS = ("vtt", "lrc", "json")


def _spoken(timeline: Timeline) -> list[tuple[int, int, str]]:
    lines = [
        (e.start, e.end, e.text)
        for e in timeline.events
        if e.kind == "speech" and e.text and e.length
    ]
    lines += [(c.start, c.end, c.text) for c in timeline.cues if c.text]
    return sorted(lines)


def _vtt_time(samples: int, rate: int) -> str:
    ms = samples * 1000 // rate
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def vtt(timeline: Timeline) -> str:
    rate = timeline.sample_rate
    out = ["WEBVTT", ""]
    for n, (start, end, text) in enumerate(_spoken(timeline), 1):
        out += [
            str(n),
            f"{_vtt_time(start, rate)} --> {_vtt_time(end, rate)}",
            text.replace("-->", "->"),
            "",
        ]
    return "\n".join(out)


def lrc(timeline: Timeline) -> str:
    rate = timeline.sample_rate
    out = [f"[ti:{timeline.title}]", "[by:stretchaudio]"]
    for start, _, text in _spoken(timeline):
        cs = start * 100 // rate
        minutes, rest = divmod(cs, 6000)
        out.append(f"[{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}]{' '.join(text.split())}")
    return "\n".join(out) + "\n"


def render_all(timeline: Timeline) -> dict[str, str]:
    """File suffix -> content, for every sidecar kind."""
    return {"vtt": vtt(timeline), "lrc": lrc(timeline), "json": scriptfmt.to_json(timeline)}
