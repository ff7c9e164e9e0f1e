"""Hand-made timelines in the JSON form of ``scriptfmt.to_dict``, in many shapes.

They carry keys the planner does not write yet (``set``/``sets``, ``rep``/``reps`` on events
and cues), so the picture and the page are tested on them before the planner has them.
"""

from __future__ import annotations

from typing import Any

RATE = 22050
COUNT_KEYS = ("set", "sets", "rep", "reps")


def event(
    seconds: float,
    kind: str,
    role: str,
    text: str | None = None,
    exercise: str | None = None,
    side: int | None = None,
    **counts: int | None,
) -> dict[str, Any]:
    """One event with its length in seconds; ``timeline`` gives it its place."""
    return {
        "seconds": seconds,
        "kind": kind,
        "role": role,
        "text": text,
        "exercise": exercise,
        "side": side,
        **{k: counts.get(k) for k in COUNT_KEYS},
    }


def say(seconds: float, text: str, role: str = "step", **where: Any) -> dict[str, Any]:
    return event(seconds, "speech", role, text, **where)


def wait(seconds: float, role: str, **where: Any) -> dict[str, Any]:
    return event(seconds, "silence", role, **where)


def timeline(
    title: str,
    exercises: list[str],
    items: list[dict[str, Any]],
    cues: list[tuple[int, float, float, str | None, str | None]] | None = None,
    rate: int = RATE,
) -> dict[str, Any]:
    """The JSON timeline of ``items`` laid back to back; ``cues`` are (index of the window
    event, seconds into it, seconds long, text, sound)."""
    events: list[dict[str, Any]] = []
    pos = 0
    for item in items:
        samples = round(item["seconds"] * rate)
        fields = {k: v for k, v in item.items() if k != "seconds"}
        events.append(
            {
                "start": pos / rate,
                "duration": samples / rate,
                "start_sample": pos,
                "samples": samples,
                **fields,
            }
        )
        pos += samples
    cue_list = []
    for index, offset, length, text, sound in cues or []:
        window = events[index]
        start = window["start_sample"] + round(offset * rate)
        samples = round(length * rate)
        cue_list.append(
            {
                "start": start / rate,
                "duration": samples / rate,
                "start_sample": start,
                "samples": samples,
                "role": "tempo-cue" if window["role"] == "tempo" else "breath",
                "text": text,
                "exercise": window["exercise"],
                "side": window["side"],
                **{k: window.get(k) for k in COUNT_KEYS},
                "kind": "speech" if text else "sound",
                "sound": sound,
            }
        )
    return {
        "title": title,
        "sample_rate": rate,
        "total_samples": pos,
        "total_seconds": pos / rate,
        "exercises": exercises,
        "events": events,
        "cues": cue_list,
        "notes": [],
    }


def sets_and_reps() -> dict[str, Any]:
    """Two exercises: a two-sided hold done in two sets, then counted reps with tempo cues.

    Spoken lines have irregular lengths, as synthesised speech has, so most events start
    between two microseconds (where a browser's media clock cannot land exactly)."""
    a, b = "Wall calf stretch", "Slow squat"
    items = [
        say(1.4731, "Calves and squats.", "title"),
        wait(0.8, "gap"),
        say(1.2163, "Get ready.", "cue"),
        wait(4.0, "prep"),
        say(2.0417, "Exercise one of two.", "exercise", exercise=a),
        say(0.9871, "Set one of two.", "count", exercise=a, set=1, sets=2),
        say(3.1129, "Step your right foot back.", exercise=a, side=1, set=1, sets=2),
        say(1.4419, "Hold for twenty seconds.", "cue", exercise=a, side=1, set=1, sets=2),
        wait(20.0, "hold", exercise=a, side=1, set=1, sets=2),
        say(0.8867, "Switch sides.", "cue", exercise=a, side=2, set=1, sets=2),
        wait(5.0, "switch", exercise=a, side=2, set=1, sets=2),
        say(1.4419, "Hold for twenty seconds.", "cue", exercise=a, side=2, set=1, sets=2),
        wait(20.0, "hold", exercise=a, side=2, set=1, sets=2),
        say(0.7313, "Rest.", "cue", exercise=a, set=1, sets=2),
        wait(10.0, "rest", exercise=a, set=1, sets=2),
        say(1.0227, "Set two of two.", "count", exercise=a, set=2, sets=2),
        say(1.4419, "Hold for twenty seconds.", "cue", exercise=a, side=1, set=2, sets=2),
        wait(20.0, "hold", exercise=a, side=1, set=2, sets=2),
        say(1.3377, "Rest. Next: slow squats.", "cue", exercise=a),
        wait(12.0, "rest", exercise=a),
        say(1.9083, "Exercise two of two.", "exercise", exercise=b),
        say(3.4471, "Stand tall, feet apart.", exercise=b),
        wait(2.0, "gap", exercise=b),
    ]
    for rep in (1, 2, 3):
        items += [
            say(0.4637, ["One.", "Two.", "Three."][rep - 1], "count", exercise=b, rep=rep, reps=3),
            wait(2.0, "tempo", exercise=b, rep=rep, reps=3),
            wait(3.0, "tempo", exercise=b, rep=rep, reps=3),
        ]
    items += [say(1.8111, "Well done.", "closing")]
    first_tempo = next(k for k, e in enumerate(items) if e["role"] == "tempo")
    cues = [
        (first_tempo, 0.0, 0.4, "Down.", None),
        (first_tempo + 1, 0.0, 0.4, "Up.", None),
        (8, 5.0, 0.6, "Breathe in.", None),  # a spoken cue inside the first hold
        (8, 10.0, 2.0, None, "tone_out"),  # a breathing tone
    ]
    return timeline("Calves and squats", [a, b], items, cues)


def long_routine(minutes: float = 120.0, exercises: int = 40) -> dict[str, Any]:
    """A routine of ``minutes`` with thousands of events (reps, holds, rests)."""
    names = [f"Movement number {k + 1}" for k in range(exercises)]
    per = minutes * 60 / exercises
    items: list[dict[str, Any]] = [say(2.0, "A long one.", "title")]
    for k, name in enumerate(names):
        items.append(say(1.5, f"Exercise {k + 1}.", "exercise", exercise=name))
        used = 1.5
        rep = 0
        while used + 3.5 + 10 < per:
            rep += 1
            items.append(say(0.5, f"Rep {rep}.", "count", exercise=name, rep=rep))
            items.append(wait(1.5, "tempo", exercise=name, rep=rep))
            items.append(wait(1.5, "tempo", exercise=name, rep=rep))
            used += 3.5
        items.append(say(1.0, "Rest.", "cue", exercise=name))
        items.append(wait(per - used - 1.0, "rest", exercise=name))
    most: dict[str, int] = {}
    for item in items:
        if item["rep"] is not None:
            most[item["exercise"]] = max(most.get(item["exercise"], 0), item["rep"])
    for item in items:
        if item["rep"] is not None:
            item["reps"] = most[item["exercise"]]
    return timeline("Two hours of movement", names, items)
