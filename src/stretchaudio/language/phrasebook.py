"""Every phrase the program adds to a routine's own words, in one place, in any language.

The planner never writes words itself: it asks a :class:`Phrasebook` for "Hold for twenty
seconds.", "Now the other side.", "Exercise two of five." and so on. Messages go through
gettext (``self._``, ``self._n`` for plurals, ``self._p`` with a context) with named
``{placeholders}``; numbers are :class:`Number` values written with num2words in the book's
language. English is the source language; every other language is one catalogue file
(:mod:`.catalogue`). :func:`phrasebook` gives the book for a language code.

A translation may ask for the form a number takes before a noun: ``{n:f}`` (feminine:
"una vez", "vingt et une fois"), ``{n:m}`` (masculine: "un segundo"), ``{n:n}`` (neuter), as
:data:`~stretchaudio.language.numerals.FORMS` defines them; ``{n}`` is the counting form.

>>> book = Phrasebook()
>>> book.hold(20), book.breaths(1), book.rest(90), book.reps(10, on_count=True)
('Hold for twenty seconds.', 'Stay here for one slow breath.', 'Rest for a minute and a half.', \
'Ten times, on my count.')
>>> book.hold(150), book.count(3, "lift"), book.exercise_number(2, 5)
('Hold for two and a half minutes.', 'Three: lift.', 'Exercise two of five.')
>>> german = phrasebook("de")
>>> german.hold(20), german.breaths(1), german.rest(60), german.reps(8, on_count=True)
('Halte die Position zwanzig Sekunden lang.', 'Bleib einen ruhigen Atemzug lang so.', \
'Eine Minute Pause.', 'Acht Wiederholungen, ich zähle mit.')
"""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass

from .catalogue import UnknownLanguage, translations
from .numerals import number_words
from .text import sentence


@dataclass(frozen=True)
class Number:
    """A number to be written in words, in a language; ``format(n, "f")`` is its feminine
    form (see the module docstring), ``str(n)`` its counting form."""

    value: int
    lang: str

    def __format__(self, form: str) -> str:
        return number_words(self.value, self.lang, form)

    def __str__(self) -> str:
        return number_words(self.value, self.lang)


def upper_first(text: str) -> str:
    """The first letter in upper case, the rest untouched ("zehn Sekunden Pause." ->
    "Zehn Sekunden Pause."; Dutch "één" -> "Eén")."""
    if text.startswith("één"):
        return "Eén" + text[3:]
    return text[:1].upper() + text[1:]


class Phrasebook:
    """The program's phrases in one language (``lang``: a language code such as ``de``)."""

    def __init__(self, lang: str = "en", translations: gettext.NullTranslations | None = None):
        self.lang = lang
        self._t = translations or gettext.NullTranslations()

    # --- plumbing ---------------------------------------------------------------------------

    def _(self, message: str, **values: object) -> str:
        return self._t.gettext(message).format(**values)

    def _n(self, singular: str, plural: str, n: int, **values: object) -> str:
        return self._t.ngettext(singular, plural, n).format(n=self.number(n), **values)

    def _p(self, context: str, message: str, **values: object) -> str:
        return self._t.pgettext(context, message).format(**values)

    def number(self, n: int) -> Number:
        """``n`` to be written in words ("twenty-six"); a format spec picks its form."""
        return Number(n, self.lang)

    def duration(self, seconds: float) -> str:
        """A length as a person says it: "forty-five seconds", "one minute", "a minute and a
        half", "two minutes and twenty seconds". To the second under a minute; from a minute
        on, to the nearest five seconds."""
        whole = int(seconds + 0.5)  # 6.5 s is "seven seconds" (round() would say six)
        if whole >= 60:
            whole = 5 * int(whole / 5 + 0.5)
        minutes, rest = divmod(whole, 60)
        if minutes == 0:
            # Translators: a length, put into other phrases ("Hold for {duration}."). {n} is
            # a number in words; {n:f}, {n:m} or {n:n} give its form before a feminine,
            # masculine or neuter noun where your language has one ("una", "un", "eine").
            return self._n("{n} second", "{n} seconds", whole)
        if rest == 0:
            return self._n("{n} minute", "{n} minutes", minutes)
        if rest == 30:
            if minutes == 1:
                return self._("a minute and a half")
            # Translators: {n} is two or more.
            return self._("{n} and a half minutes", n=self.number(minutes))
        return self._(
            "{minutes} and {seconds}",
            minutes=self._n("{n} minute", "{n} minutes", minutes),
            seconds=self._n("{n} second", "{n} seconds", rest),
        )

    def side_words(self) -> str:
        """The words the second side swaps, as ``left=right`` pairs (see :mod:`.sides`)."""
        # Translators: not spoken. The words for left and right in every form a step can
        # use, as space-separated pairs LEFT=RIGHT, each swapped both ways on the second
        # side; end both words with * for the start of a compound ("linker*=rechter*").
        return self._p("side words", "left=right")

    # --- around the exercises ---------------------------------------------------------------

    def title(self, title: str) -> str:
        return sentence(title)

    def first_up(self, name: str) -> str:
        # Translators: said before the first exercise; {name} is the exercise's name from
        # the routine file, with a full stop.
        return upper_first(self._("First up: {name}", name=sentence(name)))

    def next_up(self, name: str) -> str:
        return upper_first(self._("Next up: {name}", name=sentence(name)))

    def get_ready(self) -> str:
        return self._("Get ready.")

    def exercise_number(self, number: int, total: int) -> str:
        """ "Exercise two of five."; "Begin." when the routine has a single exercise."""
        if total == 1:
            return self._("Begin.")
        words = {"number": self.number(number), "total": self.number(total)}
        return upper_first(self._("Exercise {number} of {total}.", **words))

    def set_number(self, number: int, total: int) -> str:
        words = {"number": self.number(number), "total": self.number(total)}
        return upper_first(self._("Set {number} of {total}.", **words))

    def rest(self, seconds: float | None) -> str:
        if seconds is None:
            return self._("Rest.")
        return upper_first(self._("Rest for {duration}.", duration=self.duration(seconds)))

    def closing(self) -> str:
        return self._("That's the end of the routine. Well done.")

    def safety(self) -> str:
        """Said first when a routine gives no intro of its own."""
        return self._("Move gently, never into pain, and stop if anything hurts.")

    # --- sides --------------------------------------------------------------------------------

    def chapter(self, name: str, side: int) -> str:
        """The MP3 chapter title of one side of an exercise: "Bird-dog (side 2)"."""
        # Translators: a chapter title in the MP3 (not spoken); {side} is 1 or 2, in digits.
        return self._("{name} (side {side})", name=name, side=side)

    def other_side(self) -> str:
        return self._("Now the other side.")

    def same_other_side(self) -> str:
        return self._("Now the other side, the same way.")

    def release(self) -> str:
        return self._("Release.")

    def relax(self) -> str:
        """After the last repetition of a set or side."""
        return self._("And relax.")

    # --- timed actions --------------------------------------------------------------------------

    def hold(self, seconds: float | None) -> str:
        if seconds is None:
            # Translators: said before a hold whose length is not spoken (a sentence).
            return self._("Hold.")
        return upper_first(self._("Hold for {duration}.", duration=self.duration(seconds)))

    def keep_going(self, seconds: float | None) -> str:
        """Said before the window of a movement that goes on ("Rock from side to side")."""
        if seconds is None:
            # Translators: said before a movement is kept up for a while (a sentence).
            return self._("Keep going.")
        return upper_first(self._("Keep going for {duration}.", duration=self.duration(seconds)))

    def breaths(self, count: int | None) -> str:
        if count is None:
            return self._("Stay here, and breathe slowly.")
        return upper_first(
            self._n("Stay here for {n} slow breath.", "Stay here for {n} slow breaths.", count)
        )

    def rep_hold(self, seconds: float | None, then: str = "") -> str:
        """How long to hold each repetition, said once before the counting, with what to do
        after it ("Hold each one for five seconds, then lower slowly.")."""
        if seconds is None:
            # Translators: no full stop: "{action}, then {after}." may follow.
            line = self._("Hold each one")
        else:
            line = self._("Hold each one for {duration}", duration=self.duration(seconds))
        return self._then(line, then)

    def rep_breaths(self, count: int, then: str = "") -> str:
        """ "Hold each one for three breaths." """
        line = self._n("Hold each one for {n} breath", "Hold each one for {n} breaths", count)
        return self._then(line, then)

    def _then(self, line: str, then: str) -> str:
        if not then:
            return sentence(upper_first(line))
        then = then.strip().rstrip(".!")
        then = then[0].lower() + then[1:] if then[:2] != then[:2].upper() else then
        # Translators: {action} is a "Hold each one ..." phrase, {after} the routine's own
        # words for what to do after the hold, starting in lower case.
        return upper_first(self._("{action}, then {after}.", action=line, after=then))

    def reps(self, count: int | None, on_count: bool) -> str:
        """ "Ten times, on my count." before counted repetitions."""
        if count is None:
            return self._("On my count.") if on_count else self._("Slowly, at your own pace.")
        if count == 2:
            # Translators: two repetitions, said as your language says "twice".
            return self._("Twice, on my count.") if on_count else self._("Twice, slowly.")
        if on_count:
            # Translators: the English singular is "Once, ..."; a translation may count ({n:f}).
            return upper_first(self._n("Once, on my count.", "{n} times, on my count.", count))
        return upper_first(self._n("Once, slowly.", "{n} times, slowly.", count))

    def count(self, k: int, word: str | None = None) -> str:
        """ "Three." or, with the first phase's cue word, "Three: lift." """
        if word:
            # Translators: a repetition's count with its first movement: "Three: lift.";
            # {word} is the routine's own word for the movement, with its full stop.
            line = self._("{n}: {word}", n=self.number(k), word=sentence(word.lower()))
            return upper_first(line)
        return sentence(upper_first(str(self.number(k))))

    def tempo_hold(self) -> str:
        """The phase word of a repetition's own hold (a short cue, not a sentence)."""
        # Translators: one word, said as a repetition's hold begins ("Lift." "Hold it." ...).
        return self._p("tempo", "Hold it.")

    def tempo_back(self) -> str:
        return self._("And back.")

    def tempo_return(self, after: str) -> str:
        """The word for coming back out of a repetition's hold, from what the step says to do
        after it: "then lower slowly" gives "And lower.", else "And release."."""
        words = after.lower().replace(",", " ").split()
        while words and words[0] in _LEAD_WORDS:
            words.pop(0)
        verb = _RETURN_VERBS.get(words[0]) if words else None
        return self._(verb) if verb else self._("And release.")

    def breath_phase(self, inhale: bool) -> str:
        """A repetition paced by the breath: "Breathe in." / "Breathe out." """
        return self.breathe_in() if inhale else self.breathe_out()

    # --- cues inside windows --------------------------------------------------------------------

    def countdown(self, k: int) -> str:
        return sentence(upper_first(str(self.number(k))))

    def halfway(self) -> str:
        return self._("Halfway.")

    def minute_left(self) -> str:
        """In holds of two minutes or more, a minute before the end."""
        return self._("One minute left.")

    def breathe_in(self, short: bool = False) -> str:
        # Translators: "In." and "Out." are the short breathing cues of fast breaths.
        return self._("In.") if short else self._("Breathe in.")

    def breathe_out(self, short: bool = False) -> str:
        return self._("Out.") if short else self._("Breathe out.")


def N_(message: str) -> str:
    """Marks a message for extraction where it is written (it is translated where it is used)."""
    return message


_LEAD_WORDS = frozenset({"then", "and", "slowly", "gently", "now", "carefully", "smoothly"})
_RETURN_VERBS = {
    "lower": N_("And lower."),
    "release": N_("And release."),
    "relax": N_("And relax."),
    "return": N_("And return."),
    "straighten": N_("And straighten."),
    "uncurl": N_("And uncurl."),
    "bring": N_("And back."),
    "come": N_("And back."),
    "roll": N_("And roll back."),
}
"""English words that start an "after" text, and the cue for that return (English routines;
other languages get "And release." from their catalogue)."""


@functools.cache
def phrasebook(lang: str = "en") -> Phrasebook:
    """The phrasebook for a language code (``de``, ``pt-BR``); raises
    :class:`~.catalogue.UnknownLanguage` when no catalogue covers it, or when num2words
    cannot write its numbers."""
    book = Phrasebook(lang, translations(lang))
    try:
        number_words(1, lang)
    except NotImplementedError:
        raise UnknownLanguage(
            f"there is a phrase catalogue for {lang!r} but num2words cannot write its "
            "numbers; choose another language, or add the language to num2words"
        ) from None
    return book
