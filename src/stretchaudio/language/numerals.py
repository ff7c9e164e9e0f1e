"""Numbers as words, both ways, from one vocabulary: num2words's.

Writing: ``number_words(26)`` is "twenty-six" (num2words, in any language it knows), and
``number_words(21, "es", "f")`` is "veintiuna": the form a number takes before a feminine
(``"f"``) or masculine (``"m"``) noun, for the languages where it agrees (see :data:`FORMS`).
Reading:
``parse_number("twenty six")`` is 26. The reading side is built from the same words that
num2words writes for 1 to 999, so the two directions can never disagree; :data:`NUMBER`,
:data:`WORD_NUMBER` and :data:`RANGE` are regular-expression texts for other patterns to embed
(the step-text parser and the article importer use them).

Reading is English: routine files in other languages give their timing with keys
(``hold: 20``), and the article importer reads English articles.

>>> number_words(45), parse_number("forty five"), parse_number("one hundred and five")
('forty-five', 45, 105)
>>> parse_range("10-15"), parse_range("ten to fifteen"), parse_range("twenty-six")
((10, 15), (10, 15), (26, 26))
"""

from __future__ import annotations

import functools
import re

MAX_WORDS = 999
"""Numbers up to this are read and written as words; larger ones as digits."""


@functools.cache
def _num2words(n: int, lang: str) -> str:
    from num2words import num2words

    words: str = num2words(n, lang=lang)
    return words


FORMS: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    # Spanish: "un segundo", "veintiún segundos"; "una vez", "veintiuna veces", "doscientas".
    "es": {
        "m": ((r"veintiuno$", "veintiún"), (r"\buno$", "un")),
        "f": ((r"uno$", "una"), (r"ientos\b", "ientas")),
    },
    # Portuguese: "uma vez", "duas vezes", "vinte e duas", "duzentas".
    "pt": {"f": ((r"\bum$", "uma"), (r"\bdois$", "duas"), (r"entos\b", "entas"))},
    # French: "une seconde", "vingt et une fois".
    "fr": {"f": ((r"\bun$", "une"),)},
    # Italian: "un secondo", "una volta" (compounds stay: "ventuno volte").
    "it": {"m": ((r"^uno$", "un"),), "f": ((r"^uno$", "una"),)},
    # German: "eine Sekunde", "ein Atemzug" ("einundzwanzig" stays).
    "de": {"m": ((r"^eins$", "ein"),), "n": ((r"^eins$", "ein"),), "f": ((r"^eins$", "eine"),)},
}
"""How a number word agrees with the noun after it, by language and form (``m``, ``f``,
``n``): regular-expression rewrites of num2words's counting form. num2words writes the form
used for counting ("uno", "un", "eins"); before a noun some languages change it."""

_FIXES: dict[str, tuple[tuple[str, str], ...]] = {
    # num2words writes "honderdéén"; the accent marks only the word "één" standing alone.
    "nl": ((r"(?<=\w)één", "een"),),
}


def number_words(n: int, lang: str = "en", form: str = "") -> str:
    """``n`` in words ("forty-five"); digits for negative numbers and above 999. ``form``
    ("m", "f", "n") is the form before a noun of that gender, where the language has one."""
    if n < 0 or n > MAX_WORDS:
        return str(n)
    words = _num2words(n, num2words_code(lang))
    base = lang.replace("-", "_").split("_")[0].lower()
    for pattern, repl in _FIXES.get(base, ()) + FORMS.get(base, {}).get(form, ()):
        words = re.sub(pattern, repl, words)
    return words


@functools.cache
def num2words_code(lang: str) -> str:
    """The code num2words knows for ``lang`` ("pt-BR" -> "pt_BR", "de-AT" -> "de");
    raises NotImplementedError when it knows none."""
    from num2words import CONVERTER_CLASSES

    code = lang.replace("-", "_")
    region = code.split("_")[0].lower() + code[len(code.split("_")[0]) :].upper()
    for candidate in (code, region, code.split("_")[0].lower()):
        if candidate in CONVERTER_CLASSES:
            return candidate
    raise NotImplementedError(f"num2words has no number words for {lang!r}")


def _norm(words: str) -> str:
    """One spelling per number: lower case, hyphens as spaces, no "and"."""
    words = re.sub(r"[-\s]+", " ", words.lower()).strip()
    words = " ".join(_ALIASES.get(w, w) for w in words.split())
    return words.replace(" and ", " ")


_ALIASES = {"fourty": "forty"}  # a common misspelling


@functools.cache
def _vocabulary() -> dict[str, int]:
    """Every English number word form from 1 to 999, normalised, to its value."""
    return {_norm(_num2words(n, "en")): n for n in range(1, MAX_WORDS + 1)}


def _alternatives(words: list[str]) -> str:
    return "|".join(sorted(dict.fromkeys(words), key=len, reverse=True))


def _word_number_pattern() -> str:
    """1 to 999 in English words, built from num2words's own words."""
    units = [_num2words(n, "en") for n in range(1, 10)]
    teens = [_num2words(n, "en") for n in range(10, 20)]
    tens = [_num2words(n, "en") for n in range(20, 100, 10)] + list(_ALIASES)
    hundred = _num2words(100, "en").split()[-1]
    unit, teen, ten = _alternatives(units), _alternatives(teens), _alternatives(tens)
    below_100 = rf"(?:(?:{ten})(?:[-\s]+(?:{unit}))?|{teen}|{unit})"
    return rf"\b(?:(?:{unit})[-\s]+{hundred}(?:[-\s]+(?:and\s+)?{below_100})?|{below_100})\b"


WORD_NUMBER = _word_number_pattern()
"""A number from one to nine hundred and ninety-nine in words (a regex text)."""
DIGITS = r"(?<![0-9.])[0-9]{1,4}(?![0-9]|\.[0-9])"
"""A whole number in digits, at most four of them (longer runs are not timing)."""
NUMBER = rf"(?:{DIGITS}|{WORD_NUMBER})"
"""A whole number in digits or words (a regex text)."""
RANGE_SEPARATOR = r"\s*(?:-|\u2013|\u2014|to|or)\s*"
RANGE = rf"(?:{NUMBER})(?:{RANGE_SEPARATOR}(?:{NUMBER}))?"
"""A number or a range of numbers ("10-15", "ten to fifteen") (a regex text)."""

_RANGE_RE = re.compile(rf"({NUMBER}){RANGE_SEPARATOR}({NUMBER})", re.IGNORECASE)


def parse_number(text: str) -> int | None:
    """The whole number ``text`` is, in digits or English words; None if it is not one."""
    text = text.strip()
    if re.fullmatch(r"[0-9]{1,6}", text):
        return int(text)
    if len(text) > 60:
        return None
    return _vocabulary().get(_norm(text))


def parse_range(text: str) -> tuple[int, int] | None:
    """(low, high) of a number or range ("10-15", "ten to fifteen"); None if neither."""
    text = text.strip()
    whole = parse_number(text)  # "twenty-six" is one number, not the range twenty to six
    if whole is not None:
        return whole, whole
    match = _RANGE_RE.fullmatch(text)
    if match:
        low, high = parse_number(match.group(1)), parse_number(match.group(2))
        if low is not None and high is not None:
            return min(low, high), max(low, high)
        return None
    return None
