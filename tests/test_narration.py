"""What the listener hears, read from the plan and the timeline (no audio here): durations
spoken, cues on, side 2 saying only what changes, the rest preparing the next exercise, quiet
between sounds, clause order kept, repetitions guided, and the built-in library."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchaudio.language import mirror_sides
from stretchaudio.model import Routine
from stretchaudio.planner import MIN_GAP, WINDOW_ROLES, Plan, Role, Say, Wait, plan
from stretchaudio.routine import builtin_names, load_builtin, load_routines_text
from stretchaudio.settings import Options
from stretchaudio.timeline import Timeline, estimate_lengths, layout

RATE = 22050
BUILTINS = builtin_names()


def routine(text: str) -> Routine:
    return load_routines_text(text, "test.yaml")[0]


def said(p: Plan, role: Role | None = None) -> list[str]:
    return [i.text for i in p.items if isinstance(i, Say) and (role is None or i.role is role)]


def laid(p: Plan) -> Timeline:
    return layout(p, estimate_lengths(p))


TWO_SIDED = """
title: Two sides
exercises:
  - name: Figure four
    setup:
      - Lie on your back with your knees bent.
    steps:
      - Cross your right ankle over your left knee.
      - Thread your hands behind your left thigh.
      - Hold for 20 seconds, then slowly release. Then change legs and hold for another 20 seconds.
  - name: Neck tilt
    steps:
      - Sit tall in your chair.
      - Tip your head gently to one side.
      - Hold for 15 seconds, then switch sides.
"""


# --- 1. durations are spoken ------------------------------------------------------------------


def test_durations_and_counts_are_spoken_by_default() -> None:
    p = plan(routine(TWO_SIDED))
    lines = said(p)
    assert lines.count("Hold for twenty seconds.") == 2
    assert lines.count("Hold for fifteen seconds.") == 2
    assert "Rest for ten seconds." in lines
    p = plan(load_builtin("l5-s1")[0])
    assert "Stay here for three slow breaths." in said(p)
    assert "Eight times, on my count." in said(p)
    assert not [line for line in said(p) if line in ("Hold.", "Rest.")]


def test_no_say_durations_gives_plain_lines() -> None:
    p = plan(routine(TWO_SIDED), Options(say_durations=False))
    assert "Hold." in said(p) and "Rest." in said(p)
    assert not any(re.search(r"\bseconds?\b", line) for line in said(p))
    text = TWO_SIDED.replace(
        "title: Two sides", "title: Two sides\ndefaults:\n  say_durations: false"
    )
    assert "Hold." in said(plan(routine(text)))


# --- 2. cues are on by default ----------------------------------------------------------------


def test_cues_are_on_by_default_and_off_with_no_cues() -> None:
    text = TWO_SIDED.replace("20 seconds", "40 seconds")
    t = laid(plan(routine(text)))
    holds = [e for e in t.events if e.role is Role.HOLD]
    for hold in holds:
        inside = [c for c in t.cues if hold.start <= c.start < hold.end]
        assert [c.text for c in inside if c.role is Role.COUNTDOWN][-3:] == [
            "Three.",
            "Two.",
            "One.",
        ]
        if hold.length >= 30 * RATE:
            assert [c.text for c in inside if c.role is Role.HALFWAY] == ["Halfway."]
    breaths = laid(plan(load_builtin("l5-s1")[0]))
    for window in [e for e in breaths.events if e.role is Role.BREATHS]:
        inside = [c for c in breaths.cues if window.start <= c.start < window.end]
        assert len(inside) == 2 * 3 and inside[0].start == window.start  # every breath paced
    silent = laid(plan(routine(text), Options(cues=False)))
    assert silent.cues == ()
    only = laid(plan(routine(text), Options(cues=False, countdown=5)))
    assert {c.role for c in only.cues} == {Role.COUNTDOWN}


# --- 3. side 2 says only what changes ---------------------------------------------------------


def side_lines(p: Plan, exercise: int, side: int) -> list[str]:
    return [
        i.text for i in p.items if isinstance(i, Say) and i.exercise == exercise and i.side == side
    ]


def test_side_two_says_only_what_changes() -> None:
    p = plan(routine(TWO_SIDED))
    one, two = side_lines(p, 0, 1), side_lines(p, 0, 2)
    assert "Cross your right ankle over your left knee." in one
    assert two[0] == "Now the other side."
    assert "Cross your left ankle over your right knee." in two
    assert "Thread your hands behind your right thigh." in two
    assert "Lie on your back with your knees bent." not in two  # the set-up is not repeated
    assert two.count("Hold for twenty seconds.") == 1 and two[-1] == "Slowly release."
    neck = side_lines(p, 1, 2)
    # Nothing differs; the movement before a bare "Hold for 15 seconds" is said again with it.
    assert neck == [
        "Now the other side, the same way.",
        "Tip your head gently to one side.",
        "Hold for fifteen seconds.",
        "Release.",
    ]


def test_a_step_can_be_forced_on_both_sides() -> None:
    text = TWO_SIDED.replace(
        "      - Sit tall in your chair.\n",
        "      - text: Sit tall in your chair.\n        both_sides: true\n",
    )
    neck = side_lines(plan(routine(text)), 1, 2)
    assert neck[:2] == ["Now the other side.", "Sit tall in your chair."]


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_side_two_never_repeats_an_unchanged_set_up(name: str) -> None:
    r = load_builtin(name)[0]
    p = plan(r)
    for i, ex in enumerate(r.exercises):
        if ex.sides != 2:
            continue
        unchanged = {
            s.text
            for s in (*ex.setup, *ex.steps)
            if s.text and mirror_sides(s.text) == s.text and s.action is None and not s.both_sides
        }
        assert not unchanged & set(side_lines(p, i, 2)), (name, ex.name)


# --- 4. the rest prepares the next exercise ----------------------------------------------------


@pytest.mark.parametrize("name", BUILTINS)
def test_each_name_is_said_once_with_the_position_before_the_rest(name: str) -> None:
    r = load_builtin(name)[0]
    p = plan(r)
    items = [i for i in p.items if i.role is not Role.GAP]
    for ex in r.exercises:
        mentions = [x for x in said(p) if ex.name in x]
        assert len(mentions) == 1 and mentions[0].startswith(("First up:", "Next up:")), mentions
        k = next(n for n, x in enumerate(items) if isinstance(x, Say) and ex.name in x.text)
        window = next(x for x in items[k:] if isinstance(x, Wait))
        assert window.role in (Role.PREP, Role.REST)
        if ex.setup:  # its starting position is said between the name and the window
            between = [x.text for x in items[k : items.index(window)] if isinstance(x, Say)]
            assert ex.setup[0].text in between
        number = next(x for x in items[items.index(window) :] if isinstance(x, Say))
        assert re.fullmatch(r"Exercise \w+ of \w+\.", number.text)


# --- 5. never two sounds closer than MIN_GAP -------------------------------------------------


def sounds(t: Timeline) -> list[tuple[int, int, str]]:
    out = [(e.start, e.end, e.text or "") for e in t.events if e.kind == "speech" and e.length]
    out += [(c.start, c.end, c.text or c.sound or "") for c in t.cues]
    return sorted(out)


def assert_spaced(t: Timeline) -> None:
    gap = MIN_GAP * t.sample_rate  # in samples, not rounded: 5512 samples is under 0.25 s
    ordered = sounds(t)
    for (_, end, a), (start, _, b) in itertools.pairwise(ordered):
        assert start - end >= gap, (a, b, (start - end) / t.sample_rate)


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_sounds_keep_a_quarter_second_apart(name: str) -> None:
    for options in (Options(), Options(chime=True), Options(breath_cues="tones", hold=5)):
        assert_spaced(laid(plan(load_builtin(name)[0], options)))


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(BUILTINS),
    st.floats(1, 40),
    st.integers(0, 10),
    st.booleans(),
    st.floats(0, 3),
    st.integers(50, 3000),
)
def test_any_settings_keep_sounds_apart(
    name: str, hold: float, countdown: int, chime: bool, step_pause: float, per_char: int
) -> None:
    options = Options(
        hold=round(hold, 2), countdown=countdown, chime=chime, step_pause=round(step_pause, 2),
        halfway=2, switch=0, rest=0, prep=0,
    )  # fmt: skip
    p = plan(load_builtin(name)[0], options)
    t = layout(p, {text: 500 + per_char * len(text) for text in p.texts()})
    assert_spaced(t)
    for event, item in zip(t.events, p.items, strict=True):
        if isinstance(item, Wait):
            assert event.length == item.samples  # windows keep their exact lengths


def test_count_and_first_tempo_word_are_one_phrase_on_a_steady_beat() -> None:
    t = laid(plan(load_builtin("l5-s1")[0]))
    counts = [c for c in t.cues if c.role is Role.TEMPO_CUE and ":" in (c.text or "")]
    assert [c.text for c in counts[:2]] == ["One: lift.", "Two: lift."]
    bridge = [c.start for c in counts if c.exercise == 3]
    assert len({b - a for a, b in itertools.pairwise(bridge)}) == 1  # 8 s apart, every one


# --- 6. the order of a step's clauses is kept -------------------------------------------------


def test_what_follows_a_hold_is_said_after_it() -> None:
    p = plan(routine(TWO_SIDED))
    items = [i for i in p.items if i.role is not Role.GAP]
    k = next(n for n, i in enumerate(items) if isinstance(i, Say) and i.text == "Slowly release.")
    hold_window, hold_line = items[k - 1], items[k - 2]
    assert isinstance(hold_window, Wait) and hold_window.role is Role.HOLD
    assert isinstance(hold_line, Say) and hold_line.text == "Hold for twenty seconds."
    holds = [i for i in p.items if isinstance(i, Wait) and i.role is Role.HOLD and i.exercise == 0]
    assert [(h.side, h.samples) for h in holds] == [(1, 20 * RATE), (2, 20 * RATE)]


# --- 7. repetitions are guided, not re-read ---------------------------------------------------

REPS = """
title: Reps
exercises:
  - name: Press-up hold
    repetitions: 10
    steps:
      - Lie face down with your hands under your shoulders.
      - Press up to lift your chest and hold for 5 seconds, then lower back down slowly.
  - name: Shoulder shrug
    repetitions: 4
    sets: 2
    steps:
      - Lift both shoulders toward your ears and let them drop.
"""


def test_repetitions_say_the_steps_once_then_count() -> None:
    p = plan(routine(REPS))
    lines = said(p)
    assert lines.count("Press up to lift your chest.") == 1
    assert "Hold each one for five seconds, then lower back down slowly." in lines
    assert "Ten times, on my count." in lines
    first = [i for i in p.items if i.where.exercise == 0 and i.where.rep == 1]
    tempo = [i for i in first if isinstance(i, Wait) and i.role is Role.TEMPO]
    # move, the step's own hold, and back ("slowly": 3 s), the count on the first beat
    assert [w.samples for w in tempo] == [2 * RATE, 5 * RATE, 3 * RATE]
    assert [[c.text for c in w.cues] for w in tempo] == [["One."], ["Hold it."], ["And lower."]]
    shrug = [i for i in p.items if isinstance(i, Say) and i.where.exercise == 1]
    steps = [s.text for s in shrug]
    assert steps.count("Lift both shoulders toward your ears and let them drop.") == 1
    reps = [i for i in p.items if isinstance(i, Wait) and i.where.exercise == 1 and i.where.rep]
    assert {i.samples for i in reps} == {2 * RATE} and len(reps) == 2 * 4 * 2  # default tempo
    assert said(p).count("And relax.") == 3  # after each set of repetitions


# --- 8. the built-in library ---------------------------------------------------------------------


def test_the_builtin_library_uses_every_feature() -> None:
    assert len(BUILTINS) >= 5 and "l5-s1" in BUILTINS
    routines = [load_builtin(name)[0] for name in BUILTINS]
    for r in routines:
        assert r.intro and re.search(r"\b(stop|pain|doctor|ease off)\b", r.intro, re.I), r.title
    exercises = [ex for r in routines for ex in r.exercises]
    steps = [s for ex in exercises for s in (*ex.setup, *ex.steps)]
    assert any(ex.sides == 2 and any(s.action and s.action.kind == "hold" for s in ex.steps)
               for ex in exercises)  # fmt: skip
    assert any(s.action and s.action.kind == "breaths" and s.action.count for s in steps)
    assert any(ex.tempo and ex.repetitions > 1 for ex in exercises)
    assert any((ex.sets or 1) > 1 for ex in exercises)
    for r in routines:
        t = laid(plan(r))
        assert 4 * 60 < t.seconds < 20 * 60
        assert all(e.length for e in t.events if e.role in WINDOW_ROLES)


def test_long_holds_say_halfway_and_one_minute_left() -> None:
    t = laid(plan(routine(TWO_SIDED), Options(hold=150)))
    for hold in [e for e in t.events if e.role is Role.HOLD]:
        inside = [c for c in t.cues if hold.start <= c.start < hold.end and c.text]
        texts = [c.text for c in inside]
        assert texts == ["Halfway.", "One minute left.", "Three.", "Two.", "One."]
        left = inside[1]
        assert hold.end - left.start == 60 * RATE
    short = laid(plan(routine(TWO_SIDED), Options(hold=90)))
    assert "One minute left." not in [c.text for c in short.cues]
    two = laid(plan(routine(TWO_SIDED), Options(hold=120)))
    for hold in [e for e in two.events if e.role is Role.HOLD]:
        heard = [c.text for c in two.cues if hold.start <= c.start < hold.end and c.text]
        assert heard == ["One minute left.", "Three.", "Two.", "One."]  # not both at 1:00


MOVING = """
title: Moving and resting
exercises:
  - name: Rocking
    steps:
      - Lie on your back and hug both knees.
      - Rock gently from side to side for thirty seconds.
  - name: Marching
    steps:
      - Walk on the spot for 2 minutes.
  - name: Child's pose
    steps:
      - Kneel and sit back on your heels, arms forward. Rest here for a minute.
      - Lie on your back and rest for a couple of minutes.
      - Roll onto your side and wait 3 seconds.
      - Relax your whole body for 20 seconds.
  - name: Belly breathing
    steps:
      - Lie on your back with a hand on your belly.
      - Breathe into your hand for five slow breaths.
"""


def test_a_kept_up_movement_goes_on_and_is_not_released() -> None:
    lines = said(plan(routine(MOVING)))
    at = lines.index("Rock gently from side to side.")
    assert lines[at + 1] == "Keep going for thirty seconds."
    assert lines[lines.index("Walk on the spot.") + 1] == "Keep going for two minutes."
    assert "Hold for thirty seconds." not in lines and "Release." not in lines
    assert lines[lines.index("Keep going for thirty seconds.") + 1] == "And relax."
    plain = said(plan(routine(MOVING), Options(say_durations=False)))
    assert plain[plain.index("Walk on the spot.") + 1] == "Keep going."
    held = said(plan(routine(MOVING.replace("Rock gently from side to side", "Stay"))))
    assert "Hold for thirty seconds." in held and "Release." in held


def test_a_step_of_an_exercise_named_by_a_movement_goes_on() -> None:
    lines = said(
        plan(
            routine(
                "title: T\nexercises:\n  - name: March on the spot\n    steps:\n"
                "      - Lift one knee, then the other, for one minute.\n"
                "  - name: Walking lunge\n    steps:\n"
                "      - Step forward into a lunge and hold for 10 seconds.\n"
            )
        )
    )
    assert lines[lines.index("Lift one knee, then the other.") + 1] == "Keep going for one minute."
    assert lines[lines.index("Step forward into a lunge.") + 1] == "Hold for ten seconds."


@pytest.mark.parametrize(
    ("step", "line"),
    [
        ("Go back and forth slowly for 45 seconds.", "Keep going for forty-five seconds."),
        ("Twist gently from side to side for 30 seconds.", "Keep going for thirty seconds."),
        ("Circle your hips in small circles for 20 seconds.", "Keep going for twenty seconds."),
        ("Hold the twist for 30 seconds.", "Hold for thirty seconds."),
        ("Lie on your side for 1\u00bd minutes.", "Hold for a minute and a half."),
    ],
)
def test_a_movement_that_goes_on_is_kept_going_not_held(step: str, line: str) -> None:
    text = f"title: T\nexercises:\n  - name: Loosen\n    steps:\n      - {step}\n"
    lines = said(plan(routine(text)))
    assert line in lines and ("Release." in lines) == line.startswith("Hold")


def test_resting_a_limb_somewhere_is_a_position_held_not_a_rest() -> None:
    text = (
        "title: T\nexercises:\n  - name: Figure four\n    steps:\n"
        "      - Rest your left ankle on top of your right knee for 30 seconds.\n"
        "      - Rest here for 20 seconds.\n"
    )
    lines = said(plan(routine(text)))
    assert lines[lines.index("Rest your left ankle on top of your right knee.") + 1] == (
        "Hold for thirty seconds."
    )
    assert "Rest for twenty seconds." in lines


def test_a_long_pause_in_a_step_says_its_length_after_it() -> None:
    p = plan(routine(MOVING))
    lines = said(p)
    assert lines[lines.index("Kneel and sit back on your heels, arms forward.") + 1] == (
        "Rest for one minute."
    )
    assert lines[lines.index("Lie on your back.") + 1] == "Rest for two minutes."
    assert lines[lines.index("Roll onto your side.") + 1] != "Rest for three seconds."
    assert lines[lines.index("Relax your whole body.") + 1] == "Rest for twenty seconds."
    t = laid(p)
    pauses = [e for e in t.events if e.role is Role.PAUSE]
    assert [e.length for e in pauses if e.length >= 10 * RATE] == [60 * RATE, 120 * RATE, 20 * RATE]


def test_breathing_alone_is_not_released_but_a_two_sided_stretch_is() -> None:
    lines = said(plan(routine(MOVING)))
    belly = lines.index("Stay here for five slow breaths.")
    assert "Release." not in lines[belly:]
    sided = MOVING.replace(
        "- Breathe into your hand for five slow breaths.",
        "- Lean to the right for five slow breaths, then switch sides.",
    )
    sided_lines = said(plan(routine(sided)))
    assert "Release." in sided_lines[sided_lines.index("Stay here for five slow breaths.") :]


SETS = """
title: Sets on two sides
exercises:
  - name: Dead bug
    sides: both
    sets: 3
    repetitions: 4
    setup:
      - Lie on your back with your knees bent over your hips.
    steps:
      - On each count, reach your right arm back and your left leg long, then bring them back.
"""


def test_a_later_set_says_which_side_again_and_nothing_else() -> None:
    p = plan(routine(SETS))
    right = "On each count, reach your right arm back and your left leg long, then bring them back."
    left = mirror_sides(right)
    for set_no in (1, 2, 3):
        one = [i.text for i in p.items if isinstance(i, Say) and i.where.set_no == set_no]
        assert one.count(right) == 1 and one.count(left) == 1, one
        assert one.index(right) < one.index(left)
        assert "Lie on your back with your knees bent over your hips." not in one[1:]


LONG_REP_HOLD = """
title: Long holds in each repetition
exercises:
  - name: Wall slide
    repetitions: 3
    steps:
      - Slide down the wall and hold for 30 seconds, then slide back up.
  - name: Superman
    repetitions: 4
    setup:
      - Turn onto your stomach with your arms forward.
    steps:
      - Lift your arms and legs and hold briefly, then lower.
"""


def test_a_long_hold_in_each_repetition_is_counted_down_and_a_brief_one_held() -> None:
    t = laid(plan(routine(LONG_REP_HOLD)))
    holds = [e for e in t.events if e.role is Role.TEMPO and e.length == 30 * RATE]
    assert len(holds) == 3
    for hold in holds:
        inside = [c.text for c in t.cues if hold.start <= c.start < hold.end]
        assert inside == ["Hold it.", "Three.", "Two.", "One."]
    brief = [e for e in t.events if e.role is Role.TEMPO and e.where.exercise == 1]
    assert 3 * RATE in {e.length for e in brief}  # "hold briefly": the 3 s repetition hold
    lines = said(plan(routine(LONG_REP_HOLD)))
    at = lines.index("Next up: Superman.")
    assert lines[at + 1] == "Turn onto your stomach with your arms forward."  # before the rest


def test_a_timed_rest_in_a_step_is_said_as_a_rest() -> None:
    text = MOVING.replace(
        "Lie on your back and rest for a couple of minutes.",
        "Rest here and breathe slowly for two minutes.",
    )
    lines = said(plan(routine(text)))
    assert lines[lines.index("Rest here and breathe slowly.") + 1] == "Rest for two minutes."
    assert "Hold for two minutes." not in lines


@pytest.mark.parametrize("name", builtin_names())
def test_the_file_ends_with_quiet_after_the_closing_line(name: str) -> None:
    """The last words are never the last samples: a player that stops or fades at the end
    would cut them (and Whisper dropped a closing "Sleep well." said at the very end)."""
    t = laid(plan(load_builtin(name)[0]))
    closing = next(e for e in t.events if e.role is Role.CLOSING)
    assert t.total_samples - closing.end == 2 * RATE
    assert [e.role for e in t.events if e.start >= closing.end] == [Role.GAP]


def test_a_step_that_times_two_things_in_turn_gives_each_its_window() -> None:
    text = (
        "title: T\nexercises:\n  - name: Cat and camel\n    steps:\n"
        "      - Round your back up and hold for 10 seconds. Then let your back sag down and "
        "hold for 10 seconds.\n"
    )
    p = plan(routine(text))
    holds = [i for i in p.items if isinstance(i, Wait) and i.role is Role.HOLD]
    assert [h.samples for h in holds] == [10 * RATE, 10 * RATE]
    lines = said(p)
    assert lines.index("Then let your back sag down.") > lines.index("Round your back up.")


def test_breathing_in_a_stretch_is_released_but_lying_still_is_not() -> None:
    text = (
        "title: T\nexercises:\n  - name: Hang\n    steps:\n"
        "      - Let your upper body hang forward for 5 breaths.\n"
        "  - name: Still\n    steps:\n      - Lie on your back and breathe slowly for 5 breaths.\n"
    )
    lines = said(plan(routine(text)))
    hang = lines.index("Let your upper body hang forward.")
    assert lines[hang + 2] == "Release."  # after "Stay here for five slow breaths."
    still = lines.index("Lie on your back and breathe slowly.")
    assert "Release." not in lines[still:]


def test_side_two_position_is_said_before_the_time_to_change() -> None:
    text = (
        "title: T\nexercises:\n  - name: Clam\n    sides: both\n    steps:\n"
        "      - Lie on your left side with your head on your arm.\n"
        "      - Lift your top knee and hold for 10 seconds.\n"
    )
    p = plan(routine(text))
    items = [
        i for i in p.items if isinstance(i, Say) or (isinstance(i, Wait) and i.role in WINDOW_ROLES)
    ]
    kinds = [i.text if isinstance(i, Say) else i.role for i in items]
    switch = kinds.index(Role.SWITCH)
    assert kinds[switch - 1] == "Lie on your right side with your head on your arm."
    assert kinds[switch - 2] == "Now the other side."


def test_a_bare_do_this_goes_on_as_the_step_before_and_keeping_still_is_a_rest() -> None:
    text = (
        "title: Moves\nexercises:\n  - name: Warm up\n    steps:\n"
        "      - March on the spot, lifting your knees high.\n      - Do this for 2 minutes.\n"
        "  - name: Arms\n    steps:\n      - Make small circles with your arms for 20 seconds.\n"
        "  - name: Quiet\n    steps:\n      - Stay still with your eyes closed for 30 seconds.\n"
    )
    lines = said(plan(routine(text)))
    assert "Keep going for two minutes." in lines and "Keep going for twenty seconds." in lines
    assert "Rest for thirty seconds." in lines and "Hold for two minutes." not in lines


def test_a_routine_named_after_its_only_exercise_does_not_say_the_name_twice() -> None:
    text = "title: Glute bridge\nexercises:\n  - name: Glute Bridge\n    steps:\n      - Lift.\n"
    lines = said(plan(routine(text)))
    assert lines[0] == "Glute bridge." and not any("Glute" in line for line in lines[1:])


def test_a_circle_is_counted_without_a_way_back() -> None:
    text = (
        "title: T\nexercises:\n  - name: Neck circles\n    repetitions: 3\n    steps:\n"
        "      - Roll your head slowly in a full circle.\n"
    )
    p = plan(routine(text))
    phases = [i for i in p.items if isinstance(i, Wait) and i.role is Role.TEMPO]
    assert [w.samples for w in phases] == [6 * RATE] * 3
    assert not any("back" in c.text for w in phases for c in w.cues if c.text)


def test_a_later_set_does_not_say_side_two_position_twice() -> None:
    lines = said(plan(load_builtin("hips-glutes")[0]))
    right = "Lie on your right side with your knees bent and your heels in line with your hips."
    at = [k for k, line in enumerate(lines) if line == right]
    assert len(at) == 2  # once per set, before the time to change sides
    assert all(lines[k - 1] == "Now the other side." for k in at)
