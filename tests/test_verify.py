"""An encoded file replaces nothing until it is proved to be the audio we fed (verify.py):
broken ffmpegs that say they succeeded, hung ones, and the checks on MP3 and WAV files."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from clitools import fake_ffmpeg
from measure import decode
from stretchaudio import encoder, ffmpeg, mp3
from stretchaudio.errors import AudioError, OutputError

RATE = 22050
META = ";FFMETADATA1\ntitle=T\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=A\n"


def pcm(seconds: float = 20.0) -> npt.NDArray[np.int16]:
    t = np.arange(round(seconds * RATE))
    tone = 6000 * np.sin(t * 0.07) * (np.sin(t / RATE * 3) > 0)  # sound and silence
    samples: npt.NDArray[np.int16] = tone.astype(np.int16)
    return samples


def blocks(samples: np.ndarray, size: int = 1 << 15) -> Iterator[np.ndarray]:
    for start in range(0, len(samples), size):
        yield samples[start : start + size]


@pytest.fixture
def with_ffmpeg(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test picks its ffmpeg through STRETCHAUDIO_FFMPEG; forget the choice around it."""
    ffmpeg.forget()
    yield
    ffmpeg.forget()


FAULTS = {
    "exits 0, writes nothing": ("cat >/dev/null\nexit 0\n", "no LAME/Info header"),
    # Our writes may all fit in the pipe before it stops: then the file's length tells.
    "stops reading early": ("head -c 20000 >/dev/null\nexit 0\n", "stopped reading|bad MP3"),
    "writes zeros": (
        'cat >/dev/null\nhead -c 30000000 /dev/zero >"$OUT"\nexit 0\n',
        "no MP3 frame where the audio starts",
    ),
    "writes junk": (
        'cat >/dev/null\nhead -c 300000 /dev/urandom >"$OUT"\nexit 0\n',
        "wrote a bad MP3",
    ),
    "appends junk": (
        '"$REAL" "$@" || exit\nhead -c 5000 /dev/urandom >>"$OUT"\n',
        "wrote a bad MP3",
    ),
    "cuts the end": ('"$REAL" "$@" || exit\ntruncate -s -2000 "$OUT"\n', "wrote a bad MP3"),
    "encodes half": (
        'head -c 400000 | "$REAL" "$@"\n',  # ffmpeg is happy with what it got
        "stopped reading|bad MP3",
    ),
    "other bitrate": (
        'for a; do [ "$a" = 64k ] && a=32k; set -- "$@" "$a"; shift; done\nexec "$REAL" "$@"\n',
        "wrote a bad MP3",
    ),
    "zeroes a stretch": (
        '"$REAL" "$@" || exit\n'
        'dd if=/dev/zero of="$OUT" bs=1 seek=100000 count=3000 conv=notrunc 2>/dev/null\n',
        "wrote a bad MP3",
    ),
}


@pytest.mark.usefixtures("with_ffmpeg")
@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("tags", ["one-pass", "tagged-after"])
def test_a_broken_ffmpeg_that_says_it_succeeded_replaces_nothing(
    fault: str, tags: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body, needle = FAULTS[fault]
    fake = fake_ffmpeg(tmp_path, body, decode=True)
    monkeypatch.setenv("STRETCHAUDIO_FFMPEG", str(fake))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "x.mp3"
    target.write_bytes(b"the earlier good MP3")
    metadata = META if tags == "one-pass" else (lambda: META)
    with pytest.raises(AudioError, match=needle) as caught:
        encoder.encode(blocks(pcm()), target, RATE, metadata=metadata)
    assert "\n" not in str(caught.value)
    assert target.read_bytes() == b"the earlier good MP3"
    assert [p.name for p in out.iterdir()] == ["x.mp3"]


@pytest.mark.slow
@pytest.mark.usefixtures("with_ffmpeg")
@pytest.mark.parametrize("tags", ["one-pass", "streamed"])
@pytest.mark.parametrize(
    "damage",
    [
        'truncate -s 5 "$OUT"',  # no whole tag header
        "printf 'ID3\\003\\000\\000\\177\\177\\177\\177' >\"$OUT\"",  # bigger than the file
        "printf 'RIFF' >\"$OUT\"",  # no tag at all
    ],
)
def test_a_broken_tag_run_replaces_nothing(
    tags: str, damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The MP3's tag is made by an ffmpeg run of its own (on a second of silence) and put in
    front of the checked audio; a run that writes no usable tag replaces nothing."""
    body = (
        f'case " $* " in *silence.pcm*) "$REAL" "$@" || exit\n  {damage}; exit 0;; esac\n'
        'exec "$REAL" "$@"\n'
    )
    monkeypatch.setenv("STRETCHAUDIO_FFMPEG", str(fake_ffmpeg(tmp_path, body, decode=True)))
    target = tmp_path / "out" / "x.mp3"
    target.parent.mkdir()
    target.write_bytes(b"old")
    metadata = META if tags == "one-pass" else (lambda: META)
    with pytest.raises(AudioError, match="not an ID3 tag"):
        encoder.encode(blocks(pcm()), target, RATE, metadata=metadata)
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["x.mp3"]


@pytest.mark.slow
@pytest.mark.usefixtures("with_ffmpeg")
def test_a_failing_tag_run_is_one_line_and_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = 'case " $* " in *silence.pcm*) echo "Bad cover" >&2; exit 3;; esac\nexec "$REAL" "$@"\n'
    monkeypatch.setenv("STRETCHAUDIO_FFMPEG", str(fake_ffmpeg(tmp_path, body, decode=True)))
    target = tmp_path / "x.mp3"
    target.write_bytes(b"old")
    with pytest.raises(AudioError, match="ffmpeg failed to tag the MP3: Bad cover") as caught:
        encoder.encode(blocks(pcm()), target, RATE, metadata=META)
    assert "\n" not in str(caught.value) and target.read_bytes() == b"old"


@pytest.mark.slow
@pytest.mark.usefixtures("with_ffmpeg")
def test_the_tagged_file_is_the_tag_then_the_checked_audio(tmp_path: Path) -> None:
    """The file written is ffmpeg's tag followed by the very bytes of the checked audio (from
    its Info frame on), and it decodes to exactly the samples fed."""
    target = tmp_path / "x.mp3"
    samples = pcm()
    encoder.encode(blocks(samples), target, RATE, metadata=META)
    plain = tmp_path / "plain.mp3"
    encoder.encode(blocks(samples), plain, RATE)
    data, bare = target.read_bytes(), plain.read_bytes()
    tag, bare_tag = mp3.id3_size(data[:10]), mp3.id3_size(bare[:10])
    assert tag is not None and bare_tag is not None and tag > bare_tag
    assert data[tag:] == bare[bare_tag:]
    assert b"TIT2" in data[:tag]


@pytest.mark.usefixtures("with_ffmpeg")
@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('cat >/dev/null\nhead -c 1000000 /dev/zero >"$OUT"\n', "does not start with a RIFF"),
        ('"$REAL" "$@" || exit\ntruncate -s -100 "$OUT"\n', "RIFF header gives the wrong"),
        (
            '"$REAL" "$@" || exit\n'
            'dd if=/dev/zero of="$OUT" bs=1 seek=5000 count=10 conv=notrunc 2>/dev/null\n',
            "not the ones that were encoded",
        ),
    ],
    ids=["zeros", "cut", "altered"],
)
def test_a_wav_must_hold_exactly_the_samples_fed(
    body: str, needle: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRETCHAUDIO_FFMPEG", str(fake_ffmpeg(tmp_path, body)))
    target = tmp_path / "x.wav"
    with pytest.raises(AudioError, match=needle):
        encoder.encode(blocks(pcm(3)), target, RATE, fmt="wav", metadata=META)
    assert not target.exists()


@pytest.mark.usefixtures("with_ffmpeg")
@pytest.mark.parametrize("where", ["at once", "after reading", "at the end"])
def test_a_hung_ffmpeg_is_stopped(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = {
        "at once": "sleep 600\n",
        "after reading": "head -c 100000 >/dev/null\nsleep 600\n",
        "at the end": 'cat >/dev/null\nexec sleep 600 >"$OUT"\n',
    }[where]
    fake = fake_ffmpeg(tmp_path, body, decode=True)
    monkeypatch.setenv("STRETCHAUDIO_FFMPEG", str(fake))
    monkeypatch.setattr(ffmpeg, "BASE_SECONDS", 1.0)
    target = tmp_path / "x.mp3"
    start = time.monotonic()
    with pytest.raises(ffmpeg.Stuck, match="stopped responding"):
        encoder.encode(blocks(pcm(5)), target, RATE)
    assert time.monotonic() - start < 15
    assert not target.exists() and list(tmp_path.iterdir()) == [fake]
    assert not children_running(fake)


def children_running(exe: Path) -> list[int]:
    """Processes still running ``exe`` (the fake ffmpeg) or its sleep."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if str(exe).encode() in cmdline:
                found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_a_good_encode_passes_and_is_gapless(tmp_path: Path) -> None:
    samples = pcm(7.3)
    for rate, bitrate in [(RATE, "64k"), (44100, "96k"), (8000, "8k"), (48000, "320k")]:
        target = tmp_path / f"{rate}.mp3"
        pieces = (s.astype(np.int16) for s in np.array_split(np.resize(samples, 7 * rate), 5))
        assert encoder.encode(pieces, target, rate, bitrate=bitrate, metadata=META) == 7 * rate
        assert len(decode(target, rate)) == 7 * rate


@pytest.mark.slow
def test_every_bitrate_the_check_allows_encodes_and_verifies(tmp_path: Path) -> None:
    """--bitrate is checked fully: every rate and bitrate it lets through gives a verified
    MP3 at that very bitrate (one short file each)."""
    samples = pcm(1.0)
    for rate in mp3.RATES:
        for kbps in mp3.bitrates(rate):
            encoder.check_output("mp3", rate, f"{kbps}k")
            target = tmp_path / f"{rate}-{kbps}.mp3"
            encoder.encode([np.resize(samples, rate)], target, rate, bitrate=f"{kbps}k")
            fd = os.open(target, os.O_RDONLY)
            try:
                info = mp3.read_info(fd)
                assert info is not None
                audio = mp3.frame(os.pread(fd, 4, info.audio_start))
            finally:
                os.close(fd)
            assert audio is not None and audio.bitrate == kbps, (rate, kbps)


@pytest.mark.parametrize(
    "bitrate", ["٦٤k", "64", " 64k", "+64k", "6_4k", "64kb", "64.5k", "0k", "65k", "", "k"]
)
def test_bitrates_that_are_refused(bitrate: str) -> None:
    from stretchaudio.errors import UsageError

    with pytest.raises(UsageError, match=r"--bitrate|takes bitrates"):
        encoder.check_output("mp3", RATE, bitrate)


def test_bitrate_in_bits_per_second_is_accepted() -> None:
    assert encoder.bitrate_kbps("64000") == 64
    assert encoder.bitrate_kbps("96K") == 96


def test_a_disk_full_message_from_ffmpeg_is_an_output_error(tmp_path: Path) -> None:
    os.environ["STRETCHAUDIO_FFMPEG"] = str(
        fake_ffmpeg(
            tmp_path, "cat >/dev/null\necho 'Error writing: No space left on device' >&2\nexit 1\n"
        )
    )
    ffmpeg.forget()
    try:
        with pytest.raises(OutputError, match="disk is full"):
            encoder.encode(blocks(pcm(2)), tmp_path / "x.mp3", RATE)
    finally:
        del os.environ["STRETCHAUDIO_FFMPEG"]
        ffmpeg.forget()
