"""Left and right: the words the second side of a two-sided exercise swaps, in any language.

The words come from the language's phrase catalogue (the message ``left=right`` in the
context "side words"): space-separated pairs such as ``links=rechts linke=rechte``, each
swapped both ways as whole words, keeping their case; a pair ending in ``*`` swaps the start
of a compound (Dutch ``linker*=rechter*``: "linkerbeen" <-> "rechterbeen"). So a translator
who adds a language adds its side words in the same file.

Some languages need more than a word list, and get a rule here (:data:`RULES`):

* Spanish and Portuguese "derecho"/"direito" and French "droit" also mean *straight*
  ("la espalda derecha", "gardez le dos droit"): they are swapped only where they name a
  side, after a limb ("la pierna derecha", "le bras droit") or as the side itself ("a la
  derecha", "à droite", "o lado direito").
* French "gauche" has one form for both genders but "droit"/"droite" agree with the noun:
  "le pied gauche" becomes "le pied droit", "la jambe gauche" "la jambe droite".

>>> mirror_sides("Extend your Right leg; keep the left knee bent.")
'Extend your Left leg; keep the right knee bent.'
>>> mirror_sides("Estira la pierna derecha con la espalda derecha.", "es")
'Estira la pierna izquierda con la espalda derecha.'
>>> mirror_sides("Posez le pied gauche, tournez à droite, gardez le dos droit.", "fr")
'Posez le pied droit, tournez à gauche, gardez le dos droit.'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from .catalogue import base_language

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SideWords:
    """Whole words and compound starts that swap, lower case."""

    words: dict[str, str]
    prefixes: tuple[tuple[str, str], ...]  # longest first

    @classmethod
    def parse(cls, pairs: str) -> SideWords:
        words: dict[str, str] = {}
        prefixes: dict[str, str] = {}
        for pair in pairs.split():
            left, sep, right = pair.lower().partition("=")
            if not sep or not left or not right:
                continue
            if left.endswith("*") and right.endswith("*"):
                prefixes.setdefault(left[:-1], right[:-1])
                prefixes.setdefault(right[:-1], left[:-1])
            else:
                words.setdefault(left.rstrip("*"), right.rstrip("*"))
                words.setdefault(right.rstrip("*"), left.rstrip("*"))
        ordered = tuple(sorted(prefixes.items(), key=lambda p: len(p[0]), reverse=True))
        return cls(words, ordered)

    def swap(self, word: str) -> str | None:
        """The other side's word for ``word`` (lower case), or None."""
        lower = word.lower()
        if lower in self.words:
            return self.words[lower]
        for start, other in self.prefixes:
            if lower.startswith(start) and len(lower) > len(start):
                return other + lower[len(start) :]
        return None


Rule = Callable[[list[str], int, str], str | None]
"""(the text's words, the index of a side word, its swap) -> the swap to use, or None to
leave the word as it is."""


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Limbs and sides that "right"/"left" agree with, as they appear before the adjective.
_LIMBS_ES = _set(
    "pierna brazo pie mano rodilla hombro cadera muslo codo muñeca tobillo talón glúteo nalga "
    "lado costado oreja oído ojo dedo pantorrilla gemelo mejilla pulgar antebrazo isquiotibial "
    "cuádriceps flanco omóplato axila empeine planta hemicuerpo"
)
_LIMBS_PT = _set(
    "perna braço pé mão joelho ombro quadril anca coxa cotovelo punho pulso tornozelo "
    "calcanhar glúteo nádega lado flanco orelha ouvido olho dedo panturrilha gémeo gêmeo "
    "bochecha polegar antebraço axila omoplata virilha"
)
_FR_MASCULINE = _set(
    "bras pied genou coude poignet talon mollet orteil doigt pouce côté flanc oeil œil "
    "sourcil fessier tibia quadriceps ischio psoas poumon rein pectoral deltoïde "
    "trapèze biceps triceps adducteur abducteur jambier hémicorps"
)
_FR_FEMININE = _set(
    "jambe main épaule hanche cuisse cheville fesse oreille joue tempe narine paume omoplate "
    "clavicule côte aisselle plante aine"
)
_FR_DETERMINERS_M = _set("le un mon ton son du au ce cet")
_FR_DETERMINERS_F = _set("la une ma ta sa cette")


def _singular(word: str) -> str:
    if word.endswith("x") and not word.endswith("eux"):
        return word[:-1]  # genoux -> genou
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _is_limb(word: str, limbs: frozenset[str]) -> bool:
    word = word.lower()
    return word in limbs or _singular(word) in limbs


def _names_side(words: list[str], i: int, limbs: frozenset[str], articles: set[str]) -> bool:
    """Whether the adjective at ``i`` names a side: right after a limb ("pierna derecha"),
    after a limb and its participle ("pierna estirada derecha"), or as a noun after an
    article or preposition ("a la derecha", "à droite")."""
    before = [w.lower() for w in words[max(0, i - 2) : i]]
    if before and (_is_limb(before[-1], limbs) or before[-1] in articles):
        return True
    participle = re.search(r"(?:[ai]d[oa]s?|ée?s?)$", before[-1]) if before else None
    return len(before) == 2 and participle is not None and _is_limb(before[0], limbs)


def _ambiguous_right(stem: str, limbs: frozenset[str], articles: set[str]) -> Rule:
    """A rule for a language whose word for "right" also means "straight"."""

    def rule(words: list[str], i: int, swap: str) -> str | None:
        if words[i].lower().startswith(stem) and not _names_side(words, i, limbs, articles):
            return None
        return swap

    return rule


def _french(words: list[str], i: int, swap: str) -> str | None:
    """ "droit" only where it names a side; "gauche" -> "droit"/"droite" by the noun's gender."""
    word = words[i].lower()
    side_nouns = {"à", "la", "le", "les", "du", "au", "de", "vers", "sur", "par"}
    limbs = _FR_MASCULINE | _FR_FEMININE
    if word.startswith("droit"):
        return swap if _names_side(words, i, limbs, side_nouns) else None
    plural = "s" if word.endswith("s") else ""
    return ("droite" if _french_feminine(words, i) else "droit") + plural


def _french_feminine(words: list[str], i: int) -> bool:
    """Whether "gauche" at ``i`` agrees with a feminine noun (or is the noun "la gauche")."""
    before = [w.lower() for w in words[max(0, i - 2) : i]]
    if not before or before[-1] in ("à", "vers", "sur", "de", "par"):
        return True  # "à gauche", "vers la gauche": the side itself, feminine
    if before[-1] in _FR_DETERMINERS_M or before[-1] in _FR_DETERMINERS_F:
        return before[-1] in _FR_DETERMINERS_F  # "le gauche" (the left one), "la gauche"
    noun = _singular(before[-1])
    if noun in _FR_MASCULINE or before[-1] in _FR_MASCULINE:
        return False
    if noun in _FR_FEMININE or before[-1] in _FR_FEMININE:
        return True
    if len(before) == 2 and before[0] in _FR_DETERMINERS_M:
        return False
    if len(before) == 2 and before[0] in _FR_DETERMINERS_F:
        return True
    return noun.endswith("e")  # an unknown noun: most French nouns in -e are feminine


_EN_RIGHT_NOT_A_SIDE = _set(
    "angle angles away now here there through up down back over under across into in along"
)


def _english(words: list[str], i: int, swap: str) -> str | None:
    """ "right" is no side in "a right angle", "right away", "all right", "right back up"."""
    if words[i].lower() != "right":
        return swap
    after = words[i + 1].lower() if i + 1 < len(words) else ""
    before = words[i - 1].lower() if i else ""
    if before in ("the", "your", "my", "his", "her", "their"):
        return swap  # "to the right in a slow arc": the side itself
    return None if after in _EN_RIGHT_NOT_A_SIDE or before == "all" else swap


RULES: dict[str, Rule] = {
    "en": _english,
    # "a la derecha", "sobre el derecho" (the right one), "el lado derecho"
    "es": _ambiguous_right("derech", _LIMBS_ES, {"la", "las", "el", "los", "al", "del"}),
    # "à direita", "sobre o direito", "o lado direito"
    "pt": _ambiguous_right(
        "direit", _LIMBS_PT, {"a", "as", "o", "os", "à", "ao", "da", "do", "pela", "pelo"}
    ),
    "fr": _french,
}
"""Rules for languages whose side words need more than a word list (see the docstring)."""


@functools.cache
def _side_words(lang: str) -> SideWords:
    from .phrasebook import phrasebook

    return SideWords.parse(phrasebook(lang).side_words())


def _cased(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def mirror_sides(text: str, lang: str = "en") -> str:
    """Swap left and right in ``text`` (whole words, keeping case): the text for the second
    side, in the routine's language ``lang``."""
    table = _side_words(lang)
    rule = RULES.get(base_language(lang))
    matches = list(_WORD.finditer(text))
    words = [m.group(0) for m in matches]
    out, last = [], 0
    for i, match in enumerate(matches):
        swap = table.swap(match.group(0))
        if swap is not None and rule is not None:
            swap = rule(words, i, swap)
        if swap is None:
            continue
        out.append(text[last : match.start()])
        out.append(_cased(swap, match.group(0)))
        last = match.end()
    out.append(text[last:])
    return "".join(out)
