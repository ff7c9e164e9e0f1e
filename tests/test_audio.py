"""Mixer, clip preparation, cache and encoder, with real ffmpeg and no speech engine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest

from stretchaudio import clips, encoder, ffmpeg, mixer
from stretchaudio.engines.base import Clip, EngineSettings
from stretchaudio.errors import AudioError, OutputError
from stretchaudio.planner import Role
from stretchaudio.timeline import Event, Timeline

RATE = 22050


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def tone(seconds: float, freq: float = 440.0, amp: float = 0.5, rate: int = RATE) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return np.round(np.sin(2 * np.pi * freq * t) * amp * 32767).astype(np.int16)


def timeline_of(parts: list[tuple[str, int]]) -> Timeline:
    events, pos = [], 0
    for text, n in parts:
        kind = "speech" if text else "silence"
        events.append(Event(pos, n, kind, Role.STEP if text else Role.HOLD, text or None))
        pos += n
    return Timeline("t", RATE, tuple(events))


@pytest.mark.parametrize("block", [7, 1000, 1 << 16])
def test_mix_is_exact_concatenation_whatever_the_block_size(block: int) -> None:
    a, b = tone(0.3), tone(0.2, 660)
    t = timeline_of([("a", len(a)), ("", 12345), ("b", len(b)), ("", 3)])
    out = np.concatenate(list(mixer.mix(t, {"a": a, "b": b}, block=block)))
    want = np.concatenate([a, np.zeros(12345, np.int16), b, np.zeros(3, np.int16)])
    assert len(out) == t.total_samples
    assert np.array_equal(out, want)


def test_mix_rejects_a_clip_that_does_not_fit_its_event() -> None:
    t = timeline_of([("a", 100)])
    with pytest.raises(ValueError):
        list(mixer.mix(t, {"a": tone(0.1)}))


def test_trim_removes_edge_silence_but_keeps_inner_silence() -> None:
    sound = np.concatenate(
        [
            np.zeros(5000, np.int16),
            tone(0.2),
            np.zeros(3000, np.int16),
            tone(0.2),
            np.zeros(4000, np.int16),
        ]
    )
    out = clips.trim(sound, RATE)
    # A sine starts at zero, so up to a few ms of its quiet first cycle may go.
    assert abs(len(out) - (2 * len(tone(0.2)) + 3000)) < RATE * 0.006
    assert len(clips.trim(np.zeros(1000, np.int16), RATE)) == 0


def test_fade_starts_and_ends_at_zero() -> None:
    out = clips.fade(tone(0.1, amp=0.9), RATE)
    assert out[0] == 0 and abs(int(out[-1])) <= 1


@pytest.mark.slow
@pytest.mark.parametrize("extra", [17, 77192 - 66150 - 17, 300, 575, 1000])
def test_encode_then_decode_gives_back_exactly_the_samples_count(
    tmp_path: Path, extra: int
) -> None:
    # Lengths chosen so the encoder's end padding is both under and over one frame.
    pcm = np.concatenate([tone(1.0), np.zeros(RATE * 2 + extra, np.int16), tone(0.5)])
    target = tmp_path / "x.mp3"
    n = encoder.encode(
        iter([pcm[:5000], pcm[5000:]]), target, RATE, metadata=";FFMETADATA1\ntitle=T\n"
    )
    assert n == len(pcm)
    decoded = ffmpeg.decode(path=target, sample_rate=RATE)
    assert len(decoded) == len(pcm)  # the LAME/Info tag makes decoders trim delay/padding
    # The silence sits where it was put (within codec smear of a few ms).
    quiet = np.abs(decoded[RATE + 200 : RATE * 3 - 200].astype(np.int32))
    assert quiet.max() < 100
    assert target.read_bytes()[:3] == b"ID3"
    assert [p.name for p in tmp_path.iterdir()] == ["x.mp3"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


@pytest.mark.slow
@pytest.mark.parametrize("rate", [16000, 24000, 44100, 48000])
@pytest.mark.parametrize("n", [10_000, 77_777, 123_456])
def test_gapless_at_other_rates(tmp_path: Path, rate: int, n: int) -> None:
    pcm = tone(n / rate, rate=rate)
    target = tmp_path / "x.mp3"
    encoder.encode(iter([pcm]), target, rate, bitrate="96k")
    assert len(ffmpeg.decode(path=target, sample_rate=rate)) == len(pcm)


def test_encoder_failure_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "x.mp3"
    target.write_bytes(b"previous good file")

    def broken() -> Any:
        yield tone(0.5)
        raise KeyboardInterrupt  # like Ctrl-C in the middle of encoding

    with pytest.raises(KeyboardInterrupt):
        encoder.encode(broken(), target, RATE)
    assert target.read_bytes() == b"previous good file"
    assert [p.name for p in tmp_path.iterdir()] == ["x.mp3"]


def test_ffmpeg_failure_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(AudioError, match="unknown output format"):
        encoder.encode(iter([tone(0.1)]), tmp_path / "x.ogg", RATE, fmt="ogg")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    with pytest.raises(OutputError, match="output folder"):
        encoder.encode(iter([tone(0.1)]), folder / "x.mp3", RATE)


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("not a folder")
    with pytest.raises(OutputError, match="output folder"):
        encoder.encode(iter([tone(0.1)]), tmp_path / "f" / "x.mp3", RATE)


class CountingEngine:
    name: ClassVar[str] = "counting"

    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.calls: list[str] = []

    def identity(self) -> dict[str, Any]:
        return {"engine": "counting"}

    def synthesize(self, text: str) -> Clip:
        self.calls.append(text)
        return Clip(
            np.concatenate(
                [
                    np.zeros(500, np.int16),
                    tone(0.1 + len(text) / 100, rate=24000),
                    np.zeros(700, np.int16),
                ]
            ),
            24000,
        )


def test_cache_synthesises_once_and_repairs_corrupt_entries(tmp_path: Path) -> None:
    engine = CountingEngine()
    store = clips.ClipStore(engine, RATE, tmp_path)
    first = store.get(["one", "two", "one"])
    assert engine.calls == ["one", "two"]
    again = clips.ClipStore(engine, RATE, tmp_path).get(["one", "two"])
    assert engine.calls == ["one", "two"]
    assert all(np.array_equal(first[k], again[k]) for k in first)
    # Truncate one entry: it is detected and synthesised again, never played.
    entry = next(tmp_path.rglob("*.clip"))
    entry.write_bytes(entry.read_bytes()[:-10])
    store = clips.ClipStore(engine, RATE, tmp_path)
    store.get(["one", "two"])
    assert len(engine.calls) == 3 and store.stats.repaired == 1
    assert not list(tmp_path.rglob(".tmp-*"))


def test_clips_are_resampled_to_the_render_rate(tmp_path: Path) -> None:
    out = clips.ClipStore(CountingEngine(), RATE, None).get(["abc"])["abc"]
    # 0.13 s of tone at 24 kHz becomes about 0.13 s at 22.05 kHz (edges trimmed).
    assert abs(len(out) / RATE - 0.13) < 0.01


def test_unwritable_cache_does_not_stop_synthesis(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    out = clips.ClipStore(CountingEngine(), RATE, blocker).get(["x"])
    assert len(out["x"]) > 0
