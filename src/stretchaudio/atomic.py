"""Atomic writes: complete files replace the old ones together, or nothing changes.

* :class:`Staging` makes a set of files (an MP3 and its sidecars, a routine YAML) in a private
  folder inside the target folder and moves them into place together, the primary file (the
  MP3) last. If anything fails, or the run is interrupted, the targets stay as they were.
* :func:`replace_file` writes one small file (a clip cache entry) beside its name and renames
  it over that name.

Against other users who can write to the target folder: the private folder is made by
``mkdtemp`` (mode 0700), so nobody else can create, swap or symlink anything inside it; each
file in it is created with O_EXCL|O_NOFOLLOW and used through its descriptor, and a child
process (ffmpeg) is given a path through our open folder (``/proc/self/fd/N/name`` on Linux),
so even renaming the private folder cannot redirect a write. Nothing is chmod-ed: new files
get the usual rights (0666 minus the umask) when they are created. Moves and deletions go
through folder descriptors and never follow a symlink; a symlink at a target name is replaced,
not written through.

The private folder is named ``.stretchaudio-<pid>-<random>.tmp`` and holds a lock (flock) as
long as its run lives. A run that was killed (even by SIGKILL) leaves it behind, unlocked;
the next run into that folder removes it. Moves are serialised per output name by a lock file
``.<name>.stretchaudio-lock`` that exists only while the files move.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from . import signals
from .errors import OutputError, StretchAudioError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locks, stale folders found by pid
    fcntl = None  # type: ignore[assignment]

PREFIX, SUFFIX = ".stretchaudio-", ".tmp"
LOCK_SUFFIX = ".stretchaudio-lock"
LOCK_WAIT_SECONDS = 60.0
_STAGING_RE = re.compile(r"\.stretchaudio-(\d+)-[0-9a-f]+\.tmp")
_LOCK_RE = re.compile(r"\..+\.stretchaudio-lock")
_TEMP_RE = re.compile(r"\.tmp-(\d+)-[0-9a-f]+(\.[a-z]+)?")
_SAFE_RE = re.compile(r"[^A-Za-z0-9._-]")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC
_NEW = os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
_OPEN_TRIES = 5  # a folder made by a concurrent check may vanish under us; make it again


def open_folder(path: Path | str, dir_fd: int | None = None, follow: bool = True) -> int:
    """A descriptor of the folder ``path`` (O_NOFOLLOW unless ``follow``)."""
    return os.open(path, _DIR | (0 if follow else _NOFOLLOW), dir_fd=dir_fd)


def child_path(folder_fd: int, name: str, fallback: Path) -> str:
    """The path a child process (given ``folder_fd``) opens to reach ``name`` in that folder:
    through the descriptor on Linux, so it cannot be redirected; ``fallback`` elsewhere."""
    if os.path.isdir(f"/proc/self/fd/{folder_fd}"):
        return f"/proc/self/fd/{folder_fd}/{name}"
    return str(fallback)


@dataclass
class Staged:
    """A file being made in the private folder; moved to ``target`` on commit (if any)."""

    name: str
    fd: int
    child_path: str
    target: Path | None
    last: bool = False

    def write_bytes(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    def write_text(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8"))


class Staging:
    """Files made in a private folder inside ``folder``, moved into place together on success.

    Used as a context manager: an exception (including Ctrl-C) removes every temporary file
    and leaves the targets as they were.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[Staged] = []
        self._fd: int | None = None  # the target folder
        self._private: str | None = None
        self._private_fd: int | None = None
        self._lock_fd: int | None = None
        self._made: list[Path] = []
        self._moved = False
        self._lock = threading.Lock()

    @property
    def pass_fds(self) -> tuple[int, ...]:
        """Descriptors a child process needs to reach the staged files."""
        return (self._private_fd,) if self._private_fd is not None else ()

    def file(self, target: Path, *, last: bool = False) -> Staged:
        """A new empty file, moved over ``target`` on commit (``last``: after the others)."""
        if target.parent != self.folder:
            raise ValueError(f"{target} is not in {self.folder}")
        return self._new(target.name, target, last)

    def scratch(self, name: str) -> Staged:
        """A new empty file that is removed on exit, never moved into place."""
        return self._new(name, None, False)

    def open(self) -> None:
        """Make the private folder now (else at the first file): OutputError if impossible."""
        if self._private_fd is not None:
            return
        try:
            for attempt in range(_OPEN_TRIES):
                try:
                    self._made += make_folders(self.folder)
                    self._fd = open_folder(self.folder)
                    self._private = f"{PREFIX}{os.getpid()}-{secrets.token_hex(6)}{SUFFIX}"
                    os.mkdir(self._private, 0o700, dir_fd=self._fd)
                    break
                except FileNotFoundError:
                    # Another run that made this (empty) folder for a check removed it again
                    # between our mkdir and ours inside it: make it anew.
                    if self._fd is not None:
                        os.close(self._fd)
                        self._fd = None
                    self._private = None
                    if attempt == _OPEN_TRIES - 1:
                        raise
            assert self._fd is not None and self._private is not None
            clean_stale(self._fd)
            self._private_fd = open_folder(self._private, self._fd, follow=False)
            # Locked before it gets its name: a folder whose "lock" is free is abandoned.
            self._lock_fd = os.open("lock.new", os.O_RDWR | _NEW, 0o600, dir_fd=self._private_fd)
            if fcntl is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.rename("lock.new", "lock", src_dir_fd=self._private_fd, dst_dir_fd=self._private_fd)
        except OSError as exc:
            self._cleanup()
            raise folder_error(self.folder, exc) from exc

    def _new(self, name: str, target: Path | None, last: bool) -> Staged:
        with self._lock:  # the encoder makes its tag in a thread of its own
            self.open()
            assert self._private_fd is not None and self._private is not None
            unique = f"{len(self.files)}-{_SAFE_RE.sub('_', name)[-60:]}"
            try:
                fd = os.open(unique, os.O_RDWR | _NEW, 0o666, dir_fd=self._private_fd)
            except OSError as exc:
                raise folder_error(self.folder, exc) from exc
            path = child_path(self._private_fd, unique, self.folder / self._private / unique)
            staged = Staged(unique, fd, path, target, last)
            self.files.append(staged)
            return staged

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self._commit()
        finally:
            with signals.critical():
                self._cleanup()
        if isinstance(error, OSError) and not isinstance(error, StretchAudioError):
            # e.g. writing a sidecar into a full disk: one clear line, not a traceback
            raise OutputError(
                f"cannot write to the output folder {self.folder}: {error.strerror or error}. "
                "Check free space and permissions."
            ) from error

    def _commit(self) -> None:
        movers = sorted((f for f in self.files if f.target is not None), key=lambda f: f.last)
        if not movers:
            return
        assert self._fd is not None
        names = [f.target.stem for f in movers if f.target is not None]
        target = movers[-1].target
        try:
            with locked(self._fd, names, self.folder), signals.critical():
                self._move(movers)
        except OSError as exc:
            if isinstance(exc, StretchAudioError):
                raise
            raise OutputError(
                f"cannot write {target}: {exc.strerror or exc}. Check free space and permissions."
            ) from exc

    def _move(self, movers: list[Staged]) -> None:
        """Move every file over its target; if one move fails, put back the targets already
        replaced (from hard links made beforehand), so the folder keeps the old set."""
        backups = {id(f): self._backup(f, k) for k, f in enumerate(movers)}
        done: list[Staged] = []
        try:
            for f in movers:
                assert f.target is not None
                signals.take_pending()  # interrupted meanwhile: put the old files back
                os.replace(f.name, f.target.name, src_dir_fd=self._private_fd, dst_dir_fd=self._fd)
                done.append(f)
                self._moved = True
            signals.take_pending()
        except BaseException:
            for f in reversed(done):
                with contextlib.suppress(OSError):
                    self._undo(f, backups[id(f)])
            raise

    def _backup(self, f: Staged, k: int) -> str | bool:
        """A hard link to ``f``'s target (its name), False if there is no target, True if it
        cannot be linked (the commit is then best effort, as without links)."""
        assert f.target is not None
        name = f"old-{k}"
        try:
            os.link(
                f.target.name,
                name,
                src_dir_fd=self._fd,
                dst_dir_fd=self._private_fd,
                follow_symlinks=False,
            )
        except FileNotFoundError:
            return False
        except OSError:
            return True
        return name

    def _undo(self, f: Staged, backup: str | bool) -> None:
        assert f.target is not None
        if isinstance(backup, str):
            os.replace(backup, f.target.name, src_dir_fd=self._private_fd, dst_dir_fd=self._fd)
        elif backup is False:  # there was no file: remove ours (only if it is still ours)
            now = os.stat(f.target.name, dir_fd=self._fd, follow_symlinks=False)
            if now.st_ino == os.fstat(f.fd).st_ino:
                os.unlink(f.target.name, dir_fd=self._fd)

    def _cleanup(self) -> None:
        for f in self.files:
            with contextlib.suppress(OSError):
                os.close(f.fd)
        self.files = []
        if self._fd is not None and self._private is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(self._private, dir_fd=self._fd)
        for fd in (self._lock_fd, self._private_fd, self._fd):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._fd = self._private_fd = self._lock_fd = None
        self._private = None
        if not self._moved:
            for path in reversed(self._made):  # deepest first; only if still empty
                with contextlib.suppress(OSError):
                    path.rmdir()


def folder_error(folder: Path, exc: OSError) -> OutputError:
    is_file = folder.exists() and not folder.is_dir()
    reason = "it is a file, not a folder" if is_file else exc.strerror or str(exc)
    return OutputError(
        f"cannot write to the output folder {folder}: {reason}. "
        "Choose another folder with -o/--output-dir."
    )


def make_folders(folder: Path, mode: int = 0o777) -> list[Path]:
    """Create ``folder`` and its missing parents; return those made, outermost first."""
    missing = []
    for path in (folder, *folder.parents):
        if os.path.lexists(path):
            break
        missing.append(path)
    made = []
    for path in reversed(missing):
        try:
            os.mkdir(path, mode)
        except FileExistsError:
            continue
        made.append(path)
    return made


def check_folder(folder: Path) -> None:
    """Raise the usual OutputError now if nothing can be written to ``folder``; folders made
    for the check are removed again (they are made for real when the files are written)."""
    with Staging(folder) as stage:
        stage.open()


# --- locks and what killed runs leave behind -------------------------------------------------


@contextlib.contextmanager
def locked(folder_fd: int, stems: list[str], folder: Path) -> Iterator[None]:
    """Hold the lock file of every output name in ``stems`` (sorted, so never a deadlock)."""
    held: list[tuple[str, int]] = []
    try:
        for stem in sorted(set(stems)):
            name = f".{stem}{LOCK_SUFFIX}"
            held.append((name, _acquire(folder_fd, name, folder)))
        yield
    finally:
        for name, fd in reversed(held):
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=folder_fd)  # still holding it: the next one retries
            os.close(fd)


def _acquire(folder_fd: int, name: str, folder: Path) -> int:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        fd = os.open(name, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=folder_fd)
        if _try_lock(fd) and _same_file(folder_fd, name, fd):
            return fd
        os.close(fd)
        if time.monotonic() > deadline:
            raise OutputError(
                f"another stretchaudio run has been writing {folder / name[1 : -len(LOCK_SUFFIX)]} "
                f"for over {LOCK_WAIT_SECONDS:.0f} s; wait for it to finish, or remove "
                f"{folder / name} if no other run is active"
            )
        time.sleep(0.02)


def _try_lock(fd: int) -> bool:
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _same_file(folder_fd: int, name: str, fd: int) -> bool:
    """Whether ``name`` still names the file open at ``fd`` (a lock file removed by its last
    holder must not be mistaken for the current one)."""
    try:
        now = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    then = os.fstat(fd)
    return (now.st_ino, now.st_dev) == (then.st_ino, then.st_dev)


def ours(st: os.stat_result) -> bool:
    """Whether ``st`` is a regular file (not a link, FIFO or device) that the user owns."""
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid()


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (ours, or one we may not signal)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(folder_fd: int) -> int:
    """Remove what killed runs left in the folder: private staging folders whose lock is free
    (or without a lock, whose process is gone), and unheld lock files. Only our own files,
    never following a symlink. Returns how many were removed."""
    removed = 0
    for name in os.listdir(folder_fd):
        match = _STAGING_RE.fullmatch(name)
        if match and _abandoned(folder_fd, name, int(match[1])):
            with contextlib.suppress(OSError):
                shutil.rmtree(name, dir_fd=folder_fd)
                removed += 1
        elif _LOCK_RE.fullmatch(name) and _unheld_lock(folder_fd, name):
            removed += 1
    return removed


def _abandoned(folder_fd: int, name: str, pid: int) -> bool:
    try:
        fd = open_folder(name, folder_fd, follow=False)
    except OSError:
        return False  # not a folder (or a symlink): not ours
    try:
        if os.fstat(fd).st_uid != os.geteuid():
            return False
        try:
            lock = os.open("lock", os.O_RDWR | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
        except FileNotFoundError:
            return not alive(pid)
        except OSError:
            return False
        try:
            return _try_lock(lock) if fcntl is not None else not alive(pid)
        finally:
            os.close(lock)
    finally:
        os.close(fd)


def _unheld_lock(folder_fd: int, name: str) -> bool:
    try:
        fd = os.open(name, os.O_RDWR | _NOFOLLOW | _CLOEXEC, dir_fd=folder_fd)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not ours(st) or st.st_size:
            return False
        if fcntl is None or not _try_lock(fd) or not _same_file(folder_fd, name, fd):
            return False
        os.unlink(name, dir_fd=folder_fd)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


# --- one file ----------------------------------------------------------------------------------


def replace_file(folder_fd: int, name: str, data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` to a new file beside ``name`` in the folder, then rename it over
    ``name``: readers see the old file or the whole new one, never a part."""
    tmp = f".tmp-{os.getpid()}-{secrets.token_hex(6)}{os.path.splitext(name)[1]}"
    fd = os.open(tmp, os.O_WRONLY | _NEW, mode, dir_fd=folder_fd)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder_fd)
        raise


def clean_temps(folder_fd: int, min_age: float = 60.0) -> int:
    """Remove ``replace_file`` temporaries whose process is gone (and older than ``min_age``
    seconds, in case that process lives in another PID namespace). Returns the count."""
    removed = 0
    now = time.time()
    for name in os.listdir(folder_fd):
        match = _TEMP_RE.fullmatch(name)
        if not match or alive(int(match[1])):
            continue
        with contextlib.suppress(OSError):
            st = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
            if ours(st) and now - st.st_mtime >= min_age:
                os.unlink(name, dir_fd=folder_fd)
                removed += 1
    return removed
