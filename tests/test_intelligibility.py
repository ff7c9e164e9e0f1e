"""Is the narration intelligible? An offline speech recogniser (PocketSphinx, its US English
model ships in the wheel) transcribes lines of a rendered MP3 and the words must match the
script. Recognisers are imperfect (PocketSphinx finds about 62% of the words of this clean speech;
silence and noise score 0%, the same speech reversed 11%), so the bar is half of the words."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stretchaudio import ffmpeg
from stretchaudio.cli import cli
from stretchaudio.routine import builtin_names

pocketsphinx = pytest.importorskip("pocketsphinx")
pytestmark = pytest.mark.slow


GENERATED = ("cue", "count", "exercise")
"""Lines the program adds: "Hold for twenty seconds.", "Exercise two of five.", "Release."."""


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("-", " "))


def recognise(decoder: Any, pcm: Any, event: dict[str, Any]) -> list[str]:
    """The words the decoder hears in one event's span (plus 0.1 s after it)."""
    a = int(event["start"] * 16000)
    b = int((event["start"] + event["duration"]) * 16000) + 1600
    decoder.start_utt()
    decoder.process_raw(pcm[a:b].tobytes(), full_utt=True)
    decoder.end_utt()
    return words(decoder.hyp().hypstr if decoder.hyp() else "")


@pytest.mark.parametrize("name", builtin_names())
def test_transcript_matches_the_script(name: str, tmp_path: Path) -> None:
    """Every built-in routine, rendered with the default cues (short holds keep it quick).
    A dozen of its instructions, free-form: at least half of their words heard. Its spoken
    cues and generated lines (counts, tempo words, the countdown, breathing cues, "Hold for
    ...", "Exercise two of five"), each told apart from every other one the routine uses (a
    grammar of them): at least 90% of them recognised as the right one."""
    res = CliRunner(mix_stderr=False).invoke(
        cli,
        ["build", name, "-o", str(tmp_path), "--hold", "5", "--breaths", "1", "--reps", "2"],
        env={"STRETCHAUDIO_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert res.exit_code == 0, res.stderr
    (sidecar,) = tmp_path.glob("*.json")
    timeline = json.loads(sidecar.read_text())
    pcm = ffmpeg.decode(path=sidecar.with_suffix(".mp3"), sample_rate=16000)
    decoder = pocketsphinx.Decoder(samprate=16000, loglevel="FATAL")
    # The instructions, free-form (a sample of them: the full-vocabulary search is slow).
    steps = [e for e in timeline["events"] if e["kind"] == "speech" and e["role"] == "step"]
    lines = steps[:: max(1, len(steps) // 12)]
    scores = []
    for ev in lines:
        heard, said = recognise(decoder, pcm, ev), words(ev["text"])
        scores.append(sum(1 for w in said if w in heard) / len(said))
    overall = sum(scores) / len(scores)
    assert overall >= 0.5, sorted(zip(scores, [e["text"] for e in lines], strict=True))[:5]

    cues = [c for c in timeline["cues"] if c["kind"] == "speech"]
    cues += [e for e in timeline["events"] if e["kind"] == "speech" and e["role"] in GENERATED]
    phrases = sorted({" ".join(words(c["text"])) for c in cues})
    decoder.add_jsgf_string("cues", "#JSGF V1.0; grammar cues; public <cue> = "
                            + " | ".join(phrases) + ";")  # fmt: skip
    decoder.activate_search("cues")
    wrong = [c["text"] for c in cues if recognise(decoder, pcm, c) != words(c["text"])]
    assert len(wrong) <= 0.1 * len(cues), (len(wrong), len(cues), wrong[:10])
