"""Hints for routines written in a language whose timing words are not read.

Step text is read for timing ("hold for 20 seconds", "switch sides") only in English; in
another language it is spoken as written and the timing comes from keys (``hold: 20``,
``sides: both``). These find what an author probably meant as timing, so the loader can say
which key to add:

>>> spoken_duration("Halte die Dehnung 20 Sekunden lang.", "de")
'20 Sekunden'
>>> spoken_duration("Mantén las dos piernas estiradas.", "es") is None
True
>>> side_words("Estira la pierna derecha y la espalda recta.", "es")
['derecha']
"""

from __future__ import annotations

import functools
import re

from .catalogue import translations
from .numerals import FORMS, number_words
from .sides import _WORD, mirror_sides

_UNITS = (("{n} second", "{n} seconds"), ("{n} minute", "{n} minutes"))


@functools.cache
def _duration_pattern(lang: str) -> re.Pattern[str]:
    """A number (digits or the language's words, 1 to 120) followed by a unit of time in the
    language's own words, as its catalogue writes them ("Sekunden", "segundos")."""
    t = translations(lang)
    units = {"min", "s"}
    for singular, plural in _UNITS:
        for n in (1, 2):
            units.add(re.sub(r"\{[^}]*\}", "", t.ngettext(singular, plural, n)).strip().lower())
    forms = ["", *FORMS.get(lang.split("-")[0].split("_")[0].lower(), {})]
    words = {number_words(n, lang, form).lower() for n in range(1, 121) for form in forms}
    numbers = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    unit = "|".join(sorted((re.escape(u) for u in units if u), key=len, reverse=True))
    return re.compile(rf"\b(?:[0-9]+(?:[.,][0-9]+)?|{numbers})\s*(?:{unit})\b", re.IGNORECASE)


def spoken_duration(text: str, lang: str) -> str | None:
    """The first length of time written in ``text`` ("20 Sekunden", "veinte segundos"), or
    None."""
    match = _duration_pattern(lang).search(text)
    return match.group(0) if match else None


def side_words(text: str, lang: str) -> list[str]:
    """The words of ``text`` that name a side (the ones the second side would swap)."""
    mirrored = mirror_sides(text, lang)
    return [a for a, b in zip(_WORD.findall(text), _WORD.findall(mirrored), strict=True) if a != b]
