"""The import command, its input (files and standard input), and building articles directly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from stretchaudio.cli import cli
from stretchaudio.importer import MAX_ARTICLE_BYTES, MAX_EXERCISES, MAX_HOURS
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
    # Every sentence left out is listed, in article order, with its reason.
    assert res.stderr.splitlines() == [
        f"{src}:3: skipped 'Image credit: someone / stock photos': page furniture (an image "
        "credit)",
        f"{src}:5: skipped 'Advertisement': page furniture (an advertisement)",
        f"{src}:14: skipped 'How to do it': a label, not an instruction (the steps it introduces "
        "are in the routine)",
        f"{src}:18: skipped 'Related Reading': page furniture (a list of links)",
        f"Wrote {out} (2 exercises)",
    ]


def test_import_from_stdin_to_stdout() -> None:
    res = CliRunner(mix_stderr=False).invoke(cli, ["import", "-"], input=ARTICLE)
    assert res.exit_code == 0 and "Neck Side Stretch" in res.stdout
    assert "<stdin>:5: skipped 'Advertisement'" in res.stderr


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ARTICLE.encode("utf-16"), "standard input is UTF-16 text; convert it first"),
        (ARTICLE.encode("utf-16-le"), "standard input is UTF-16 text"),
        ("# Caf\u00e9 stretch\n".encode("cp1252"), "standard input is not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks like a binary file"),
        (b"a" * (MAX_ARTICLE_BYTES + 10), "standard input is longer than 2,000,000 bytes"),
    ],
)
def test_bad_standard_input_is_a_one_line_error(data: bytes, message: str) -> None:
    res = CliRunner(mix_stderr=False).invoke(cli, ["import", "-"], input=data)
    assert res.exit_code == 2, res.stderr
    assert res.stderr.count("\n") == 1 and message in res.stderr, res.stderr
    assert "Traceback" not in res.stderr and res.stdout == ""


class Endless(io.RawIOBase):
    """A stream that never ends (``yes``), counting what is read from it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer)
        view[:] = b"y" * len(view)
        self.given += len(view)
        return len(view)


def test_an_endless_stream_is_read_only_up_to_the_limit() -> None:
    stream = Endless()
    res = CliRunner(mix_stderr=False).invoke(cli, ["import", "-"], input=io.BufferedReader(stream))
    assert res.exit_code == 2 and "longer than 2,000,000 bytes" in res.stderr
    assert stream.given <= MAX_ARTICLE_BYTES + 64 * 1024  # bounded, not the whole stream


def test_a_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    src = tmp_path / "article.txt"
    src.write_text(ARTICLE, encoding="utf-16")
    res = CliRunner(mix_stderr=False).invoke(cli, ["import", str(src)])
    assert res.exit_code == 2
    assert res.stderr == (
        f"Error: {src}: the file is UTF-16 text; save it as UTF-8 text (in most editors: Save "
        "As, encoding UTF-8)\n"
    )


def test_import_of_text_without_exercises_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "notes.txt"
    src.write_text("Lower back pain is common.\nIt has many causes.\n")
    res = CliRunner(mix_stderr=False).invoke(cli, ["import", str(src)])
    assert res.exit_code == 2 and "no exercises found" in res.stderr
    assert "Traceback" not in res.stderr


def test_max_exercises_allows_a_long_article(tmp_path: Path) -> None:
    src = tmp_path / "many.md"
    src.write_text(
        "# Many\n\n"
        + "".join(
            f"## Stretch {n}\n\n- Reach up with arm {n} and hold for 5 s.\n\n" for n in range(70)
        )
    )
    res = CliRunner(mix_stderr=False).invoke(cli, ["import", str(src)])
    assert res.exit_code == 2 and "gives 70 exercises" in res.stderr
    assert "--max-exercises 70" in res.stderr and res.stdout == ""
    res = CliRunner(mix_stderr=False).invoke(cli, ["import", str(src), "--max-exercises", "70"])
    assert res.exit_code == 0 and res.stdout.count("  - name: Stretch") == 70


def test_the_help_gives_the_limits_the_importer_uses() -> None:
    res = CliRunner(mix_stderr=False).invoke(cli, ["import", "--help"])
    assert f"(default {MAX_EXERCISES};" in res.stdout
    assert f"(default {MAX_HOURS:g})" in res.stdout


@pytest.mark.slow
def test_build_detects_an_article(tmp_path: Path) -> None:
    src = tmp_path / "article.md"
    src.write_text(ARTICLE, encoding="utf-8")
    res = CliRunner(mix_stderr=False).invoke(
        cli,
        ["script", str(src), "--estimate"],
    )
    assert res.exit_code == 0, res.stderr
    assert "Neck Side Stretch" in res.stdout
    assert res.stderr == (
        f"Note: 4 other sentences of {src} (page furniture, commentary, tips) are not in the "
        f"routine; 'stretchaudio import {src}' lists each\n"
    )
    res = CliRunner(mix_stderr=False).invoke(
        cli,
        ["build", str(src), "-o", str(tmp_path / "o"), "--hold", "2", "--no-sidecars"],
        env={"STRETCHAUDIO_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "o" / "three-desk-stretches.mp3").is_file()
