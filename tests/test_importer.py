"""Importing routines from articles: exercises, steps, timing, sides, warnings and noise.

The fixture articles in ``tests/articles`` are written for these tests, one per layout:
numbered steps, a number alone on its line, bullets, Markdown "How to do it:" blocks, prose
paragraphs, and an article full of page furniture.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchaudio.errors import RoutineError
from stretchaudio.importer import (
    ImportResult,
    import_article,
    import_command_output,
    import_file,
    looks_like_article,
)
from stretchaudio.model import Action, ActionKind, Exercise, Routine
from stretchaudio.routine import load_builtin, load_routines_text

ARTICLES = Path(__file__).parent / "articles"
SEEDS = Path("/work/shared/seeds")

HOLD, BREATHS, PAUSE = ActionKind.HOLD, ActionKind.BREATHS, ActionKind.PAUSE
WARNING_LINE = re.compile(r"^[^:]+:\d+: skipped '[^\n]*': \S[^\n]*$")

# One step as the tests describe it: (spoken text, action or None, switches sides).
StepSpec = tuple[str, Action | None, bool]


def hold(seconds: float | None = None) -> Action:
    return Action(HOLD, seconds=seconds)


def breaths(count: int | None = None) -> Action:
    return Action(BREATHS, count=count)


def load(name: str) -> ImportResult:
    return import_article((ARTICLES / name).read_text(encoding="utf-8"), name)


def steps_of(exercise: Exercise) -> list[StepSpec]:
    return [(step.text, step.action, step.switch_sides) for step in exercise.steps]


def by_name(routine: Routine) -> dict[str, Exercise]:
    return {exercise.name: exercise for exercise in routine.exercises}


def only_exercise(text: str) -> Exercise:
    """The one exercise of a small article with one heading."""
    result = import_article(text, "snippet.md")
    assert len(result.routine.exercises) == 1, result.routine_yaml
    return result.routine.exercises[0]


# --- the fixture articles, one per layout ----------------------------------------------------


def test_numbered_steps() -> None:
    result = load("numbered.txt")
    routine = result.routine
    assert routine.title == "Four Stretches for Hips That Feel Stuck"
    assert [e.name for e in routine.exercises] == [
        "Figure-Four Stretch",
        "Butterfly Stretch",
        "Kneeling Hip Flexor Stretch",
        "Glute Bridge",
    ]
    figure, butterfly, kneeling, bridge = routine.exercises
    assert steps_of(figure) == [
        ("Lie on your back with both knees bent and your feet flat.", None, False),
        ("Cross your right ankle over your left knee.", None, False),
        ("Thread your hands behind your left thigh and draw it toward your chest.", None, False),
        ("", hold(30), False),  # "Hold for 30 seconds, breathing deeply."
        ("", None, True),  # "Repeat on the other side."
    ]
    assert (figure.sides, figure.repetitions) == (2, 1)
    assert steps_of(butterfly)[-1] == ("", breaths(5), False)
    assert butterfly.sides == 1
    assert kneeling.steps[0].text.startswith("Kneel on your right knee")  # "Step 1:" items
    assert steps_of(kneeling)[-1] == ("", hold(20), True)  # en-dash range, then "change legs"
    assert kneeling.sides == 2
    assert steps_of(bridge)[-1] == ("Lower slowly.", None, False)  # "Do 12 reps." is a count
    assert (bridge.repetitions, bridge.sides) == (12, 1)
    assert result.routine.intro is not None and "physical therapist" in result.routine.intro
    assert result.warnings == []


def test_number_alone_on_its_line() -> None:
    routine = load("number_alone.txt").routine
    assert [e.name for e in routine.exercises] == [
        "Neck Side Stretch",
        "Seated Spinal Twist",
        "Wrist Flexor Stretch",
    ]
    neck, twist, wrist = routine.exercises
    assert steps_of(neck) == [
        ("Sit tall in your chair with your feet flat on the floor.", None, False),
        ("Tilt your right ear toward your right shoulder.", None, False),
        ("", hold(15), False),  # "Hold for 15 seconds on each side."
    ]
    assert neck.sides == 2
    assert steps_of(twist)[-1] == ("", hold(60), True)  # "one minute, then turn to the other side"
    assert twist.sides == 2
    assert steps_of(wrist)[-1] == ("", hold(10), False)
    assert (wrist.repetitions, wrist.sides) == (3, 1)  # "Repeat 3-5 times": the lower bound
    assert routine.intro == "Stop any stretch straight away if it causes sharp pain or tingling."


def test_bullets_including_a_bullet_alone_on_its_line() -> None:
    routine = load("bullets.md").routine
    wall, raises, bent = routine.exercises
    assert wall.name == "Wall Calf Stretch"
    assert steps_of(wall) == [
        ("Stand facing a wall with your hands on it at shoulder height.", None, False),
        ("Step your right foot back and press the heel into the floor.", None, False),
        ("Keep your back leg straight and lean into the wall.", None, False),  # after a lone •
        ("", hold(45), False),
        ("", None, True),  # "Switch legs."
    ]
    assert wall.sides == 2
    assert raises.name == "Heel Raises"
    assert (raises.repetitions, raises.sides, len(raises.steps)) == (3, 1, 2)
    assert bent.name == "Bent-Knee Calf Stretch"
    assert steps_of(bent) == [
        ("Stand in the same position as the wall calf stretch.", None, False),
        ("Bend your back knee slightly and sink your weight into the back heel.", None, False),
        ("", hold(30), False),
    ]
    assert bent.sides == 2  # "on each leg"


def test_markdown_headings_with_how_to_blocks() -> None:
    result = load("howto.md")
    routine = result.routine
    assert [e.name for e in routine.exercises] == ["Cat-Cow", "Child's Pose", "Supine Twist"]
    cat, child, twist = routine.exercises
    assert [s.text for s in cat.steps] == [
        "Start on your hands and knees with your wrists under your shoulders.",
        "Inhale as you let your belly sink and lift your chest.",
        "Exhale as you round your back toward the ceiling.",
    ]
    assert cat.repetitions == 8
    assert steps_of(child) == [
        ("Kneel on the floor and sit back on your heels.", None, False),
        ("Stretch your arms forward and rest your forehead on the mat.", None, False),
        ("", hold(60), False),  # "1-2 minutes": the lower bound
    ]
    assert twist.sides == 2  # from the heading "Supine Twist (each side)"
    assert steps_of(twist)[-1] == ("", breaths(None), False)  # "a few breaths": the default
    assert routine.defaults["breaths"] == 3
    assert "breaths: 3  # default applied" in result.routine_yaml
    assert routine.intro == (
        "If you have a back injury, talk to a physical therapist before you start."
    )
    for left_out in (
        "wakes",
        "every part of the spine",
        "breath set the pace",
        "Eases the",
        "Lift your legs higher",
        "Variations",
    ):
        assert left_out not in result.routine_yaml


def test_prose_paragraphs_become_steps() -> None:
    result = load("prose.txt")
    neck, fold, quad = result.routine.exercises
    assert neck.name == "Neck Release"
    assert steps_of(neck) == [
        ("Sit comfortably with a tall spine.", None, False),
        (
            "Drop your chin toward your chest and let the weight of your head lengthen the back "
            "of your neck.",
            None,
            False,
        ),
        ("", hold(20), False),
    ]
    assert fold.name == "Seated Forward Fold"
    assert steps_of(fold)[-1] == ("", hold(30), False)  # "thirty seconds, breathing slowly"
    assert quad.name == "Side-Lying Quad Stretch"
    assert steps_of(quad)[-2:] == [
        ("Gently draw your heel toward your buttock.", hold(20), False),
        ("", None, True),  # "Repeat with the other leg."
    ]
    assert quad.sides == 2
    for remark in ("especially welcome", "Many people", "Do them slowly"):
        assert remark not in result.routine_yaml


def test_noise_is_left_out() -> None:
    result = load("noisy.md")
    routine = result.routine
    assert routine.title == "3 Shoulder Stretches You Can Do Anywhere"
    assert [e.name for e in routine.exercises] == [
        "Cross-Body Shoulder Stretch",
        "Doorway Chest Stretch",
        "Overhead Reach",
    ]
    cross, doorway, reach = routine.exercises
    assert steps_of(cross)[-1] == ("", hold(30), True)
    assert (doorway.repetitions, doorway.sides) == (3, 1)
    assert steps_of(doorway)[-1] == ("", hold(20), False)
    assert (reach.repetitions, reach.sides) == (5, 2)
    assert routine.intro is not None and routine.intro.startswith("See a doctor if")
    for noise in (
        "Photo credit",
        "StockSite",
        "Sam Writer",
        "Advertisement",
        "Read more",
        "pillows",
        "Benefits",
        "Video of the Day",
        "ears",
        "Why it helps",
        "Sponsored",
        "Desk Setup",
        "Sleep Smarter",
        "screen at eye level",
        "Related",
        "yoga poses",
        "Report an Issue",
        "Screenshot",
    ):
        assert noise not in result.routine_yaml, noise
    # The advice section has a body instruction; leaving it out is reported.
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("noisy.md:49: skipped 'Sit with your screen")
    assert "Fix Your Desk Setup" in result.warnings[0]


@pytest.mark.parametrize("name", sorted(p.name for p in ARTICLES.iterdir()))
def test_every_fixture_round_trips_through_the_loader(name: str) -> None:
    result = load(name)
    assert result.routine_yaml.startswith(f"# Imported from {name}")
    assert "review" in result.routine_yaml.lower()
    again = load_routines_text(result.routine_yaml, "again.yaml")
    assert len(again) == 1
    assert _same_without_locations(again[0], result.routine)
    assert all(WARNING_LINE.match(w) for w in result.warnings), result.warnings
    assert "rest: 10  # default applied" in result.routine_yaml
    assert import_command_output(result) == (result.routine_yaml, result.warnings)


def _same_without_locations(first: Routine, second: Routine) -> bool:
    def plain(routine: Routine) -> list[object]:
        return [
            (e.name, e.sides, e.repetitions, [(s.text, s.action, s.switch_sides) for s in e.steps])
            for e in routine.exercises
        ]

    return plain(first) == plain(second)


# --- the seed article ------------------------------------------------------------------------


def _seed_text() -> str:
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        if "Basic Hamstring Stretch" in text:
            return text
    pytest.skip("the seed article is not available here")


def test_seed_article_gives_the_builtin_stretches() -> None:
    # Nothing of the seed article is copied here: its sentences are checked against the text.
    seed = _seed_text()
    result = import_article(seed, "seed.txt")
    routine = result.routine
    assert [e.name for e in routine.exercises] == [
        "Basic Hamstring Stretch",
        "Knee-to-Chest Stretch",
        "Standing Hurdler Stretch",
    ]
    assert [len(e.steps) for e in routine.exercises] == [4, 3, 3]
    for exercise in routine.exercises:
        spoken = [step.text for step in exercise.steps if step.text]
        assert len(spoken) == len(exercise.steps) - 1  # the last step is only timing
        assert all(text in seed for text in spoken), spoken
    hamstring, knee, hurdler = routine.exercises
    assert (hamstring.steps[-1].action, hamstring.steps[-1].switch_sides) == (hold(10), True)
    assert (knee.steps[-1].action, knee.steps[-1].switch_sides) == (breaths(None), True)
    assert (hurdler.steps[-1].action, hurdler.steps[-1].switch_sides) == (breaths(None), True)
    assert [e.sides for e in routine.exercises] == [2, 2, 2]
    assert [e.repetitions for e in routine.exercises] == [1, 1, 1]
    assert routine.defaults["breaths"] == 3
    # The same stretches as the built-in routine's first three exercises: sides, and the
    # timed actions with their side switches (the built-in routine words and splits its steps
    # its own way).
    builtin = load_builtin("l5-s1")[0].exercises[:3]

    def timed(exercise: Exercise) -> list[tuple[object, bool]]:
        steps = (*exercise.setup, *exercise.steps)
        return [(s.action, s.switch_sides) for s in steps if s.action or s.switch_sides]

    for imported, written in zip(routine.exercises, builtin, strict=True):
        assert imported.sides == written.sides
        assert timed(imported) == timed(written)
    intro = routine.intro or ""
    for advice in ("medical professional", "herniated disc", "physical therapist"):
        assert advice in intro
    assert "according to" not in intro
    for outside in (
        "Strengthen Your Core",
        "Exercise Regularly",
        "Listen to Your Body",
        "Herniated Disk",
        "Joint Damage",
        "Image Credit",
        "Video of the Day",
        "Related Reading",
        "Activity Stretching",
        "Report an Issue",
        "Screenshot",
    ):
        assert outside not in result.routine_yaml, outside
    assert result.warnings == []


def test_seed_article_with_windows_line_endings_gives_the_same_routine() -> None:
    text = _seed_text()
    plain = import_article(text, "seed.txt")
    crlf = import_article(text.replace("\n", "\r\n"), "seed.txt")
    assert crlf.routine_yaml == plain.routine_yaml


# --- timing language -------------------------------------------------------------------------

# (step text, the action it gives, whether it switches sides, whether the exercise is two-sided,
#  the exercise's repetitions)
TIMING_CASES: list[tuple[str, Action | None, bool, int, int]] = [
    ("Hold for 30 seconds.", hold(30), False, 1, 1),
    ("Hold for thirty seconds.", hold(30), False, 1, 1),
    ("Hold the pose for 2 minutes.", hold(120), False, 1, 1),
    ("Hold for 20-30 seconds.", hold(20), False, 1, 1),
    ("Hold for 20\u201330 seconds.", hold(20), False, 1, 1),
    ("Hold for 1-2 minutes.", hold(60), False, 1, 1),
    ("Hold for thirty seconds to one minute.", hold(30), False, 1, 1),
    ("Hold for 30 seconds, breathing deeply.", hold(30), False, 1, 1),
    ("Hold for 30 seconds (each side).", hold(30), False, 2, 1),
    ("Hold (45 seconds).", hold(45), False, 1, 1),
    ("Hold the stretch.", hold(None), False, 1, 1),
    ("Stay here for a few breaths.", breaths(None), False, 1, 1),
    ("Take five slow breaths.", breaths(5), False, 1, 1),
    ("Stay here for 3-5 breaths.", breaths(3), False, 1, 1),
    ("Take three to five deep breaths.", breaths(3), False, 1, 1),
    ("Hold for 30 seconds on each side.", hold(30), False, 2, 1),
    ("Hold for 15 seconds, then switch sides.", hold(15), True, 2, 1),
    ("Hold for 15 seconds before switching sides.", hold(15), True, 2, 1),
    ("Hold for 10 seconds and repeat on the other side.", hold(10), True, 2, 1),
    ("Hold for 10 seconds, then repeat with the other leg.", hold(10), True, 2, 1),
    ("Hold for 10 seconds. Change legs.", hold(10), True, 2, 1),
    ("Hold for 10 seconds, then do the other side.", hold(10), True, 2, 1),
    ("Hold for 10 seconds. Repeat with your left leg.", hold(10), True, 2, 1),
    ("Hold for 10 seconds and repeat 10 times.", hold(10), False, 1, 10),
    ("Hold for 5 seconds. Do 8 repetitions.", hold(5), False, 1, 8),
    ("Hold for 5 seconds, 12 reps.", hold(5), False, 1, 12),
    ("Hold for 5 seconds. Repeat 3-5 times.", hold(5), False, 1, 3),
    ("Hold for 5 seconds. Repeat three to five times.", hold(5), False, 1, 3),
    ("Hold for 5 seconds and repeat twice.", hold(5), False, 1, 2),
    ("Hold for 5 seconds. Repeat 10 times on each side.", hold(5), False, 2, 10),
    ("Rest for 10 seconds.", Action(PAUSE, seconds=10), False, 1, 1),
]


@pytest.mark.parametrize(("text", "action", "switch", "sides", "repetitions"), TIMING_CASES)
def test_timing_language(
    text: str, action: Action | None, switch: bool, sides: int, repetitions: int
) -> None:
    exercise = only_exercise(f"# Routine\n\n## Test Stretch\n\n1. Lie on your back.\n2. {text}\n")
    assert exercise.steps[0].text == "Lie on your back."
    last = exercise.steps[-1]
    assert (last.action, last.switch_sides) == (action, switch)
    assert (exercise.sides, exercise.repetitions) == (sides, repetitions)


def test_timing_is_cut_from_the_spoken_text() -> None:
    exercise = only_exercise(
        "# R\n\n## Stretch One\n\n"
        "- Lean forward and hold for 20 seconds, breathing deeply.\n"
        "- Lift your leg 10 times.\n"
    )
    assert steps_of(exercise) == [
        ("Lean forward.", hold(20), False),
        ("Lift your leg.", None, False),
    ]
    assert exercise.repetitions == 10


def test_counts_and_sets_in_a_sentence() -> None:
    exercise = only_exercise(
        "# R\n\n## Bird Dog\n\n1. Reach out an arm and the opposite leg.\n"
        "2. Do 2 sets of 10 reps.\n"
    )
    assert (exercise.sets, exercise.repetitions) == (2, 10)
    assert len(exercise.steps) == 1


def test_timing_in_labels_and_headings() -> None:
    text = (
        "# Mobility\n\n"
        "## Thread the Needle (30 seconds each side)\n\n"
        "Start on all fours. Slide your right arm under your left arm.\n\n"
        "## Deep Squat\n\nHold: 45 seconds\nSets: 2\n\n"
        "Sink down into a deep squat with your heels down.\n\n"
        "## Lunge Twist\n\nReps: 8-12 per side\n\n"
        "Step into a lunge and turn your chest toward the front knee.\n"
    )
    result = import_article(text, "labels.md")
    needle, squat, lunge = result.routine.exercises
    assert needle.name == "Thread the Needle"
    assert (needle.sides, needle.steps[-1].action) == (2, hold(30))
    assert (squat.sets, squat.steps[-1].action) == (2, hold(45))
    assert (lunge.repetitions, lunge.sides) == (8, 2)
    assert "# line 3: Thread the Needle (30 seconds each side)" in result.routine_yaml


def test_defaults_applied_are_visible() -> None:
    result = import_article(
        "# R\n\n## Knee Hug\n\n1. Lie on your back and hug your knees.\n2. Hold the stretch.\n"
        "3. Take a few breaths.\n",
        "r.md",
    )
    assert result.routine.defaults["hold"] == 30
    assert result.routine.defaults["breaths"] == 3
    assert "hold: 30  # default applied: the article gives no duration" in result.routine_yaml
    assert "breaths: 3  # default applied" in result.routine_yaml
    assert "hold: true" in result.routine_yaml and "breaths: true" in result.routine_yaml


def test_untimed_exercise_gets_no_invented_hold() -> None:
    result = import_article("# R\n\n## Neck Rolls\n\n- Drop your chin.\n- Roll your head.\n", "r")
    exercise = result.routine.exercises[0]
    assert all(step.action is None for step in exercise.steps)
    assert "no hold, breaths or repetitions" in result.routine_yaml
    assert "\n        hold:" not in result.routine_yaml
    assert "  hold:" not in result.routine_yaml.split("exercises:")[0]


# --- structure -------------------------------------------------------------------------------


def test_numbered_titles_with_numbered_steps_under_them() -> None:
    text = (
        "Two Stretches\n\n"
        "1. Cat Cow\n\n"
        "1. Kneel on all fours.\n2. Arch and round your back.\n\n"
        "2. Child's Pose\n\n"
        "1. Sit back on your heels.\n2. Rest for 30 seconds.\n"
    )
    routine = import_article(text, "t.txt").routine
    assert [e.name for e in routine.exercises] == ["Cat Cow", "Child's Pose"]
    assert [len(e.steps) for e in routine.exercises] == [2, 2]


def test_advice_sections_are_not_exercises() -> None:
    text = (
        "# Back Care\n\n"
        "## Stretches to Try\n\n"
        "### Knee Hug\n\n1. Lie on your back.\n2. Hug both knees for 20 seconds.\n\n"
        "## Other Things You Can Do\n\n"
        "### Strengthen Your Core\n\nA strong core supports the spine.\n\n"
        "### Improve Your Posture\n\nSit tall at your desk and keep your screen at eye level.\n\n"
        "### Listen to Your Body\n\nIf something hurts, ease off and rest.\n"
    )
    result = import_article(text, "t.md")
    assert [e.name for e in result.routine.exercises] == ["Knee Hug"]
    for advice in ("Strengthen", "Posture", "Listen", "desk"):
        assert advice not in result.routine_yaml
    assert (
        len(result.warnings) == 1
        and "t.md:18: skipped 'Sit tall at your desk" in (result.warnings[0])
    )


def test_causes_list_is_not_exercises() -> None:
    text = (
        "Back Pain Basics\n\n"
        "What Causes Back Pain?\n\n"
        "1. Herniated Disk\n\nA disk bulges and presses on a nerve.\n\n"
        "2. Joint Damage\n\nWear and tear over the years.\n\n"
        "Bridge\n\n"
        "1. Lie on your back with your knees bent.\n2. Lift your hips and hold for 5 seconds.\n"
    )
    routine = import_article(text, "t.txt").routine
    assert [e.name for e in routine.exercises] == ["Bridge"]


def test_inline_names_in_a_list() -> None:
    text = (
        "# Quick Break\n\n"
        "- **Shoulder rolls:** Roll your shoulders backward 10 times.\n"
        "- **Chest opener:** Clasp your hands behind you and hold for 20 seconds.\n"
    )
    rolls, opener = import_article(text, "t.md").routine.exercises
    assert (rolls.name, rolls.repetitions) == ("Shoulder rolls", 10)
    assert steps_of(opener) == [("Clasp your hands behind you.", hold(20), False)]


def test_single_exercise_article_uses_its_title() -> None:
    text = (
        "# How to Do a Standing Quad Stretch\n\n"
        "1. Stand on your left leg and hold a wall.\n"
        "2. Hold your right ankle behind you for 30 seconds, then switch legs.\n"
    )
    exercise = only_exercise(text)
    assert exercise.name == "Standing Quad Stretch"
    assert exercise.sides == 2


def test_warnings_go_to_the_intro_not_the_steps() -> None:
    text = (
        "# Neck Relief\n\nCheck with your doctor first if you have a neck injury.\n\n"
        "## Chin Tuck\n\n"
        "1. Sit tall and draw your chin straight back.\n"
        "2. Stop if you feel dizzy or any tingling in your arms.\n"
        "3. Hold for 5 seconds.\n\n"
        "Caution: avoid this if you are pregnant and feel unwell lying down.\n\n"
        "## Safety\n\nNever force a stretch into pain.\n"
    )
    result = import_article(text, "n.md")
    exercise = result.routine.exercises[0]
    assert [s.text for s in exercise.steps] == ["Sit tall and draw your chin straight back.", ""]
    intro = result.routine.intro or ""
    assert intro.startswith("Check with your doctor first")
    assert "Stop if you feel dizzy" in intro
    assert "pregnant" in intro
    assert "Never force a stretch into pain." in intro


def test_front_matter_is_not_the_title() -> None:
    text = "---\ntitle: blog post\nlayout: post\n---\n# Calf Stretch\n\n- Lean into a wall.\n"
    result = import_article(text, "t.md")
    assert result.routine.title == "Calf Stretch"


def test_names_are_made_distinct() -> None:
    text = "# R\n\n## Cat-Cow\n\n- Arch your back.\n\n## Cat Cow\n\n- Round your back.\n"
    names = [e.name for e in import_article(text, "t.md").routine.exercises]
    assert names == ["Cat-Cow", "Cat Cow (2)"]


def test_awkward_text_is_quoted_safely() -> None:
    text = (
        "# Title: with 'quotes' & #hash\n\n"
        '## "Yes": No\n\n'
        "- Press: firmly # not a comment, then release.\n"
        "- Reach toward 100% @ the wall: really.\n"
    )
    result = import_article(text, "t.md")
    assert result.routine.title == "Title: with 'quotes' & #hash"
    exercise = result.routine.exercises[0]
    assert exercise.name == '"Yes": No'
    assert exercise.steps[0].text == "Press: firmly # not a comment, then release."
    assert yaml.safe_load(result.routine_yaml)["title"] == result.routine.title


# --- warnings and errors ---------------------------------------------------------------------


def test_skipped_instructions_are_reported_with_their_line() -> None:
    text = (
        "# R\n\n## Calf Stretch\n\n"
        "1. Stand facing a wall.\n2. Hold for 30 seconds.\n\n"
        "Then lean a little further into the wall.\n\n"
        "## Hamstring Stretch\n\n"
        "1. Sit with one leg straight.\n2. Hold for 20 minutes.\n3. Hold for a count of ten.\n"
    )
    result = import_article(text, "w.md")
    assert result.warnings == [
        "w.md:8: skipped 'Then lean a little further into the wall.': commentary beside the "
        "numbered steps",
        "w.md:13: skipped 'Hold for 20 minutes.': a hold of 1200 seconds is outside 1 to 600 "
        "seconds, so it was left out",
        "w.md:14: skipped 'Hold for a count of ten.': its timing was not understood (the words "
        "stay in the spoken step); add 'hold:', 'breaths:' or 'repetitions:' by hand",
    ]
    hamstring = result.routine.exercises[1]
    assert [s.text for s in hamstring.steps] == [
        "Sit with one leg straight.",
        "Hold for a count of ten.",
    ]
    assert all(step.action is None for step in hamstring.steps)


def test_no_exercises_is_a_clear_error() -> None:
    with pytest.raises(
        RoutineError,
        match=r"^no exercises found in notes\.txt: expected headings "
        r"or numbered steps",
    ):
        import_article("Shopping list\n\nMilk, eggs and bread.\n", "notes.txt")
    with pytest.raises(RoutineError, match="no exercises found"):
        import_article("", "empty.txt")


def test_too_long_is_an_error() -> None:
    with pytest.raises(RoutineError, match="longer than"):
        import_article("x" * 2_000_001)


# --- telling articles from routine files -----------------------------------------------------


def test_looks_like_article() -> None:
    builtin = Path(__file__).parents[1] / "src" / "stretchaudio" / "routines" / "l5-s1.yaml"
    assert not looks_like_article(builtin.read_text(encoding="utf-8"))
    assert not looks_like_article("title: x\nexercises:\n  - name: y\n")
    assert not looks_like_article("title: no exercises yet\nintro: hi\n")
    assert not looks_like_article("- title: a\n  exercises: []\n")
    assert not looks_like_article("exercises: [\n")  # broken YAML is still a routine file
    assert not looks_like_article("")
    for name in sorted(p.name for p in ARTICLES.iterdir()):
        assert looks_like_article((ARTICLES / name).read_text(encoding="utf-8")), name
    assert looks_like_article("---\ntitle: post\n---\n# Calf Stretch\n\nLean on a wall.\n")
    assert looks_like_article("Tip: relax\nNote: breathe\n")


def test_import_file(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_bytes(b"\xef\xbb\xbf" + (ARTICLES / "bullets.md").read_bytes())
    result = import_file(path)
    assert result.routine_yaml == load("bullets.md").routine_yaml.replace("bullets.md", str(path))
    with pytest.raises(RoutineError, match="no such file"):
        import_file(tmp_path / "missing.md")
    with pytest.raises(RoutineError, match="folder"):
        import_file(tmp_path)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 stretch".encode("latin-1"))
    with pytest.raises(RoutineError, match="not UTF-8"):
        import_file(tmp_path / "latin1.txt")


# --- never another exception -----------------------------------------------------------------

PIECES = [
    "# Title",
    "## Cat-Cow",
    "1.",
    "-",
    "\u2022",
    "1. Lie on your back.",
    "2) Hold for 20-30 seconds, then switch sides.",
    "Step 1: Sit tall.",
    "Repeat 3-5 times.",
    "Take five slow breaths.",
    "**How to do it:**",
    "**Tip:** relax.",
    "Warning: see a doctor.",
    "Image Credit: x",
    "Hold: 900 seconds",
    "Reps: 500",
    "Hold for 20 minutes. Hold for 20 minutes.",
    "Repeat 0 times.",
    "key: value",
    "---",
    "```",
    "> **Caution:** stop if it hurts",
    "Knee Hug (each side)",
    "1. Strengthen Your Core",
    "Exercise 1: Bridge - 10 reps",
    "[link](http://x)",
    "",
]


def _check(text: str) -> None:
    try:
        result = import_article(text, "fuzz.md")
    except RoutineError as error:
        assert str(error).startswith("no exercises found in fuzz.md")
        return
    assert result.routine.exercises
    assert load_routines_text(result.routine_yaml, "again")[0].title == result.routine.title
    assert all(WARNING_LINE.match(w) for w in result.warnings)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_gives_a_result_or_a_routine_error(text: str) -> None:
    _check(text)
    looks_like_article(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=25))
def test_article_like_text_gives_a_result_or_a_routine_error(lines: list[str]) -> None:
    _check("\n".join(lines))
