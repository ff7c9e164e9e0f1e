"""The spoken intro: the article's safety sentences, condensed, each said once."""

from __future__ import annotations

from .ledger import Ledger, words_of
from .safety import condense_warning
from .sections import SafetyNote

MAX_INTRO_SENTENCES = 8
"""More safety sentences than this are reported, not spoken: a listener stops listening."""
_SAME = 0.8  # share of a sentence's words already said for it to count as said


def make_intro(notes: list[SafetyNote], ledger: Ledger) -> str:
    """The intro from the safety sentences, in article order; repeats and sentences beyond
    :data:`MAX_INTRO_SENTENCES` go to the ledger with their reason."""
    chosen: list[str] = []
    said: list[set[str]] = []
    for note in sorted(notes, key=lambda note: note.line):
        text = condense_warning(note.text)
        words = words_of(text)
        if not words:
            ledger.skip(note.line, note.text, "safety advice with nothing left to say")
        elif any(len(words & earlier) >= _SAME * len(words) for earlier in said):
            ledger.skip(note.line, note.text, "the same safety advice is already in the intro")
        elif len(chosen) == MAX_INTRO_SENTENCES:
            reason = f"the intro already holds {MAX_INTRO_SENTENCES} safety sentences"
            ledger.skip(
                note.line,
                note.text,
                reason + "; add it to 'intro:' by hand if needed",
                notable=True,
            )
        else:
            chosen.append(text)
            said.append(words)
            ledger.use(note.line, note.text, note.end)
    return " ".join(chosen)
