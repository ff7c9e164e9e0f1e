"""Encode PCM blocks to an MP3 (or WAV) file with ffmpeg, atomically.

ffmpeg reads the PCM from a pipe and writes a temporary file beside the target; because that
output is a seekable file, ffmpeg adds the LAME/Info tag (encoder delay and padding), so
decoders trim them and the decoded track has exactly the samples we mixed. Only when ffmpeg
has finished successfully is the file moved over the target name: a failed or interrupted run
never leaves a partial file, and a previous good file of the same name stays untouched.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from . import ffmpeg, tags
from .errors import AudioError, OutputError, StretchAudioError, UsageError

DEFAULT_BITRATE = "64k"  # constant bitrate: exact seeking; clear for mono speech at 22.05 kHz
MP3_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)
FORMATS = ("mp3", "wav")


def check_output(fmt: str, rate: int, bitrate: str) -> None:
    """Reject combinations the MP3 format cannot hold, before any work is done."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt != "mp3":
        return
    if rate not in MP3_RATES:
        rates = ", ".join(str(r) for r in MP3_RATES)
        raise UsageError(f"MP3 cannot store {rate} Hz; use one of {rates} (or --format wav)")
    try:
        kbps = int(bitrate.lower().removesuffix("k"))
    except ValueError:
        raise UsageError(f"--bitrate must look like 64k or 128k, got {bitrate!r}") from None
    low, high = (32, 320) if rate >= 32000 else (8, 160)
    if not low <= kbps <= high:
        raise UsageError(
            f"MP3 at {rate} Hz takes bitrates from {low}k to {high}k, got {bitrate}; "
            "change --bitrate or --sample-rate"
        )


class Staging:
    """Temporary files beside their targets, moved into place together only on success.

    Used as a context manager: an exception (including Ctrl-C) removes every temporary file
    and leaves the targets as they were.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pending: list[tuple[Path, Path]] = []
        self.scratches: list[Path] = []

    def temp_for(self, target: Path) -> Path:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=self.folder, prefix=f".{target.name}.", suffix=".part")
            os.close(fd)
        except OSError as exc:
            is_file = self.folder.exists() and not self.folder.is_dir()
            raise OutputError(
                f"cannot write to the output folder {self.folder}: "
                f"{'it is a file, not a folder' if is_file else exc.strerror or exc}. "
                "Choose another folder with -o/--output-dir."
            ) from exc
        self.pending.append((Path(name), target))
        return Path(name)

    def scratch(self, target: Path) -> Path:
        """A temporary file beside ``target`` that is removed on exit, never moved into place."""
        path = self.temp_for(target)
        self.pending.pop()
        self.scratches.append(path)
        return path

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None = None, *rest: object
    ) -> None:
        try:
            if kind is None:
                self._commit()
        finally:
            for tmp in [*(tmp for tmp, _ in self.pending), *self.scratches]:
                tmp.unlink(missing_ok=True)
        if isinstance(error, OSError) and not isinstance(error, StretchAudioError):
            # e.g. writing a sidecar into a full disk: one clear line, not a traceback
            raise OutputError(
                f"cannot write to the output folder {self.folder}: {error.strerror or error}. "
                "Check free space and permissions."
            ) from error

    def _commit(self) -> None:
        """Move every temporary file over its target; if one move fails, put back the targets
        already replaced (from hard links made beforehand), so the folder keeps the old set."""
        mode = 0o666 & ~_umask()  # mkstemp makes files private; give them normal rights
        where = self.folder
        backups: dict[Path, Path | None] = {}
        existed: set[Path] = set()
        try:
            for tmp, target in self.pending:
                os.chmod(tmp, mode)
                if target.exists():
                    existed.add(target)
                    backups[target] = self._backup(target)
            done: list[Path] = []
            try:
                for tmp, where in self.pending:
                    os.replace(tmp, where)
                    done.append(where)
            except BaseException:  # also Ctrl-C between two moves
                for target in reversed(done):
                    with contextlib.suppress(OSError):
                        old = backups.get(target)
                        if target not in existed:
                            target.unlink()
                        elif old is not None:
                            os.replace(old, target)
                raise
        except OSError as exc:
            raise OutputError(
                f"cannot write {where}: {exc.strerror or exc}. Check free space and permissions."
            ) from exc
        finally:
            for old in backups.values():
                if old is not None:
                    old.unlink(missing_ok=True)

    def _backup(self, target: Path) -> Path | None:
        """A hard link to ``target``'s current file (None where links are not possible)."""
        name = self.folder / f".{target.name}.{os.getpid()}.{id(self)}.old"
        name.unlink(missing_ok=True)
        try:
            os.link(target, name)
        except OSError:  # no hard links here: the commit is then best effort, as before
            return None
        return name


def check_writable(folder: Path) -> None:
    """Raise the usual OutputError now if nothing can be written to ``folder``; folders made
    for the check are removed again (they are made for real when the files are written)."""
    made = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        Staging(folder).temp_for(folder / ".check").unlink()
    finally:
        for path in made:  # deepest first
            with contextlib.suppress(OSError):
                path.rmdir()


def encode(
    blocks: Iterable[npt.NDArray[np.int16]],
    target: Path,
    sample_rate: int,
    *,
    fmt: str = "mp3",
    bitrate: str = DEFAULT_BITRATE,
    metadata: str | Callable[[], str] | None = None,
    cover: Path | Callable[[], Path | None] | None = None,
    staging: Staging | None = None,
) -> int:
    """Stream ``blocks`` into ``target`` (atomically); return the number of samples written.

    ``metadata`` is an FFMETADATA text (tags and chapters), or a function that gives it once
    the last block has been read (when the chapters are only known at the end): the audio is
    then encoded first and copied, unchanged, into a file with the tags. ``cover`` is an image
    to embed, or a function that gives it (called when the tags are written). With a
    ``staging`` the file is only moved into place when the staging commits.
    """
    with contextlib.ExitStack() as stack:
        stage = staging or stack.enter_context(Staging(target.parent))
        tmp = stage.temp_for(target)
        try:
            pcm = ["-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0"]
            if callable(metadata):  # audio first, then copied into the tagged file
                audio = stage.scratch(target)
                written = _run_ffmpeg(pcm, blocks, audio, fmt, bitrate, None, None)
                image = cover() if callable(cover) else cover
                _run_ffmpeg(["-i", str(audio)], (), tmp, fmt, "copy", metadata(), image)
            else:
                image = cover() if callable(cover) else cover
                written = _run_ffmpeg(pcm, blocks, tmp, fmt, bitrate, metadata, image)
            if fmt == "mp3":
                fix_gapless_padding(tmp, written)
                tags.comment_to_comm(tmp)  # players read the comment from COMM, not TXXX
        except OSError as exc:
            raise OutputError(
                f"cannot write {target}: {exc.strerror or exc}. Check free space and permissions."
            ) from exc
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _run_ffmpeg(
    source: list[str],
    blocks: Iterable[npt.NDArray[np.int16]],
    tmp: Path,
    fmt: str,
    bitrate: str,
    metadata: str | None,
    cover: Path | None,
) -> int:
    """Run ffmpeg on ``source`` (its first input's arguments) fed with ``blocks``; a
    ``bitrate`` of "copy" copies the audio of an encoded file as it is."""
    if fmt not in FORMATS:
        raise AudioError(f"unknown output format {fmt!r}; use mp3 or wav")
    with contextlib.ExitStack() as stack:
        cmd = [ffmpeg.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
        cmd += source
        maps = ["-map", "0:a"]
        if metadata is not None:
            meta = stack.enter_context(tempfile.NamedTemporaryFile("w", suffix=".txt"))
            meta.write(metadata)
            meta.flush()
            cmd += ["-f", "ffmetadata", "-i", meta.name]
            maps += ["-map_metadata", "1", "-map_chapters", "1"]
        if cover is not None and fmt == "mp3":
            cmd += ["-i", str(cover)]
            maps += [
                "-map",
                f"{cmd.count('-i') - 1}:v",
                "-c:v",
                "copy",
                "-disposition:v",
                "attached_pic",
                "-metadata:s:v",
                "comment=Cover (front)",
            ]
        cmd += maps
        if bitrate == "copy":
            cmd += ["-c:a", "copy"]
        elif fmt == "mp3":
            cmd += ["-c:a", "libmp3lame", "-b:a", bitrate]
        else:
            cmd += ["-c:a", "pcm_s16le"]
        if fmt == "mp3":
            # The LAME tag names its encoder: encoding says "Lavc<version>", copying "Lavf".
            # One name for both, so a file's bytes do not depend on the pass that made it.
            cmd += ["-metadata:s:a:0", "encoder=Lavf", "-id3v2_version", "3"]
        cmd += ["-f", fmt, str(tmp)]
        return _execute(cmd, blocks, tmp, fmt)


def _execute(cmd: list[str], blocks: Iterable[npt.NDArray[np.int16]], tmp: Path, fmt: str) -> int:
    with tempfile.TemporaryFile() as errlog:
        try:
            proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errlog
            )
        except OSError as exc:
            raise AudioError(f"could not start ffmpeg ({cmd[0]}): {exc}") from exc
        code, written = _feed(proc, blocks)
        errlog.seek(0)
        err = errlog.read().decode("utf-8", "replace").strip()
    if code != 0:
        detail = err.splitlines()[-1] if err else f"exit code {code}"
        if "No space left" in err:
            raise OutputError(f"the disk is full while writing {tmp.parent}: {detail}")
        raise AudioError(f"ffmpeg failed to encode the {fmt.upper()}: {detail}")
    return written


def _feed(
    proc: subprocess.Popen[bytes], blocks: Iterable[npt.NDArray[np.int16]]
) -> tuple[int, int]:
    """Write every block to ffmpeg's stdin; return (exit code, samples written).

    On any exception (including Ctrl-C) ffmpeg is killed before the exception goes on."""
    assert proc.stdin is not None
    written = 0
    try:
        for block in blocks:
            proc.stdin.write(block.astype("<i2").tobytes())
            written += len(block)
        proc.stdin.close()
    except BrokenPipeError:
        pass  # ffmpeg stopped early; its exit code and message say why
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    return proc.wait(), written


def _crc16(data: bytes) -> int:
    """CRC-16/ARC (reflected 0x8005, init 0): the LAME tag's own checksum."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def fix_gapless_padding(path: Path, samples: int) -> None:
    """Correct the end padding in the LAME/Info tag so decoders return exactly ``samples``.

    ffmpeg records at most one frame of trailing padding (576 + 529 samples at 22.05 kHz); when
    the encoder flushed a whole extra frame of padding, decoders would play up to 45 ms of
    extra silence. We know the true sample count, so we rewrite the 12-bit padding field and
    the tag's CRC (computed, as ffmpeg does, over the frame's first 190 bytes).
    """
    with path.open("r+b") as fh:
        head = fh.read(10)
        start = 0
        if head[:3] == b"ID3":
            start = 10 + (
                (head[6] & 0x7F) << 21
                | (head[7] & 0x7F) << 14
                | (head[8] & 0x7F) << 7
                | (head[9] & 0x7F)
            )
        fh.seek(start)
        frame = bytearray(fh.read(200))
        if len(frame) < 192 or frame[0] != 0xFF or (frame[1] & 0xE0) != 0xE0:
            return
        tag = max(frame.find(b"Info", 0, 48), frame.find(b"Xing", 0, 48))
        flags = int.from_bytes(frame[tag + 4 : tag + 8], "big") if tag >= 0 else 0
        if tag < 0 or not flags & 1 or tag + 156 > 190:
            return
        mpeg1 = (frame[1] >> 3) & 0b11 == 0b11
        per_frame = 1152 if mpeg1 else 576
        frames = int.from_bytes(frame[tag + 8 : tag + 12], "big")
        packed = int.from_bytes(frame[tag + 141 : tag + 144], "big")
        delay = packed >> 12
        padding = frames * per_frame - delay - samples
        if not 0 <= padding < 1 << 12 or padding == packed & 0xFFF:
            return
        frame[tag + 141 : tag + 144] = ((delay << 12) | padding).to_bytes(3, "big")
        frame[tag + 154 : tag + 156] = b"\0\0"
        frame[tag + 154 : tag + 156] = _crc16(bytes(frame[:190])).to_bytes(2, "big")
        fh.seek(start)
        fh.write(frame[:190])
