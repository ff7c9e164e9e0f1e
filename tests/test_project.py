"""What the project says about itself is true: the README against the CLI and the code, the
help texts against the installed engines, the dependencies against what the code imports."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import click
import pytest

from stretchaudio.cli import cli
from stretchaudio.engines.base import ENTRY_POINT_GROUP
from stretchaudio.loudness import PEAK_CEILING_DB

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
BENCH_ONLY = ("pydub", "audioop-lts")


def section(title: str) -> str:
    """The README text under the heading ``title``, up to the next heading of any level."""
    found = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#)", README, re.MULTILINE | re.DOTALL)
    assert found, title
    return found.group(1)


def test_commands_table_lists_every_command() -> None:
    rows = re.findall(r"^\| `stretchaudio (\w+)", section("Commands"), re.MULTILINE)
    listed = set(rows) | set(re.findall(r"/ `(\w+) \w+`", section("Commands")))  # cache clear
    assert set(cli.commands) <= listed, set(cli.commands) - listed


def option_help(command: str, name: str) -> str:
    params = cli.commands[command].params
    option = next(p for p in params if isinstance(p, click.Option) and p.name == name)
    return option.help or ""


@pytest.mark.parametrize("command", ["build", "script"])
def test_voice_help_names_every_engine(command: str) -> None:
    engine_help = option_help(command, "engine")
    built_in = [
        ep.name
        for ep in entry_points(group=ENTRY_POINT_GROUP)
        if ep.value.startswith("stretchaudio.")
    ]
    assert len(built_in) >= 3 and all(name in engine_help for name in built_in), engine_help
    lang_help = option_help(command, "lang")
    assert "gtts" in lang_help and "espeak" in lang_help  # both speak many languages


def test_click_parse_errors_are_one_line_as_the_readme_shows() -> None:
    documented = re.search(r"^\| `(Invalid value for '--hold'[^`]*)`", README, re.MULTILINE)
    assert documented
    proc = subprocess.run(
        [sys.executable, "-m", "stretchaudio", "build", "l5-s1", "--hold", "abc"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"Error: {documented.group(1)}"]
    assert "usage line" not in README.lower()


def test_readme_describes_the_limiter_the_code_has() -> None:
    assert f"keeps its sample peaks under {PEAK_CEILING_DB:g} dBFS" in README
    assert "oversampl" not in README


def test_pydub_is_for_the_benchmarks_only() -> None:
    runtime = " ".join(PYPROJECT["project"]["dependencies"])
    assert not any(name in runtime for name in BENCH_ONLY)
    bench = " ".join(PYPROJECT["project"]["optional-dependencies"]["bench"])
    assert all(name in bench for name in BENCH_ONLY)
    for path in (ROOT / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] in ("pydub", "audioop") for n in names), path
    # scripts/test.sh installs the bench extra, so the benchmarks' baseline can run
    assert importlib.util.find_spec("pydub") is not None


GUARDED = """
import numpy as np
import pytest
from stretchaudio import encoder


def encode(folder):
    encoder.encode(iter([np.zeros(2205, dtype=np.int16)]), folder / "x.mp3", 22050)


def test_unmarked(tmp_path):
    encode(tmp_path)


@pytest.mark.slow
def test_marked(tmp_path):
    encode(tmp_path)


def test_quick_failure(tmp_path):
    with pytest.raises(Exception):
        encoder.encode(iter([]), tmp_path / "x.ogg", 22050, fmt="ogg")
"""


@pytest.mark.slow
def test_conftest_fails_an_unmarked_test_that_encodes(tmp_path: Path) -> None:
    """The guard behind ``-m "not slow"`` (tests/conftest.py), run on a suite of three."""
    for name in ("conftest.py", "fake_gtts.py"):
        (tmp_path / name).write_text((ROOT / "tests" / name).read_text(encoding="utf-8"))
    (tmp_path / "test_guarded.py").write_text(GUARDED, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    slow: slow\n    net: net\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", tmp_path],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stdout
    # The unmarked test's own checks pass; the guard fails it when it ends.
    assert proc.stdout.splitlines()[-1].startswith("3 passed, 1 error in "), proc.stdout
    assert "ERROR test_guarded.py::test_unmarked - Failed" in proc.stdout
    assert "ERROR at teardown of test_unmarked" in proc.stdout
    assert "\nthis test has ffmpeg encode audio, which takes seconds: mark it" in proc.stdout
