"""The follow-along page, driven in a real headless Chromium (Debian's ``chromium``) through
Playwright, opened from ``file://`` beside a real MP3.

Hand-made timelines (with sides, sets and reps) play against a silent MP3 of exactly their
length, encoded by our own encoder; ``test_picture_and_page_of_a_real_render`` renders the
built-in routine with Piper. ``STRETCHAUDIO_SCREENSHOTS=1`` also copies the screenshots to
``docs/`` (the README shows them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import handmade
from stretchaudio import encoder, ffmpeg, page

CHROMIUM = os.environ.get("STRETCHAUDIO_CHROMIUM") or shutil.which("chromium") or ""
ARGS = [  # no sandbox as root; and nothing that would try to reach Google's hosts
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
PHONE = {"width": 390, "height": 844}
DOCS = Path(__file__).resolve().parents[1] / "docs"


# -- the data the page's script reads (no browser) ------------------------------------------


def test_view_gives_each_event_its_instruction_next_line_and_counts() -> None:
    data = handmade.sets_and_reps()
    view = page.view(data, "x.mp3")
    texts, events = view["texts"], view["events"]
    hold = events[8]  # the first hold
    assert texts[hold["t"]] == "Hold for twenty seconds." and texts[hold["x"]] == "Switch sides."
    assert (hold["side"], hold["set"], hold["sets"], hold["k"]) == (1, 1, 2, "hold")
    assert texts[events[0]["t"]] == "Calves and squats." and texts[events[0]["x"]] == "Get ready."
    assert events[-1]["k"] == "speech" and "x" not in events[-1]
    tempo = next(e for e in events if e["r"] == "tempo")
    assert (texts[tempo["t"]], tempo["rep"], tempo["reps"]) == ("One.", 1, 3)
    assert "side" not in events[0] and "rep" not in events[0]
    cue_texts = [texts[c["t"]] for c in view["cues"]]
    assert cue_texts == ["Breathe in.", "Breathe out", "Down.", "Up."]  # time order


def test_view_puts_chapters_on_the_exact_event_start() -> None:
    data = handmade.sets_and_reps()
    rate = data["sample_rate"]
    first, second = data["events"][4], data["events"][20]
    chapters = [(e["start_sample"] * 1000 // rate, e["exercise"]) for e in (first, second)]
    view = page.view(data, "x.mp3", chapters)
    assert [c["s"] for c in view["chapters"]] == [first["start_sample"], second["start_sample"]]


def test_html_escapes_what_the_user_wrote() -> None:
    data = handmade.timeline(
        "<b>Tags</b> & {{AUDIO}}",
        ["A"],
        [handmade.say(2, "</script><script>document.title='owned'</script>", exercise="A")],
    )
    html = page.html(data, "my routine & co.mp3")
    assert "<title>&lt;b&gt;Tags&lt;/b&gt; &amp; {{AUDIO}}</title>" in html
    assert 'src="my%20routine%20%26%20co.mp3"' in html
    assert html.count("</script>") == 2  # the page's own two scripts only
    body = html.split('id="timeline">')[1].split("</script>")[0]
    assert json.loads(body)["texts"][0].startswith("</script>")


# -- in the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM:
        pytest.skip("chromium is not installed (scripts/test.sh installs it as root)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Page:
    """One page opened from file://, recording every request and console error."""

    def __init__(self, browser: Any, html_file: Path, viewport: dict[str, int] = PHONE) -> None:
        self.context = browser.new_context(viewport=viewport, device_scale_factor=2)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(html_file.as_uri())
        self.page.wait_for_function("document.getElementById('audio').readyState >= 1")

    def seek(self, seconds: float) -> dict[str, Any]:
        """Seek the audio as a user's scrubbing would, then read what the page shows."""
        self.page.evaluate("t => { document.getElementById('audio').currentTime = t; }", seconds)
        self.page.wait_for_function(
            "t => Math.abs(document.getElementById('audio').currentTime - t) < 1e-5", arg=seconds
        )
        self.page.wait_for_timeout(30)  # the 'seeking' event's handler
        return self.shown()

    def shown(self) -> dict[str, Any]:
        return dict(
            self.page.evaluate(
                """() => {
                const text = id => document.getElementById(id).hidden ? ""
                    : document.getElementById(id).textContent;
                const box = document.getElementById('countdown');
                return {instruction: text('instruction'), next: text('nexttext'),
                        phase: text('phase'), cue: text('cue'), where: text('where'),
                        side: text('side'), set: text('set'), rep: text('rep'),
                        countdown: box.textContent, remaining: Number(box.dataset.remaining),
                        time: document.getElementById('audio').currentTime,
                        paused: document.getElementById('audio').paused};
            }"""
            )
        )

    def close(self) -> None:
        self.context.close()


def countdown_seconds(text: str) -> float:
    """'27.4' -> 27.4, '1:05.3' -> 65.3."""
    minutes, _, seconds = text.rpartition(":")
    return (int(minutes) * 60 if minutes else 0) + float(seconds)


def silent_mp3(path: Path, samples: int, rate: int) -> Path:
    """An MP3 of exactly ``samples`` of silence, made by the renderer's own encoder."""
    encoder.encode([np.zeros(samples, dtype=np.int16)], path, rate)
    return path


def long_silence(path: Path, seconds: float) -> Path:
    """A WAV of 8-bit, 8 kHz silence, a little longer than ``seconds`` (quick to make even
    for hours; the page plays a WAV beside it as it plays an MP3)."""
    cmd = [ffmpeg.ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono"]
    cmd += ["-t", f"{seconds + 0.5:.3f}", "-c:a", "pcm_u8", str(path)]
    subprocess.run(cmd, check=True)
    return path


def write_page(
    folder: Path, data: dict[str, Any], chapters: Any = None, media: str = "routine.mp3"
) -> Path:
    if media.endswith(".mp3"):
        silent_mp3(folder / media, data["total_samples"], data["sample_rate"])
    else:
        long_silence(folder / media, data["total_seconds"])
    html = folder / "routine.html"
    html.write_text(page.html(data, media, chapters), encoding="utf-8")
    return html


def expected(data: dict[str, Any], k: int) -> tuple[str, str | None]:
    """(instruction, next line) for event ``k``, worked out here from the JSON alone."""
    events = data["events"]
    said = [e["text"] for e in events[: k + 1] if e["kind"] == "speech"]
    later = [e["text"] for e in events[k + 1 :] if e["kind"] == "speech"]
    return (said[-1] if said else ""), (later[0] if later else None)


def check_event(shown: dict[str, Any], data: dict[str, Any], k: int, into: float) -> None:
    ev = data["events"][k]
    instruction, following = expected(data, k)
    assert shown["instruction"] == instruction, (k, shown)
    assert shown["next"] == (following or "The end"), (k, shown)
    assert shown["side"] == (f"Side {ev['side']}" if ev.get("side") else "")
    assert shown["rep"] == (f"Rep {ev['rep']} of {ev['reps']}" if ev.get("rep") else "")
    sets = ev.get("sets") or 0
    assert shown["set"] == (f"Set {ev['set']} of {sets}" if sets > 1 else "")
    left = ev["duration"] - into
    assert abs(countdown_seconds(shown["countdown"]) - left) <= 0.25, (k, shown, left)
    assert abs(shown["remaining"] - left) <= 0.001
    if ev["exercise"]:
        number = data["exercises"].index(ev["exercise"]) + 1
        assert shown["where"].startswith(f"Exercise {number} of {len(data['exercises'])}")


@pytest.mark.slow
def test_page_follows_the_timeline_event_by_event(browser: Any, tmp_path: Path) -> None:
    data = handmade.sets_and_reps()
    view = Page(browser, write_page(tmp_path, data))
    try:
        for k, ev in enumerate(data["events"]):  # every event's first sample
            check_event(view.seek(ev["start"]), data, k, 0.0)
        for k in (8, 12, 17, 19, len(data["events"]) - 3):  # and inside windows
            ev = data["events"][k]
            into = ev["duration"] * 0.37
            check_event(view.seek(ev["start"] + into), data, k, into)
        hold = data["events"][8]
        assert view.seek(hold["start"] + 1.0)["phase"] == "Hold"
        assert view.seek(hold["start"] + 5.2)["cue"] == "Breathe in."
        assert view.seek(hold["start"] + 11.0)["cue"] == "Breathe out"  # a tone's meaning
        tempo = next(e for e in data["events"] if e["role"] == "tempo")
        assert view.seek(tempo["start"] + 0.1)["cue"] == "Down."
        assert view.seek(tempo["start"] - 0.1)["cue"] == ""  # not before its window
        end = view.seek(data["total_seconds"])
        assert end["instruction"] == "Well done." and end["remaining"] == 0
        assert not view.errors, view.errors
        assert all(url.startswith("file://") for url in view.requests), view.requests
        assert {Path(u).name for u in view.requests} == {"routine.html", "routine.mp3"}
    finally:
        view.close()


@pytest.mark.slow
def test_chapter_tap_seeks_to_the_chapter_start(browser: Any, tmp_path: Path) -> None:
    data = handmade.sets_and_reps()
    rate = data["sample_rate"]
    starts = [data["events"][4], data["events"][9], data["events"][20]]
    chapters = [(e["start_sample"] * 1000 // rate, f"Chapter {e['text']}") for e in starts]
    view = Page(browser, write_page(tmp_path, data, chapters))
    try:
        for number in (3, 1, 2):
            ev = starts[number - 1]
            view.page.click(f"#chapterlist li:nth-child({number}) button")
            view.page.wait_for_timeout(50)
            shown = view.shown()
            assert abs(shown["time"] - ev["start"]) <= 1e-5, (number, shown)
            assert shown["instruction"] == ev["text"] and shown["paused"]
            current = view.page.eval_on_selector("#chapterlist li.current", "e => e.textContent")
            assert current.startswith(f"Chapter {ev['text']}")
        assert not view.errors, view.errors
    finally:
        view.close()


@pytest.mark.slow
def test_tap_and_space_play_and_pause_on_the_audio_clock(browser: Any, tmp_path: Path) -> None:
    data = handmade.sets_and_reps()
    view = Page(browser, write_page(tmp_path, data))
    try:
        hold = data["events"][8]
        before = view.seek(hold["start"] + 2.0)
        view.page.click("#instruction")  # anywhere on the large stage
        view.page.wait_for_function("!document.getElementById('audio').paused")
        view.page.wait_for_timeout(700)
        playing = view.shown()
        elapsed = playing["time"] - before["time"]
        assert elapsed > 0.2
        # Drawn from the audio clock on every frame, not from timeupdate's 4 Hz.
        assert abs(playing["remaining"] - (hold["duration"] - 2.0 - elapsed)) <= 0.1, playing
        view.page.keyboard.press("Space")
        view.page.wait_for_function("document.getElementById('audio').paused")
        paused = view.shown()
        view.page.wait_for_timeout(300)
        assert view.shown()["time"] == paused["time"]
        view.page.keyboard.press("Space")
        view.page.wait_for_function("!document.getElementById('audio').paused")
        view.page.keyboard.press("Space")
        assert not view.errors, view.errors
    finally:
        view.close()


@pytest.mark.slow
def test_a_two_hour_routine_plays_its_last_event(browser: Any, tmp_path: Path) -> None:
    data = handmade.long_routine()
    assert len(data["events"]) > 5000
    view = Page(browser, write_page(tmp_path, data, media="routine.wav"))
    try:
        for k in (len(data["events"]) - 2, 3, len(data["events"]) // 2):
            ev = data["events"][k]
            check_event(view.seek(ev["start"] + 0.25), data, k, 0.25)
        assert not view.errors, view.errors
    finally:
        view.close()


@pytest.mark.slow
def test_the_page_speaks_the_routines_language(browser: Any, tmp_path: Path) -> None:
    """The German routine's page: lang, labels, badges and hints in German, and no English
    word anywhere a user sees or a screen reader reads."""
    from stretchaudio import scriptfmt, tags
    from stretchaudio.planner import plan
    from stretchaudio.routine import load_routines
    from stretchaudio.timeline import estimate_lengths, layout
    from test_languages import FIXTURES, english_words

    the_plan = plan(load_routines(FIXTURES / "l5-s1.de.yaml")[0])
    timeline = layout(the_plan, estimate_lengths(the_plan))
    data = scriptfmt.to_dict(timeline)
    events = data["events"]
    k = next(k for k, e in enumerate(events) if e["role"] == "hold" and e["side"] == 2)
    events[k].update(set=2, sets=3)  # a set badge too (the planner writes none yet)
    chapters = [(c.start_ms, c.title) for c in tags.chapters(timeline)]
    view = Page(browser, write_page(tmp_path, data, chapters, media="routine.wav"))
    try:
        read = """() => [document.documentElement.lang, document.querySelector('#next .label')
            .textContent, document.querySelector('#chapters h2').textContent,
            ...['stage', 'countdown', 'bar'].map(id => document.getElementById(id)
            .getAttribute('aria-label')), document.getElementById('hint').textContent]"""
        assert view.page.evaluate(read) == [
            "de", "Als Nächstes", "Kapitel", "Abspielen oder anhalten",
            "Restzeit dieses Abschnitts", "Fortschritt; tippe, um dorthin zu springen",
            "Tippe irgendwo hierhin oder drücke die Leertaste, um abzuspielen",
        ]  # fmt: skip
        hold = view.seek(events[k]["start"] + 0.5)
        number = data["exercises"].index(events[k]["exercise"]) + 1
        assert hold["where"] == f"Übung {number} von 5 · {events[k]['exercise']}"
        assert (hold["phase"], hold["side"], hold["set"]) == ("Halten", "Seite 2", "Satz 2 von 3")
        tempo = next(e for e in events if e["role"] == "tempo" and e.get("rep") == 3)
        reps = view.seek(tempo["start"] + 0.1)
        assert reps["phase"] == "Wiederholungen"
        assert reps["rep"] == f"Wiederholung 3 von {tempo['reps']}"
        assert view.seek(data["total_seconds"])["next"] == "Ende"
        view.seek(hold["time"])
        hints = []
        changed = "t => document.getElementById('hint').textContent !== t"
        for tap in (True, False):  # tap to play, then the space bar to pause
            before = view.page.text_content("#hint")
            if tap:
                view.page.click("#stage")
            else:
                view.page.keyboard.press(" ")
            view.page.wait_for_function(changed, arg=before)  # on the play/pause event
            hints.append(view.page.text_content("#hint"))
        assert hints == [
            "Läuft · tippe oder drücke die Leertaste zum Anhalten",
            "Angehalten · tippe oder drücke die Leertaste zum Abspielen",
        ]
        seen = view.page.evaluate(
            "() => document.body.innerText + ' ' + [...document.querySelectorAll('[aria-label]')]"
            ".map(e => e.getAttribute('aria-label')).join(' ')"
        )
        own = " ".join([data["title"], *data["exercises"], *(c[1] for c in chapters)]
                       + [e["text"] or "" for e in [*events, *data["cues"]]])  # fmt: skip
        words = {w.lower() for w in re.findall(r"[A-Za-z']+", seen)}
        english = english_words("de") - {w.lower() for w in re.findall(r"[A-Za-z']+", own)}
        assert not words & english, words & english
        assert not view.errors, view.errors
    finally:
        view.close()


def screenshot(view: Page, path: Path) -> bytes:
    data: bytes = view.page.screenshot(path=str(path))
    return data


def distinct_colours(png: Path) -> int:
    from PIL import Image

    image = Image.open(png).convert("RGB")
    return len(image.getcolors(1 << 24) or [])


@pytest.mark.slow
def test_picture_and_page_of_a_real_render(browser: Any, tmp_path: Path) -> None:
    """The built-in routine rendered with Piper: its page follows the MP3's own timeline."""
    from click.testing import CliRunner
    from PIL import Image

    from stretchaudio.cli import cli

    out = tmp_path / "out"
    res = CliRunner(mix_stderr=False).invoke(
        cli,
        ["build", "l5-s1", "--cues", "-o", str(out)],
        env={"STRETCHAUDIO_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert res.exit_code == 0, res.stderr
    name = "l5-s1-lower-back-relief"
    data = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    view = Page(browser, out / f"{name}.html")
    try:
        duration = view.page.evaluate("document.getElementById('audio').duration")
        assert abs(duration - data["total_seconds"]) <= 0.001
        roles = {"hold", "breaths", "tempo", "rest", "switch", "prep"}
        picked = [next(k for k, e in enumerate(data["events"]) if e["role"] == r) for r in roles]
        picked += [k for k, e in enumerate(data["events"]) if e["kind"] == "speech"][::9]
        for k in sorted(picked):
            check_event(view.seek(data["events"][k]["start"]), data, k, 0.0)
        # The screenshot: a counted repetition on the second side, where the timeline has
        # one (side, rep and the cue word all show), else the second side's hold.
        moment = [e for e in data["events"] if e["role"] == "tempo" and e["side"] == 2]
        moment = [e for e in moment if e.get("rep") == 3] or [
            e for e in data["events"] if e["role"] == "hold" and e["side"] == 2
        ]
        view.seek(moment[0]["start"] + 0.8)
        shot = tmp_path / "page-390x844.png"
        screenshot(view, shot)
        assert Image.open(shot).size == (780, 1688)  # 390x844 at 2x
        assert distinct_colours(shot) > 50  # text, strip colours: not a blank page
        assert not view.errors, view.errors
        assert all(url.startswith("file://") for url in view.requests), view.requests
    finally:
        view.close()
    cover = Image.open(out / f"{name}.png")
    cover.resize((300, 300), Image.Resampling.LANCZOS).save(tmp_path / "picture-300.png")
    if os.environ.get("STRETCHAUDIO_SCREENSHOTS"):
        DOCS.mkdir(exist_ok=True)
        shutil.copy(shot, DOCS / "page-390x844.png")
        shutil.copy(out / f"{name}.png", DOCS / "picture-1400.png")
        shutil.copy(tmp_path / "picture-300.png", DOCS / "picture-300.png")
