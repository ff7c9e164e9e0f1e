"""The import command and building articles directly."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from stretchaudio.cli import cli
from stretchaudio.routine import load_routines

ARTICLE = """\
# Three Desk Stretches

Image credit: someone / stock photos

Advertisement

## Neck Side Stretch

1. Sit tall and drop your right ear toward your right shoulder.
2. Hold for 20 seconds, then switch sides.

## Seated Twist

How to do it:
- Sit sideways on your chair and turn your chest toward the backrest.
- Stay here for five slow breaths.

Related Reading
"""


def test_import_writes_yaml_that_loads(tmp_path: Path) -> None:
    src = tmp_path / "article.md"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "routine.yaml"
    res = CliRunner(mix_stderr=False).invoke(cli, ["import", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    (routine,) = load_routines(out)
    assert [e.name for e in routine.exercises] == ["Neck Side Stretch", "Seated Twist"]
    neck, twist = routine.exercises
    assert neck.sides == 2 and any(s.action and s.action.seconds == 20 for s in neck.steps)
    assert any(s.action and s.action.count == 5 for s in twist.steps)
    assert "credit" not in out.read_text().lower() and "Related" not in out.read_text()


def test_import_from_stdin_to_stdout() -> None:
    res = CliRunner(mix_stderr=False).invoke(cli, ["import", "-"], input=ARTICLE)
    assert res.exit_code == 0 and "Neck Side Stretch" in res.stdout


def test_import_of_text_without_exercises_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "notes.txt"
    src.write_text("Lower back pain is common.\nIt has many causes.\n")
    res = CliRunner(mix_stderr=False).invoke(cli, ["import", str(src)])
    assert res.exit_code == 2 and "no exercises found" in res.stderr
    assert "Traceback" not in res.stderr


def test_build_detects_an_article(tmp_path: Path) -> None:
    src = tmp_path / "article.md"
    src.write_text(ARTICLE, encoding="utf-8")
    res = CliRunner(mix_stderr=False).invoke(
        cli,
        ["script", str(src), "--estimate"],
    )
    assert res.exit_code == 0, res.stderr
    assert "Neck Side Stretch" in res.stdout
    res = CliRunner(mix_stderr=False).invoke(
        cli,
        ["build", str(src), "-o", str(tmp_path / "o"), "--hold", "2", "--no-sidecars"],
        env={"STRETCHAUDIO_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "o" / "three-desk-stretches.mp3").is_file()
