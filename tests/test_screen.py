"""The picture and the follow-along page in the timeline's language (language/screen.py).

Every word the program draws on the picture and shows on the page must be the routine's
language: the picture's shapes are checked before painting, the page's data and HTML as
written, and every drawn character must be in the picture's font (a letter the font lacks is
painted as a box). The browser test is in tests/test_page.py.
"""

from __future__ import annotations

import html as htmlmod
import json
import re
from typing import Any

import pytest

import handmade
import test_languages as tl
from stretchaudio import page, picture, scriptfmt
from stretchaudio.errors import UsageError
from stretchaudio.language.screen import screen_text
from stretchaudio.overview import KINDS, overview
from stretchaudio.planner import plan
from stretchaudio.routine import load_builtin
from stretchaudio.timeline import estimate_lengths, layout

LANGUAGES = tl.LANGUAGES


def timeline_of(lang: str) -> dict[str, Any]:
    """The built-in routine translated into ``lang`` (English for "en"), laid out with
    estimated speech lengths."""
    routine = load_builtin("l5-s1")[0] if lang == "en" else tl.translated(lang)
    the_plan = plan(routine)
    return scriptfmt.to_dict(layout(the_plan, estimate_lengths(the_plan)))


def in_language(data: dict[str, Any], lang: str) -> dict[str, Any]:
    return {**data, "language": lang}


def shapes_of(data: dict[str, Any], size: int) -> list[str]:
    return [s.text for s in picture.layout(overview(data), size) if isinstance(s, picture.Label)]


def program_texts(data: dict[str, Any], size: int) -> list[str]:
    """What the program writes on the picture: every label but the routine's own words (its
    title, wrapped, and its exercises' names, maybe shortened) and bare numbers and times."""
    own = [data["title"], *data["exercises"]]
    out = []
    for text in shapes_of(data, size):
        if any(text.rstrip("…").strip() in name for name in own):
            continue
        if re.search(r"[^\W\d_]", text):  # has a letter
            out.append(text)
    return out


def leaked(texts: list[str], lang: str) -> set[str]:
    forbidden = tl.english_words(lang)
    plain = [re.sub(r"\{\w+\}", "", t) for t in texts]  # a template's {names} are no words
    return {w.lower() for t in plain for w in re.findall(r"[A-Za-z']+", t)} & forbidden


SHAPES = {
    "fixture": lambda lang: timeline_of(lang),
    "sets and reps": lambda lang: in_language(handmade.sets_and_reps(), lang),
    "forty exercises": lambda lang: in_language(handmade.long_routine(30, 40), lang),
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("shape", SHAPES)
def test_the_picture_writes_no_english_word(lang: str, shape: str) -> None:
    data = SHAPES[shape](lang)
    english = in_language(data, "en")
    for size in (300, 1400):
        mine, theirs = program_texts(data, size), program_texts(english, size)
        assert mine and not leaked(mine, lang), (lang, size, mine)
        assert not set(mine) & set(theirs), (lang, size, set(mine) & set(theirs))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_picture_says_what_the_screen_words_say(lang: str) -> None:
    words = screen_text(lang)
    data = in_language(handmade.sets_and_reps(), lang)
    view = overview(data)
    texts = shapes_of(data, 1400)
    assert any(t.endswith(words.exercise_count(2)) for t in texts)
    assert " · ".join(words.details(2, 2, None)) in texts  # "2 Seiten · 2 Sätze"
    assert words.details(1, None, 3)[0] in texts
    assert [words.legend(k.key) for k in view.kinds()] == [t for t in texts if t in
            {words.legend(k.key) for k in KINDS}]  # fmt: skip
    crowded = in_language(handmade.long_routine(30, 40), lang)
    more = [t for t in shapes_of(crowded, 300) if t.startswith("+")]
    assert len(more) == 1 and more[0] in {words.more(n) for n in range(1, 40)}, more


@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_every_letter_the_picture_draws_is_in_its_font(lang: str) -> None:
    """Pillow paints a character its font lacks as a box: every drawn character (the
    program's words and the translated routine's own) must have a glyph."""
    font = picture._font(40)
    missing_glyph = bytes(font.getmask("\u4e00"))  # a CJK character: not in Aileron
    data = timeline_of(lang)
    drawn = set("".join(shapes_of(data, 1400) + shapes_of(in_language(data, lang), 300)))
    drawn |= set("".join([*screen_text(lang).details(2, 3, 8), screen_text(lang).more(2)]))
    drawn |= set("".join(screen_text(lang).legend(k.key) for k in KINDS))
    boxes = {ch for ch in drawn - {" "} if bytes(font.getmask(ch)) == missing_glyph}
    assert not boxes, (lang, boxes)
    assert bytes(font.getmask("ü")) != missing_glyph  # the check itself can fail


def page_strings(view: dict[str, Any], data: dict[str, Any]) -> list[str]:
    """Every string of the page's data that the program wrote (not the routine's texts):
    its words, phase and legend labels, and what its breathing tones mean."""
    tones = {c["start_sample"] for c in data["cues"] if c.get("sound")}
    sounds = [view["texts"][c["t"]] for c in view["cues"] if c["s"] in tones]
    kinds = [k["label"] for k in view["kinds"].values()]
    return [*view["words"].values(), *view["phases"].values(), *kinds, *sounds]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_shows_no_english_word(lang: str) -> None:
    data = in_language(handmade.sets_and_reps(), lang)
    view = page.view(data, "x.mp3")
    english = page.view(in_language(data, "en"), "x.mp3")
    assert view["lang"] == lang
    mine, theirs = page_strings(view, data), page_strings(english, data)
    assert theirs[-1] == "Breathe out"  # the last cue is a breathing tone
    assert not leaked(mine, lang), (lang, leaked(mine, lang))
    for key, template in english["words"].items():  # the script fills the same names in
        assert tl._names(view["words"][key]) == tl._names(template), key
    same = {a for a, b in zip(mine, theirs, strict=True) if a == b}
    assert same <= {"Pause"}, same  # German and French say "Pause" too


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pages_html_is_in_the_language_and_its_script_holds_no_english(lang: str) -> None:
    data = in_language(handmade.sets_and_reps(), lang)
    html = page.html(data, "x.mp3")
    words = screen_text(lang).page()
    assert f'<html lang="{lang}">' in html
    for key in ("hint", "next", "chapters", "toggle", "countdown", "progress"):
        assert htmlmod.escape(words[key]) in html, key
    head, rest = html.split('id="timeline">')
    outside = head + rest.split("</script>", 1)[1]  # the page without its data
    english = screen_text("en")
    shown = [*english.page().values(), *(english.phase(r) or "" for r in page.PHASE_ROLES)]
    for text in shown:
        if text not in words.values() and text != "Pause":
            assert not re.search(rf"(?<!\w){re.escape(text)}(?!\w)", outside), (lang, text)
    assert "{{" not in outside


def test_english_is_as_before() -> None:
    data = timeline_of("en")
    texts = shapes_of(data, 1400)
    assert texts[texts.index("L5-S1 lower-back relief") + 1].endswith("  ·  5 exercises")
    assert {"speech", "hold", "breathe", "reps", "set-up", "rest"} <= set(texts)
    view = page.view(handmade.sets_and_reps(), "x.mp3")  # no "language": English
    assert view["lang"] == "en" and view["words"]["exercise"] == "Exercise {number} of {total}"
    assert view["phases"]["switch"] == "Switch sides" and view["words"]["end"] == "The end"
    assert '<html lang="en">' in page.html(handmade.sets_and_reps(), "x.mp3")


def test_a_regional_code_uses_its_languages_words_and_keeps_its_region() -> None:
    data = in_language(handmade.sets_and_reps(), "pt_BR")
    html = page.html(data, "x.mp3")
    assert '<html lang="pt-BR">' in html
    body = json.loads(html.split('id="timeline">')[1].split("</script>")[0])
    assert body["words"]["next"] == screen_text("pt").page()["next"] == "A seguir"
    assert "Série 2 de 2" not in shapes_of(data, 1400)  # shapes say "2 séries", not a badge
    assert "2 lados · 2 séries" in shapes_of(data, 1400)


def test_a_timeline_in_a_language_without_words_is_a_clear_error() -> None:
    data = in_language(handmade.sets_and_reps(), "xx")
    with pytest.raises(UsageError, match="no phrases for the language 'xx'"):
        picture.layout(overview(data))
    with pytest.raises(UsageError, match="no phrases for the language 'xx'"):
        page.html(data, "x.mp3")
