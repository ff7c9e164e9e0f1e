"""The clip cache on disk (cache.py): entries carry their key, private folders, untrusted
folders and entries bypassed, bounded reads, and eviction and clearing that only remove what
the tool provably wrote."""

from __future__ import annotations

import logging
import os
import stat
import time
from pathlib import Path

import numpy as np
import pytest

from stretchaudio import cache
from stretchaudio.errors import OutputError, UsageError

KEY_A = '{"engine": "x"}\nReach up.'
KEY_B = '{"engine": "x"}\nRelease.'


def clip(seed: int, n: int = 2000) -> np.ndarray:
    return np.random.default_rng(seed).integers(-9000, 9000, n, dtype=np.int16)


def path_of(folder: Path, key: str) -> Path:
    sub, name = cache.entry_name(key)
    return folder / sub / name


def test_entries_round_trip_in_private_folders(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "clips"
    store = cache.ClipCache(folder)
    store.put(KEY_A, clip(1))
    got = cache.ClipCache(folder).get(KEY_A)
    assert got is not None and np.array_equal(got, clip(1))
    entry = path_of(folder, KEY_A)
    for made in (tmp_path / "a", folder, entry.parent):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert KEY_A.encode() in entry.read_bytes()  # the entry says what it is


def test_an_entry_copied_over_another_clips_name_is_a_miss(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """'Reach up.' must never play 'Release.': the entry holds its key and it must match."""
    store = cache.ClipCache(tmp_path)
    store.put(KEY_A, clip(1))
    store.put(KEY_B, clip(2))
    path_of(tmp_path, KEY_A).write_bytes(path_of(tmp_path, KEY_B).read_bytes())
    with caplog.at_level(logging.WARNING):
        assert cache.ClipCache(tmp_path).get(KEY_A) is None
    assert "holds another clip" in caplog.text


@pytest.mark.parametrize(
    "damage",
    ["truncated", "flipped", "old-format", "empty", "forged-length", "key-cut"],
)
def test_damaged_entries_are_misses(damage: str, tmp_path: Path) -> None:
    store = cache.ClipCache(tmp_path)
    store.put(KEY_A, clip(1))
    path = path_of(tmp_path, KEY_A)
    data = bytearray(path.read_bytes())
    if damage == "truncated":
        data = data[:-3]
    elif damage == "flipped":
        data[-1] ^= 1
    elif damage == "old-format":  # a valid version-1 entry: no key inside, never trusted
        payload = clip(1).astype("<i2").tobytes()
        import hashlib

        digest = hashlib.blake2b(payload, digest_size=16).digest()
        data = bytearray(cache.OLD_MAGIC + len(payload).to_bytes(8, "little") + digest + payload)
    elif damage == "empty":
        data = bytearray()
    elif damage == "forged-length":
        data[12:20] = (10**12).to_bytes(8, "little")
    else:
        data[8:12] = (3).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    store = cache.ClipCache(tmp_path)
    assert store.get(KEY_A) is None
    assert store.repaired == 1


def test_a_symlinked_entry_is_never_followed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An entry that is a symlink to /dev/zero would be read for ever: it is not opened."""
    store = cache.ClipCache(tmp_path)
    store.put(KEY_A, clip(1))
    path = path_of(tmp_path, KEY_A)
    path.unlink()
    path.symlink_to("/dev/zero")
    start = time.monotonic()
    with caplog.at_level(logging.WARNING):
        assert cache.ClipCache(tmp_path).get(KEY_A) is None
    assert time.monotonic() - start < 1 and "symbolic link" in caplog.text


def test_a_fifo_or_huge_entry_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = cache.ClipCache(tmp_path)
    store.put(KEY_A, clip(1))
    store.put(KEY_B, clip(2))
    fifo = path_of(tmp_path, KEY_A)
    fifo.unlink()
    os.mkfifo(fifo, 0o600)  # opening it must not block, reading it must not happen
    assert cache.ClipCache(tmp_path).get(KEY_A) is None
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 100)
    assert cache.ClipCache(tmp_path).get(KEY_B) is None


def test_a_folder_others_can_write_is_not_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "shared"
    cache.ClipCache(folder).put(KEY_A, clip(1))
    folder.chmod(0o777)
    with caplog.at_level(logging.WARNING):
        store = cache.ClipCache(folder)
        assert store.get(KEY_A) is None
        store.put(KEY_B, clip(2))
        assert store.get(KEY_B) is None
    assert not path_of(folder, KEY_B).exists()  # not written either
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "can be written by other users" in warnings[0].getMessage()
    with pytest.raises(OutputError, match="not touching it"):
        cache.clear(folder)
    assert path_of(folder, KEY_A).exists()


def test_a_subfolder_or_entry_others_can_write_is_not_used(tmp_path: Path) -> None:
    store = cache.ClipCache(tmp_path)
    store.put(KEY_A, clip(1))
    store.put(KEY_B, clip(2))
    path_of(tmp_path, KEY_A).parent.chmod(0o777)
    path_of(tmp_path, KEY_B).chmod(0o666)
    fresh = cache.ClipCache(tmp_path)
    if path_of(tmp_path, KEY_A).parent != path_of(tmp_path, KEY_B).parent:
        assert fresh.get(KEY_A) is None
    assert fresh.get(KEY_B) is None


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file to another user")
def test_an_entry_owned_by_another_user_is_not_used(tmp_path: Path) -> None:
    store = cache.ClipCache(tmp_path)
    store.put(KEY_A, clip(1))
    os.chown(path_of(tmp_path, KEY_A), 65534, 65534)
    assert cache.ClipCache(tmp_path).get(KEY_A) is None
    os.chown(tmp_path, 65534, 65534)
    assert cache.ClipCache(tmp_path).get(KEY_B) is None


def test_eviction_and_clear_remove_only_what_the_tool_wrote(tmp_path: Path) -> None:
    store = cache.ClipCache(tmp_path)
    keys = [f"{KEY_A} {n}" for n in range(4)]
    for n, key in enumerate(keys):
        store.put(key, clip(n))
        old = time.time() - 1000 + n
        os.utime(path_of(tmp_path, key), (old, old))
    sub = path_of(tmp_path, keys[0]).parent
    other = next(f"{n:02x}" for n in range(256) if not (tmp_path / f"{n:02x}").exists())
    foreign = [
        sub / "notes.clip",  # not an entry name
        sub / f"{sub.name}{'0' * 62}.clip",  # an entry name, but not our content
        tmp_path / other / f"{other}{'1' * 62}.clip",
        sub / f".tmp-{os.getpid()}-abcdef.clip",  # a live writer's temporary file
    ]
    foreign[2].parent.mkdir(mode=0o700)
    for path in foreign:
        path.write_bytes(b"user data" * 1000)
        os.utime(path, (0, 0))  # oldest of all: evicted first if anything were
    entry_named = [p for p in tmp_path.glob("??/*.clip") if len(p.stem) == 64]
    everything = sum(p.stat().st_size for p in entry_named)  # what counts towards the bound
    two_oldest = sum(path_of(tmp_path, k).stat().st_size for k in keys[:2])
    assert store.trim(everything - two_oldest) == 2  # the two least recently used of ours
    assert [path_of(tmp_path, k).exists() for k in keys] == [False, False, True, True]
    removed, _, left = cache.clear(tmp_path)
    assert removed == 2 and left == 2  # the entry-named foreign files stay
    assert all(path.exists() for path in foreign)


def test_info_counts_entries(tmp_path: Path) -> None:
    store = cache.ClipCache(tmp_path)
    store.put(KEY_A, clip(1, 100))
    store.put(KEY_B, clip(2, 100))
    entries, size = cache.info(tmp_path)
    assert entries == 2 and size == sum(path_of(tmp_path, k).stat().st_size for k in (KEY_A, KEY_B))
    assert cache.info(tmp_path / "missing") == (0, 0)


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "1e9", "abc", "٥١٢", "1" * 400, "0x10"])
def test_a_bad_size_bound_is_a_usage_error(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRETCHAUDIO_CACHE_MAX_MB", value)
    with pytest.raises(UsageError, match="STRETCHAUDIO_CACHE_MAX_MB must be a number"):
        cache.limit_bytes()


@pytest.mark.parametrize(("value", "limit"), [("", 512_000_000), ("0", 0), ("1.5", 1_500_000)])
def test_size_bound(value: str, limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRETCHAUDIO_CACHE_MAX_MB", value)
    assert cache.limit_bytes() == limit
