"""What an MP3 file says about itself: its ID3v2 tag's size, its frame headers, and the
LAME/Info tag in its first frame (frame count, encoder delay, end padding).

Pure byte parsing, no decoding: the encoder uses it to fix the end padding and the verifier to
check that a file is the audio it should be.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

_BITRATES_MPEG1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_BITRATES_MPEG2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_RATES = {0b11: (44100, 48000, 32000), 0b10: (22050, 24000, 16000), 0b00: (11025, 12000, 8000)}

RATES = tuple(sorted(rate for rates in _RATES.values() for rate in rates))
"""Every sample rate an MP3 can have."""


def bitrates(rate: int) -> tuple[int, ...]:
    """The constant bitrates (kbit/s) an MP3 at ``rate`` Hz can have: MPEG-1 from 32000 Hz,
    MPEG-2 from 16000 Hz, and MPEG-2.5 below, where LAME goes no higher than 64k."""
    if rate >= 32000:
        return _BITRATES_MPEG1[1:]
    return _BITRATES_MPEG2[1:] if rate >= 16000 else _BITRATES_MPEG2[1:9]


@dataclass(frozen=True)
class Frame:
    """One MPEG audio frame header."""

    mpeg1: bool
    layer3: bool
    bitrate: int  # kbit/s
    rate: int
    padded: bool
    mono: bool

    @property
    def samples(self) -> int:
        """Samples per frame (Layer III)."""
        return 1152 if self.mpeg1 else 576

    @property
    def size(self) -> int:
        """Bytes in the frame, header included."""
        return (144 if self.mpeg1 else 72) * self.bitrate * 1000 // self.rate + self.padded


def frame(header: bytes) -> Frame | None:
    """The frame whose header starts ``header`` (4 bytes), or None if it is not one."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version, layer = (header[1] >> 3) & 0b11, (header[1] >> 1) & 0b11
    index, rate_index = header[2] >> 4, (header[2] >> 2) & 0b11
    if version not in _RATES or layer == 0 or index in (0, 15) or rate_index == 3:
        return None
    mpeg1 = version == 0b11
    bitrate = (_BITRATES_MPEG1 if mpeg1 else _BITRATES_MPEG2)[index]
    return Frame(
        mpeg1=mpeg1,
        layer3=layer == 0b01,
        bitrate=bitrate,
        rate=_RATES[version][rate_index],
        padded=bool(header[2] & 0b10),
        mono=header[3] >> 6 == 0b11,
    )


def id3_size(head: bytes) -> int | None:
    """Bytes taken by the ID3v2 tag at the start (0 if there is none; None if ``head`` is too
    short to tell)."""
    if len(head) < 10:
        return None if b"ID3".startswith(head[:3]) else 0
    if head[:3] != b"ID3":
        return 0
    size = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | head[9] & 0x7F
    return 10 + size + (10 if head[5] & 0x10 else 0)  # + footer


@dataclass(frozen=True)
class Info:
    """The LAME/Info tag of a CBR file: where the audio starts and how long it is."""

    start: int  # byte offset of the first frame (the one holding the tag)
    first: Frame
    frames: int  # audio frames after the tag's own frame
    delay: int  # encoder delay, samples
    padding: int  # end padding, samples
    offset: int  # of "Info"/"Xing" inside the first frame

    @property
    def audio_start(self) -> int:
        """Byte offset of the first audio frame (after the tag's frame)."""
        return self.start + self.first.size

    @property
    def samples(self) -> int:
        """Samples a gapless decoder returns."""
        return self.frames * self.first.samples - self.delay - self.padding


def read_info(fd: int) -> Info | None:
    """The LAME/Info tag of the MP3 open at ``fd`` (None if it has none)."""
    start = id3_size(os.pread(fd, 10, 0)) or 0
    data = os.pread(fd, 200, start)
    first = frame(data[:4])
    if first is None or len(data) < 192:
        return None
    tag = max(data.find(b"Info", 0, 48), data.find(b"Xing", 0, 48))
    flags = int.from_bytes(data[tag + 4 : tag + 8], "big") if tag >= 0 else 0
    if tag < 0 or not flags & 1 or tag + 156 > 190:
        return None
    packed = int.from_bytes(data[tag + 141 : tag + 144], "big")
    return Info(
        start=start,
        first=first,
        frames=int.from_bytes(data[tag + 8 : tag + 12], "big"),
        delay=packed >> 12,
        padding=packed & 0xFFF,
        offset=tag,
    )


def crc16(data: bytes) -> int:
    """CRC-16/ARC (reflected 0x8005, init 0): the LAME tag's own checksum."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def set_padding(fd: int, samples: int) -> None:
    """Correct the end padding in the LAME/Info tag so decoders return exactly ``samples``.

    ffmpeg records at most one frame of trailing padding (576 + 529 samples at 22.05 kHz); when
    the encoder flushed a whole extra frame of padding, decoders would play up to 45 ms of
    extra silence. We know the true sample count, so we rewrite the 12-bit padding field and
    the tag's CRC (computed, as ffmpeg does, over the frame's first 190 bytes).
    """
    info = read_info(fd)
    if info is None:
        return
    padding = info.frames * info.first.samples - info.delay - samples
    if not 0 <= padding < 1 << 12 or padding == info.padding:
        return
    data = bytearray(os.pread(fd, 190, info.start))
    tag = info.offset
    data[tag + 141 : tag + 144] = ((info.delay << 12) | padding).to_bytes(3, "big")
    data[tag + 154 : tag + 156] = b"\0\0"
    data[tag + 154 : tag + 156] = crc16(bytes(data)).to_bytes(2, "big")
    os.pwrite(fd, bytes(data), info.start)


def duration(data: bytes) -> tuple[int, int] | None:
    """(samples, rate) of the MP3 in ``data``, counted frame by frame, without decoding; None
    if it holds no MP3 frames. Bytes that are not frames are skipped (as decoders do)."""
    pos = id3_size(data[:10]) or 0
    samples, rate = 0, 0
    while pos + 4 <= len(data):
        found = frame(data[pos : pos + 4])
        if found is None or not found.layer3 or found.size < 24:
            pos += 1
            continue
        samples, rate = samples + found.samples, found.rate
        pos += found.size
    return (samples, rate) if samples else None
