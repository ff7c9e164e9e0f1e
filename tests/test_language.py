"""The language module: one vocabulary of number words both ways, sentences, tidy text and
one clock, used by every stage that reads or writes words."""

from __future__ import annotations

import re

import pytest

from stretchaudio.importer import import_article
from stretchaudio.language import clock, number_words, parse_number, parse_range, sentences, tidy
from stretchaudio.language.numerals import NUMBER, RANGE, WORD_NUMBER
from stretchaudio.phrases import parse_step_text


def test_number_words_read_back_to_the_same_number() -> None:
    for n in range(1, 1000):
        words = number_words(n)
        assert parse_number(words) == n, words
        assert parse_number(words.replace("-", " ")) == n
        assert re.fullmatch(WORD_NUMBER, words, re.IGNORECASE), words
        assert re.fullmatch(NUMBER, str(n))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twenty-six", (26, 26)),
        ("Thirty Five", (35, 35)),
        ("10-15", (10, 15)),
        ("ten to fifteen", (10, 15)),
        ("15 \u2013 10", (10, 15)),
        ("three or four", (3, 4)),
        ("one hundred and five", (105, 105)),
        ("a few", None),
        ("six twenty", None),
    ],
)
def test_numbers_and_ranges(text: str, expected: tuple[int, int] | None) -> None:
    assert parse_range(text) == expected
    if expected is not None:
        assert re.fullmatch(RANGE, text, re.IGNORECASE)


def test_step_text_and_importer_read_compound_numbers_alike() -> None:
    """The importer once read "twenty-six" as 6: both now use the one vocabulary."""
    assert parse_step_text("Lift your hips. Repeat twenty-six times.").repetitions == 26
    step = parse_step_text("Sit tall and take thirty-five slow breaths.")
    assert step.action is not None and step.action.count == 35
    article = (
        "# Evening\n\n## Bridge\n\n1. Lie on your back.\n2. Lift your hips. Repeat twenty-six "
        "times.\n\n## Breathing\n\n1. Sit tall and take thirty-five slow breaths.\n"
    )
    routine = import_article(article, "a.md").routine
    assert routine.exercises[0].repetitions == 26
    [imported] = [s for s in routine.exercises[1].steps if s.action is not None]
    assert imported.action is not None and imported.action.count == 35


def test_sentences_keep_abbreviations_and_initials() -> None:
    text = "See Dr. Smith first, e.g. if it hurts. Then lie down! J. R. R. Tolkien wrote. Done?"
    assert sentences(text) == [
        "See Dr. Smith first, e.g. if it hurts.",
        "Then lie down!",
        "J. R. R. Tolkien wrote.",
        "Done?",
    ]


def test_tidy_makes_one_speakable_sentence() -> None:
    assert tidy("  slowly   lean forward ,  and then") == "Slowly lean forward."
    assert tidy("reach up. breathe out") == "Reach up. Breathe out."
    assert tidy(", ; -") == ""
    assert tidy("Is that all?") == "Is that all?"


@pytest.mark.parametrize("rate", [22050, 44100, 48000, 8000])
def test_one_instant_is_printed_one_way(rate: int) -> None:
    """Script, VTT and LRC agree: every style rounds the same instant down."""
    for samples in range(0, 4 * 3600 * rate, 7919 * rate // 100 + 13):
        script, vtt, lrc = (clock(samples, rate, style) for style in ("script", "vtt", "lrc"))
        minutes, rest = script.split(":")
        hours, vmin, vrest = vtt.split(":")
        assert int(minutes) == int(hours) * 60 + int(vmin) and rest == vrest
        lmin, lrest = lrc.split(":")
        assert int(lmin) == int(minutes) and rest.startswith(lrest)


@pytest.mark.parametrize(
    ("text", "mirrored"),
    [
        ("Lift your right leg to a right angle.", "Lift your left leg to a right angle."),
        ("Turn to the right in a slow arc.", "Turn to the left in a slow arc."),
        ("Bring your left arm right up.", "Bring your right arm right up."),
        ("Stop right away if your right knee hurts.", "Stop right away if your left knee hurts."),
    ],
)
def test_right_that_names_no_side_is_not_mirrored(text: str, mirrored: str) -> None:
    from stretchaudio.language import mirror_sides

    assert mirror_sides(text) == mirrored
