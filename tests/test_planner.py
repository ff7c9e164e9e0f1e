"""The planner is pure: test it exhaustively with made-up speech lengths, no audio."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchaudio.errors import RoutineError, UsageError
from stretchaudio.model import Action, ActionKind, Exercise, Routine, Step
from stretchaudio.planner import WINDOW_ROLES, Plan, Resolved, Role, Say, Wait, plan, resolve
from stretchaudio.settings import Options
from stretchaudio.timeline import estimate_lengths, layout

RATE = 22050


def hamstring(sides: int = 2) -> Exercise:
    return Exercise(
        name="Hamstring",
        sides=sides,
        steps=(
            Step("Extend your right leg; keep the left knee bent."),
            Step("", Action(ActionKind.HOLD, 10.0), switch_sides=True),
        ),
    )


def routine(*exercises: Exercise, **kw: object) -> Routine:
    return Routine(title="Test", exercises=exercises or (hamstring(),), **kw)  # type: ignore[arg-type]


def fake_lengths(p: Plan) -> dict[str, int]:  # one made-up, text-dependent length per line
    return {t: 1000 + 37 * len(t) for t in p.texts()}


def test_two_sided_exercise_mirrors_text_and_holds_each_side_in_full() -> None:
    p = plan(routine(), Options(hold=20))
    steps = [i.text for i in p.items if isinstance(i, Say) and i.role is Role.STEP]
    assert steps == [
        "Extend your right leg; keep the left knee bent.",
        "Extend your left leg; keep the right knee bent.",
    ]
    holds = [i for i in p.items if isinstance(i, Wait) and i.role is Role.HOLD]
    assert [(h.samples, h.side) for h in holds] == [(20 * RATE, 1), (20 * RATE, 2)]
    # Release, the other side and the time to change position come between the sides.
    texts = [i.text if isinstance(i, Say) else i.role for i in p.items if i.role is not Role.GAP]
    k = texts.index("Now the other side.")
    assert texts[k + 1] is Role.SWITCH
    assert texts[k - 2 : k] == [Role.HOLD, "Release."]


def test_hold_precedence_flag_then_step_then_exercise_then_defaults() -> None:
    ex = Exercise(
        name="A",
        hold=12,
        steps=(Step("Go.", Action(ActionKind.HOLD)), Step("Again.", Action(ActionKind.HOLD, 7))),
    )
    r = routine(ex, defaults={"hold": 40.0})
    holds = [i.samples for i in plan(r).items if isinstance(i, Wait) and i.role is Role.HOLD]
    assert holds == [12 * RATE, 7 * RATE]
    holds = [
        i.samples
        for i in plan(r, Options(hold=3.5)).items
        if isinstance(i, Wait) and i.role is Role.HOLD
    ]
    assert holds == [round(3.5 * RATE)] * 2
    r = routine(
        Exercise(name="B", steps=(Step("Go.", Action(ActionKind.HOLD)),)),
        defaults={"hold": 40.0},
    )
    holds = [i.samples for i in plan(r).items if isinstance(i, Wait) and i.role is Role.HOLD]
    assert holds == [40 * RATE]


def test_breaths_window_is_count_times_breath_length() -> None:
    ex = Exercise(name="K", steps=(Step("Pull the knee in.", Action(ActionKind.BREATHS)),))
    p = plan(routine(ex), Options(breaths=4, breath_seconds=4.5))
    (w,) = [i for i in p.items if isinstance(i, Wait) and i.role is Role.BREATHS]
    assert w.samples == 4 * round(4.5 * RATE)


def test_rest_between_exercises_only() -> None:
    r = routine(hamstring(1), hamstring(1), hamstring(1))
    rests = [
        i for i in plan(r, Options(rest=12)).items if isinstance(i, Wait) and i.role is Role.REST
    ]
    assert [x.samples for x in rests] == [12 * RATE, 12 * RATE]


def test_repetitions_are_counted() -> None:
    ex = Exercise(
        name="Bridge",
        repetitions=3,
        steps=(Step("Lift.", Action(ActionKind.HOLD, 2)), Step("Lower.")),
    )
    p = plan(routine(ex))
    cues = [c.text for i in p.items if isinstance(i, Wait) and i.role is Role.TEMPO for c in i.cues]
    assert [c for c in cues if c in ("One.", "Two.", "Three.")] == ["One.", "Two.", "Three."]
    short = Exercise(name="Tap", repetitions=2, tempo=(Phase("Tap", 1),), steps=(Step("Go."),))
    said = [i.text for i in plan(routine(short)).items if isinstance(i, Say)]
    assert [x for x in said if x.endswith(": tap.")] == ["One: tap.", "Two: tap."]  # too short


def test_hold_text_says_the_length_unless_asked_not_to() -> None:
    c = plan(routine(), Options(hold=35))
    assert "Hold for thirty-five seconds." in c.texts()
    quiet = Options(say_durations=False)
    a, b = plan(routine(), quiet.replace(hold=20)), plan(routine(), quiet.replace(hold=35))
    assert set(a.texts()) == set(b.texts())  # so a re-render with other holds needs no new speech
    assert "Hold." in a.texts()


def test_layout_is_back_to_back_and_exact() -> None:
    p = plan(routine(hamstring(), hamstring(1)), Options(hold=9.99))
    t = layout(p, fake_lengths(p))
    pos = 0
    for ev in t.events:
        assert ev.start == pos
        pos = ev.end
    assert t.total_samples == pos
    for ev, item in zip(t.events, p.items, strict=True):
        if isinstance(item, Wait):
            assert ev.length == item.samples


def test_plan_is_deterministic() -> None:
    r = routine(hamstring(), hamstring(1))
    assert plan(r, Options(hold=11)) == plan(r, Options(hold=11))


durations = st.floats(min_value=1, max_value=120, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    kinds = st.sampled_from([None, ActionKind.HOLD, ActionKind.BREATHS, ActionKind.PAUSE])
    exercises = []
    for n in range(draw(st.integers(1, 4))):
        steps = []
        for _ in range(draw(st.integers(1, 4))):
            kind = draw(kinds)
            action = None
            if kind is not None:
                action = Action(
                    kind,
                    seconds=draw(st.none() | durations),
                    count=draw(st.none() | st.integers(1, 10)),
                )
            text = draw(
                st.sampled_from(["", "Lift your right arm.", "Breathe.", "Left, then right."])
            )
            if not text and action is None:
                text = "Relax."
            steps.append(Step(text, action))
        exercises.append(
            Exercise(
                name=f"E{n}",
                steps=tuple(steps),
                sides=draw(st.integers(1, 2)),
                repetitions=draw(st.integers(1, 3)),
                hold=draw(st.none() | durations),
            )
        )
    return Routine(title="R", exercises=tuple(exercises))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    routines(),
    st.none() | durations,
    st.none() | st.integers(1, 10),
    st.none() | st.floats(1, 30).map(lambda x: round(x, 3)),
    st.none() | st.floats(0, 60).map(lambda x: round(x, 2)),
)
def test_every_window_has_its_requested_length(
    r: Routine, hold: float | None, breaths: int | None, breath_s: float | None, rest: float | None
) -> None:
    o = Options(hold=hold, breaths=breaths, breath_seconds=breath_s, rest=rest)
    p = plan(r, o)
    t = layout(p, fake_lengths(p))
    s = resolve(p.options)
    for ev in t.events:
        if ev.role is Role.HOLD and hold is not None:
            assert ev.length == round(hold * RATE)
        if ev.role is Role.BREATHS:
            assert ev.length % round(s.breath_seconds * RATE) == 0
            if breaths is not None:
                assert ev.length == breaths * round(s.breath_seconds * RATE)
        if ev.role is Role.REST and rest is not None:
            assert ev.length == round(rest * RATE)
        if ev.role in WINDOW_ROLES:
            assert ev.kind == "silence"
    assert t.total_samples == sum(ev.length for ev in t.events)
    two_sided = sum(1 for e in r.exercises if e.sides == 2)
    assert sum(1 for ev in t.events if ev.role is Role.SWITCH) == two_sided


def test_estimate_lengths_gives_every_line_a_length() -> None:
    p = plan(routine())
    lengths = estimate_lengths(p)
    assert set(lengths) == set(p.texts())
    assert all(n > 0 for n in lengths.values())


# --- cues inside windows (chimes, countdown, halfway, breathing, tempo) ---------------------

from stretchaudio.fitting import fitted_plan as fit_minutes  # noqa: E402
from stretchaudio.model import Phase  # noqa: E402


def test_countdown_numbers_start_exactly_on_their_seconds() -> None:
    p = plan(routine(), Options(hold=12, countdown=3, chime=True))  # the countdown ends it
    t = layout(p, fake_lengths(p))
    holds = [e for e in t.events if e.role is Role.HOLD]
    for hold in holds:
        inside = [c for c in t.cues if hold.start <= c.start < hold.end]
        numbers = [c for c in inside if c.role is Role.COUNTDOWN]
        assert [c.text for c in numbers] == ["Three.", "Two.", "One."]
        assert [hold.end - c.start for c in numbers] == [3 * RATE, 2 * RATE, RATE]
        chimes = [c for c in inside if c.role is Role.CHIME]
        assert [c.sound for c in chimes] == ["chime_start"]
        assert chimes[0].start == hold.start
    p = plan(routine(), Options(hold=12, countdown=0, chime=True))  # no countdown: end chime
    t = layout(p, fake_lengths(p))
    for hold in [e for e in t.events if e.role is Role.HOLD]:
        chimes = [c for c in t.cues if hold.start <= c.start < hold.end and c.role is Role.CHIME]
        assert [c.sound for c in chimes] == ["chime_start", "chime_end"]
        assert hold.end - chimes[1].end == math.ceil(0.25 * RATE)  # quiet before the next line


def test_a_cue_that_does_not_fit_is_dropped_and_noted_never_the_hold() -> None:
    p = plan(routine(), Options(hold=3, countdown=5))
    t = layout(p, fake_lengths(p))
    holds = [e for e in t.events if e.role is Role.HOLD]
    assert all(h.length == 3 * RATE for h in holds)
    # Only the numbers with a second of quiet before them: "Two." and "One.".
    in_holds = [c for c in t.cues if any(h.start <= c.start < h.end for h in holds)]
    assert [c.text for c in in_holds if c.role is Role.COUNTDOWN] == ["Two.", "One."] * 2
    p = plan(routine(), Options(hold=12, countdown=5))
    # A countdown word longer than its one-second slot is dropped (and noted).
    lengths = fake_lengths(p) | {"Two.": RATE + 5}
    t = layout(p, lengths)
    assert not [c for c in t.cues if c.text == "Two."]
    assert any("Two." in n and "slot" in n for n in t.notes)


def test_cues_off_leaves_windows_silent() -> None:
    ex = Exercise(
        name="K",
        steps=(
            Step("Knee in.", Action(ActionKind.BREATHS)),
            Step("Hold it.", Action(ActionKind.HOLD, 40)),
        ),
    )
    p = plan(routine(ex), Options(cues=False))
    assert layout(p, fake_lengths(p)).cues == ()
    p = plan(routine(ex), Options(cues=False, breath_cues="tones", halfway=10))
    roles = {c.role for c in layout(p, fake_lengths(p)).cues}
    assert roles == {Role.BREATH, Role.HALFWAY}


def test_breath_phases_are_placed_exactly() -> None:
    ex = Exercise(name="K", steps=(Step("Knee in.", Action(ActionKind.BREATHS, count=3)),))
    p = plan(routine(ex), Options(inhale=2.5, exhale=3.5, breath_cues="voice"))
    t = layout(p, {k: 100 for k in p.texts()})
    (w,) = [e for e in t.events if e.role is Role.BREATHS]
    assert w.length == 3 * 6 * RATE
    cues = [c for c in t.cues if c.role is Role.BREATH]
    assert [c.text for c in cues] == ["Breathe in.", "Breathe out."] * 3
    assert [c.start - w.start for c in cues] == [
        round(k * 6 * RATE + d * RATE) for k in range(3) for d in (0, 2.5)
    ]


def test_tempo_reps_are_counted_and_phased() -> None:
    ex = Exercise(
        name="Bridge",
        repetitions=2,
        steps=(Step("Lie down."),),
        tempo=(Phase("Lift", 2), Phase("Hold", 3), Phase("Lower", 2)),
    )
    p = plan(routine(ex), Options(reps=3))
    t = layout(p, {k: 100 for k in p.texts()})
    words = [c.text for c in t.cues if c.role is Role.TEMPO_CUE]
    assert words[:4] == ["One: lift.", "Hold.", "Lower.", "Two: lift."]  # count and first word
    assert words.count("Three: lift.") == 1
    tempo = [e.length for e in t.events if e.role is Role.TEMPO]
    assert tempo == [2 * RATE, 3 * RATE, 2 * RATE] * 3


def test_sets_repeat_with_rest_between() -> None:
    p = plan(routine(hamstring(1)), Options(sets=3, rest=7))
    said = [i.text for i in p.items if isinstance(i, Say)]
    assert [x for x in said if x.startswith("Set ")] == [
        "Set one of three.",
        "Set two of three.",
        "Set three of three.",
    ]
    rests = [i for i in p.items if isinstance(i, Wait) and i.role is Role.REST]
    assert [r.samples for r in rests] == [7 * RATE, 7 * RATE]


def test_hold_for_matches_slug_or_prefix_and_rejects_unknown() -> None:
    r = routine(
        hamstring(1), Exercise(name="Knee to chest", steps=(Step("", Action(ActionKind.HOLD)),))
    )
    p = plan(r, Options(hold=10, hold_for=(("knee", 45),)))
    holds = [
        (i.exercise, i.samples) for i in p.items if isinstance(i, Wait) and i.role is Role.HOLD
    ]
    assert holds == [(0, 10 * RATE), (1, 45 * RATE)]
    p = plan(r, Options(hold_for=(("knee-to-chest", 5),)))
    assert [i.samples for i in p.items if isinstance(i, Wait) and i.role is Role.HOLD][
        1
    ] == 5 * RATE
    import pytest

    from stretchaudio.errors import UsageError

    with pytest.raises(UsageError, match="valid names: hamstring, knee-to-chest"):
        plan(r, Options(hold_for=(("calf", 5),)))


def test_next_up_and_get_ready_are_announced() -> None:
    r = routine(hamstring(1), Exercise(name="Knee hug", steps=(Step("Hug."),)))
    said = [i.text for i in plan(r).items if isinstance(i, Say)]
    assert said.index("First up: Hamstring.") < said.index("Get ready.")
    assert "Next up: Knee hug." in said
    assert said[-1] == "That's the end of the routine. Well done."


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    routines(),
    st.floats(2, 60),
    st.integers(0, 5),
    st.booleans(),
    st.sampled_from(["voice", "tones", "none"]),
)
def test_cues_stay_inside_windows_and_never_overlap(
    r: Routine, hold: float, countdown: int, chime: bool, breath_cues: str
) -> None:
    p = plan(
        r,
        Options(
            hold=round(hold, 2),
            countdown=countdown,
            chime=chime,
            breath_cues=breath_cues,
            halfway=10,
        ),
    )
    t = layout(p, fake_lengths(p))
    windows = [e for e in t.events if e.kind == "silence"]
    for c in t.cues:
        assert any(w.start <= c.start and c.end <= w.end for w in windows), c
    for a, b in zip(t.cues, t.cues[1:], strict=False):
        assert a.end <= b.start
    assert t.total_samples == sum(e.length for e in t.events)


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(routines(), st.floats(1, 60))
def test_minutes_lands_within_a_second_when_reachable(r: Routine, minutes: float) -> None:
    from stretchaudio.errors import UsageError

    o = Options(minutes=round(minutes, 2))
    try:
        p = fit_minutes(r, o, lambda texts: {t: 1000 + 37 * len(t) for t in texts})
    except UsageError:
        return  # unreachable targets are refused with a message (checked below)
    t = layout(p, fake_lengths(p))
    assert o.minutes is not None
    assert abs(t.seconds - o.minutes * 60) <= 1.0


def test_minutes_unreachable_is_a_clear_error() -> None:
    import pytest

    from stretchaudio.errors import UsageError

    with pytest.raises(UsageError, match="cannot be reached"):
        fit_minutes(routine(), Options(minutes=1), lambda ts: {t: 22050 * 60 for t in ts})


def _with_defaults(defaults: str) -> Routine:
    from stretchaudio.routine import load_routines_text

    text = f"title: B\ndefaults: {{{defaults}}}\nexercises:\n  - name: A\n    steps: [Breathe.]\n"
    return load_routines_text(text)[0]


def test_breath_settings_in_a_file_must_agree() -> None:
    with pytest.raises(RoutineError, match=r":2:\d+: defaults.breath_seconds: inhale 2 s \+ exh"):
        _with_defaults("inhale: 2, exhale: 3, breath_seconds: 6")
    defaults = {"breath_seconds": 6.0, "inhale": 2.0, "exhale": 3.0}
    routine = Routine("B", (Exercise("A", (Step("Breathe."),)),), defaults=defaults)
    with pytest.raises(UsageError, match=r"inhale 2 s \+ exhale 3 s make a 5-second breath, bu"):
        plan(routine, Options())  # a routine built in code is checked too
    agreed = resolve_settings(_with_defaults("inhale: 2, exhale: 3, breath_seconds: 5"), Options())
    assert (agreed.breath_seconds, agreed.inhale) == (5.0, 2.0)


def resolve_settings(routine: Routine, options: Options) -> Resolved:
    return resolve(options.over(routine.defaults))


def test_a_breath_length_flag_outranks_the_files_split() -> None:
    routine = _with_defaults("inhale: 2, exhale: 3")
    assert resolve_settings(routine, Options()).breath_seconds == 5.0
    longer = resolve_settings(routine, Options(breath_seconds=8))
    assert (longer.breath_seconds, longer.inhale) == (8.0, 2.0)  # the inhale still fits
    shorter = resolve_settings(routine, Options(breath_seconds=1.5))
    assert (shorter.breath_seconds, shorter.inhale) == (1.5, 0.6)  # it does not: 40%
