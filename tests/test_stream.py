"""Streaming: the track is laid out and mixed while its clips arrive, and comes out exactly as
``layout`` + ``mix`` would make it from all the clips at once."""

from __future__ import annotations

import random
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from stretchaudio import encoder, mixer, stream
from stretchaudio.cancel import Cancel
from stretchaudio.errors import AudioError, EngineError
from stretchaudio.planner import Plan, plan
from stretchaudio.routine import load_builtin, load_routines_text
from stretchaudio.settings import Options
from stretchaudio.stream import Cancelled, StreamingMix
from stretchaudio.timeline import layout, needs

CUES = Options(hold=6, cues=True, countdown=3, halfway=3, sets=2)


def fake_clips(the_plan: Plan, seed: int) -> dict[str, mixer.Samples]:
    rng = np.random.default_rng(seed)
    return {
        t: rng.integers(-9000, 9000, int(rng.integers(800, 30000)), dtype=np.int16)
        for t in the_plan.texts()
    }


def collect(
    stream: StreamingMix,
) -> tuple[threading.Thread, list[mixer.Samples], list[BaseException]]:
    out: list[mixer.Samples] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.extend(stream.blocks())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out, errors


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("overrides", [Options(), CUES], ids=["plain", "cues"])
def test_streamed_track_is_the_mix_of_the_layout(seed: int, overrides: Options) -> None:
    the_plan = plan(load_builtin("l5-s1")[0], overrides)
    clips = fake_clips(the_plan, seed)
    order = list(clips)
    random.Random(seed).shuffle(order)  # any arrival order gives the same track
    stream = StreamingMix(the_plan, block=4096)
    thread, out, errors = collect(stream)
    for text in order:
        stream.add(text, clips[text])
        time.sleep(0.0005)
    thread.join(10)
    assert not errors and not thread.is_alive()
    expected = layout(the_plan, {t: len(c) for t, c in clips.items()})
    assert stream.timeline() == expected
    whole = np.concatenate(list(mixer.mix(expected, clips, block=4096)))
    assert np.array_equal(np.concatenate(out), whole)
    assert all(len(b) == 4096 for b in out[:-1])  # whole blocks until the last


def test_nothing_is_released_before_its_clip_has_arrived() -> None:
    the_plan = plan(load_builtin("l5-s1")[0], CUES)
    clips = fake_clips(the_plan, 7)
    lengths = {t: len(c) for t, c in clips.items()}
    timeline = layout(the_plan, lengths)
    texts = the_plan.texts()
    stream = StreamingMix(the_plan, block=1000)
    thread, out, errors = collect(stream)
    for k in (0, 5, 12):
        for text in texts[:k]:
            stream.add(text, clips[text])
        time.sleep(0.2)
        # the first item that needs a text not given yet: nothing from its start on is out
        first = next(
            i for i, item in enumerate(the_plan.items) if not set(needs(item)) <= set(texts[:k])
        )
        limit = timeline.events[first].start
        released = sum(len(b) for b in out)
        assert released == limit - limit % 1000, (k, released, limit)
    for text in texts:
        stream.add(text, clips[text])
    thread.join(10)
    assert not errors and sum(len(b) for b in out) == timeline.total_samples


def test_cancel_stops_a_waiting_stream() -> None:
    the_plan = plan(load_builtin("l5-s1")[0], Options())
    stream = StreamingMix(the_plan)
    thread, out, errors = collect(stream)
    time.sleep(0.05)
    stream.cancel()
    thread.join(5)
    assert not thread.is_alive() and not out
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)


def test_mixer_refuses_a_source_in_the_past() -> None:
    m = mixer.Mixer(block=100)
    m.add([mixer.Source(0, np.ones(50, dtype=np.int16))])
    assert sum(len(b) for b in m.blocks(250)) == 250
    with pytest.raises(ValueError, match="before the samples already mixed"):
        m.add([mixer.Source(200, np.ones(10, dtype=np.int16))])


@pytest.mark.slow
def test_metadata_given_at_the_end_makes_the_same_file(tmp_path: Path) -> None:
    """Tags and chapters known only after the last block: the audio is encoded first and copied
    into the tagged file unchanged; the file is the very file one pass makes."""
    from measure import decode

    rate = 22050
    rng = np.random.default_rng(1)
    pcm = (4000 * np.sin(np.arange(rate * 7) * 0.05) + rng.normal(0, 300, rate * 7)).astype(
        np.int16
    )
    meta = ";FFMETADATA1\ntitle=Later\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=3000\ntitle=A\n"
    one, two = tmp_path / "one.mp3", tmp_path / "two.mp3"
    encoder.encode([pcm[:30000], pcm[30000:]], one, rate, metadata=meta)
    encoder.encode([pcm[:30000], pcm[30000:]], two, rate, metadata=lambda: meta)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.mp3", "two.mp3"]  # no scratch
    assert len(decode(two)) == len(pcm)
    assert one.read_bytes() == two.read_bytes()  # not one byte depends on the pass
    from mutagen.id3 import ID3

    tags = ID3(two)
    assert str(tags["TIT2"]) == "Later" and len(tags.getall("CHAP")) == 1


def test_routine_text_with_one_line_streams() -> None:
    (routine,) = load_routines_text("title: One\nexercises:\n  - name: Only\n    steps: [Stand.]\n")
    the_plan = plan(routine, Options())
    stream = StreamingMix(the_plan)
    clips = fake_clips(the_plan, 3)
    thread, out, errors = collect(stream)
    for text, samples in clips.items():
        stream.add(text, samples)
    thread.join(5)
    assert not errors
    assert sum(len(b) for b in out) == stream.timeline().total_samples


# --- stream.run: the whole choreography, one cancellation ------------------------------------


def encode_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "encode" and t.is_alive()]


def test_run_streams_the_plan_and_returns_its_timeline() -> None:
    the_plan = plan(load_builtin("l5-s1")[0], CUES)
    clips = fake_clips(the_plan, 5)
    texts = list(clips)
    got: list[mixer.Samples] = []

    def synthesise(missing: list[str], ready: Any, cancel: Cancel) -> None:
        for text in missing:
            ready(text, clips[text])

    def encode(blocks: Iterator[mixer.Samples], timeline: Any, cancel: Cancel) -> None:
        got.extend(blocks)
        assert timeline().total_samples == sum(len(b) for b in got)

    cached = {t: clips[t] for t in texts[:5]}
    timeline = stream.run(the_plan, cached, texts[5:], synthesise, encode)
    assert timeline == layout(the_plan, {t: len(c) for t, c in clips.items()})
    assert np.array_equal(np.concatenate(got), np.concatenate(list(mixer.mix(timeline, clips))))


def test_a_failing_synthesis_stops_the_encoder_and_is_the_error_raised() -> None:
    the_plan = plan(load_builtin("l5-s1")[0], Options())
    clips = fake_clips(the_plan, 1)

    def synthesise(missing: list[str], ready: Any, cancel: Cancel) -> None:
        ready(missing[0], clips[missing[0]])
        raise EngineError("the engine broke")

    def encode(blocks: Iterator[mixer.Samples], timeline: Any, cancel: Cancel) -> None:
        for _ in blocks:  # waits for clips that never come, until cancelled
            pass

    with pytest.raises(EngineError, match="broke"):
        stream.run(the_plan, {}, list(clips), synthesise, encode)
    assert not encode_threads()


def test_a_failing_encoder_stops_the_synthesis_and_is_the_error_raised() -> None:
    the_plan = plan(load_builtin("l5-s1")[0], Options())
    clips = fake_clips(the_plan, 2)
    said: list[str] = []

    def synthesise(missing: list[str], ready: Any, cancel: Cancel) -> None:
        for text in missing:
            time.sleep(0.01)
            cancel.check()  # as ClipStore.synthesise does between phrases
            said.append(text)
            ready(text, clips[text])

    def encode(blocks: Iterator[mixer.Samples], timeline: Any, cancel: Cancel) -> None:
        next(blocks)
        raise AudioError("ffmpeg failed")

    with pytest.raises(AudioError, match="ffmpeg failed"):
        stream.run(the_plan, {}, list(clips), synthesise, encode)
    assert len(said) < len(clips) and not encode_threads()


def test_an_interruption_while_waiting_for_the_encoder_still_joins_it() -> None:
    """Ctrl-C while the main thread waits for the encoder (twice, even): the encoder is told
    to stop and waited for; the interruption is raised only then."""
    the_plan = plan(load_builtin("l5-s1")[0], Options())
    clips = fake_clips(the_plan, 3)
    stopped = threading.Event()

    def synthesise(missing: list[str], ready: Any, cancel: Cancel) -> None:
        for text in missing:
            ready(text, clips[text])
        main = threading.main_thread().ident
        assert main is not None
        for delay in (0.1, 0.2):  # two Ctrl-C while run() joins the encoder
            threading.Timer(delay, signal.pthread_kill, (main, signal.SIGINT)).start()

    def encode(blocks: Iterator[mixer.Samples], timeline: Any, cancel: Cancel) -> None:
        while not cancel.is_set():
            time.sleep(0.01)
        time.sleep(0.3)  # stopping takes a moment (killing ffmpeg, removing files)
        stopped.set()
        cancel.check()

    with pytest.raises(KeyboardInterrupt):
        stream.run(the_plan, {}, list(clips), synthesise, encode)
    assert stopped.is_set() and not encode_threads()
