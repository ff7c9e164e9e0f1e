"""File-system-safe names from routine titles."""

from __future__ import annotations

import re
import unicodedata

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
