"""Sidecar files beside the MP3: WebVTT captions, LRC lyrics and the JSON timeline.

Captions cover every spoken line and every spoken cue, at their exact times.
"""

from __future__ import annotations

from . import scriptfmt
from .language import clock
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


def vtt(timeline: Timeline) -> str:
    rate = timeline.sample_rate
    out = ["WEBVTT", ""]
    for n, (start, end, text) in enumerate(_spoken(timeline), 1):
        out += [
            str(n),
            f"{clock(start, rate, 'vtt')} --> {clock(end, rate, 'vtt')}",
            text.replace("-->", "->"),
            "",
        ]
    return "\n".join(out)


def lrc(timeline: Timeline) -> str:
    rate = timeline.sample_rate
    out = [f"[ti:{timeline.title}]", "[by:stretchaudio]"]
    for start, _, text in _spoken(timeline):
        out.append(f"[{clock(start, rate, 'lrc')}]{' '.join(text.split())}")
    return "\n".join(out) + "\n"


def render_all(timeline: Timeline) -> dict[str, str]:
    """File suffix -> content, for every sidecar kind."""
    return {"vtt": vtt(timeline), "lrc": lrc(timeline), "json": scriptfmt.to_json(timeline)}
