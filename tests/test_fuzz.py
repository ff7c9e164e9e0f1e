"""Property-based robustness (issue #8): thousands of generated and mutated inputs.

Whatever a hand-edited routine file, a set of flags or a pasted article contains, the loader,
the planner (with made-up speech lengths: no audio here) and the article importer give either
a valid result or a clean :class:`~stretchaudio.errors.StretchAudioError` with a one-line
message, never another exception. The whole file runs in well under a minute.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchaudio import importer, scriptfmt, sidecars, tags
from stretchaudio.errors import RoutineError, StretchAudioError, UsageError
from stretchaudio.fitting import fitted_plan as fit_minutes
from stretchaudio.model import Routine
from stretchaudio.naming import MAX_NAME_LENGTH, slugify
from stretchaudio.planner import Plan, Role, Say, plan, to_samples
from stretchaudio.routine import load_builtin, load_routines, load_routines_text
from stretchaudio.settings import Options
from stretchaudio.timeline import Timeline, layout
from test_sidecars import read_vtt, spoken


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- strategies: routine files ----------------------------------------------------------------

ODD_NUMBERS = st.sampled_from(
    [0, -1, -5, 0.4, 0.5, 1, 2.5, 30, 50, 51, 100, 101, 600, 601, 1e9, -1e9, 10**30, 1e-9]
)
NUMBERS = st.one_of(
    ODD_NUMBERS,
    st.integers(-1000, 1000),
    st.floats(allow_nan=True, allow_infinity=True),
)
ANY_SCALAR = st.one_of(
    NUMBERS,
    st.booleans(),
    st.none(),
    st.text(max_size=20),
    st.sampled_from(["", "   ", "30s", "thirty", "1:30", "0x1F", "yes", "~", "null", "2020-01-01"]),
)
ANY_VALUE = st.recursive(
    ANY_SCALAR,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.text(max_size=8), children, max_size=3),
    ),
    max_leaves=4,
)

STEP_TEXTS = [
    "Reach up.",
    "Sit on the edge of a chair and stretch your right leg out.",
    "Hold for 20 seconds.",
    "Hold here for about 10 seconds and then switch sides",
    "Pause here for a few breaths.",
    "Stay for five slow breaths.",
    "Take 3 deep breaths, then switch sides.",
    "Repeat 10 times.",
    "Repeat 3 times.",
    "Do this on each side.",
    "Rest for 10 seconds.",
    "hold for 30 seconds, breathing deeply",
    "Repeat with the other leg.",
    "Hold 20-30 seconds.",
    "Hold for 1-2 minutes.",
    "Take 500 breaths.",
    "Hold for 3000 seconds.",
    "Repeat 1000 times.",
    "Hold for 0 seconds.",
    "Breathe and switch sides",
    "Lean forward from the hips toward your toes",
    "Étirez la jambe gauche.",
    "左の脚を伸ばす。",
    "...",
    "-",
    "",
    "   ",
]
EXERCISE_NAMES = ["Hamstring", "Knee to chest", "Glute bridge", "Cat-cow", "hamstring", "ÉTIRE"]


def seconds(low: float, high: float) -> st.SearchStrategy[float | int]:
    return st.one_of(st.integers(int(low + 0.99), int(high)), st.floats(low, high))


VALID_TEXTS = [t for t in STEP_TEXTS if t.strip() and "3000" not in t and "500" not in t]
VALID_TEXTS = [t for t in VALID_TEXTS if "1000" not in t and "0 seconds" not in t]
TEXT = st.one_of(
    st.sampled_from(VALID_TEXTS),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool),
)
NAME = st.one_of(st.sampled_from(EXERCISE_NAMES), TEXT)


@st.composite
def steps(draw: st.DrawFn) -> Any:
    """A step as a routine file may write it (valid in form; its text may still ask too much)."""
    text = draw(TEXT)
    kind = draw(st.sampled_from(["plain", "plain", "hold", "breaths", "pause", "switch"]))
    if kind == "plain":
        return text
    step: dict[str, Any] = {"text": text}
    if kind == "hold":
        step["hold"] = draw(st.one_of(st.just(True), seconds(1, 600)))
    elif kind == "breaths":
        step["breaths"] = draw(st.one_of(st.just(True), st.integers(1, 50)))
    elif kind == "pause":
        step["pause"] = draw(st.one_of(st.just(True), seconds(0, 600)))
    else:
        step["switch_sides"] = draw(st.booleans())
    return step


EXERCISE_KEYS: dict[str, st.SearchStrategy[Any]] = {
    "hold": seconds(1, 600),
    "breaths": st.integers(1, 50),
    "sides": st.sampled_from(["one", "both", 1, 2]),
    "repetitions": st.one_of(st.integers(1, 12), st.sampled_from([99, 100])),
    "tempo": st.lists(
        st.dictionaries(
            st.sampled_from(["Lift", "Hold", "Lower"]), seconds(0.5, 60), min_size=1, max_size=1
        ),
        min_size=1,
        max_size=3,
    ),
    "sets": st.one_of(st.integers(1, 3), st.just(20)),
    "rest": seconds(0, 600),
    "setup": st.lists(steps(), min_size=1, max_size=2),
    "description": TEXT,
}


@st.composite
def exercises(draw: st.DrawFn) -> Any:
    ex: dict[str, Any] = {
        "name": draw(NAME),
        "steps": draw(st.lists(steps(), min_size=1, max_size=4)),
    }
    for key in draw(st.lists(st.sampled_from(sorted(EXERCISE_KEYS)), unique=True, max_size=3)):
        ex[key] = draw(EXERCISE_KEYS[key])
    return ex


DEFAULTS: dict[str, st.SearchStrategy[Any]] = {
    "hold": seconds(1, 600),
    "breaths": st.integers(1, 50),
    "breath_seconds": seconds(1, 30),
    "inhale": seconds(0.5, 30),
    "exhale": seconds(0.5, 30),
    "rest": seconds(0, 600),
    "step_pause": seconds(0, 60),
    "switch": seconds(0, 120),
    "prep": seconds(0, 120),
    "sets": st.one_of(st.integers(1, 3), st.just(20)),
    "cues": st.booleans(),
    "chime": st.booleans(),
    "countdown": st.integers(0, 10),
    "halfway": seconds(0, 600),
    "breath_cues": st.sampled_from(["voice", "tones", "none", "Tones"]),
}
TITLES = [
    "Morning", "../../etc/passwd", "..", "CON", "nul", "Com1", "日本語", "a/b\\c", "C:\\x",
    "Étirements du matin", "x" * 300, ".hidden", "a\u0000b", "-", "🙂 stretch",
]  # fmt: skip


@st.composite
def valid_routines(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "title": draw(st.one_of(st.sampled_from(TITLES), TEXT)),
        "exercises": draw(
            st.lists(exercises(), min_size=1, max_size=4, unique_by=lambda e: slugify(e["name"]))
        ),
    }
    for key in draw(st.lists(st.sampled_from(["intro", "closing", "description"]), unique=True)):
        doc[key] = draw(TEXT)
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(sorted(DEFAULTS)), unique=True, max_size=4))
        doc["defaults"] = {key: draw(DEFAULTS[key]) for key in keys}
    return doc


def places(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a document, to corrupt one of them."""
    found: list[tuple[Any, Any]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        found.append((node, key))
        if isinstance(value, dict | list):
            found.extend(places(value))
    return found


@st.composite
def routines(draw: st.DrawFn) -> Any:
    """A valid routine document, half of the time with one to three hand-editing mistakes:
    a value of the wrong type or out of range, a blank text, a missing, unknown or repeated
    key, an empty list, a duplicated exercise."""
    doc = draw(valid_routines())
    if draw(st.booleans()):
        return doc
    for _ in range(draw(st.integers(1, 3))):
        spots = places(doc)
        if not spots:
            break
        container, key = draw(st.sampled_from(spots))
        mistake = draw(
            st.sampled_from(["value", "odd", "blank", "delete", "unknown", "empty", "duplicate"])
        )
        if mistake == "value":
            container[key] = draw(ANY_VALUE)
        elif mistake == "odd":
            container[key] = draw(ODD_NUMBERS)
        elif mistake == "blank":
            container[key] = draw(st.sampled_from(["", "   ", "\t", None]))
        elif mistake == "delete" and len(container) > 0:
            del container[key]
        elif mistake == "unknown" and isinstance(container, dict):
            container[draw(st.sampled_from(["reps", "Hold", "exercise", "txet", "x"]))] = 1
        elif mistake == "empty":
            container[key] = draw(st.sampled_from([[], {}]))
        elif mistake == "duplicate" and isinstance(container, list) and container:
            container.append(container[0])
    return doc


VALID = """\
title: Morning back care
intro: Move slowly, and stop if anything hurts.
defaults: &common
  hold: 30
  rest: 10
exercises:
  - name: Seated hamstring stretch
    steps:
      - Sit on the edge of a chair and stretch your right leg out in front of you.
      - Hold here for about 20 seconds, then switch sides.
  - name: Knee to chest
    breaths: 4
    steps:
      - Lie on your back and draw your left knee toward your chest.
      - text: Stay here for five slow breaths.
        breaths: true
  - name: Glute bridge
    repetitions: 3
    tempo: [{Lift: 2}, {Hold: 3}, {Lower: 2}]
    sets: 2
    steps:
      - On each count, lift your hips, pause at the top, and lower slowly.
"""

YAML_TOKENS = [
    "title:", "exercises:", "name:", "steps:", "hold:", "breaths:", "pause:", "text:", "sides:",
    "defaults:", "tempo:", "repetitions:", "switch_sides:", "- ", "-", ":", " ", "  ", "\t",
    "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a", "!!int ''", "!!float _", "!!bool x",
    "!!int -", "!!str", "!!binary aGk=", "!!timestamp x", "!!python/object:os.system", "!!set",
    "? ", "|", ">", "'", '"', "#", "---", "...", "%YAML 1.1", "30", "-5", ".nan", ".inf", "1e9",
    "true", "~", "Reach up.", "Hold for 20 seconds.", "é", "\u2028", "\ufeff",
]  # fmt: skip
MUTATION_BYTES = b" \t\n:-[]{}&*!|>'\"#,x0\x00\xff\xfe\xc3\xa9\x80\r"


def load_or_routine_error(text: str, source: str = "fuzz.yaml") -> list[Routine]:
    """The routines in ``text``, or [] after checking the RoutineError is clean."""
    try:
        return load_routines_text(text, source)
    except RoutineError as error:
        check_clean(error, source)
        return []


def check_clean(error: StretchAudioError, source: str | None = None) -> None:
    message = str(error)
    assert message and "\n" not in message and "\r" not in message, repr(message)
    assert "Traceback" not in message
    if source is not None and isinstance(error, RoutineError) and error.location is not None:
        assert error.location.file == source


# --- the loader ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.slow
@fuzz(600)
@given(st.one_of(routines(), st.lists(routines(), min_size=1, max_size=3)), st.booleans())
def test_generated_routine_files_load_or_fail_cleanly(doc: Any, as_documents: bool) -> None:
    if as_documents and isinstance(doc, list):
        text = yaml.safe_dump_all(doc, allow_unicode=True)
    else:
        text = yaml.safe_dump(doc, allow_unicode=True)
    loaded = load_or_routine_error(text)
    for routine in loaded:
        assert routine.title.strip() and routine.exercises
        assert len({e.slug for e in routine.exercises}) == len(routine.exercises)
        for exercise in routine.exercises:
            assert exercise.steps and exercise.sides in (1, 2) and exercise.repetitions >= 1
        check_plan(routine, Options(), seed=len(text))


@pytest.mark.slow
@fuzz(500)
@given(data=st.data())
def test_mutated_files_on_disk_load_or_fail_cleanly(data: st.DataObject, folder: Path) -> None:
    raw = bytearray(VALID.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(raw)))
        piece = data.draw(
            st.binary(max_size=3) | st.lists(st.sampled_from(MUTATION_BYTES)).map(bytes)
        )
        operation = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        if operation == "delete":
            del raw[position : position + data.draw(st.integers(1, 20))]
        elif operation == "insert":
            raw[position:position] = piece
        else:
            raw[position : position + len(piece)] = piece
    if data.draw(st.integers(0, 9)) == 0:
        raw[:0] = data.draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\x00"]))
    path = folder / "mutated.yaml"
    path.write_bytes(bytes(raw))
    try:
        loaded = load_routines(path)
    except RoutineError as error:
        check_clean(error, str(path))
    else:
        for routine in loaded:
            check_plan(routine, Options(), seed=len(raw))


@pytest.mark.slow
@fuzz(700)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "  ", "    ", "      ", "- ", "  - "]),
            st.lists(st.sampled_from(YAML_TOKENS), min_size=1, max_size=5),
        ),
        max_size=12,
    )
)
def test_yaml_token_soup_loads_or_fails_cleanly(lines: list[tuple[str, list[str]]]) -> None:
    text = "\n".join(indent + " ".join(tokens) for indent, tokens in lines)
    for routine in load_or_routine_error(text):
        check_plan(routine, Options(), seed=len(text))


@fuzz(300)
@given(st.text(max_size=200))
def test_arbitrary_text_loads_or_fails_cleanly(text: str) -> None:
    load_or_routine_error(text)


# --- the planner and the timeline -------------------------------------------------------------

OVERRIDE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "hold": NUMBERS,
    "breaths": st.integers(-5, 60),
    "breath_seconds": NUMBERS,
    "inhale": NUMBERS,
    "exhale": NUMBERS,
    "rest": NUMBERS,
    "step_pause": NUMBERS,
    "switch": NUMBERS,
    "prep": NUMBERS,
    "cues": st.booleans(),
    "chime": st.booleans(),
    "countdown": st.integers(-2, 12),
    "halfway": NUMBERS,
    "breath_cues": st.sampled_from(["voice", "tones", "none", "loud"]),
    "sets": st.integers(-1, 22),
    "reps": st.integers(-1, 102),
    "scale": st.one_of(NUMBERS, st.floats(0.1, 10)),
    "minutes": st.one_of(NUMBERS, st.floats(0.2, 30)),
    "say_durations": st.booleans(),
    "sample_rate": st.sampled_from([8000, 16000, 22050, 44100, 48000, 7999, 96000]),
    "hold_for": st.lists(
        st.tuples(st.sampled_from(["ham", "knee", "glute", "zzz", "", "Seated"]), NUMBERS),
        max_size=2,
    ).map(tuple),
}


@st.composite
def overrides(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(sorted(OVERRIDE_VALUES)), unique=True, max_size=6))
    return {key: draw(OVERRIDE_VALUES[key]) for key in keys}


def made_up_lengths(texts: list[str], seed: int, rate: int) -> dict[str, int]:
    """A speech length for every line: 0 (a clip that trimmed to nothing) to 12 seconds."""
    rng = np.random.default_rng(seed)
    return {t: int(rng.integers(0, 12 * rate)) if t else 0 for t in texts}


def check_timeline(the_plan: Plan, timeline: Timeline, lengths: dict[str, int]) -> None:
    position = 0
    for item, event in zip(the_plan.items, timeline.events, strict=True):
        assert event.start == position
        if isinstance(item, Say):
            assert item.text and event.kind == "speech" and event.length == lengths[item.text]
        else:
            assert isinstance(item.samples, int) and item.samples > 0
            assert event.kind == "silence" and event.length == item.samples
        position = event.end
    assert timeline.total_samples == position
    windows = [e for e in timeline.events if e.kind == "silence"]
    starts = [w.start for w in windows]
    for cue in timeline.cues:  # every cue inside one window, never stretching it
        window = windows[bisect.bisect_right(starts, cue.start) - 1]
        assert window.start <= cue.start and cue.end <= window.end, cue
    if len(timeline.events) > 5000:
        return  # 20 sets of 100 reps: checked above; formatting it all would be slow
    # What the CLI and the sidecars make of the timeline never fails either.
    scriptfmt.to_text(timeline)
    scriptfmt.to_json(timeline)
    captions = sidecars.render_all(timeline)["vtt"]  # and the captions show what is spoken
    assert [shown for _, shown in read_vtt(captions)] == spoken(timeline)


def check_plan(routine: Routine, given_overrides: Options, seed: int) -> Timeline | None:
    """Plan and lay out ``routine``; a UsageError must be clean. Returns the timeline."""
    try:
        the_plan = plan(routine, given_overrides)
    except UsageError as error:
        check_clean(error)
        return None
    lengths = made_up_lengths(the_plan.texts(), seed, the_plan.sample_rate)
    timeline = layout(the_plan, lengths)
    check_timeline(the_plan, timeline, lengths)
    tags.ffmetadata(routine, timeline, None)
    name = slugify(routine.title)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) and len(name) <= MAX_NAME_LENGTH
    return timeline


ROUTINES = [
    *load_routines_text(VALID, "valid.yaml"),
    *load_builtin("l5-s1"),
    *load_routines_text(
        """\
- title: Only breathing
  exercises:
    - name: Belly breathing
      steps: [{text: Breathe into your belly., breaths: true}, Relax your shoulders.]
- title: Pauses and reps
  defaults: {cues: true, prep: 0, rest: 0}
  exercises:
    - name: Neck roll
      repetitions: 4
      steps: [{text: Roll your head to the right., pause: 1}, {pause: 0.5}]
    - name: Calf raise
      sides: both
      tempo: [{Up: 0.5}, {Down: 0.5}]
      repetitions: 12
      steps: [Rise onto your toes.]
- title: Long holds
  defaults: {hold: 600, halfway: 1, countdown: 10, chime: true}
  exercises:
    - name: Wall sit
      sets: 3
      steps: [{text: Slide down the wall., hold: true}]
""",
        "more.yaml",
    ),
]


@pytest.mark.slow
@fuzz(1000)
@given(st.sampled_from(ROUTINES), overrides(), st.integers(0, 2**32))
def test_any_flags_give_a_valid_plan_or_a_usage_error(
    routine: Routine, flags: dict[str, Any], seed: int
) -> None:
    try:
        given_overrides = Options(**flags)
    except UsageError as error:
        check_clean(error)
        return
    if given_overrides.minutes is not None:
        fit_or_usage_error(routine, given_overrides, seed)
        return
    timeline = check_plan(routine, given_overrides, seed)
    if timeline is None or not given_overrides.given("hold"):
        return
    if given_overrides.hold_for or given_overrides.scale not in (None, 1.0):
        return
    # --hold sets every hold exactly, to the sample.
    rate = given_overrides.sample_rate
    holds = {e.length for e in timeline.events if e.role is Role.HOLD}
    assert holds <= {to_samples(given_overrides.hold, rate)}


def fit_or_usage_error(routine: Routine, given_overrides: Options, seed: int) -> None:
    """--minutes: a plan of exactly that length (to a sample per window), or a UsageError."""
    rate = given_overrides.sample_rate
    table: dict[str, int] = {}

    def measure(texts: list[str]) -> dict[str, int]:
        """Like speech: longer text takes longer (made-up seconds per character, plus jitter)."""
        rng = np.random.default_rng(seed)
        per_char = rng.uniform(0.03, 0.1)
        for text in texts:
            seconds = 0.2 + per_char * len(text) + rng.uniform(0, 0.1)
            table.setdefault(text, round(seconds * rate))
        return {t: table[t] for t in texts}

    try:
        fitted = fit_minutes(routine, given_overrides, measure)
    except UsageError as error:
        check_clean(error)
        return
    timeline = layout(fitted, measure(fitted.texts()))
    check_timeline(fitted, timeline, table)
    assert given_overrides.minutes is not None
    target = to_samples(given_overrides.minutes * 60, rate)
    if fitted.options.say_durations:  # spoken durations change with the holds: a second
        assert abs(timeline.total_samples - target) <= rate
    else:  # exact, but for rounding each scaled window to whole samples
        scaled = sum(1 for e in timeline.events if e.role in (Role.HOLD, Role.REST))
        assert abs(timeline.total_samples - target) <= scaled + 1
    for event in timeline.events:
        if event.role is Role.HOLD:
            assert rate - 1 <= event.length <= 600 * rate + 1


# --- the article importer ---------------------------------------------------------------------

ARTICLE_LINES = [
    "# 7 Stretches for Lower Back Pain",
    "## 1. Knee-to-chest stretch",
    "## Basic Hamstring Stretch",
    "Seated Hamstring Stretch",
    "================",
    "**Cat-Cow**",
    "1. Lie on your back with your knees bent.",
    "2. Pull your right knee toward your chest and hold for 20-30 seconds.",
    "3. Repeat on the other side.",
    "1) Kneel on all fours.",
    "(2) Arch your back and take 3 deep breaths.",
    "Step 1: Sit on the floor.",
    "- Reach toward your toes.",
    "* Hold for 1-2 minutes.",
    "• Repeat 3-5 times.",
    "1.",
    "How to do it:",
    "Instructions:",
    "Tip: keep your back straight.",
    "Why it helps: it loosens the hips.",
    "Warning: stop if anything hurts.",
    "Hold: 30 seconds",
    "Reps: 10",
    "Check with your doctor or physical therapist before you start.",
    "If you have a herniated disc, take extra care.",
    '"This is great for runners," says Dr. Smith.',
    "According to a physical therapist, stretching helps.",
    "Image credit: Getty Images",
    "Advertisement",
    "Related Reading",
    "![a photo](https://example.com/a.jpg)",
    "[Read more](https://example.com)",
    "https://example.com/stretches",
    "<div class='ad'>Buy now</div>",
    "| Stretch | Time |",
    "|---|---|",
    "```",
    "---",
    "title: not a routine",
    "Hold for 3000 seconds.",
    "Repeat 500 times.",
    "Take a few breaths.",
    "Slowly, bend forward at the hips.",
    "With your right foot planted, lean forward.",
    "Stand up straight.",
    "Exercises to Try",
    "Strengthen Your Core",
    "What causes back pain?",
    "Étirement des ischio-jambiers",
    "背中のストレッチ",
    "",
    "   ",
]


@pytest.mark.slow
@fuzz(600)
@given(
    st.lists(st.one_of(st.sampled_from(ARTICLE_LINES), st.text(max_size=40)), max_size=25),
    st.lists(st.tuples(st.integers(0, 10_000), st.text(max_size=3)), max_size=3),
)
def test_articles_import_or_fail_cleanly(lines: list[str], edits: list[tuple[int, str]]) -> None:
    text = "\n".join(lines)
    for position, piece in edits:  # mutate: insert or overwrite a few characters
        position %= len(text) + 1
        text = text[:position] + piece + text[position + len(piece) // 2 :]
    importer.looks_like_article(text)
    try:
        result = importer.import_article(text, "article.md")
    except RoutineError as error:
        check_clean(error)
        return
    assert result.routine.exercises
    for warning in result.warnings:
        assert "\n" not in warning
    (reloaded,) = load_routines_text(result.routine_yaml, "imported.yaml")
    assert reloaded.title == result.routine.title
    check_plan(reloaded, Options(), seed=len(text))


@fuzz(200)
@given(st.text(max_size=300))
def test_arbitrary_text_imports_or_fails_cleanly(text: str) -> None:
    try:
        result = importer.import_article(text)
    except RoutineError as error:
        check_clean(error)
    else:
        load_routines_text(result.routine_yaml, "imported.yaml")
