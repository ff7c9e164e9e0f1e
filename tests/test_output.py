"""Listening quality and players: loudness, true peak, chapters, tags, sidecars, music, formats.

Every check runs on real renders, measured with ffmpeg's own ebur128 filter and metadata dump.
"""

from __future__ import annotations

import json
import re
import subprocess
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from measure import decode
from stretchaudio import ffmpeg
from stretchaudio.cli import cli

pytestmark = pytest.mark.slow

ROUTINE = """\
title: Two short stretches
description: A tiny routine for tests.
exercises:
  - name: Side reach
    steps:
      - Reach your right arm over your head and lean to the left.
      - Hold here for 6 seconds, then switch sides.
  - name: Knee hug
    steps:
      - Hug your left knee to your chest.
      - Stay for two slow breaths.
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def routine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("r") / "two.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def build(cache: Path, *args: str) -> Any:
    res = CliRunner(mix_stderr=False).invoke(
        cli, ["build", *args], env={"STRETCHAUDIO_CACHE_DIR": str(cache)}
    )
    assert res.exit_code == 0, res.stderr
    return res


def stream_info(path: Path) -> str:
    """What ffmpeg says about the file's streams (rate, bitrate, channels, attached picture)."""
    cmd = [ffmpeg.ffmpeg_exe(), "-hide_banner", "-i", str(path)]
    return subprocess.run(cmd, capture_output=True, text=True).stderr


def cover_image(path: Path) -> Path:
    """A small solid-colour PNG made by ffmpeg, to embed as a cover."""
    make = [ffmpeg.ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "color=c=blue:s=64x64"]
    subprocess.run([*make, "-frames:v", "1", str(path)], check=True)
    return path


def ebur128(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) as ffmpeg measures them.

    ``framelog=verbose`` keeps the per-frame lines out of ffmpeg's default (info) log and
    works on every ffmpeg we meet; ``framelog=quiet`` is refused by Debian 12's ffmpeg 5.1
    ("Error reinitializing filters")."""
    proc = subprocess.run(
        [
            ffmpeg.ffmpeg_exe(),
            "-hide_banner",
            "-nostats",
            "-i",
            str(path),
            "-af",
            "ebur128=peak=true:framelog=verbose",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    integrated = float(re.findall(r"I:\s+(-?[\d.]+) LUFS", proc.stderr)[-1])
    peak = float(re.findall(r"Peak:\s+(-?[\d.inf]+) dBFS", proc.stderr)[-1])
    return integrated, peak


def metadata(path: Path) -> str:
    proc = subprocess.run(
        [ffmpeg.ffmpeg_exe(), "-hide_banner", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def music_file(path: Path) -> Path:
    rate = 44100
    t = np.arange(rate * 7) / rate
    x = sum(np.sin(2 * np.pi * f * t) for f in (196.0, 246.9, 293.7)) / 3
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.round(x * 0.6 * 32767).astype("<i2").tobytes())
    return path


@pytest.mark.parametrize("extra", [[], ["--cues"], ["--loudness", "-20"]])
def test_loudness_and_true_peak(
    cache: Path, routine: Path, tmp_path: Path, extra: list[str]
) -> None:
    build(cache, str(routine), "-o", str(tmp_path), *extra)
    target = float(extra[1]) if extra[:1] == ["--loudness"] else -16.0
    integrated, peak = ebur128(tmp_path / "two-short-stretches.mp3")
    assert abs(integrated - (target - 3.0)) <= 1.0  # mono file: ~3 LU under the stereo figure
    assert peak <= -1.0


def test_chapters_tags_and_sidecars(cache: Path, routine: Path, tmp_path: Path) -> None:
    build(cache, str(routine), "-o", str(tmp_path))
    mp3 = tmp_path / "two-short-stretches.mp3"
    timeline = json.loads((tmp_path / "two-short-stretches.json").read_text())
    meta = metadata(mp3)
    assert "title=Two short stretches" in meta and "comment=A tiny routine for tests." in meta
    assert "genre=Speech" in meta
    # Chapter frames as players read them (ffmpeg's CLI shifts chapters it copies by the
    # encoder delay; libavformat and mutagen read the frames as written).
    from mutagen.id3 import ID3

    tag = ID3(mp3)
    # The description is the comment players show: a COMM frame, not ffmpeg's TXXX:comment.
    assert [c.text for c in tag.getall("COMM")] == [["A tiny routine for tests."]]
    assert not tag.getall("TXXX:comment")
    toc = tag.getall("CTOC")[0]
    chaps = [tag[f"CHAP:{cid}"] for cid in toc.child_element_ids]
    titles = [str(c.sub_frames["TIT2"]) for c in chaps]
    starts = [c.start_time for c in chaps]
    assert titles == ["Side reach (side 1)", "Side reach (side 2)", "Knee hug"]
    assert starts == sorted(starts)
    # Each chapter starts within 50 ms of its exercise's (or side's) first spoken line.
    firsts: dict[tuple[str, int], float] = {}
    for ev in timeline["events"]:
        if ev["kind"] == "speech" and ev["exercise"]:
            key = (ev["exercise"], ev["side"] or 1)
            firsts.setdefault(key, ev["start"])
    expected = [firsts[("Side reach", 1)], firsts[("Side reach", 2)], firsts[("Knee hug", 1)]]
    assert all(abs(s / 1000 - e) <= 0.050 for s, e in zip(starts, expected, strict=True))
    # Captions line up with the speech in the audio (onset within 100 ms).
    vtt = (tmp_path / "two-short-stretches.vtt").read_text()
    assert vtt.startswith("WEBVTT")
    cues = re.findall(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> ", vtt)
    starts_s = [int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000 for h, m, s, ms in cues]
    pcm = decode(mp3).astype(np.float64)
    win = 220
    for start in starts_s:
        i = int(start * 22050)
        before = np.sqrt(np.mean(pcm[max(0, i - 2 * win) : i - win] ** 2)) if i > 2 * win else 0
        after = np.sqrt(np.mean(pcm[i : i + 2205] ** 2))
        assert after > 10 * max(before, 1.0), start  # sound starts at the caption, not before
    lrc = (tmp_path / "two-short-stretches.lrc").read_text()
    assert lrc.startswith("[ti:Two short stretches]") and "[00:00.00]" in lrc


def test_batch_gets_track_numbers_and_no_sidecars_flag(
    cache: Path, routine: Path, tmp_path: Path
) -> None:
    build(cache, str(routine), str(routine), "-o", str(tmp_path), "--no-sidecars")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["two-short-stretches-2.mp3", "two-short-stretches.mp3"]
    assert "track=1/2" in metadata(tmp_path / "two-short-stretches.mp3")
    assert "track=2/2" in metadata(tmp_path / "two-short-stretches-2.mp3")


def test_music_is_ducked_under_speech(cache: Path, routine: Path, tmp_path: Path) -> None:
    song = music_file(tmp_path / "song.wav")
    build(cache, str(routine), "-o", str(tmp_path / "dry"), "--format", "wav")
    build(cache, str(routine), "-o", str(tmp_path / "wet"), "--format", "wav", "--music", str(song))
    dry = decode(tmp_path / "dry" / "two-short-stretches.wav").astype(np.float64)
    wet = decode(tmp_path / "wet" / "two-short-stretches.wav").astype(np.float64)
    music = wet - dry  # mixing is linear and deterministic: the difference is the music bed
    timeline = json.loads((tmp_path / "dry" / "two-short-stretches.json").read_text())

    def level(kind: str, role: str | None = None) -> float:
        parts = []
        for ev in timeline["events"]:
            if ev["kind"] == kind and (role is None or ev["role"] == role):
                a, b = ev["start_sample"], ev["start_sample"] + ev["samples"]
                pad = 22050  # away from the attack/release ramps
                if b - a > 2 * pad:
                    parts.append(music[a + pad : b - pad] if kind == "silence" else music[a:b])
                elif kind == "speech":
                    parts.append(music[a:b])
        x = np.concatenate(parts)
        return float(20 * np.log10(np.sqrt(np.mean(x**2)) + 1e-9))

    in_holds = level("silence", "hold")
    under_speech = level("speech")
    assert in_holds > under_speech + 10
    integrated, peak = ebur128(tmp_path / "wet" / "two-short-stretches.wav")
    assert abs(integrated + 19.0) <= 1.0 and peak <= -1.0


def test_wav_and_podcast_profile(cache: Path, routine: Path, tmp_path: Path) -> None:
    build(cache, str(routine), "-o", str(tmp_path / "w"), "--format", "wav")
    with wave.open(str(tmp_path / "w" / "two-short-stretches.wav")) as w:
        timeline = json.loads((tmp_path / "w" / "two-short-stretches.json").read_text())
        assert w.getnframes() == timeline["total_samples"] and w.getframerate() == 22050
    build(cache, str(routine), "-o", str(tmp_path / "p"), "--profile", "podcast")
    info = stream_info(tmp_path / "p" / "two-short-stretches.mp3")
    assert "44100 Hz" in info and "96 kb/s" in info and "mono" in info


def test_cover_image_is_embedded(cache: Path, routine: Path, tmp_path: Path) -> None:
    cover = cover_image(tmp_path / "cover.png")
    build(cache, str(routine), "-o", str(tmp_path / "c"), "--cover", str(cover))
    info = stream_info(tmp_path / "c" / "two-short-stretches.mp3")
    assert "attached pic" in info


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sample-rate", "44000"], "MP3 cannot store 44000 Hz"),
        (["--bitrate", "320k"], "takes bitrates from 8k to 160k"),
        (["--loudness", "-12"], "--loudness: -12 is outside the allowed range; use -40 to -14"),
        (["--music", "/nonexistent.mp3"], "is not a file"),
        (["--cover", "/nonexistent.png"], "is not a file"),
    ],
)
def test_bad_output_options(
    cache: Path, routine: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    res = CliRunner(mix_stderr=False).invoke(
        cli,
        ["build", str(routine), "-o", str(tmp_path), *args],
        env={"STRETCHAUDIO_CACHE_DIR": str(cache)},
    )
    assert res.exit_code == 2 and message in res.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    "flags", [[], ["--cover", "COVER"], ["--format", "wav"]], ids=["picture", "cover", "wav"]
)
def test_cold_and_warm_renders_are_the_same_file(
    flags: list[str], routine: Path, tmp_path: Path
) -> None:
    """A cold render streams (encodes while Piper speaks, then adds tags and chapters by
    copying the audio); a warm one encodes in one pass. The files are byte for byte the same."""
    cover = cover_image(tmp_path / "cover.png")
    flags = [str(cover) if f == "COVER" else f for f in flags]
    cache = tmp_path / "fresh-cache"
    cold = build(cache, str(routine), "-o", str(tmp_path / "cold"), *flags)
    warm = build(cache, str(routine), "-o", str(tmp_path / "warm"), *flags)
    assert "0 from cache" in cold.stdout and "0 phrases synthesised" in warm.stdout
    for made_file in (tmp_path / "cold").iterdir():
        assert made_file.read_bytes() == (tmp_path / "warm" / made_file.name).read_bytes()
    assert len(list((tmp_path / "cold").iterdir())) == 7  # mp3|wav, vtt, lrc, json, png, svg, html
