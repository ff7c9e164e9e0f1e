"""Where settings come from: flag > environment > config file > routine file > built-in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from stretchaudio.cli import cli

ROUTINE = """\
title: Precedence
defaults:
  hold: 11
  rest: 7
exercises:
  - name: Reach
    steps:
      - Reach up.
      - Hold.
  - name: Bend
    steps:
      - Bend down and hold.
"""


def holds_and_rests(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[list[float], list[float]]:
    routine = tmp_path / "p.yaml"
    routine.write_text(ROUTINE)
    res = CliRunner(mix_stderr=False).invoke(
        cli, ["script", str(routine), "--estimate", "--json", *args], env=env or {}
    )
    assert res.exit_code == 0, res.stderr
    events = json.loads(res.stdout)["events"]
    holds = [round(e["duration"], 3) for e in events if e["role"] == "hold"]
    rests = [round(e["duration"], 3) for e in events if e["role"] == "rest"]
    return holds, rests


def test_precedence(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("hold = 25\nrest = 4\n")
    none = {"STRETCHAUDIO_CONFIG": str(tmp_path / "missing.toml")}
    assert holds_and_rests(tmp_path, env=none) == ([11, 11], [7])  # the routine file
    cfg = {"STRETCHAUDIO_CONFIG": str(config)}
    assert holds_and_rests(tmp_path, env=cfg) == ([25, 25], [4])  # config beats the file
    both = {**cfg, "STRETCHAUDIO_HOLD": "30"}
    assert holds_and_rests(tmp_path, env=both) == ([30, 30], [4])  # environment beats config
    assert holds_and_rests(tmp_path, "--hold", "40", env=both) == ([40, 40], [4])  # flag wins
    assert holds_and_rests(tmp_path, "--hold-for", "bend=9", "--hold", "40", env=both) == (
        [40, 9],
        [4],
    )
    assert holds_and_rests(tmp_path, "--scale", "2", env=none) == ([22, 22], [7])


def test_bad_config_file_is_one_clear_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("hodl = 25\n")
    res = CliRunner(mix_stderr=False).invoke(
        cli, ["script", "l5-s1", "--estimate"], env={"STRETCHAUDIO_CONFIG": str(config)}
    )
    assert res.exit_code == 2 and "unknown setting 'hodl'" in res.stderr


def test_usage_errors_are_one_line_from_the_real_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "stretchaudio", "build", "l5-s1", "--hold", "abc"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "Error: Invalid value for '--hold': 'abc' is not a valid float. "
        "(see 'stretchaudio build --help')"
    ]
