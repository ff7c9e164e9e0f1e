"""Check an encoded file before it replaces anything: it must hold exactly the audio we fed.

MP3: while ffmpeg encodes, a second ffmpeg decodes the file as it grows, so the check runs
beside the encoding instead of after it. At the end the file must have its LAME/Info header
at the expected rate, bitrate and mono, saying exactly the number of samples we fed; every
frame after it must decode without an error, to exactly the frames' samples; its size must be
that of its frames at its bitrate; and its bytes must be the ones that were decoded.

WAV: the header must say 16-bit mono PCM at the expected rate, and the data chunk must be the
very bytes we fed (same length, same BLAKE2 digest).

The tagged file (an MP3's tag put in front of the checked audio; a WAV copied by ffmpeg with
its tags) must carry the very audio bytes of the checked file.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass

from . import mp3
from .atomic import Staged
from .cancel import Worker
from .errors import AudioError
from .ffmpeg import BASE_SECONDS, PER_AUDIO_SECOND, Child

_CHUNK = 1 << 18
CHECK_NICE = 5
"""The decode check runs at the encoder's lower priority (see ``encoder.ENCODER_NICE``)."""


class BadOutput(AudioError):
    """The file ffmpeg wrote is not the audio it was given; nothing is replaced."""

    def __init__(self, exe: str, fmt: str, problem: str) -> None:
        super().__init__(
            f"ffmpeg ({exe}) wrote a bad {fmt.upper()}: {problem}; nothing was replaced. Check "
            "that this ffmpeg works, or set STRETCHAUDIO_FFMPEG to another one"
        )


def _digest() -> hashlib.blake2b:
    return hashlib.blake2b(digest_size=16)


def hash_from(fd: int, offset: int) -> tuple[bytes, int]:
    """(digest, byte count) of the file open at ``fd`` from ``offset`` to its end."""
    digest, count = _digest(), 0
    while chunk := os.pread(fd, 1 << 20, offset + count):
        digest.update(chunk)
        count += len(chunk)
    return digest.digest(), count


class Mp3Check:
    """Decodes the MP3 being written at ``staged`` as it grows (a thread and an ffmpeg)."""

    def __init__(self, staged: Staged, rate: int, kbps: int, exe: str) -> None:
        self.fd, self.rate, self.kbps, self.exe = staged.fd, rate, kbps, exe
        self._done = threading.Event()
        self._head = b""  # from the first frame on, until the audio starts
        self._tag: int | None = None  # the ID3 tag's size
        self._skip = 0  # bytes of it still to skip
        self._start: int | None = None  # where the audio frames start (after the Info frame)
        self._digest = _digest()
        self._fed = 0
        self._decoded = 0
        self._child: Child | None = None
        self._code: int | None = None
        self._failure: BaseException | None = None
        self._worker = Worker(self._run, name="verify")

    def start(self) -> Mp3Check:
        cmd = [self.exe, "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "mp3"]
        # one byte per sample (u8) is enough to count them, and half the bytes to move
        cmd += ["-i", "pipe:0", "-f", "u8", "-c:a", "pcm_u8", "-ac", "1", "-ar", str(self.rate)]
        cmd += ["pipe:1"]
        self._child = Child(cmd, budget=BASE_SECONDS, on_output=self._count, nice=CHECK_NICE)
        self._worker.start()
        return self

    def close(self) -> None:
        """Stop at once (the render failed): kill the decoder, end the thread."""
        self._done.set()
        if self._child is not None:
            self._child.kill()
        self._worker.wait()
        if self._child is not None:
            self._child.close()

    def _count(self, data: bytes) -> None:
        self._decoded += len(data)
        frames = self._fed // max(1, self._frame_bytes() - 1) + 2
        if self._decoded > frames * self._frame_samples():
            raise BadOutput(self.exe, "mp3", "it decodes to more samples than its frames hold")

    def _frame_samples(self) -> int:
        return 1152 if self.rate >= 32000 else 576

    def _frame_bytes(self) -> int:
        return (144 if self.rate >= 32000 else 72) * self.kbps * 1000 // self.rate

    def _run(self) -> None:
        assert self._child is not None
        offset = 0
        try:
            while True:
                done = self._done.is_set()  # before reading: after it, every byte is read
                chunk = os.pread(self.fd, _CHUNK, offset)
                if chunk:
                    offset += len(chunk)
                    self._take(chunk)
                elif done:
                    break
                else:  # let ffmpeg write more; read its output in big pieces, not per frame
                    self._done.wait(0.02)
                    self._child.drain()
            self._code = self._child.finish()
        except BrokenPipeError:
            self._code = self._child.finish()
        except BaseException as exc:  # reported by finish()
            self._failure = exc
            self._child.kill()

    def _take(self, chunk: bytes) -> None:
        assert self._child is not None
        if self._start is None:
            chunk = self._find_audio(chunk)
            if self._start is None:
                return
        self._digest.update(chunk)
        self._fed += len(chunk)
        self._child.budget = BASE_SECONDS + self._fed / (self.kbps * 125) * PER_AUDIO_SECOND
        self._child.write(chunk)

    def _find_audio(self, chunk: bytes) -> bytes:
        """Skip the ID3 tag (without keeping it: it may be large) and the Info frame; the
        audio in ``chunk`` once they are past (``_start`` is then set)."""
        self._head += chunk
        if self._tag is None:
            self._tag = mp3.id3_size(self._head[:10])
            if self._tag is None:
                return b""
            self._skip = self._tag
        dropped = min(self._skip, len(self._head))
        self._head, self._skip = self._head[dropped:], self._skip - dropped
        if self._skip or len(self._head) < 4:
            return b""
        first = mp3.frame(self._head[:4])
        if first is None:
            problem = f"no MP3 frame where the audio starts (byte {self._tag})"
            raise BadOutput(self.exe, "mp3", problem)
        if len(self._head) < first.size:
            return b""
        self._start = self._tag + first.size
        audio, self._head = self._head[first.size :], b""
        return audio

    def finish(self, samples: int) -> Proof:
        """Wait for the decoder (the file is complete) and raise BadOutput unless the file is
        exactly ``samples`` samples of clean MP3; returns what the copy check needs."""
        self._done.set()
        self._worker.wait()
        if self._failure is not None:
            raise self._failure
        problem, proof = self._judge(samples)
        if problem:
            raise BadOutput(self.exe, "mp3", problem)
        assert proof is not None
        return proof

    def _judge(self, samples: int) -> tuple[str | None, Proof | None]:
        info = mp3.read_info(self.fd)
        if info is None or self._start is None:
            return "it has no LAME/Info header (it is empty, or not an MP3)", None
        # The tag's own frame may have a higher bitrate (a tag must fit in it): check both.
        first = info.first
        audio = mp3.frame(os.pread(self.fd, 4, info.audio_start)) if info.frames else first
        for got in (first, audio):
            if got is None or (got.rate, got.mono, got.layer3) != (self.rate, True, True):
                return f"its frames are not mono MP3 at {self.rate} Hz", None
        if audio is None or audio.bitrate != self.kbps:
            return f"its frames are {audio.bitrate if audio else '?'}k, not {self.kbps}k", None
        if info.audio_start != self._start:
            return "its header changed size after it was written", None
        if info.samples != samples:
            return f"its header says {info.samples} samples, but {samples} were encoded", None
        decoded = self._decoded
        if self._code != 0 or self._child is None or self._child.error_line():
            why = self._child.error_line() if self._child else ""
            return f"it does not decode cleanly ({why or f'exit code {self._code}'})", None
        if decoded != info.frames * first.samples:
            promised = info.frames * first.samples
            return f"it decodes to {decoded} samples, not the {promised} of its frames", None
        size = os.fstat(self.fd).st_size - info.audio_start
        expected = info.frames * first.samples * self.kbps * 125 / self.rate
        if abs(size - expected) > first.size:
            return f"{size} bytes of audio where {expected:.0f} were expected", None
        digest, count = hash_from(self.fd, info.audio_start)
        if (count, digest) != (self._fed, self._digest.digest()):
            return "its bytes changed after they were decoded", None
        head = os.pread(self.fd, first.size, info.start)
        return None, Proof(info, digest, count, head)


@dataclass(frozen=True)
class Proof:
    """What a checked MP3's audio is: its Info tag, its Info frame's bytes, and the digest
    and length of everything after that frame."""

    info: mp3.Info
    digest: bytes
    count: int
    head: bytes


def check_copy(fd: int, proof: Proof | bytes, samples: int, rate: int, exe: str) -> None:
    """Raise BadOutput unless the file at ``fd`` holds the very audio ``proof`` describes (an
    MP3's checked bytes, or a WAV's PCM digest); only its tags may differ."""
    if isinstance(proof, bytes):
        problem = _wav_problem(fd, samples, rate, proof)
        if problem:
            raise BadOutput(exe, "wav", f"the tagged copy: {problem}")
        return
    info = mp3.read_info(fd)
    if info is None:
        raise BadOutput(exe, "mp3", "the tagged copy has no LAME/Info header")
    head = os.pread(fd, info.first.size, info.start)
    digest, count = hash_from(fd, info.audio_start)
    if (head, digest, count) != (proof.head, proof.digest, proof.count):
        raise BadOutput(exe, "mp3", "the tagged copy's audio differs from the checked audio")


class WavCheck:
    """Digests the PCM fed to ffmpeg; checks the WAV's header and data chunk against it."""

    def __init__(self, rate: int, exe: str) -> None:
        self.rate, self.exe = rate, exe
        self._digest = _digest()

    def fed(self, data: bytes) -> None:
        self._digest.update(data)

    def check(self, fd: int, samples: int) -> bytes:
        """Raise BadOutput unless the WAV at ``fd`` holds exactly the PCM fed; its digest."""
        digest = self._digest.digest()
        problem = _wav_problem(fd, samples, self.rate, digest)
        if problem:
            raise BadOutput(self.exe, "wav", problem)
        return digest


def _wav_problem(fd: int, samples: int, rate: int, digest: bytes) -> str | None:
    head = os.pread(fd, 12, 0)
    size = os.fstat(fd).st_size
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return "it does not start with a RIFF/WAVE header"
    if int.from_bytes(head[4:8], "little") != size - 8:
        return "its RIFF header gives the wrong file size"
    pos, fmt = 12, None
    for _ in range(64):  # chunks: fmt, LIST (tags), data
        chunk = os.pread(fd, 8, pos)
        if len(chunk) < 8:
            return "it has no data chunk"
        kind, length = chunk[:4], int.from_bytes(chunk[4:8], "little")
        if kind == b"fmt ":
            fmt = os.pread(fd, 16, pos + 8)
        elif kind == b"data":
            return _data_problem(fd, fmt, pos + 8, length, size, samples, rate, digest)
        pos += 8 + length + (length & 1)
    return "it has too many chunks"


def _data_problem(
    fd: int,
    fmt: bytes | None,
    start: int,
    length: int,
    size: int,
    samples: int,
    rate: int,
    digest: bytes,
) -> str | None:
    if fmt is None or len(fmt) < 16:
        return "it has no format chunk before its data"
    tag, channels = int.from_bytes(fmt[0:2], "little"), int.from_bytes(fmt[2:4], "little")
    got_rate, bits = int.from_bytes(fmt[4:8], "little"), int.from_bytes(fmt[14:16], "little")
    if (tag, channels, got_rate, bits) != (1, 1, rate, 16):
        return f"it is not 16-bit mono PCM at {rate} Hz"
    if length != samples * 2 or start + length > size:
        return f"it holds {min(length, size - start) // 2} samples, not {samples}"
    data_digest, _ = hash_from_range(fd, start, length)
    if data_digest != digest:
        return "its samples are not the ones that were encoded"
    return None


def hash_from_range(fd: int, start: int, length: int) -> tuple[bytes, int]:
    digest, count = _digest(), 0
    while count < length:
        chunk = os.pread(fd, min(1 << 20, length - count), start + count)
        if not chunk:
            break
        digest.update(chunk)
        count += len(chunk)
    return digest.digest(), count
