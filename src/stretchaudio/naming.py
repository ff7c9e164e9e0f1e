"""File-system-safe names from routine titles."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from .errors import UsageError

MAX_NAME_LENGTH = 80
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def slugify(title: str, fallback: str = "routine") -> str:
    """Lower-case ASCII letters, digits and single hyphens; never empty, never reserved.

    Accents are folded (``Étirement`` -> ``etirement``); path separators, dots and anything
    else become hyphens, so a title can never name a file outside the output folder.
    """
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    slug = slug[:MAX_NAME_LENGTH].rstrip("-")
    if not slug:
        return fallback
    if slug in _RESERVED:
        slug = f"{slug}-routine"
    return slug


def output_names(titles: Sequence[str]) -> list[str]:
    """One file name (without suffix) per routine title, decided for the whole batch at once.

    Each routine is named after its title (``slugify``). When several titles give the same
    name, ignoring case (some file systems do), the first keeps it and the others get ``-2``,
    ``-3``, ... skipping every name that another routine of the batch has as its own, so two
    outputs can never coincide ("Evening", "Evening 2", "EVENING" -> evening, evening-2,
    evening-3).
    """
    bases = [slugify(title) for title in titles]
    own = {base.casefold() for base in bases}
    used: set[str] = set()
    names = []
    for base in bases:
        name, number = base, 2
        while name.casefold() in used:
            name = f"{base}-{number}"
            number += 1
            if name.casefold() in own:
                name = base  # another routine's own name: try the next number
        used.add(name.casefold())
        names.append(name)
    return names


NAME_MAX = 255
"""Bytes per file or folder name on almost every file system."""


def check_path(path: Path, what: str) -> None:
    """UsageError if a part of ``path`` is longer than file systems allow (a clear line
    instead of an OS error halfway through)."""
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            shown = part if len(part) <= 60 else f"{part[:30]}...{part[-20:]}"
            raise UsageError(
                f"{what}: the name {shown!r} is {size} bytes long, but file systems allow at "
                f"most {NAME_MAX}; use a shorter name"
            )
