"""The follow-along page: one self-contained HTML file that plays the MP3 beside it.

The page shows the current instruction, a countdown of the current line or window, what comes
next, the side, set and repetition, the chapters and a progress strip like the picture's. It is
driven by the audio clock (``currentTime`` read on every animation frame), and everything it
shows comes from the same timeline as the audio, so a change on screen lands on the sample where
the change is heard. The HTML, CSS and script are one package asset (``assets/page.html``);
this module only fills in the routine's data, worked out here so the script stays small:
for every event the instruction to show and the next line (no per-frame search beyond a
binary search over event starts, so 2-hour routines play as smoothly as short ones).

Every word on the page is in the timeline's ``language`` (:mod:`.language.screen`): the
labels in the HTML are filled in here, and the script gets the rest, templates such as
"Exercise {number} of {total}" included, in its data; it holds no words of its own.
"""

from __future__ import annotations

import bisect
import html as htmlmod
import json
import re
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from . import scriptfmt, tags
from .language.screen import ScreenText
from .overview import KINDS, kind_of, overview

if TYPE_CHECKING:
    from .timeline import Timeline

COUNTS = ("side", "set", "sets", "rep", "reps")
"""Integer keys of an event copied to the page where present ("Side 2", "Rep 3 of 8")."""
PHASE_ROLES = ("prep", "hold", "breaths", "pause", "switch", "rest", "tempo")
"""Window roles (planner.WINDOW_ROLES) whose name the page shows large while they run."""
STATIC = {
    "HINT": "hint",
    "TOGGLE": "toggle",
    "COUNTDOWN": "countdown",
    "PROGRESS": "progress",
    "NEXT": "next",
    "CHAPTERS": "chapters",
}
"""The page's words written into its HTML as ``{{NAME}}`` (the script changes the hint
later), by their key in ``ScreenText.page()``."""


def template() -> str:
    return (resources.files("stretchaudio") / "assets" / "page.html").read_text(encoding="utf-8")


class _Texts:
    """Distinct texts, stored once and referred to by index."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def id(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def _events(data: dict[str, Any], texts: _Texts) -> list[dict[str, Any]]:
    """Every event with the instruction to show while it runs (its own text, or the last line
    spoken before it) and the next line spoken after it."""
    events = data["events"]
    exercise = {name: k for k, name in enumerate(data.get("exercises") or [])}
    following: list[int | None] = [None] * len(events)
    upcoming: int | None = None
    for k in range(len(events) - 1, -1, -1):
        following[k] = upcoming
        if events[k].get("kind") == "speech" and events[k].get("text"):
            upcoming = texts.id(events[k]["text"])
    out = []
    said: int | None = None
    for k, ev in enumerate(events):
        if ev.get("kind") == "speech" and ev.get("text"):
            said = texts.id(ev["text"])
        item: dict[str, Any] = {
            "s": int(ev["start_sample"]),
            "n": int(ev["samples"]),
            "k": kind_of(ev) or "gap",
            "r": ev.get("role"),
            "t": said,
            "x": following[k],
            "e": exercise.get(ev.get("exercise")),
        }
        for key in COUNTS:
            if isinstance(ev.get(key), int) and not isinstance(ev.get(key), bool):
                item[key] = ev[key]
        out.append({k: v for k, v in item.items() if v is not None})
    return out


def _cues(data: dict[str, Any], texts: _Texts, words: ScreenText) -> list[dict[str, Any]]:
    """Spoken cues, and the sounds that stand for an instruction (breathing tones; chimes
    show nothing)."""
    out = []
    for cue in data.get("cues", []):
        text = cue.get("text") or words.sound(cue.get("sound") or "")
        if text:
            out.append(
                {"s": int(cue["start_sample"]), "n": int(cue["samples"]), "t": texts.id(text)}
            )
    out.sort(key=lambda c: c["s"])
    return out


def view(
    data: dict[str, Any], audio: str, chapters: list[tuple[int, str]] | None = None
) -> dict[str, Any]:
    """What the page's script reads: ``data`` is ``scriptfmt.to_dict(timeline)``, ``audio``
    the media file's name beside the page, ``chapters`` (start in ms, title) pairs as
    ``tags.chapters`` gives them. A chapter starts on the first event at or after its
    millisecond (the chapter tags round the event's start down to the millisecond)."""
    texts = _Texts()
    events = _events(data, texts)
    rate = int(data["sample_rate"])
    starts = [e["s"] for e in events]
    marks = []
    for start_ms, title in chapters or []:
        k = bisect.bisect_left(starts, -(-start_ms * rate // 1000))
        if k < len(starts):
            marks.append({"s": starts[k], "title": title})
    summary = overview(data)
    words = summary.words
    return {
        "title": data.get("title") or "",
        "lang": summary.language,
        "rate": rate,
        "total": int(data["total_samples"]),
        "audio": audio,
        "exercises": list(data.get("exercises") or []),
        "texts": texts.items,
        "events": events,
        "cues": _cues(data, texts, words),
        "chapters": marks,
        "segments": [[s.start, s.end, s.kind] for s in summary.segments],
        "starts": [[x.start, x.number] for x in summary.exercises],
        "kinds": {
            k.key: {"label": words.legend(k.key), "colour": k.colour, "height": k.height}
            for k in KINDS
        },
        "phases": {role: words.phase(role) for role in PHASE_ROLES},
        "words": words.page(),
    }


def html(data: dict[str, Any], audio: str, chapters: list[tuple[int, str]] | None = None) -> str:
    """The page for the timeline ``data`` (``scriptfmt.to_dict``) and the media file named
    ``audio`` in the same folder."""
    shown = view(data, audio, chapters)
    payload = json.dumps(shown, ensure_ascii=False, separators=(",", ":"))
    values = {
        "LANG": htmlmod.escape(html_lang(shown["lang"])),
        "TITLE": htmlmod.escape(str(data.get("title") or "stretchaudio")),
        "AUDIO": htmlmod.escape(quote(audio)),
        "DATA": payload.replace("<", "\\u003c"),  # no "</script>" or "<!--" inside the script
        **{name: htmlmod.escape(shown["words"][key]) for name, key in STATIC.items()},
    }
    # One pass: what is filled in (a title, a translation) is never read for {{...}} again.
    pattern = r"\{\{(" + "|".join(values) + r")\}\}"
    return re.sub(pattern, lambda m: values[m.group(1)], template())


def html_lang(code: str) -> str:
    """A language code as HTML's ``lang`` wants it (BCP 47): ``pt_BR`` -> ``pt-BR``."""
    return code.strip().replace("_", "-")


def for_timeline(timeline: Timeline, audio: str) -> str:
    """The page for a rendered ``timeline`` whose media file is ``audio`` (a file name)."""
    chapters = [(c.start_ms, c.title) for c in tags.chapters(timeline)]
    return html(scriptfmt.to_dict(timeline), audio, chapters)
