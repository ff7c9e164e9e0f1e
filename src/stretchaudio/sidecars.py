"""Sidecar files beside the MP3: WebVTT captions, LRC lyrics and the JSON timeline, and what a
person looks at: the routine's picture (PNG and SVG) and the follow-along page (HTML).

Captions cover every spoken line and every spoken cue, at their exact times.
"""

from __future__ import annotations

from . import scriptfmt
from .language import clock
from .timeline import Timeline

KINDS = ("vtt", "lrc", "json")
PICTURE_KINDS = ("png", "svg")
PAGE_KINDS = ("html",)


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


def picture(timeline: Timeline, svg: bool = True) -> dict[str, bytes]:
    """``NAME.png`` (also the generated cover) and ``NAME.svg``: the routine's picture."""
    from . import picture as drawing

    out = {"png": drawing.png(timeline)}
    if svg:
        out["svg"] = drawing.svg(timeline).encode("utf-8")
    return out


def page(timeline: Timeline, media: str) -> dict[str, bytes]:
    """``NAME.html``: the follow-along page, playing the file named ``media`` beside it."""
    from . import page as follow

    return {"html": follow.for_timeline(timeline, media).encode("utf-8")}
