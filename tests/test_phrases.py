"""Timing phrases in step text: what is understood, what is left to speak."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchaudio.model import Action, ActionKind
from stretchaudio.phrases import (
    MAX_PARSE_CHARS,
    ParsedStep,
    parse_count,
    parse_duration,
    parse_step_text,
)

HOLD, BREATHS, PAUSE = ActionKind.HOLD, ActionKind.BREATHS, ActionKind.PAUSE


def hold(seconds: float | None = None) -> Action:
    return Action(HOLD, seconds=seconds)


def pause(seconds: float | None = None) -> Action:
    return Action(PAUSE, seconds=seconds)


def breaths(count: int | None = None) -> Action:
    return Action(BREATHS, count=count)


SWITCH: dict[str, Any] = {"switch_sides": True}  # ParsedStep(..., **SWITCH)
EACH: dict[str, Any] = {"each_side": True}

# (step text, expected ParsedStep)
CASES: list[tuple[str, ParsedStep]] = [
    # the examples from the routine format
    ("Hold here for about 10 seconds and then switch sides", ParsedStep("", hold(10), **SWITCH)),
    ("Pause here for a few breaths and then switch sides.", ParsedStep("", breaths(), **SWITCH)),
    ("Breathe and switch sides.", ParsedStep("", breaths(), **SWITCH)),
    ("Hold here for 10 seconds, then switch sides.", ParsedStep("", hold(10), **SWITCH)),
    ("Slowly bend forward and hold for 20 seconds.", ParsedStep("Slowly bend forward.", hold(20))),
    ("Hold for 30 seconds, breathing deeply", ParsedStep("", hold(30))),
    # ranges: the lower bound
    ("Hold for 20-30 seconds.", ParsedStep("", hold(20))),
    ("Hold for 20\u201330 seconds.", ParsedStep("", hold(20))),
    ("Hold for 20 to 30 seconds.", ParsedStep("", hold(20))),
    ("Stay for 1-2 minutes.", ParsedStep("", hold(60))),
    ("Hold for 30 seconds to 1 minute.", ParsedStep("", hold(30))),
    ("Hold for between 20 and 30 seconds", ParsedStep("", hold(20))),
    # units and number words
    ("Hold for 1 minute", ParsedStep("", hold(60))),
    ("hold for 90 secs", ParsedStep("", hold(90))),
    ("Hold 30s", ParsedStep("", hold(30))),
    ("HOLD FOR HALF A MINUTE", ParsedStep("", hold(30))),
    ("Hold for a minute and a half.", ParsedStep("", hold(90))),
    ("Hold for one and a half minutes.", ParsedStep("", hold(90))),
    ("Hold for 1 minute and 30 seconds.", ParsedStep("", hold(90))),
    ("Hold for 1.5 minutes.", ParsedStep("", hold(90))),
    ("Hold for forty-five seconds.", ParsedStep("", hold(45))),
    ("Hold for twenty five seconds or longer if you can.", ParsedStep("", hold(25))),
    ("Hold for a minute.", ParsedStep("", hold(60))),
    # breaths
    ("Take five slow breaths", ParsedStep("", breaths(5))),
    ("stay here for 3 deep breaths", ParsedStep("", breaths(3))),
    ("Stay here for several breaths.", ParsedStep("", breaths())),
    ("Take a deep breath.", ParsedStep("", breaths(1))),
    ("Relax your shoulders and breathe deeply.", ParsedStep("Relax your shoulders.", breaths())),
    # bare holds and rests
    ("Hold", ParsedStep("", hold())),
    ("Hold the stretch.", ParsedStep("", hold())),
    ("Lie still for a moment.", ParsedStep("Lie still.", hold())),
    ("Rest for 10 seconds", ParsedStep("", pause(10))),
    ("Pause for 5 seconds.", ParsedStep("", pause(5))),
    ("wait 5 seconds", ParsedStep("", pause(5))),
    ("Rest.", ParsedStep("", pause())),
    # sides
    ("Repeat on the other side", ParsedStep("", **SWITCH)),
    ("repeat with the other leg.", ParsedStep("", **SWITCH)),
    ("Change legs.", ParsedStep("", **SWITCH)),
    ("switch sides", ParsedStep("", **SWITCH)),
    ("Swap sides!", ParsedStep("", **SWITCH)),
    ("Now the other side.", ParsedStep("", **SWITCH)),
    ("Hold. The other leg now.", ParsedStep("", hold(), **SWITCH)),
    ("Hold for 30 seconds, then the other leg.", ParsedStep("", hold(30), **SWITCH)),
    ("Repeat with your left leg.", ParsedStep("", **SWITCH)),
    ("Then do the other side.", ParsedStep("", **SWITCH)),
    ("Hold for 10 seconds before switching sides.", ParsedStep("", hold(10), **SWITCH)),
    (
        "Breathe here for 5 breaths before you repeat on the other side.",
        ParsedStep("", Action(BREATHS, count=5), **SWITCH),
    ),
    # "the other/opposite leg" inside a sentence names a limb: no switch, all of it is spoken
    (
        "Reach out an arm and the opposite leg.",
        ParsedStep("Reach out an arm and the opposite leg."),
    ),
    (
        "Extend your right arm, then the opposite leg.",
        ParsedStep("Extend your right arm, then the opposite leg."),
    ),
    (
        "Lift your right arm and the other leg, hold for 5 seconds.",
        ParsedStep("Lift your right arm and the other leg.", hold(5)),
    ),
    ("Do this on each side.", ParsedStep("", **EACH)),
    ("Each leg.", ParsedStep("", **EACH)),
    (
        "Hold your toes for 20 seconds on each side.",
        ParsedStep("Hold your toes.", hold(20), **EACH),
    ),
    # repetitions
    ("Repeat 10 times.", ParsedStep("", repetitions=10)),
    ("Do 8 repetitions", ParsedStep("", repetitions=8)),
    ("12 reps", ParsedStep("", repetitions=12)),
    ("Repeat ten times on each side.", ParsedStep("", repetitions=10, **EACH)),
    # a range counts as its lower bound, as durations do
    ("Do it 3-5 times.", ParsedStep("", repetitions=3)),
    ("Repeat 8 to 10 times.", ParsedStep("", repetitions=8)),
    ("Take three or four slow breaths.", ParsedStep("", Action(BREATHS, count=3))),
    ("Lift your leg 3-5 times.", ParsedStep("Lift your leg.", repetitions=3)),
    ("Repeat 1 time.", ParsedStep("", repetitions=1)),
    # words after the amount that do not change it ("slowly", "at the top") are not spoken
    ("Repeat 10-15 times slowly.", ParsedStep("", repetitions=10)),
    ("Repeat twenty-six times in total.", ParsedStep("", repetitions=26)),
    ("Repeat for a total of 3 reps, then swap.", ParsedStep("", repetitions=3, **SWITCH)),
    ("Hold for 30 seconds and swap over.", ParsedStep("", hold(30), **SWITCH)),
    ("Hold for 20 seconds unless told otherwise.", ParsedStep("", hold(20))),
    ("Hold for 15 seconds each hand.", ParsedStep("", hold(15), **EACH)),
    (
        "Hold for 3 seconds at the top, then lower slowly.",
        ParsedStep("", hold(3), after="Lower slowly."),
    ),
    ("Stay for 5 breaths in this position.", ParsedStep("", breaths(5))),
    ("Lift your leg slowly.", ParsedStep("Lift your leg slowly.")),
    # clauses around the timing are kept and re-joined
    (
        "Bend forward. Hold for 20 seconds. Then come up slowly.",
        ParsedStep("Bend forward.", hold(20), after="Come up slowly."),
    ),
    ("sit tall; hold for 10 seconds", ParsedStep("Sit tall.", hold(10))),
    # a second action is not dropped silently: it stays in the spoken text
    (
        "Hold for 10 seconds, then rest for 5 seconds.",
        ParsedStep("", hold(10), after="Rest for 5 seconds."),
    ),
    # plain text comes back as written
    (
        "Gently lean forward and reach your fingers toward your toes.",
        ParsedStep("Gently lean forward and reach your fingers toward your toes."),
    ),
    ("  lean forward  ", ParsedStep("lean forward")),
    ("Breathe in and raise your arms.", ParsedStep("Breathe in and raise your arms.")),
    ("Lift your arm 10 times.", ParsedStep("Lift your arm.", repetitions=10)),
    ("Reach for both feet.", ParsedStep("Reach for both feet.")),
    ("Is this comfortable?", ParsedStep("Is this comfortable?")),
    ("", ParsedStep("")),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[case[0] or "empty" for case in CASES])
def test_parse_step_text(text: str, expected: ParsedStep) -> None:
    assert parse_step_text(text) == expected


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30 seconds", 30),
        ("Hold for about 20-30 seconds.", 20),
        ("a minute and a half", 90),
        ("half a minute", 30),
        ("2 minutes", 120),
        ("1 min 30 s", 90),
        ("ten secs", 10),
        ("a 30-second hold", 30),
        ("sixty seconds", 60),
        ("ninety seconds", 90),
        ("1 to 2 minutes", 60),
        ("a few seconds", None),
        ("rest for a couple of minutes", 120),
        ("hold for a count of five", 5),
        ("Squeeze for a slow count of 3.", 3),
        ("hold for ten slow counts", 10),
        ("a couple minutes", 120),
        ("as is", None),  # "a s" is not "1 second"
        ("five s", None),  # a bare "s" only counts after digits
        ("12345 seconds", None),  # too many digits to be a step's timing
        ("no time here", None),
    ],
)
def test_parse_duration(text: str, seconds: float | None) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("12", 12),
        ("five", 5),
        ("Twenty-One", 21),
        ("twenty one", 21),
        ("nineteen", 19),
        ("a", 1),
        ("an", 1),
        ("a couple of", 2),
        ("a few", None),
        ("several", None),
        ("hold", None),
        ("1.5", None),
        ("", None),
    ],
)
def test_parse_count(text: str, count: int | None) -> None:
    assert parse_count(text) == count


def test_very_long_text_is_returned_unparsed() -> None:
    text = "Hold for 10 seconds. " + "x" * MAX_PARSE_CHARS
    assert parse_step_text(text) == ParsedStep(text.strip())


# Inputs shaped to make a careless pattern backtrack (runs of what a repeated group matches,
# ending where the match must fail), each up to MAX_PARSE_CHARS long, and whether a timing
# phrase is understood in each (None: nothing; the text comes back as written).
PATHOLOGICAL: list[tuple[str, float | None]] = [
    ("a" + " " * 1990 + "b", None),
    ("!" * 1999, None),
    ("," * 1999, None),
    (". " * 999, None),
    ("1" * 1999, None),
    ("1-" * 999, None),
    ("take five " + "slow " * 390 + "x", None),
    ("take 5 " + "slow, " * 330 + "x", None),
    ("hold " + "it " * 660 + "x", None),
    ("now " * 499 + "x", None),
    ("and " * 499 + "x", None),
    ("repeat " + "10 " * 600 + "x", None),
    ("hold for 20 seconds" + " or so" * 320 + " x", None),
    ("hold " + "it " * 600 + "for 20 seconds.", 20.0),
    ("now " * 480 + "hold for 20 seconds.", 20.0),
]
PARSE_ALL = """
import json, sys
from stretchaudio.phrases import parse_step_text
out = []
for text in json.load(sys.stdin):
    parsed = parse_step_text(text)
    seconds = parsed.action.seconds if parsed.action else None
    out.append([parsed.text, seconds, parsed.repetitions])
print(json.dumps(out))
"""
BOUND_S = 60
"""What all of PATHOLOGICAL may take: about 0.05 s here (and a second to start Python), while
a pattern that backtracks exponentially would run for years on inputs this long."""


def test_pathological_text_is_parsed_and_the_work_is_bounded() -> None:
    """In a child process, so that catastrophic backtracking fails this test (at BOUND_S)
    instead of hanging the suite; and every answer is checked."""
    texts = [text for text, _ in PATHOLOGICAL]
    try:
        proc = subprocess.run(
            [sys.executable, "-c", PARSE_ALL],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            timeout=BOUND_S,
            check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"parsing {len(texts)} texts took over {BOUND_S} s: a pattern backtracks")
    results = json.loads(proc.stdout)
    for (text, seconds), (rest, found, repetitions) in zip(PATHOLOGICAL, results, strict=True):
        assert len(text) <= MAX_PARSE_CHARS  # parsed, not skipped as too long
        assert (found, repetitions) == (seconds, None), text[:40]
        assert rest == (text.strip() if seconds is None else ""), text[:40]


TIMING_WORDS = st.sampled_from(
    [
        "hold", "for", "about", "10", "twenty", "-", "to", "seconds", "minute", "a", "half",
        "and", "then", "switch", "sides", "breaths", "take", "five", "each", "side", "repeat",
        "times", "reps", ",", ".", "!", "rest", "other", "leg", "breathe", "deeply", "s", "1.5",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    result = parse_step_text(text)
    assert isinstance(result.text, str)


@settings(max_examples=300, deadline=None)
@given(st.lists(TIMING_WORDS, max_size=15).map(" ".join))
def test_timing_word_salad_gives_sane_values(text: str) -> None:
    result = parse_step_text(text)
    action = result.action
    if action is not None:
        assert action.seconds is None or (math.isfinite(action.seconds) and action.seconds >= 0)
        assert action.count is None or action.count >= 0
    assert result.repetitions is None or result.repetitions >= 0
    assert result.text == "" or result.text.strip() == result.text


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        (
            "Press up through your hands, keeping your hips down, and hold for 5 seconds.",
            "Press up through your hands, keeping your hips down.",
        ),
        (
            "Lie down, letting your arms rest, and hold for 20 seconds.",
            "Lie down, letting your arms rest.",
        ),
        (
            "Bend your knee, lift your heel and hold for 20 seconds.",
            "Bend your knee and lift your heel.",
        ),
        (
            "Cross your arms, bring your knees up and hold for 9 seconds.",
            "Cross your arms and bring your knees up.",
        ),
    ],
)
def test_a_clause_that_says_how_keeps_its_comma(text: str, spoken: str) -> None:
    assert parse_step_text(text).text == spoken


def test_here_after_the_amount_is_still_the_amount() -> None:
    step = parse_step_text("Take three deep breaths here, then bring the arm back.")
    assert step.action is not None and step.action.count == 3
    assert step.text == "" and step.after == "Bring the arm back."
    held = parse_step_text("Hold for 20 seconds there.")
    assert held.action is not None and held.action.seconds == 20


def test_what_a_timed_movement_is_for_stays_in_its_words() -> None:
    step = parse_step_text(
        "Rock gently from side to side for half a minute to massage your lower back."
    )
    assert step.action is not None and step.action.seconds == 30
    assert step.text == "Rock gently from side to side to massage your lower back."
    walk = parse_step_text("Walk on the spot for 2 minutes to warm up.")
    assert walk.action is not None and walk.action.seconds == 120
    assert walk.text == "Walk on the spot to warm up."
    ranged = parse_step_text("Rock from side to side for 1 to 2 minutes.")  # "to" of a range
    assert ranged.action is not None and ranged.action.seconds == 60
    assert ranged.text == "Rock from side to side."


@pytest.mark.parametrize(
    ("text", "spoken", "seconds", "count"),
    [
        # a bare timing verb and what the hold is for: the purpose is the instruction
        ("Hold for 30 seconds to stretch your hamstring.", "Stretch your hamstring.", 30, None),
        ("Hold this for 20 seconds in order to lengthen the calf.", "Lengthen the calf.", 20, None),
        ("Rest for 10 seconds to recover.", "Recover.", 10, None),
        (
            "Lean into the wall and hold for 20 seconds to feel the stretch in your calf.",
            "Lean into the wall and feel the stretch in your calf.",
            20,
            None,
        ),
        # where the breath goes
        (
            "Lie on your back and take 5 deep breaths into your belly.",
            "Lie on your back and breathe into your belly.",
            None,
            5,
        ),
        ("Take three slow breaths through your nose.", "Breathe through your nose.", None, 3),
        # a timing in the middle of the clause, and what follows it
        ("Stay for 30 seconds in child's pose.", "Stay in child's pose.", 30, None),
        ("Walk for five minutes around the room.", "Walk around the room.", 300, None),
        ("Hold for 20 s or until the stretch eases.", "Hold until the stretch eases.", 20, None),
        ("Lean for 15 seconds to the left.", "Lean to the left.", 15, None),
    ],
)
def test_words_around_a_timing_are_kept_and_the_timing_read(
    text: str, spoken: str, seconds: float | None, count: int | None
) -> None:
    """Words after the amount used to leave the whole step untimed: a hold with no window."""
    step = parse_step_text(text)
    assert step.action is not None
    assert (step.action.seconds, step.action.count) == (seconds, count)
    assert step.text == spoken and step.after == ""


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, doing these for five minutes has made a huge difference!",
        "Doing this for two minutes in the morning helps.",
        "I walk for ten minutes around the block every day.",
    ],
)
def test_a_remark_with_a_time_in_it_is_not_timed(text: str) -> None:
    step = parse_step_text(text)
    assert step.action is None and step.text == text


def test_how_to_keep_going_is_said_before_the_window_and_how_it_ends_after() -> None:
    march = parse_step_text("March on the spot for one minute, lifting your knees high.")
    assert march.text == "March on the spot, lifting your knees high." and march.after == ""
    back = parse_step_text("Hold for 5 seconds, returning to the start.")
    assert back.text == "" and back.after == "Returning to the start."
    release = parse_step_text("Hold for 20 seconds, then slowly release.")
    assert release.after == "Slowly release."


@pytest.mark.parametrize(
    ("text", "spoken", "count", "pace"),
    [
        (
            "Breathe in for a count of four and out for a count of six, for 5 breaths.",
            "Breathe in for a count of four and out for a count of six.",
            5,
            (4, 6),
        ),
        (
            "Breathe in for 4, out for 6. Keep this up for about 10 breaths.",
            "Breathe in for 4, out for 6.",
            10,
            (4, 6),
        ),
    ],
)
def test_how_to_pace_a_breath_is_said_whole_and_not_held(
    text: str, spoken: str, count: int, pace: tuple[float, float]
) -> None:
    """It was cut into "Breathe in." + a 4-second hold + "Out for a count of six"."""
    from stretchaudio.phrases import breath_pace

    step = parse_step_text(text)
    assert step.text == spoken and step.after == ""
    assert step.action is not None and step.action.count == count
    assert breath_pace(text) == pace
    assert breath_pace("Hold for 30 seconds, then breathe out.") is None


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("Squat down and hold for 20 seconds before standing up slowly.", "Squat down.",
         "Stand up slowly."),
        ("Hold for 10 seconds before lowering your leg.", "", "Lower your leg."),
        ("Hold for 20 seconds before coming out of the pose.", "", "Come out of the pose."),
    ],
)  # fmt: skip
def test_what_comes_before_the_next_move_is_said_after_the_hold(
    text: str, before: str, after: str
) -> None:
    step = parse_step_text(text)
    assert step.action is not None and (step.text, step.after) == (before, after)
    switch = parse_step_text("Hold for 30 seconds before switching sides.")
    assert switch.switch_sides and switch.after == ""


def test_two_timings_in_turn_are_two_parts_but_a_second_side_is_not() -> None:
    from stretchaudio.phrases import timed_parts

    text = (
        "Round your back up and hold for 10 seconds. Then let your back sag down and hold for "
        "10 seconds. Breathe easily."
    )
    assert timed_parts(text) == [
        "Round your back up and hold for 10 seconds.",
        "Then let your back sag down and hold for 10 seconds. Breathe easily.",
    ]
    sides = "Hold for 20 seconds. Then change legs and hold for another 20 seconds."
    assert timed_parts(sides) == [sides]
    assert timed_parts("Lift your hips. Hold for 5 seconds. Lower slowly.") == [
        "Lift your hips. Hold for 5 seconds. Lower slowly."
    ]


@pytest.mark.parametrize(
    ("text", "spoken", "reps"),
    [
        (
            "Do 10 small curl-ups, lifting your head and shoulders slightly.",
            "Do small curl-ups, lifting your head and shoulders slightly.",
            10,
        ),
        ("Do 10 reps of the bridge.", "Do the bridge.", 10),
        ("Do 3 per side.", "", 3),
    ],
)
def test_a_count_of_named_moves_is_the_repetitions(text: str, spoken: str, reps: int) -> None:
    step = parse_step_text(text)
    assert (step.text, step.repetitions) == (spoken, reps)
    breathing = parse_step_text("Do 5 slow breaths.")
    assert breathing.action is not None and breathing.action.count == 5


def test_switch_sides_and_repeat_leaves_no_bare_repeat() -> None:
    step = parse_step_text("Lean to the left and hold for 10 seconds. Switch sides and repeat.")
    assert step.switch_sides and step.text == "Lean to the left." and step.after == ""
    assert parse_step_text("Repeat.").text == "Repeat."


def test_a_purpose_naming_two_parts_and_a_how_clause_alone_read_whole() -> None:
    both = parse_step_text(
        "Hold for 20-30 seconds to stretch your lower back and hip, then lower the leg."
    )
    assert (both.text, both.after) == ("Stretch your lower back and hip.", "Lower the leg.")
    letting = parse_step_text("Stay for about 30 seconds, letting gravity do the work.")
    assert letting.text == "Let gravity do the work."
    assert letting.action is not None and letting.action.seconds == 30


def test_repeat_on_the_right_switches_sides() -> None:
    assert parse_step_text("Repeat on the right.").switch_sides
    assert parse_step_text("Then do the same on the left side.").switch_sides


def test_a_first_clause_that_says_where_keeps_its_comma() -> None:
    step = parse_step_text("From the same position, lift your hips off the bed and hold for 5 s.")
    assert step.text == "From the same position, lift your hips off the bed."
