"""The clip cache on disk: one file per prepared clip, holding the key that made it.

Layout: ``<folder>/<xx>/<sha256 of the key>.clip``, where the key is everything that decides
the clip's samples (engine identity and settings, render rate, preparation and levelling
versions, and the text). An entry is::

    b"SACLIP2\\n" | key length (u32 LE) | payload length (u64 LE) | BLAKE2b-256(key + payload)
    | key (UTF-8) | payload (int16 LE samples)

and is used only if its key is the one asked for and its digest matches: an entry copied over
another clip's name, truncated or corrupt is a miss (and is replaced), never played.

Trust: folders are created private (0700) and entries 0600. A folder or entry that another
user owns or may write to is not used (one warning; the render goes on without it), and
entries are opened without following symbolic links and read up to a bound. Eviction and
``clear`` remove only entries whose header proves the tool wrote them (their key hashes to
their name), and temporary files whose process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt

from . import atomic
from .errors import OutputError, UsageError

log = logging.getLogger(__name__)

Samples = npt.NDArray[np.int16]

MAGIC = b"SACLIP2\n"
OLD_MAGIC = b"SACLIP1\n"  # version 1: no key inside; removable once its digest is checked
HEADER = len(MAGIC) + 4 + 8 + 32
MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""No clip is this big (12 minutes at 44.1 kHz): a larger entry is not read."""
MAX_KEY_BYTES = 4 * 1024 * 1024
DEFAULT_MAX_MB = 512
MAX_MB = 1_000_000
_SUB_RE = re.compile(r"[0-9a-f]{2}")
_ENTRY_RE = re.compile(r"([0-9a-f]{64})\.clip")
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def default_folder() -> Path:
    """$STRETCHAUDIO_CACHE_DIR, else the per-user cache folder (platformdirs)."""
    env = os.environ.get("STRETCHAUDIO_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("stretchaudio")) / "clips"


def limit_bytes() -> int:
    """The cache's size bound: $STRETCHAUDIO_CACHE_MAX_MB megabytes, else 512 MB."""
    raw = os.environ.get("STRETCHAUDIO_CACHE_MAX_MB", "").strip()
    if not raw:
        return DEFAULT_MAX_MB * 1_000_000
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", raw) or float(raw) > MAX_MB:
        raise UsageError(
            f"STRETCHAUDIO_CACHE_MAX_MB must be a number of megabytes from 0 to {MAX_MB} "
            f"(e.g. {DEFAULT_MAX_MB}), got {raw[:40]!r}; fix it or unset it"
        )
    return int(float(raw) * 1_000_000)


def entry_name(key: str) -> tuple[str, str]:
    """(subfolder, file name) of the entry for ``key``."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return digest[:2], f"{digest}.clip"


def pack(key: str, samples: Samples) -> bytes:
    """An entry's bytes."""
    raw_key, payload = key.encode("utf-8"), samples.astype("<i2").tobytes()
    digest = hashlib.blake2b(raw_key + payload, digest_size=32).digest()
    sizes = len(raw_key).to_bytes(4, "little") + len(payload).to_bytes(8, "little")
    return MAGIC + sizes + digest + raw_key + payload


def unpack(data: bytes, key: str) -> tuple[Samples | None, str]:
    """(samples, '') if ``data`` is a whole entry for ``key``, else (None, what is wrong)."""
    if not data.startswith(MAGIC) or len(data) < HEADER:
        return None, "it is not a clip of this version"
    key_len = int.from_bytes(data[8:12], "little")
    payload_len = int.from_bytes(data[12:20], "little")
    if HEADER + key_len + payload_len != len(data):
        return None, "it is truncated or too long"
    raw_key = data[HEADER : HEADER + key_len]
    if hashlib.blake2b(data[HEADER:], digest_size=32).digest() != data[20:HEADER]:
        return None, "its checksum does not match"
    if raw_key != key.encode("utf-8"):
        return None, "it holds another clip"
    samples = np.frombuffer(data[HEADER + key_len :], dtype="<i2").astype(np.int16)
    return samples, ""


def _untrusted(st: os.stat_result) -> str | None:
    if st.st_uid != os.geteuid():
        return f"belongs to another user (uid {st.st_uid})"
    if st.st_mode & 0o022:
        return f"can be written by other users (mode {stat.S_IMODE(st.st_mode):o})"
    return None


class ClipCache:
    """The cache in ``folder``: ``get`` and ``put`` clips by key, ``trim`` to a size.

    Problems with the cache only cost speed: they are logged (a warning the first time, then
    only with -v) and the clip is synthesised."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.repaired = 0  # corrupt or mismatched entries found (and replaced)
        self._fd: int | None = None
        self._off = False
        self._warned = False

    def get(self, key: str) -> Samples | None:
        """The clip stored for ``key``, or None."""
        sub, name = entry_name(key)
        with self._sub(sub, create=False) as sub_fd:
            data = None if sub_fd is None else self._read(sub_fd, f"{sub}/{name}", name)
            if data is None or sub_fd is None:
                return None
            samples, problem = unpack(data, key)
            if samples is None:
                log.warning("cache entry %s is corrupt (%s); synthesising it again", name, problem)
                self.repaired += 1
                return None
            with contextlib.suppress(OSError):
                os.utime(name, dir_fd=sub_fd, follow_symlinks=False)  # used: evicted last
            return samples

    def put(self, key: str, samples: Samples) -> None:
        """Store ``samples`` for ``key`` (atomically)."""
        sub, name = entry_name(key)
        if HEADER + len(key.encode("utf-8")) + 2 * len(samples) > MAX_ENTRY_BYTES:
            return  # it could not be read back
        try:
            with self._sub(sub, create=True) as sub_fd:
                if sub_fd is not None:
                    atomic.replace_file(sub_fd, name, pack(key, samples))
        except OSError as exc:
            self._warn(
                "cannot write to the clip cache %s (%s); continuing without it", self.folder, exc
            )

    def trim(self, max_bytes: int) -> int:
        """Evict least recently used entries until the cache holds at most ``max_bytes``
        (also removes temporary files of dead processes); returns how many were evicted."""
        root = self._root(create=False)
        if root is None:
            return 0
        entries = sorted(scan(root), key=lambda e: e[3])
        total = sum(size for _, _, size, _ in entries)
        evicted = 0
        for sub, name, size, _ in entries:
            if total <= max_bytes:
                break
            if remove(root, sub, name):
                total -= size
                evicted += 1
        return evicted

    def _read(self, sub_fd: int, shown: str, name: str) -> bytes | None:
        try:
            fd = os.open(name, _READ | os.O_CLOEXEC, dir_fd=sub_fd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self._warn("cache entry %s is a symbolic link; not using it", shown)
            else:
                self._warn("cannot read the clip cache %s (%s); synthesising instead", shown, exc)
            return None
        try:
            st = os.fstat(fd)
            problem = _untrusted(st) or (None if stat.S_ISREG(st.st_mode) else "is not a file")
            if problem is None and st.st_size > MAX_ENTRY_BYTES:
                problem = f"is larger than any clip ({st.st_size} bytes)"
            if problem:
                self._warn("cache entry %s %s; not using it", shown, problem)
                return None
            return _read_up_to(fd, st.st_size)
        except OSError as exc:
            self._warn("cannot read the clip cache %s (%s); synthesising instead", shown, exc)
            return None
        finally:
            os.close(fd)

    def _root(self, create: bool) -> int | None:
        if self._off:
            return None
        if self._fd is None:
            try:
                if create:
                    atomic.make_folders(self.folder, 0o700)
                fd = atomic.open_folder(self.folder)
            except FileNotFoundError:
                if create:
                    self._disable("cannot use the clip cache %s (no such folder)")
                return None
            except OSError as exc:
                self._disable(f"cannot use the clip cache %s ({exc.strerror or exc})")
                return None
            problem = _untrusted(os.fstat(fd))
            if problem:
                os.close(fd)
                self._disable(
                    f"the clip cache folder %s {problem}; not using it. Make it private "
                    "(chmod 700) or set STRETCHAUDIO_CACHE_DIR to a folder only you can write"
                )
                return None
            self._fd = fd
        return self._fd

    @contextlib.contextmanager
    def _sub(self, sub: str, create: bool) -> Iterator[int | None]:
        root = self._root(create)
        fd = None if root is None else open_sub(root, sub, create)
        if fd is not None:
            problem = _untrusted(os.fstat(fd))
            if problem:
                os.close(fd)
                fd = None
                self._warn("cache folder %s %s; its clips are not used", self.folder / sub, problem)
        try:
            yield fd
        finally:
            if fd is not None:
                os.close(fd)

    def _disable(self, message: str) -> None:
        self._off = True
        self._warn(message + "; continuing without it", self.folder)

    def _warn(self, message: str, *args: object) -> None:
        """A cache problem is logged once per cache (then only with -v), not once per clip."""
        log.log(logging.INFO if self._warned else logging.WARNING, message, *args)
        self._warned = True

    def __del__(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)


def _read_up_to(fd: int, size: int) -> bytes | None:
    """The file's ``size`` bytes; None if it turns out to hold more (it changed)."""
    chunks, got = [], 0
    while got <= size:
        chunk = os.read(fd, min(1 << 20, size + 1 - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks) if got == size else None


def open_sub(root: int, sub: str, create: bool) -> int | None:
    """A descriptor of the subfolder ``sub`` (made 0700 if ``create``), never a symlink."""
    try:
        return atomic.open_folder(sub, root, follow=False)
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    with contextlib.suppress(FileExistsError):
        os.mkdir(sub, 0o700, dir_fd=root)
    return atomic.open_folder(sub, root, follow=False)


def scan(root: int) -> Iterator[tuple[str, str, int, float]]:
    """(subfolder, name, size, mtime) of every entry-named regular file the user owns, in
    trusted subfolders; temporary files of dead processes are removed on the way."""
    for sub in sorted(os.listdir(root)):
        if not _SUB_RE.fullmatch(sub):
            continue
        fd = open_sub(root, sub, create=False)
        if fd is None:
            continue
        try:
            if _untrusted(os.fstat(fd)):
                continue
            atomic.clean_temps(fd)
            for name in os.listdir(fd):
                match = _ENTRY_RE.fullmatch(name)
                if not match or not name.startswith(sub):
                    continue
                with contextlib.suppress(OSError):
                    st = os.stat(name, dir_fd=fd, follow_symlinks=False)
                    if atomic.ours(st):
                        yield sub, name, st.st_size, st.st_mtime
        finally:
            os.close(fd)


def made_by_us(fd: int, name: str) -> bool:
    """Whether the open file is an entry this tool wrote under ``name``: its key hashes to
    its name (version 2), or its whole payload matches its digest (version 1)."""
    head = os.pread(fd, HEADER, 0)
    if head.startswith(MAGIC) and len(head) == HEADER:
        key_len = int.from_bytes(head[8:12], "little")
        if key_len > MAX_KEY_BYTES:
            return False
        key = os.pread(fd, key_len, HEADER)
        return len(key) == key_len and f"{hashlib.sha256(key).hexdigest()}.clip" == name
    if head.startswith(OLD_MAGIC) and os.fstat(fd).st_size <= MAX_ENTRY_BYTES:
        data = os.pread(fd, MAX_ENTRY_BYTES, 0)
        payload, size = data[32:], int.from_bytes(data[8:16], "little")
        return (
            size == len(payload)
            and hashlib.blake2b(payload, digest_size=16).digest() == (data[16:32])
        )
    return False


def remove(root: int, sub: str, name: str) -> bool:
    """Delete the entry if it is provably ours (see ``made_by_us``); whether it was."""
    sub_fd = open_sub(root, sub, create=False)
    if sub_fd is None:
        return False
    try:
        fd = os.open(name, _READ | os.O_CLOEXEC, dir_fd=sub_fd)
        try:
            if not atomic.ours(os.fstat(fd)) or not made_by_us(fd, name):
                return False
        finally:
            os.close(fd)
        os.unlink(name, dir_fd=sub_fd)
        return True
    except OSError:
        return False
    finally:
        os.close(sub_fd)


def problem(folder: Path) -> str | None:
    """Why the cache in ``folder`` would not be used (another user's, or writable by others);
    None if it is fine or does not exist yet."""
    try:
        return _untrusted(os.stat(folder))
    except OSError:
        return None


def info(folder: Path) -> tuple[int, int]:
    """(entries, bytes) in the clip cache."""
    try:
        root = atomic.open_folder(folder)
    except OSError:
        return 0, 0
    try:
        entries = list(scan(root))
    finally:
        os.close(root)
    return len(entries), sum(size for _, _, size, _ in entries)


def clear(folder: Path) -> tuple[int, int, int]:
    """Delete every clip the tool can prove it made: (removed, bytes freed, files left)."""
    try:
        root = atomic.open_folder(folder)
    except FileNotFoundError:
        return 0, 0, 0
    except OSError as exc:
        raise OutputError(f"cannot open the clip cache {folder}: {exc.strerror or exc}") from exc
    try:
        problem = _untrusted(os.fstat(root))
        if problem:
            raise OutputError(
                f"the clip cache folder {folder} {problem}; not touching it. Check who else "
                "uses it, then make it private (chmod 700) or remove it yourself"
            )
        removed = freed = left = 0
        for sub, name, size, _ in list(scan(root)):
            if remove(root, sub, name):
                removed, freed = removed + 1, freed + size
            else:
                left += 1
        return removed, freed, left
    finally:
        os.close(root)
