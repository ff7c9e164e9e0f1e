"""Everything about words: numbers both ways, sentences, tidy text, clock times, sides.

One module per concern (:mod:`.numerals`, :mod:`.text`, :mod:`.sides`), used by every stage
that reads or writes words: the step-text parser, the article importer, the planner, the gTTS
splitter, ``script`` and the sidecars.
"""

from __future__ import annotations

from .numerals import number_words, parse_number, parse_range
from .sides import mirror_sides
from .text import clock, sentence, sentences, tidy

__all__ = [
    "clock",
    "mirror_sides",
    "number_words",
    "parse_number",
    "parse_range",
    "sentence",
    "sentences",
    "tidy",
]
