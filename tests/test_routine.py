"""Loading routine files: valid shapes, and a located, helpful error for every mistake."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchaudio import routine as routine_module
from stretchaudio.errors import RoutineError
from stretchaudio.model import Action, ActionKind, Step
from stretchaudio.routine import (
    builtin_names,
    load_builtin,
    load_routines,
    load_routines_text,
    resolve,
)

VALID = textwrap.dedent(
    """\
    title: Lower-back relief
    description: Gentle set
    intro: Move slowly and stop if anything hurts.
    closing: Well done.
    defaults:
      hold: 30
      breaths: 4
      breath_seconds: 5.5
      rest: 10
      step_pause: 2
      switch: 5
    exercises:
      - name: Basic hamstring stretch
        hold: 20
        rest: 15
        setup:
          - Lie on your back.
        steps:
          - Raise your right leg and hold for 20 seconds.
          - Breathe and switch sides.
      - name: Cat cow
        repetitions: 5
        sides: one
        steps:
          - text: Arch your back and hold for 5 seconds.
            breaths: 2
          - text: Round your back.
            pause: 2
          - hold: true
    """
)


# Exercise keys written after ONE start on line 4, steps after STEPS on line 5.
ONE = "title: X\nexercises:\n  - name: A\n"
STEPS = ONE + "    steps:\n"
GO = "    steps: [Go.]\n"
EX0 = "exercises[0]"
STEP0 = "exercises[0].steps[0]"


def write(tmp_path: Path, text: str, name: str = "routine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> RoutineError:
    path = write(tmp_path, text, "bad.yaml")
    with pytest.raises(RoutineError) as caught:
        load_routines(path)
    return caught.value


# --- valid files -----------------------------------------------------------------------------


def test_single_routine(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    [routine] = load_routines(path)
    assert routine.title == "Lower-back relief"
    assert routine.description == "Gentle set"
    assert routine.intro == "Move slowly and stop if anything hurts."
    assert routine.closing == "Well done."
    assert routine.defaults == {
        "hold": 30,
        "breaths": 4,
        "breath_seconds": 5.5,
        "rest": 10,
        "step_pause": 2,
        "switch": 5,
    }
    assert routine.source == str(path)
    assert routine.location is not None and routine.location.line == 1

    hamstring, cat_cow = routine.exercises
    assert hamstring.name == "Basic hamstring stretch"
    assert (hamstring.hold, hamstring.rest, hamstring.sides, hamstring.repetitions) == (
        20,
        15,
        2,
        1,
    )
    assert [s.text for s in hamstring.setup] == ["Lie on your back."]
    assert hamstring.steps[0].text == "Raise your right leg."
    assert hamstring.steps[0].action == Action(ActionKind.HOLD, seconds=20)
    assert hamstring.steps[1] == Step(
        "", Action(ActionKind.BREATHS), switch_sides=True, location=hamstring.steps[1].location
    )
    assert hamstring.location is not None and hamstring.location.line == 13
    step_location = hamstring.steps[1].location
    assert step_location is not None
    assert (step_location.file, step_location.line) == (str(path), 20)
    assert step_location.field == "exercises[0].steps[1]"

    assert (cat_cow.sides, cat_cow.repetitions) == (1, 5)
    arch, round_back, hold = cat_cow.steps
    assert (arch.text, arch.action) == ("Arch your back.", Action(ActionKind.BREATHS, count=2))
    assert (round_back.text, round_back.action) == ("Round your back.", Action(ActionKind.PAUSE, 2))
    assert (hold.text, hold.action) == ("", Action(ActionKind.HOLD))


def test_several_documents_and_empty_ones(tmp_path: Path) -> None:
    text = "---\n" + VALID + "---\n---\ntitle: Second\nexercises:\n  - name: A\n    steps: [Go.]\n"
    routines = load_routines(write(tmp_path, text))
    assert [r.title for r in routines] == ["Lower-back relief", "Second"]
    second = routines[1]
    assert second.location is not None
    assert second.location.line == text.splitlines().index("title: Second") + 1


def test_top_level_list(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        - title: One
          exercises: [{name: A, steps: [Go.]}]
        - title: Two
          exercises: [{name: A, steps: [Go.]}]
        """
    )
    assert [r.title for r in load_routines(write(tmp_path, text))] == ["One", "Two"]


def test_anchors_and_merge_keys_share_settings() -> None:
    text = textwrap.dedent(
        """\
        title: Shared
        exercises:
          - &base
            name: Left
            hold: 25
            steps: [Go.]
          - <<: *base
            name: Right
        """
    )
    left, right = load_routines_text(text)[0].exercises
    assert (right.name, right.hold, right.steps[0].text) == ("Right", 25, "Go.")
    assert left.name == "Left"


def test_self_merge_is_harmless() -> None:
    text = "title: X\nexercises:\n  - &e {name: A, steps: [Go.], <<: *e}\n"
    assert load_routines_text(text)[0].exercises[0].name == "A"


def test_step_text_markers_shape_the_exercise() -> None:
    text = textwrap.dedent(
        """\
        title: Markers
        exercises:
          - name: Shoulder rolls
            steps:
              - Roll your shoulders back.
              - Repeat 10 times.
              - Do this on each side.
          - name: Explicit wins
            repetitions: 3
            steps: [Roll your shoulders back., Repeat 10 times.]
          - name: Switch off
            steps:
              - text: Hold for 10 seconds and switch sides.
                switch_sides: false
        """
    )
    rolls, explicit, switch_off = load_routines_text(text)[0].exercises
    assert [s.text for s in rolls.steps] == ["Roll your shoulders back."]  # markers not spoken
    assert (rolls.sides, rolls.repetitions) == (2, 10)
    assert explicit.repetitions == 3
    assert switch_off.sides == 1
    assert switch_off.steps[0].switch_sides is False


def test_explicit_step_keys_win_over_text() -> None:
    text = STEPS + "      - {text: Hold for 20 seconds., hold: 45}\n"
    step = load_routines_text(text)[0].exercises[0].steps[0]
    assert (step.text, step.action) == ("", Action(ActionKind.HOLD, seconds=45))


def test_empty_optional_values_mean_not_given() -> None:
    text = "title: X\nintro:\ndefaults:\nexercises:\n  - name: A\n    hold:\n    setup:\n" + GO
    routine = load_routines_text(text)[0]
    assert routine.intro is None and routine.defaults == {}
    assert routine.exercises[0].hold is None and routine.exercises[0].setup == ()


def test_utf8_bom_and_accents(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufefftitle: Étirements\nexercises: [{name: Dos, steps: [Go]}]\n".encode())
    assert load_routines(path)[0].title == "Étirements"


# --- errors: every one names the file, the line and the field ---------------------------------

ERRORS = [
    # (yaml text, line, field, words the message must contain)
    (ONE + "    hold: -5\n" + GO, 4, f"{EX0}.hold", "use 1 to 600 seconds"),
    (ONE + "    hold: 0\n" + GO, 4, f"{EX0}.hold", "outside the allowed range"),
    (ONE + "    hold: 100000\n" + GO, 4, f"{EX0}.hold", "1 to 600"),
    (ONE + "    hold: .nan\n" + GO, 4, f"{EX0}.hold", "1 to 600"),
    (
        ONE + "    hold: ten\n" + GO,
        4,
        f"{EX0}.hold",
        "expected a number of seconds, got the string 'ten'",
    ),
    (ONE + "    hold: 30s\n" + GO, 4, f"{EX0}.hold", "write 30"),
    (ONE + "    hold: true\n" + GO, 4, f"{EX0}.hold", "got the boolean true"),
    (ONE + "    hold: [1]\n" + GO, 4, f"{EX0}.hold", "got a list"),
    (ONE + "    hold: !!python/object:os.system 3\n" + GO, 4, f"{EX0}.hold", "expected a number"),
    (ONE + "    breaths: 2.5\n" + GO, 4, f"{EX0}.breaths", "whole number"),
    (ONE + "    repetitions: 101\n" + GO, 4, f"{EX0}.repetitions", "1 to 100"),
    (ONE + "    reps: 5\n" + GO, 4, f"{EX0}.reps", "did you mean 'repetitions'"),
    (ONE + "    stesp: [Go.]\n", 4, f"{EX0}.stesp", "did you mean 'steps'"),
    (ONE + "    sides: three\n" + GO, 4, f"{EX0}.sides", "one, both, 1, 2"),
    (ONE + "    sides: one\n" + "    steps: [Hold and switch sides.]\n", 5, STEP0, "sides: one"),
    (ONE, 3, f"{EX0}.steps", "'steps' is missing"),
    (ONE + GO + "  - name: ' a '\n" + GO, 5, "exercises[1].name", "line 3"),
    (STEPS + "      - '   '\n", 5, STEP0, "blank"),
    (STEPS + "      - 42\n", 5, STEP0, "got the number 42"),
    (STEPS + "      - Hold for 20 minutes.\n", 5, STEP0, "1200 seconds"),
    (STEPS + "      - Take 80 breaths.\n", 5, STEP0, "80 breaths"),
    (STEPS + "      - Hold: 30 seconds\n", 5, STEP0, "quotes"),
    (
        STEPS + "      - text: Go\n        hold: 3\n        pause: 2\n",
        7,
        f"{STEP0}.pause",
        "one of",
    ),
    (STEPS + "      - text: Go\n        hold: false\n", 6, f"{STEP0}.hold", "remove the key"),
    (
        STEPS + "      - text: Go\n        switch_sides: yes please\n",
        6,
        f"{STEP0}.switch_sides",
        "true",
    ),
    (STEPS + "      - text: ''\n", 5, STEP0, "no text and no timed action"),
    (STEPS + "      - {}\n", 5, STEP0, "empty"),
    (ONE + "    steps: [Do this on each side.]\n", 4, f"{EX0}.steps", "add an instruction"),
    (
        ONE + "    steps: [Go, Repeat 10 times., Repeat 8 times.]\n",
        4,
        f"{EX0}.steps[2]",
        "repetitions:",
    ),
    (
        "title: X\ndefaults:\n  hold: 30\n  switch: 500\nexercises: []\n",
        4,
        "defaults.switch",
        "0 to 120",
    ),
    (
        "title: X\ndefaults:\n  holds: 30\nexercises: []\n",
        3,
        "defaults.holds",
        "did you mean 'hold'",
    ),
    ("title: X\ndefaults: 30\nexercises: []\n", 2, "defaults", "expected defaults"),
    ("name: X\n", 1, "name", "did you mean 'title'"),
    ("title: X\n", 1, "exercises", "'exercises' is missing"),
    ("exercises:\n  - name: A\n" + GO, 1, "title", "'title' is missing"),
    ("title: '  '\nexercises: []\n", 1, "title", "blank"),
    ("title: 1984\nexercises: []\n", 1, "title", "quotes"),
    ("title: X\nexercises: []\n", 2, "exercises", "empty"),
    ("title: X\nexercises: Stretch\n", 2, "exercises", "expected a list of exercises"),
    ("title: X\nexercises:\n  - steps: [Go.]\n", 3, f"{EX0}.name", "'name' is missing"),
    ("title: X\ntitle: Y\nexercises: []\n", 2, "title", "appears twice"),
    ("title: X\n1: Y\nexercises: []\n", 2, None, "keys must be plain words"),
    (ONE + GO + "---\n" + ONE.replace("X", "x") + GO, 6, "title", "same file name"),
    ("title: X\nexercises:\n  - <<: 3\n    name: A\n", 3, EX0, "can only merge mappings"),
    ("- 1\n- 2\n", 1, None, "expected a routine"),
]


@pytest.mark.parametrize(("text", "line", "field", "words"), ERRORS)
def test_errors_are_located(
    tmp_path: Path, text: str, line: int, field: str | None, words: str
) -> None:
    error = error_for(tmp_path, text)
    assert error.location is not None
    assert error.location.file.endswith("bad.yaml")
    assert error.location.line == line
    assert error.location.field == field
    assert words in error.message
    assert "bad.yaml" in str(error) and f":{line}:" in str(error)
    assert "\n" not in str(error)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: X\nexercises:\n  - name: A\n\tsteps: [Go.]\n", 4, "spaces, not tabs"),
        ("title: X\nexercises: [\n", 3, "YAML syntax error"),
        ("title: X\n  exercises: 3\n", 2, "YAML syntax error"),
        ("title: 'X\nexercises: []\n", 3, "YAML syntax error"),
        ("title: X\nexercises: *nothing\n", 2, "undefined alias"),
        ("title: X\x01\n", 1, "control character U+0001"),
    ],
)
def test_yaml_syntax_errors_have_a_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    error = error_for(tmp_path, text)
    assert error.location is not None and error.location.line == line
    assert words in error.message


@pytest.mark.parametrize(
    ("content", "words", "line"),
    [
        (b"title: caf\xe9\nexercises: []\n", "save it with UTF-8", 1),
        (b"title: X\nexercises:\n  - name: \xff\n", "save it with UTF-8", 3),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", None),
        ("title: X\n".encode("utf-16"), "UTF-16", None),
    ],
)
def test_unreadable_encodings(tmp_path: Path, content: bytes, words: str, line: int | None) -> None:
    path = tmp_path / "odd.yaml"
    path.write_bytes(content)
    with pytest.raises(RoutineError) as caught:
        load_routines(path)
    assert words in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.file == str(path)
    assert caught.value.location.line == line


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="no such file") as caught:
        load_routines(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(caught.value)
    with pytest.raises(RoutineError, match="folder"):
        load_routines(tmp_path)


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (routine_module.MAX_FILE_BYTES + 1))
    with pytest.raises(RoutineError, match="more than a routine file"):
        load_routines(path)


@pytest.mark.parametrize("text", ["", "\n\n", "---\n---\n", "# only a comment\n"])
def test_file_without_routine(tmp_path: Path, text: str) -> None:
    error = error_for(tmp_path, text)
    assert "no routine found" in error.message


def test_alias_bomb_is_cheap() -> None:
    # A "billion laughs" document: every level refers to the one before ten times.
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    text = "\n".join(levels) + "\ntitle: X\nexercises: *a9\n"
    with pytest.raises(RoutineError, match="unknown key 'a0'"):
        load_routines_text(text)
    with pytest.raises(RoutineError, match="expected an exercise"):
        load_routines_text("title: X\nexercises: &a [*a]\n")


def test_merge_bomb_is_cheap() -> None:
    levels = ["- &m0 {name: A, steps: [Go]}"]
    levels += [f"- &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 10)}]}}" for i in range(1, 30)]
    text = "title: X\nexercises:\n" + textwrap.indent("\n".join(levels), "  ") + "\n"
    with pytest.raises(RoutineError, match="already used"):
        load_routines_text(text)


def test_deep_nesting() -> None:
    with pytest.raises(RoutineError):
        load_routines_text("[" * 10000 + "]" * 10000)


# --- built-in routines and resolve -----------------------------------------------------------


@pytest.fixture
def builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    write(folder, VALID, "lower-back.yaml")
    write(folder, "title: Neck\nexercises: [{name: Roll, steps: [Go]}]\n", "neck.yml")
    write(folder, "not a routine", "notes.txt")
    monkeypatch.setattr(routine_module, "BUILTIN_DIR", folder)
    return folder


def test_builtins(builtins: Path) -> None:
    assert builtin_names() == ["lower-back", "neck"]
    [routine] = load_builtin("neck")
    assert routine.title == "Neck"
    assert routine.source == "built-in:neck.yml"
    with pytest.raises(RoutineError, match="built-in routines: lower-back, neck"):
        load_builtin("legs")


def test_resolve(builtins: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve("neck")[0].title == "Neck"
    path = write(tmp_path, "title: Mine\nexercises: [{name: A, steps: [Go]}]\n", "mine.yaml")
    assert resolve(str(path))[0].title == "Mine"
    monkeypatch.chdir(tmp_path)
    assert resolve("mine.yaml")[0].title == "Mine"
    with pytest.raises(RoutineError) as caught:
        resolve("hamstrings")
    assert "no routine file or built-in routine named 'hamstrings'" in caught.value.message
    assert "lower-back, neck" in caught.value.message
    with pytest.raises(RoutineError, match="no such file"):
        resolve("missing.yaml")
    with pytest.raises(RoutineError, match="no such file"):
        resolve("some/dir/neck")


def test_packaged_builtins_load() -> None:
    for name in builtin_names():
        assert load_builtin(name)


# --- robustness: nothing but routines or RoutineError ------------------------------------------

YAML_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [
    "title", "intro", "defaults", "exercises", "name", "hold", "breaths", "sides",
    "repetitions", "rest", "setup", "steps", "text", "pause", "switch_sides", "breath_seconds",
]  # fmt: skip


def load_or_error(text: str) -> None:
    try:
        routines = load_routines_text(text, "fuzz.yaml")
    except RoutineError as error:
        assert error.location is not None and error.location.file == "fuzz.yaml"
        assert "\n" not in str(error)
    else:
        assert routines


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_text_gives_routines_or_routine_error(data: st.DataObject) -> None:
    text = VALID
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text)))
        operation = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        piece = data.draw(
            st.text(alphabet=st.sampled_from(" \t\n:-[]{}&*!|>'\"#,x0\x00é"), max_size=3)
        )
        if operation == "delete":
            text = text[:position] + text[position + len(piece) + 1 :]
        elif operation == "insert":
            text = text[:position] + piece + text[position:]
        else:
            text = text[:position] + piece + text[position + len(piece) :]
    load_or_error(text)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), YAML_VALUES, st.integers(0, 3))
def test_random_values_give_routines_or_routine_error(
    field: str, value: object, where: int
) -> None:
    document = yaml.safe_load(VALID)
    targets = [
        document,
        document["defaults"],
        document["exercises"][0],
        document["exercises"][1]["steps"][0],
    ]
    targets[where][field] = value
    load_or_error(yaml.safe_dump(document, allow_unicode=True))


def test_exponent_numbers_read_as_numbers() -> None:
    """PyYAML (YAML 1.1) reads an unquoted 3e1 as text; YAML 1.2 and users read a number."""
    text = (
        "title: X\ndefaults: {{rest: {rest}}}\n"
        "exercises:\n  - name: A\n    hold: {hold}\n    steps: [Go.]\n"
    )
    [routine] = load_routines_text(text.format(hold="3e1", rest="1.5E+1"))
    assert routine.exercises[0].hold == 30 and routine.defaults["rest"] == 15
    with pytest.raises(RoutineError, match=r":5:11: exercises\[0\]\.hold: 1000000000 is outside"):
        load_routines_text(text.format(hold="1e9", rest="1"))
    with pytest.raises(RoutineError, match=r"got the string '3e1'; write 30 without quotes"):
        load_routines_text(text.format(hold='"3e1"', rest="1"))


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ('"\\r"', r"'\r'"),
        ('"a\\tb"', r"'a\tb'"),
        ('"' + "k" * 60 + '"', "'" + "k" * 37 + "...'"),
    ],
)
def test_unknown_key_with_control_characters_stays_one_line(key: str, shown: str) -> None:
    """Found by the fuzz test: a key "\\r" put a carriage return into the one-line message."""
    text = f"title: X\nexercises:\n  - name: A\n    steps: [Go.]\n    {key}: 1\n"
    with pytest.raises(RoutineError) as caught:
        load_routines_text(text, "f.yaml")
    message = str(caught.value)
    assert message.isprintable(), repr(message)
    assert f"exercises[0].{shown}: unknown key {shown}" in message


def test_an_after_that_switches_sides_makes_the_exercise_two_sided() -> None:
    (routine,) = load_routines_text(
        "title: T\nexercises:\n  - name: Knee pull\n    steps:\n"
        "      - text: Pull your right knee toward your left shoulder.\n        hold: 10\n"
        "        after: Slowly release and switch sides.\n",
        "after.yaml",
    )
    (exercise,) = routine.exercises
    (step,) = exercise.steps
    assert exercise.sides == 2 and step.switch_sides and step.after == "Slowly release."


def test_a_step_that_paces_the_breath_sets_the_breathing_cues() -> None:
    text = (
        "title: Breath\nexercises:\n  - name: Belly\n    steps:\n"
        "      - Lie on your back. Breathe in for 4, out for 6.\n"
        "      - text: Stay with it.\n        breaths: 3\n"
    )
    (routine,) = load_routines_text(text, "pace.yaml")
    assert (routine.defaults["inhale"], routine.defaults["exhale"]) == (4, 6)
    own = text.replace("title: Breath\n", "title: Breath\ndefaults:\n  breath_seconds: 8\n")
    (mine,) = load_routines_text(own, "own.yaml")
    assert "inhale" not in mine.defaults  # the file's own breath length wins
