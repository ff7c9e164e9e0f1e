"""The routine's picture inside the MP3 and beside it, and the switches that turn things off.

Real renders (Piper, ffmpeg), read back with mutagen, Pillow and ffmpeg.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3
from PIL import Image

from stretchaudio import ffmpeg
from stretchaudio.cli import cli

pytestmark = pytest.mark.slow
NAME = "side-and-knee"
ROUTINE = """\
title: Side and knee
exercises:
  - name: Side bend
    steps:
      - Stand tall and slide your right hand down your leg.
      - Hold here for 4 seconds, then switch sides.
  - name: Knee hug
    steps:
      - Hug your left knee to your chest.
      - Stay for two slow breaths.
"""
EVERYTHING = {"mp3", "vtt", "lrc", "json", "png", "svg", "html"}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def routine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("r") / "side.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def build(cache: Path, routine: Path, out: Path, *flags: str) -> dict[str, Path]:
    """Render into ``out``; return the files written there by suffix (and check that no
    temporary file is left)."""
    res = CliRunner(mix_stderr=False).invoke(
        cli,
        ["build", str(routine), "-o", str(out), *flags],
        env={"STRETCHAUDIO_CACHE_DIR": str(cache)},
    )
    assert res.exit_code == 0, res.stderr
    files = {p.suffix.lstrip("."): p for p in out.iterdir()}
    assert all(p.name.startswith(NAME + ".") for p in files.values()), files
    return files


def pictures(mp3: Path) -> list[Any]:
    return list(ID3(mp3).getall("APIC"))


def ffmpeg_streams(path: Path) -> str:
    cmd = [ffmpeg.ffmpeg_exe(), "-hide_banner", "-i", str(path)]
    return subprocess.run(cmd, capture_output=True, text=True).stderr


def test_the_picture_is_the_cover_and_a_sidecar(cache: Path, routine: Path, tmp_path: Path) -> None:
    files = build(cache, routine, tmp_path)
    assert set(files) == EVERYTHING
    (apic,) = pictures(files["mp3"])
    assert apic.mime == "image/png" and apic.type == 3  # front cover
    cover = Image.open(io.BytesIO(apic.data))
    assert cover.format == "PNG" and cover.size == (1400, 1400)
    assert apic.data == files["png"].read_bytes()
    info = ffmpeg_streams(files["mp3"])
    assert "attached pic" in info and "1400x1400" in info
    svg = files["svg"].read_text(encoding="utf-8")
    assert ">Side bend</text>" in svg and ">Knee hug</text>" in svg
    html = files["html"].read_text(encoding="utf-8")
    assert f'<audio id="audio" preload="auto" src="{NAME}.mp3">' in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


def test_no_picture_no_page(cache: Path, routine: Path, tmp_path: Path) -> None:
    files = build(cache, routine, tmp_path / "a", "--no-picture")
    assert set(files) == EVERYTHING - {"png", "svg"} and pictures(files["mp3"]) == []
    assert "attached pic" not in ffmpeg_streams(files["mp3"])
    files = build(cache, routine, tmp_path / "b", "--no-page")
    assert set(files) == EVERYTHING - {"html"} and len(pictures(files["mp3"])) == 1


def test_no_sidecars_keeps_the_cover(cache: Path, routine: Path, tmp_path: Path) -> None:
    files = build(cache, routine, tmp_path / "a", "--no-sidecars")
    assert set(files) == {"mp3"}
    (apic,) = pictures(files["mp3"])
    assert Image.open(io.BytesIO(apic.data)).size == (1400, 1400)
    files = build(cache, routine, tmp_path / "b", "--no-sidecars", "--no-picture")
    assert set(files) == {"mp3"} and pictures(files["mp3"]) == []


def test_the_users_cover_wins(cache: Path, routine: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.jpg"
    Image.new("RGB", (64, 48), "purple").save(mine, format="JPEG")
    files = build(cache, routine, tmp_path / "out", "--cover", str(mine))
    (apic,) = pictures(files["mp3"])
    assert apic.data == mine.read_bytes() and apic.mime == "image/jpeg"
    assert Image.open(files["png"]).size == (1400, 1400)  # the routine's picture still beside it


def test_wav_has_no_cover_but_the_picture_and_page(
    cache: Path, routine: Path, tmp_path: Path
) -> None:
    files = build(cache, routine, tmp_path, "--format", "wav")
    assert set(files) == EVERYTHING - {"mp3"} | {"wav"}
    assert "attached pic" not in ffmpeg_streams(files["wav"])
    assert f'src="{NAME}.wav"' in files["html"].read_text(encoding="utf-8")


def test_a_batch_draws_each_routine_its_own_picture(
    cache: Path, routine: Path, tmp_path: Path
) -> None:
    """Several routines are encoded in parallel threads; each gets its own picture, the same
    as when it is rendered alone."""
    batch = tmp_path / "batch.yaml"
    other = ROUTINE.replace("title: Side and knee", "title: Knee and side")
    batch.write_text(ROUTINE + "---\n" + other, encoding="utf-8")
    res = CliRunner(mix_stderr=False).invoke(
        cli,
        ["build", str(batch), "-o", str(tmp_path / "b")],
        env={"STRETCHAUDIO_CACHE_DIR": str(cache)},
    )
    assert res.exit_code == 0, res.stderr
    alone = build(cache, routine, tmp_path / "alone")
    first, second = tmp_path / "b" / f"{NAME}.png", tmp_path / "b" / "knee-and-side.png"
    assert first.read_bytes() != second.read_bytes()
    assert "<title>Knee and side</title>" in second.with_suffix(".svg").read_text(encoding="utf-8")
    # The batch numbers its tracks, but the picture only depends on the timeline.
    assert first.read_bytes() == alone["png"].read_bytes()
    for png in (first, second):
        (apic,) = pictures(png.with_suffix(".mp3"))
        assert apic.data == png.read_bytes()
