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


def _vtt_text(text: str) -> str:
    """Cue text that a WebVTT reader shows exactly as written: on one line (a blank line would
    end the cue), with ``&``, ``<`` and ``>`` as character references (``<b>`` would be read
    as a tag, ``&amp;`` as an entity, ``-->`` as a timing line)."""
    one_line = " ".join(text.split())
    return one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vtt(timeline: Timeline) -> str:
    rate = timeline.sample_rate
    out = ["WEBVTT", ""]
    for n, (start, end, text) in enumerate(_spoken(timeline), 1):
        out += [
            str(n),
            f"{clock(start, rate, 'vtt')} --> {clock(end, rate, 'vtt')}",
            _vtt_text(text),
            "",
        ]
    return "\n".join(out)


def lrc(timeline: Timeline) -> str:
    rate = timeline.sample_rate
    out = [f"[ti:{' '.join(timeline.title.split())}]", "[by:stretchaudio]"]  # one line each
    for start, _, text in _spoken(timeline):
        line = " ".join(text.split())  # one line: a line break would start a new lyric
        if line.startswith("["):  # "[00:05.00]..." would be read as a second time tag
            line = " " + line
        out.append(f"[{clock(start, rate, 'lrc')}]{line}")
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
