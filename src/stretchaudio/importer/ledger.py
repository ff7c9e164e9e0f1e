"""Nothing lost silently: where every sentence of the article went.

Each stage records what it uses (:meth:`Ledger.use`: the title, an exercise name, a step, a
label, a safety sentence for the intro) and what it leaves out, with the reason
(:meth:`Ledger.skip`). :meth:`Ledger.sweep` then reads the article line by line: a sentence
whose words no record covers is reported as well, so every sentence of the article ends up in
the YAML, in the intro or in a ``source:line: skipped '...': reason`` message.

Messages come in two kinds: *warnings* for text that looked like an instruction or gave
timing (the user should check it), and *left out* for everything else (page furniture,
commentary, tips), which the ``import`` command lists too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ..language.text import sentences
from .text import inline_text

QUOTE_LIMIT = 300
"""Characters of article text quoted in a message (a whole sentence, nearly always)."""
_COVERED = 0.6  # share of a sentence's words found in the records of its line
_MARKER_RE = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+\u2022]\s+|\(?\d{1,2}[.)]\s+|\|\s*)+")
_WORD_RE = re.compile(r"[a-z0-9]{2,}")


@dataclass(frozen=True)
class Entry:
    """One piece of the article and what became of it (``reason`` is "" when it was used)."""

    line: int
    end: int
    text: str
    reason: str = ""
    notable: bool = False


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Article text shortened for a message, on one line."""
    text = " ".join(text.split()).replace("'", "\u2019")
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def words_of(text: str) -> set[str]:
    """The words (two letters or digits or more, lower case) of ``text``."""
    return set(_WORD_RE.findall(text.lower()))


class Ledger:
    """What became of each piece of one article."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.entries: list[Entry] = []

    def use(self, line: int, text: str, end: int | None = None) -> None:
        """``text`` (from ``line`` to ``end``) is in the routine: the YAML or the intro."""
        self.entries.append(Entry(line, max(line, end or line), text))

    def skip(
        self, line: int, text: str, reason: str, *, end: int | None = None, notable: bool = False
    ) -> None:
        """``text`` is left out because of ``reason``; ``notable`` when it looked like an
        instruction or gave timing."""
        if any(char.isalnum() for char in text):
            self.entries.append(Entry(line, max(line, end or line), text, reason, notable))

    def sweep(self, lines: list[str], notable: Callable[[str], bool]) -> None:
        """Report every sentence of ``lines`` that no record covers (see the module doc)."""
        covered: dict[int, set[str]] = defaultdict(set)
        for entry in self.entries:
            for number in range(entry.line, entry.end + 1):
                covered[number] |= words_of(entry.text)
        for number, raw in enumerate(lines, start=1):
            text = _MARKER_RE.sub("", inline_text(raw))
            for sentence in sentences(text):
                words = words_of(sentence)
                if words and len(words & covered[number]) < _COVERED * len(words):
                    reason = "not recognised as part of an exercise"
                    self.skip(number, sentence, reason, notable=notable(sentence))

    def messages(self, *, notable: bool) -> list[tuple[int, str]]:
        """The warnings (``notable``) or the other left-out lines, sorted by line, each once
        (a sentence both warned about and left out is a warning only)."""
        warned = {(e.line, e.text) for e in self.entries if e.reason and e.notable}
        seen: set[tuple[int, tuple[str, ...]]] = set()
        out: list[tuple[int, str]] = []
        for entry in sorted(self.entries, key=lambda entry: entry.line):
            if not entry.reason or entry.notable != notable:
                continue
            key = (entry.line, tuple(sorted(words_of(entry.text))))
            if key in seen or (not notable and (entry.line, entry.text) in warned):
                continue
            seen.add(key)
            message = f"{self.source}:{entry.line}: skipped '{quote(entry.text)}': {entry.reason}"
            out.append((entry.line, message))
        return out
