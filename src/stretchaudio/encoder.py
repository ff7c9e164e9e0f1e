"""Encode PCM blocks to an MP3 (or WAV) file with ffmpeg, check it, and stage it.

ffmpeg reads the PCM from a pipe and writes a file in the staging folder (see ``atomic``);
because that output is a seekable file, ffmpeg adds the LAME/Info tag (encoder delay and
padding), so decoders trim them and the decoded track has exactly the samples we mixed. While
it encodes, a second ffmpeg decodes what it has written (``verify``); the file is staged only
when it has been proved to be exactly the audio we fed, and it replaces the target only when
the staging commits: a failed or interrupted run never leaves a partial file, and a previous
good file of the same name stays untouched.

An MP3's tags (ID3: title, chapters, cover) are made by a short ffmpeg run of their own on a
second of silence and put in front of the checked audio, byte for byte: ffmpeg encodes the
audio alone, which ffmpeg 5 does 30-40% faster than with the tags and cover as extra inputs.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from . import ffmpeg, mp3, tags
from .atomic import Staged, Staging
from .cancel import Cancel, Worker
from .errors import AudioError, OutputError, UsageError
from .verify import BadOutput, Mp3Check, Proof, WavCheck, check_copy

DEFAULT_BITRATE = "64k"  # constant bitrate: exact seeking; clear for mono speech at 22.05 kHz
MP3_RATES = mp3.RATES
FORMATS = ("mp3", "wav")
ENCODER_NICE = 5
"""The encoding ffmpeg runs at this lower priority (where the system allows it): while a
render synthesises speech, the engine gets the cores first, and the encoder catches up."""
T = TypeVar("T")
Cover = Path | Staged
"""An image to embed: the user's file, or one staged beside the target (the picture)."""
_BITRATE_RE = re.compile(r"([0-9]{1,6})([kK]?)")


def check_output(fmt: str, rate: int, bitrate: str) -> None:
    """Reject combinations the MP3 format cannot hold, before any work is done."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt != "mp3":
        return
    if rate not in MP3_RATES:
        rates = ", ".join(str(r) for r in MP3_RATES)
        raise UsageError(f"MP3 cannot store {rate} Hz; use one of {rates} (or --format wav)")
    kbps = bitrate_kbps(bitrate)
    allowed = mp3.bitrates(rate)
    if kbps not in allowed:
        raise UsageError(
            f"MP3 at {rate} Hz takes bitrates from {allowed[0]}k to {allowed[-1]}k "
            f"({', '.join(f'{k}k' for k in allowed)}), got {bitrate}; "
            "change --bitrate or --sample-rate"
        )


def bitrate_kbps(bitrate: str) -> int:
    """``64k`` (or ``64000``) -> 64; UsageError for anything else (ASCII digits only)."""
    match = _BITRATE_RE.fullmatch(bitrate)
    number = int(match[1]) if match else -1
    if match and not match[2]:  # bits per second
        number = number // 1000 if number % 1000 == 0 else -1
    if number <= 0:
        raise UsageError(f"--bitrate must be kilobits per second like 64k or 128k, got {bitrate!r}")
    return number


def encode(
    blocks: Iterable[npt.NDArray[np.int16]],
    target: Path,
    sample_rate: int,
    *,
    fmt: str = "mp3",
    bitrate: str = DEFAULT_BITRATE,
    metadata: str | Callable[[], str] | None = None,
    cover: Cover | Callable[[], Cover | None] | None = None,
    staging: Staging | None = None,
    cancel: Cancel | None = None,
    early: bool | threading.Event = False,
) -> int:
    """Stream ``blocks`` into ``target`` (atomically); return the number of samples written.

    ``metadata`` is an FFMETADATA text (tags and chapters), or a function that gives it once
    the last block has been read (when the chapters are only known at the end): the audio is
    then encoded first and copied, unchanged, into a file with the tags. ``cover`` is an image
    to embed (a path, or a file staged beside the target), or a function that gives it
    (called when the tags are written). With a ``staging`` the file is only moved into place
    when the staging commits (after its other files: it is the primary file). ``cancel``
    stops the encoder (and kills ffmpeg) from another thread. ``early``: the functions may
    be called from another thread at once (True) or once the event is set (the tags are
    known before the audio is all encoded); the MP3's tag is then made meanwhile.
    """
    if fmt not in FORMATS:
        raise AudioError(f"unknown output format {fmt!r}; use mp3 or wav")
    job = _Job(sample_rate, fmt, bitrate_kbps(bitrate) if fmt == "mp3" else 0, cancel)
    with contextlib.ExitStack() as stack:
        stage = staging or stack.enter_context(Staging(target.parent))
        job.stage = stage
        out = stage.file(target, last=True)
        try:
            if fmt == "mp3" and (metadata is not None or cover is not None):
                # The audio alone (ffmpeg 5 runs 30-40% slower with a second input), then the
                # tags put in front of its checked bytes.
                audio = stage.scratch(f"audio-{target.name}")  # audio-NAME.mp3
                if early is not False or not (callable(metadata) or callable(cover)):
                    ready = early if isinstance(early, threading.Event) else None
                    written, proof, tag = job.encode_tagging(blocks, audio, metadata, cover, ready)
                else:  # known once the audio is in
                    written, proof = job.encode(blocks, audio, None, None)
                    tag = job.make_tag(_known(metadata), _known(cover))
                job.splice(audio, out, tag, written, proof)
            elif callable(metadata):  # WAV: audio first, then copied into the tagged file
                audio = stage.scratch(f"audio-{target.name}")
                written, proof = job.encode(blocks, audio, None, None)
                image = cover() if callable(cover) else cover
                job.copy(audio, out, metadata(), image, written, proof)
            else:
                image = cover() if callable(cover) else cover
                written, _ = job.encode(blocks, out, metadata, image)
            if fmt == "mp3":  # players read the comment from COMM, not TXXX (the tag keeps
                with os.fdopen(os.dup(out.fd), "r+b") as fh:  # its size: the audio stays)
                    tags.comment_to_comm_in(fh)
        except OSError as exc:
            if isinstance(exc, OutputError):
                raise
            raise OutputError(
                f"cannot write {target}: {exc.strerror or exc}. Check free space and permissions."
            ) from exc
    return written


class _Job:
    """One encode: the ffmpeg command lines, the runs, and their checks."""

    def __init__(self, rate: int, fmt: str, kbps: int, cancel: Cancel | None) -> None:
        self.rate, self.fmt, self.kbps = rate, fmt, kbps
        self.cancel = cancel or Cancel()
        self.exe = ffmpeg.ffmpeg_exe()
        self.stage: Staging | None = None

    def command(
        self,
        source: list[str],
        out: Staged,
        metadata: str | None,
        cover: Cover | None,
        *,
        encode: bool,
    ) -> list[str]:
        """ffmpeg reading ``source`` (its first input's arguments) into ``out``: encoding it,
        or (``encode`` False) copying the encoded audio as it is."""
        cmd = [self.exe, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *source]
        maps = ["-map", "0:a"]
        if metadata is not None:
            assert self.stage is not None
            meta = self.stage.scratch("tags.txt")
            meta.write_text(metadata)
            cmd += ["-f", "ffmetadata", "-i", meta.child_path]
            maps += ["-map_metadata", "1", "-map_chapters", "1"]
        if cover is not None and self.fmt == "mp3":
            cmd += ["-i", cover.child_path if isinstance(cover, Staged) else str(cover)]
            maps += ["-map", f"{cmd.count('-i') - 1}:v", "-c:v", "copy"]
            maps += ["-disposition:v", "attached_pic", "-metadata:s:v", "comment=Cover (front)"]
        cmd += maps
        if not encode:
            cmd += ["-c:a", "copy"]
        elif self.fmt == "mp3":
            cmd += ["-c:a", "libmp3lame", "-b:a", f"{self.kbps}k"]
        else:
            cmd += ["-c:a", "pcm_s16le"]
        if self.fmt == "mp3":
            # The LAME tag names its encoder: encoding says "Lavc<version>", copying "Lavf".
            # One name for both, so a file's bytes do not depend on the pass that made it.
            cmd += ["-metadata:s:a:0", "encoder=Lavf", "-id3v2_version", "3"]
        return [*cmd, "-f", self.fmt, out.child_path]

    def encode(
        self,
        blocks: Iterable[npt.NDArray[np.int16]],
        out: Staged,
        metadata: str | None,
        cover: Cover | None,
    ) -> tuple[int, Proof | bytes]:
        """Encode ``blocks`` into ``out`` and prove the file holds them: (samples, proof)."""
        assert self.stage is not None
        pcm = ["-f", "s16le", "-ar", str(self.rate), "-ac", "1", "-i", "pipe:0"]
        cmd = self.command(pcm, out, metadata, cover, encode=True)
        wav = WavCheck(self.rate, self.exe) if self.fmt == "wav" else None
        check = Mp3Check(out, self.rate, self.kbps, self.exe) if self.fmt == "mp3" else None
        # The encoder can catch up; speech being synthesised at the same time cannot wait.
        child = ffmpeg.Child(
            cmd, budget=ffmpeg.BASE_SECONDS, pass_fds=self.stage.pass_fds, nice=ENCODER_NICE
        )
        with contextlib.ExitStack() as stack:
            stack.callback(child.close)
            if check is not None:
                stack.callback(check.close)
                check.start()
            stack.enter_context(self.cancel.hook(child.kill))
            written, complete = self._feed(child, blocks, wav)
            code = child.finish()
            self.cancel.check()
            self._judge(child, code, complete, written)
            if check is None:
                assert wav is not None
                return written, wav.check(out.fd, written)
            fix_gapless_padding(out.fd, written)
            return written, check.finish(written)

    def _feed(
        self,
        child: ffmpeg.Child,
        blocks: Iterable[npt.NDArray[np.int16]],
        wav: WavCheck | None,
    ) -> tuple[int, bool]:
        """Write every block to ffmpeg; (samples written, whether all blocks were)."""
        written = 0
        try:
            for block in blocks:
                data = block.astype("<i2").tobytes()
                if wav is not None:
                    wav.fed(data)
                child.write(data)
                written += len(block)
                child.budget = ffmpeg.BASE_SECONDS + written / self.rate * ffmpeg.PER_AUDIO_SECOND
        except BrokenPipeError:
            self.cancel.check()  # killed on purpose
            return written, False  # ffmpeg stopped early; its exit code and message say why
        return written, True

    def _judge(self, child: ffmpeg.Child, code: int, complete: bool, written: int) -> None:
        if code == 0 and complete:
            return
        err = child.error_line()
        if "No space left" in err:
            raise OutputError(f"the disk is full while writing the {self.fmt.upper()}: {err}")
        if code == 0:
            raise AudioError(
                f"ffmpeg ({self.exe}) stopped reading the audio after {written / self.rate:.1f} s "
                "and said it succeeded; nothing was replaced. Check that this ffmpeg works, or "
                "set STRETCHAUDIO_FFMPEG to another one"
            )
        raise AudioError(
            f"ffmpeg failed to encode the {self.fmt.upper()}: {err or f'exit code {code}'}"
        )

    def encode_tagging(
        self,
        blocks: Iterable[npt.NDArray[np.int16]],
        audio: Staged,
        metadata: str | Callable[[], str] | None,
        cover: Cover | Callable[[], Cover | None] | None,
        ready: threading.Event | None = None,
    ) -> tuple[int, Proof | bytes, bytes]:
        """``encode`` the audio while another thread has ffmpeg make its tag (once ``ready``
        is set, if given)."""
        made: list[bytes] = []

        def make() -> None:
            if ready is not None:
                with self.cancel.hook(ready.set):
                    ready.wait()
                self.cancel.check()
            made.append(self.make_tag(_known(metadata), _known(cover)))

        worker = Worker(make, name="tag")
        worker.start()
        try:
            written, proof = self.encode(blocks, audio, None, None)
        except BaseException:
            self.cancel.cancel()  # the tag run is killed; its thread ends at once
            worker.wait()
            raise
        worker.wait(self.cancel)
        if worker.error is not None:
            raise worker.error
        return written, proof, made[0]

    def make_tag(self, metadata: str | None, cover: Cover | None) -> bytes:
        """The ID3 tag ffmpeg writes for ``metadata`` and ``cover``, made in a run of its own
        on a second of silence (the audio is encoded alone: ffmpeg 5 runs 30-40% slower with
        a second input)."""
        assert self.stage is not None
        silence = self.stage.scratch("silence.pcm")
        silence.write_bytes(bytes(2 * self.rate))
        tagged = self.stage.scratch("tags.mp3")
        source = ["-f", "s16le", "-ar", str(self.rate), "-ac", "1", "-i", silence.child_path]
        cmd = self.command(source, tagged, metadata, cover, encode=True)
        child = ffmpeg.Child(cmd, budget=ffmpeg.BASE_SECONDS, pass_fds=self.stage.pass_fds)
        with contextlib.ExitStack() as stack:
            stack.callback(child.close)
            stack.enter_context(self.cancel.hook(child.kill))
            code = child.finish()
            self.cancel.check()
        if code != 0:
            raise self._tagging_failed(child.error_line(), code)
        size = mp3.id3_size(os.pread(tagged.fd, 10, 0)) or 0
        if size == 0 or size > os.fstat(tagged.fd).st_size:
            raise BadOutput(self.exe, "mp3", "the tags it made are not an ID3 tag")
        tag = os.pread(tagged.fd, size, 0)
        if len(tag) != size:
            raise BadOutput(self.exe, "mp3", "the tags it made are not an ID3 tag")
        return tag

    def splice(
        self, audio: Staged, out: Staged, tag: bytes, written: int, proof: Proof | bytes
    ) -> None:
        """Write ``out``: ``tag``, then the checked ``audio`` from its Info frame on, byte for
        byte; and prove that ``out`` holds that audio."""
        assert isinstance(proof, Proof)
        _write_all(out.fd, tag, 0)
        start, end = proof.info.start, os.fstat(audio.fd).st_size
        _copy_range(audio.fd, start, out.fd, len(tag), end - start)
        check_copy(out.fd, proof, written, self.rate, self.exe)

    def copy(
        self,
        audio: Staged,
        out: Staged,
        metadata: str,
        cover: Cover | None,
        written: int,
        proof: Proof | bytes,
    ) -> None:
        """Copy the checked ``audio`` into ``out`` with its tags, and prove the copy is it."""
        assert self.stage is not None
        cmd = self.command(["-i", audio.child_path], out, metadata, cover, encode=False)
        budget = ffmpeg.BASE_SECONDS + written / self.rate * ffmpeg.PER_AUDIO_SECOND
        with self.cancel.hook(lambda: None):
            code, _, err = ffmpeg.run(cmd, budget=budget, pass_fds=self.stage.pass_fds)
        self.cancel.check()
        if code != 0:
            raise self._tagging_failed(err, code)
        if self.fmt == "mp3":
            fix_gapless_padding(out.fd, written)
        check_copy(out.fd, proof, written, self.rate, self.exe)

    def _tagging_failed(self, err: str, code: int) -> OutputError | AudioError:
        if "No space left" in err:
            return OutputError(f"the disk is full while writing the {self.fmt.upper()}: {err}")
        return AudioError(
            f"ffmpeg failed to tag the {self.fmt.upper()}: {err or f'exit code {code}'}"
        )


def _known(value: T | Callable[[], T]) -> T:
    return value() if callable(value) else value


def _write_all(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        done = os.pwrite(fd, view, offset)
        view, offset = view[done:], offset + done


def _copy_range(src: int, start: int, dst: int, at: int, length: int) -> None:
    """Copy ``length`` bytes of ``src`` from ``start`` to ``dst`` at ``at`` (in the kernel
    where it can)."""
    copied = 0
    while copied < length:
        try:
            n = os.copy_file_range(src, dst, length - copied, start + copied, at + copied)
        except (AttributeError, OSError):  # not on this system or file system: by hand
            n = len(chunk := os.pread(src, min(1 << 20, length - copied), start + copied))
            _write_all(dst, chunk, at + copied)
        if n == 0:
            raise OSError(f"the audio file ended {length - copied} bytes early")
        copied += n


def fix_gapless_padding(fd: int, samples: int) -> None:
    """Correct the LAME/Info tag's end padding so decoders return exactly ``samples``
    (see ``mp3.set_padding``)."""
    mp3.set_padding(fd, samples)
