"""Is the narration intelligible? An offline speech recogniser (PocketSphinx, its US English
model ships in the wheel) transcribes lines of a rendered MP3 and the words must match the
script. Recognisers are imperfect (PocketSphinx finds about 62% of the words of this clean speech;
silence and noise score 0%, the same speech reversed 11%), so the bar is half of the words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from stretchaudio import ffmpeg
from stretchaudio.cli import cli

pocketsphinx = pytest.importorskip("pocketsphinx")
pytestmark = pytest.mark.slow


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("-", " "))


def test_transcript_matches_the_script(tmp_path: Path) -> None:
    res = CliRunner(mix_stderr=False).invoke(
        cli,
        ["build", "l5-s1", "-o", str(tmp_path), "--hold", "3", "--breaths", "1"],
        env={"STRETCHAUDIO_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert res.exit_code == 0, res.stderr
    timeline = json.loads((tmp_path / "l5-s1-lower-back-relief.json").read_text())
    pcm = ffmpeg.decode(path=tmp_path / "l5-s1-lower-back-relief.mp3", sample_rate=16000)
    decoder = pocketsphinx.Decoder(samprate=16000, loglevel="FATAL")
    lines = [
        e
        for e in timeline["events"]
        if e["kind"] == "speech" and e["role"] in ("step", "exercise", "intro")
    ]
    scores = []
    for ev in lines:
        a = int(ev["start"] * 16000)
        b = int((ev["start"] + ev["duration"]) * 16000) + 1600
        decoder.start_utt()
        decoder.process_raw(pcm[a:b].tobytes(), full_utt=True)
        decoder.end_utt()
        heard = words(decoder.hyp().hypstr if decoder.hyp() else "")
        said = words(ev["text"])
        found = sum(1 for w in said if w in heard)
        scores.append(found / len(said))
    overall = sum(scores) / len(scores)
    assert overall >= 0.5, sorted(zip(scores, [e["text"] for e in lines], strict=True))[:5]
