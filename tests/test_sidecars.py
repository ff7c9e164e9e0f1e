"""Sidecars read back as the words that are spoken, whatever the words contain.

A routine's text is the user's: it may hold ``<b>``, ``&``, ``-->``, blank lines, tabs and
Unicode line breaks. Each sidecar is read back here the way its readers read it (WebVTT by its
cue text rules, and by a real browser; LRC line by line; JSON by a JSON parser) and must give
the spoken text, on one line where the format has lines.
"""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from stretchaudio import sidecars
from stretchaudio.planner import Role
from stretchaudio.timeline import Cue, Event, Timeline

RATE = 22_050
HOSTILE = [
    "Tags <b>bold</b> & co.",
    "Already escaped: &amp; &lt;b&gt; &#60;",
    "First line --> an arrow\n\nsecond paragraph <c.yellow>x</c> <00:00:01.000> a<v Joe>b",
    "Tab\there,\u2028a line separator,\r\nand a Windows line break.",
    "NOTE this is not a comment",
    "WEBVTT",
    "[00:05.00]Not a second timestamp? <i>it is text</i>",
]
TITLE = "Morning <routine>\n& evening"


def timeline(texts: list[str], cue: str = "Three & <two>") -> Timeline:
    """Each text spoken for one second, with a second of silence after it; one spoken cue."""
    events = []
    for n, text in enumerate(texts):
        events.append(Event(2 * n * RATE, RATE, "speech", Role.STEP, text))
        events.append(Event((2 * n + 1) * RATE, RATE, "silence", Role.HOLD))
    cues = (Cue(RATE + RATE // 2, RATE // 4, Role.COUNTDOWN, cue),)
    return Timeline(TITLE, RATE, tuple(events), cues=cues)


def spoken(tl: Timeline) -> list[str]:
    """The spoken lines in time order, as a reader should show them (on one line)."""
    lines = [(e.start, e.end, e.text) for e in tl.events if e.kind == "speech" and e.length]
    lines += [(c.start, c.end, c.text) for c in tl.cues]
    return [" ".join(text.split()) for _, _, text in sorted(lines) if text]


def read_vtt(text: str) -> list[tuple[str, str]]:
    """(timing, displayed text) per cue, as the WebVTT rules read a file: blocks are separated
    by blank lines; a cue is a block with a timing line; its text is every line after that;
    ``<...>`` is markup, not text; ``&...;`` are character references."""
    assert text.startswith("WEBVTT\n")
    cues = []
    for block in re.split(r"\n{2,}", text.strip())[1:]:
        lines = block.split("\n")
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:  # not a cue: a reader skips it
            continue
        payload = "\n".join(lines[timing + 1 :])
        shown = html.unescape(re.sub(r"<[^>]*>", "", payload))
        cues.append((lines[timing], shown))
    return cues


def test_vtt_cues_show_the_spoken_text() -> None:
    tl = timeline(HOSTILE)
    cues = read_vtt(sidecars.vtt(tl))
    assert [shown for _, shown in cues] == spoken(tl)
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}", t) for t, _ in cues)


def test_lrc_has_one_line_per_spoken_line() -> None:
    tl = timeline(HOSTILE)
    lines = sidecars.lrc(tl).splitlines()  # splitlines: also every Unicode line break
    assert lines[:2] == ["[ti:Morning <routine> & evening]", "[by:stretchaudio]"]
    # A lyric line is its time tags, then its text (shown without surrounding spaces).
    parsed = [re.fullmatch(r"((?:\[\d+:\d\d\.\d\d\])*)(.*)", line) for line in lines[2:]]
    assert all(m and m.group(1).count("[") == 1 for m in parsed), lines
    assert [m.group(2).strip() for m in parsed if m] == spoken(tl)


def test_json_keeps_every_text_exactly() -> None:
    tl = timeline(HOSTILE)
    data = json.loads(sidecars.render_all(tl)["json"])
    assert data["title"] == TITLE
    assert [e["text"] for e in data["events"] if e["kind"] == "speech"] == HOSTILE
    assert [c["text"] for c in data["cues"]] == ["Three & <two>"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (scripts/test.sh does)")
def test_a_browser_shows_the_vtt_cues_as_spoken(tmp_path: Path) -> None:
    """The real thing: Chromium's WebVTT parser, as a <track> of a <video>."""
    tl = timeline(HOSTILE)
    url = "data:text/vtt;base64," + base64.b64encode(sidecars.vtt(tl).encode()).decode()
    page = tmp_path / "captions.html"
    page.write_text(
        f"""<!doctype html><meta charset="utf-8"><video></video><pre id="out">loading</pre>
<script>
const track = document.createElement("track");
track.src = {json.dumps(url)};
document.querySelector("video").appendChild(track);
track.track.mode = "hidden";
const out = document.getElementById("out");
track.onload = () => {{
  out.textContent = JSON.stringify([...track.track.cues].map(
    c => [c.startTime, c.getCueAsHTML().textContent]));
}};
track.onerror = () => {{ out.textContent = "error"; }};
</script>""",
        encoding="utf-8",
    )
    exe = chromium()
    assert exe is not None
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000"]
    dom = subprocess.run(
        [*cmd, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[-500:]
    cues = json.loads(html.unescape(found.group(1)))
    starts = sorted([e.start for e in tl.events if e.kind == "speech"] + [tl.cues[0].start])
    assert [start for start, _ in cues] == [s / RATE for s in starts]
    assert [shown for _, shown in cues] == spoken(tl)
