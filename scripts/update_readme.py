"""Rewrite README.md's settings tables from the settings table (src/stretchaudio/settings.py).

    .venv/bin/python scripts/update_readme.py

tests/test_settings.py fails when README.md and the table disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from stretchaudio.settings import Group, markdown_table  # noqa: E402

SECTION = re.compile(r"(<!-- settings:(\w+) -->\n).*?(<!-- /settings -->)", re.S)


def updated(readme: str) -> str:
    """README text with every settings section regenerated."""
    return SECTION.sub(lambda m: m[1] + markdown_table(Group(m[2])) + "\n" + m[3], readme)


if __name__ == "__main__":
    path = ROOT / "README.md"
    path.write_text(updated(path.read_text(encoding="utf-8")), encoding="utf-8")
