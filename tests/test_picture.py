"""The routine's picture: what it lists and draws, at cover and thumbnail sizes, PNG and SVG.

Fast tests (no audio): hand-made timelines in many shapes, and the built-in routine laid out
with estimated speech lengths.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

import handmade
from stretchaudio import picture, scriptfmt
from stretchaudio.cli import cli
from stretchaudio.overview import KIND, clock, overview, segments
from stretchaudio.planner import plan
from stretchaudio.routine import load_builtin
from stretchaudio.timeline import estimate_lengths, layout


def builtin_json() -> dict[str, Any]:
    the_plan = plan(load_builtin("l5-s1")[0])
    return scriptfmt.to_dict(layout(the_plan, estimate_lengths(the_plan)))


def labels(shapes: list[picture.Shape]) -> list[picture.Label]:
    return [s for s in shapes if isinstance(s, picture.Label)]


def colour_pixels(png: bytes, colour: str) -> int:
    """How many pixels of ``png`` have exactly ``colour`` (#RRGGBB)."""
    rgb = tuple(int(colour[k : k + 2], 16) for k in (1, 3, 5))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(n for n, c in image.getcolors(1 << 20) or [] if c == rgb)


def test_overview_reads_sides_sets_and_reps_where_present() -> None:
    data = handmade.sets_and_reps()
    view = overview(data)
    calf, squat = view.exercises
    assert (calf.name, calf.sides, calf.sets, calf.reps) == ("Wall calf stretch", 2, 2, None)
    assert (squat.sides, squat.sets, squat.reps) == (1, None, 3)
    assert calf.details() == ["2 sides", "2 sets"] and squat.details() == ["3 reps"]
    assert calf.start == data["events"][4]["start_sample"]  # its first line
    assert squat.start == calf.end  # nothing between them
    # Without the keys (today's timelines) nothing is made up.
    for ev in data["events"]:
        for key in ("set", "sets", "rep", "reps"):
            ev.pop(key)
    for cue in data["cues"]:
        for key in ("set", "sets", "rep", "reps"):
            cue.pop(key)
    assert [x.details() for x in overview(data).exercises] == [["2 sides"], []]


def test_segments_merge_runs_and_leave_gaps_as_background() -> None:
    data = handmade.timeline(
        "T",
        ["A"],
        [
            handmade.say(1, "One."),
            handmade.say(1, "Two."),
            handmade.wait(0.5, "gap"),
            handmade.wait(2, "tempo", exercise="A"),
            handmade.wait(3, "tempo", exercise="A"),
            handmade.wait(4, "hold", exercise="A"),
            handmade.wait(1, "switch", exercise="A"),
            handmade.wait(1, "rest", exercise="A"),
            handmade.wait(1, "breaths", exercise="A"),
            handmade.wait(1, "prep"),
            handmade.wait(1, "pause"),
            handmade.wait(1, "some-new-role"),
        ],
    )
    rate = handmade.RATE
    got = [(s.start / rate, s.end / rate, s.kind) for s in segments(data["events"])]
    assert got == [
        (0, 2, "speech"),
        (2.5, 7.5, "reps"),
        (7.5, 11.5, "hold"),
        (11.5, 12.5, "setup"),
        (12.5, 13.5, "rest"),
        (13.5, 14.5, "breaths"),
        (14.5, 16.5, "setup"),
    ]


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0:00"), (59.4, "0:59"), (599.8, "10:00"), (3723, "1:02:03")]
)
def test_clock(seconds: float, text: str) -> None:
    assert clock(seconds) == text


@pytest.mark.parametrize("size", [300, 1400])
def test_builtin_picture_lists_every_exercise_with_its_sides_and_the_length(size: int) -> None:
    data = builtin_json()
    shapes = picture.layout(overview(data), size)
    texts = [label.text for label in labels(shapes)]
    for name in data["exercises"]:
        assert name in texts, (name, texts)  # in full, not shortened
    two_sided = {e["exercise"] for e in data["events"] if e["side"] == 2}
    assert two_sided and sum("2 sides" in t for t in texts) == len(two_sided)
    for name in data["exercises"]:  # "8 reps" where the timeline counts repetitions
        reps = max(e.get("reps") or 0 for e in data["events"] if e["exercise"] == name)
        if reps > 1:
            row = texts[texts.index(name) + 1]
            assert f"{reps} reps" in row, (name, row)
    total = clock(data["total_seconds"])
    assert any(total in t for t in texts) and "5 exercises" in " ".join(texts)
    assert data["title"] in texts
    for label in labels(shapes):  # inside the square, and the smallest text legible
        assert label.size >= 0.034 * size
        left = {"ls": label.x, "rs": label.x - picture.width(label.text, label.size)}
        x0 = left.get(label.anchor, label.x - picture.width(label.text, label.size) / 2)
        assert x0 >= 0 and x0 + picture.width(label.text, label.size, label.bold) <= size
        assert label.size <= label.y <= size


@pytest.mark.parametrize("size", [300, 1400])
def test_png_has_its_size_and_draws_each_kind_in_its_colour(size: int) -> None:
    view = overview(builtin_json())
    data = picture.png(view, size)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (size, size)
    for kind in ("hold", "breaths", "reps", "rest", "setup", "speech"):
        assert colour_pixels(data, KIND[kind].colour) > 0, kind


def test_a_routine_without_holds_draws_no_hold_colour() -> None:
    data = handmade.timeline(
        "Only breathing",
        ["Belly breathing"],
        [
            handmade.say(2, "Lie down.", exercise="Belly breathing"),
            handmade.wait(30, "breaths", exercise="Belly breathing"),
        ],
    )
    png = picture.png(overview(data), 600)
    assert colour_pixels(png, KIND["hold"].colour) == 0
    assert colour_pixels(png, KIND["breaths"].colour) > 1000
    legend = {label.text for label in labels(picture.layout(overview(data), 600))}
    assert "breathe" in legend and "hold" not in legend and "reps" not in legend


def test_many_exercises_and_a_long_title_stay_inside_their_areas() -> None:
    names = [f"Exercise with a rather long descriptive name number {k}" for k in range(1, 26)]
    items = [handmade.say(1, "Go.", "title")]
    for name in names:
        items += [handmade.say(2, name, exercise=name), handmade.wait(20, "hold", exercise=name)]
    title = "A very long routine title that would never fit on one line of a small cover " * 2
    view = overview(handmade.timeline(title, names, items))
    for size in (300, 1400):
        shown = labels(picture.layout(view, size))
        more = [s for s in shown if s.text.startswith("+ ")]
        assert len(more) == 1 and more[0].text.endswith(" more")
        listed = [s for s in shown if s.text.endswith("…") and s.text.startswith("Exercise")]
        assert listed, "long names are shortened with an ellipsis"
        hidden = int(more[0].text.split()[1])
        assert len(listed) + hidden == 25
        title_lines = [s for s in shown if s.bold]
        assert len(title_lines) == 2 and title_lines[-1].text.endswith("…")
        legend_top = min(s.y for s in shown if s.text in ("speech", "hold")) - 0.04 * size
        assert more[0].y < legend_top  # the list ends above the legend


def test_svg_is_well_formed_and_says_the_same_as_the_png() -> None:
    data = handmade.sets_and_reps()
    data["title"] = "Calves & <squats>"
    svg = picture.svg(overview(data), 1400)
    root = ET.fromstring(svg)
    assert root.get("width") == "1400" and root.get("viewBox") == "0 0 1400 1400"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == "Calves & <squats>"
    assert texts == [label.text for label in labels(picture.layout(overview(data), 1400))]


def test_picture_is_deterministic() -> None:
    view = overview(handmade.sets_and_reps())
    assert picture.png(view, 500) == picture.png(view, 500)


def test_empty_timeline_still_draws() -> None:
    data = handmade.timeline("Nothing yet", [], [])
    image = Image.open(io.BytesIO(picture.png(overview(data), 300)))
    assert image.size == (300, 300)


def run_script(tmp_path: Path, *args: str) -> Any:
    return CliRunner(mix_stderr=False).invoke(
        cli, ["script", *args], env={"STRETCHAUDIO_CACHE_DIR": str(tmp_path / "cache")}
    )


def test_script_picture_previews_without_an_engine(tmp_path: Path) -> None:
    res = run_script(tmp_path, "l5-s1", "--estimate", "--picture", str(tmp_path / "p.png"))
    assert res.exit_code == 0, res.stderr
    assert f"Wrote {tmp_path / 'p.png'}" in res.stderr and "Seated hamstring" in res.stdout
    image = Image.open(tmp_path / "p.png")
    assert image.format == "PNG" and image.size == (1400, 1400)
    assert not (tmp_path / "cache").exists()  # no speech was synthesised
    res = run_script(
        tmp_path, "l5-s1", "--estimate", "--json", "--picture", str(tmp_path / "p.svg")
    )
    assert res.exit_code == 0, res.stderr
    root = ET.fromstring((tmp_path / "p.svg").read_text(encoding="utf-8"))
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert set(load_builtin("l5-s1")[0].exercises[k].name for k in range(5)) <= texts


def test_script_picture_of_a_file_with_two_routines(tmp_path: Path) -> None:
    routines = tmp_path / "two.yaml"
    body = "exercises:\n  - name: Reach\n    steps:\n      - Reach up and hold for 5 seconds.\n"
    routines.write_text(f"title: First\n{body}---\ntitle: Second\n{body}", encoding="utf-8")
    res = run_script(tmp_path, str(routines), "--estimate", "--picture", str(tmp_path / "p.svg"))
    assert res.exit_code == 0, res.stderr
    assert "<title>First</title>" in (tmp_path / "p.svg").read_text(encoding="utf-8")
    assert "<title>Second</title>" in (tmp_path / "p-2.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["p.gif", "p"])
def test_script_picture_needs_png_or_svg(tmp_path: Path, name: str) -> None:
    res = run_script(tmp_path, "l5-s1", "--estimate", "--picture", str(tmp_path / name))
    assert res.exit_code == 2 and "--picture" in res.stderr and ".png or .svg" in res.stderr
    assert not list(tmp_path.glob("p*"))


ROLES = ["hold", "breaths", "tempo", "rest", "switch", "prep", "pause", "gap"]


@st.composite
def random_timelines(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(
        st.lists(
            st.text(min_size=1, max_size=60).map(str.strip).filter(bool), max_size=30, unique=True
        )
    )
    items = [handmade.say(draw(st.floats(0.1, 5)), draw(st.text(max_size=200)) or ".", "title")]
    for name in names:
        for _ in range(draw(st.integers(0, 6))):
            side = draw(st.sampled_from([None, 1, 2]))
            counts: dict[str, Any] = draw(
                st.sampled_from([{}, {"set": 1, "sets": 3}, {"rep": 2, "reps": 8}])
            )
            if draw(st.booleans()):
                text = draw(st.text(min_size=1, max_size=300))
                items.append(
                    handmade.say(
                        draw(st.floats(0.05, 30)), text, exercise=name, side=side, **counts
                    )
                )
            else:
                role = draw(st.sampled_from(ROLES))
                items.append(
                    handmade.wait(
                        draw(st.floats(0.01, 600)), role, exercise=name, side=side, **counts
                    )
                )
    title = draw(st.text(max_size=150))
    return handmade.timeline(title, names, items)


@settings(max_examples=40, deadline=None)
@given(random_timelines())
def test_any_timeline_draws_inside_the_square(data: dict[str, Any]) -> None:
    view = overview(data)
    size = 300
    shapes = picture.layout(view, size)
    for label in labels(shapes):
        assert 0 <= label.y <= size and label.size >= 0.034 * size
    more = [s.text for s in labels(shapes) if s.text.startswith("+ ") and s.text.endswith(" more")]
    listed = [s for s in labels(shapes) if s.fill == picture.ACCENT and s.anchor == "rs"]
    hidden = int(more[-1].split()[1]) if more else 0
    assert len(listed) + hidden == len(view.exercises)
    assert Image.open(io.BytesIO(picture.png(view, size))).size == (size, size)
    ET.fromstring(picture.svg(view, size))
