"""Articles saved as web pages: HTML read as the Markdown html2text makes of it, with line
numbers that are the page's own, and nothing of the page's machinery (scripts, navigation,
footers) in the routine."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from stretchaudio.cli import cli
from stretchaudio.importer import import_article, import_file
from stretchaudio.importer.page import is_html
from stretchaudio.routine import load_routines_text

PAGE = Path(__file__).parent / "articles" / "clinic_page.html"


def page_line(text: str) -> int:
    lines = PAGE.read_text(encoding="utf-8").split("\n")
    return next(k for k, line in enumerate(lines, 1) if text in line)


def test_a_saved_page_is_read_by_its_headings_and_lists() -> None:
    result = import_file(PAGE)
    routine = load_routines_text(result.routine_yaml, "page.yaml")[0]
    assert routine.title == "Gentle stretches for a stiff back"
    assert [ex.name for ex in routine.exercises] == ["Cat and camel", "Lying knee rolls"]
    cat, rolls = routine.exercises
    assert cat.repetitions == 8
    assert rolls.sides == 2
    assert any(s.action is not None and s.action.seconds == 15 for s in rolls.steps)
    # The first side's own turn is not "the other side" ("... to the right and hold for 15 s")
    assert "Let both knees drop to the right." in [s.text for s in rolls.steps]
    for machinery in (
        "DOCTYPE",
        "dataLayer",
        "Our team",
        "appointment",
        "rights",
        "<",
        "&",
        "cookies",
    ):
        assert machinery not in result.routine_yaml, machinery
    assert "teal" not in result.routine_yaml and "hero" not in result.routine_yaml


def test_line_numbers_are_those_of_the_page() -> None:
    result = import_file(PAGE)
    line = page_line("Repeat 8 times.")
    assert f"# line {line}: Repeat 8 times." in result.routine_yaml
    cat = result.routine.exercises[0]
    assert any(s.text.endswith("let it sag gently. Keep your elbows soft.") for s in cat.steps)
    told = "\n".join(result.left_out)
    assert f":{page_line('We use cookies')}: skipped 'We use cookies" in told, told
    assert f":{page_line('A man on all fours')}: skipped 'A man on all fours" in told, told
    line = page_line("hold for 15 seconds")
    assert f"# line {line}: Let both knees drop to the right and hold for 15 seconds." in (
        result.routine_yaml
    )


def test_a_page_on_one_line_and_a_fragment_import_the_same_routine() -> None:
    whole = import_file(PAGE).routine_yaml
    one_line = import_article(PAGE.read_text(encoding="utf-8").replace("\n", " "), "x.html")
    body = PAGE.read_text(encoding="utf-8")
    fragment = body[body.index("<h1>") : body.index("</body>")]
    for other in (one_line.routine_yaml, import_article(fragment, "x.html").routine_yaml):
        assert strip_comments(other) == strip_comments(whole)


def strip_comments(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#"))


def test_markdown_with_a_tag_here_and_there_is_not_a_page() -> None:
    assert not is_html("# Stretches\n\nLie down.<br>\n<img src='a.png' alt='x'>\n")
    assert not is_html("Hold for <b>20</b> seconds.\n")
    assert is_html("<h2>Bridge</h2>\n<p>Lie down.</p>\n")
    assert is_html("<!doctype html><title>x</title>")


@pytest.mark.slow  # `script` measures each line: Piper speaks what the cache lacks
def test_script_reads_a_page_directly(tmp_path: Path) -> None:
    res = CliRunner(mix_stderr=False).invoke(cli, ["script", str(PAGE)])
    assert res.exit_code == 0, res.stderr
    assert "First up: Cat and camel." in res.output
    assert "DOCTYPE" not in res.output and "Riverside" not in res.output


def test_a_call_for_comments_is_page_furniture_not_a_step() -> None:
    from stretchaudio.importer.furniture import furniture_kind

    assert furniture_kind("Did this help? Let me know in the comments!") == "a comments link"
    assert furniture_kind("Tell us in the comments below which one you liked.")
    assert furniture_kind("Let your knee drop to the side.") is None


def test_numbered_headings_of_a_page_keep_their_number_unescaped() -> None:
    page = (
        "<!DOCTYPE html><html><body><h1>Desk breaks</h1>"
        "<h2>1. Seated Spinal Twist</h2><p>Sit tall and turn to the right. Hold for 20 seconds."
        "</p><h2>2. Shoulder Rolls</h2><p>Roll your shoulders backwards 10 times.</p>"
        "</body></html>"
    )
    routine = import_article(page, "desk.html").routine
    assert [e.name for e in routine.exercises] == ["Seated Spinal Twist", "Shoulder Rolls"]
